/**
 * Checks that a value has the shape of a section in a `sections` shard, without zod (the
 * browser's reader must not download it). Returns the first problem as `"field" message`, or
 * `undefined`. The reader checks only a shard's first section: the bytes are SHA-256-verified
 * against the manifest, so this guards against a bundle written by another tool, not tampering.
 */
export function sectionProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a section must be an object';
  const s = value as Record<string, unknown>;
  for (const key of ['id', 'articleId', 'anchor', 'title', 'text', 'locale']) {
    if (typeof s[key] !== 'string') return `"${key}" must be a string`;
  }
  if (s['plain'] !== undefined && typeof s['plain'] !== 'string') return '"plain" must be a string';
  for (const key of ['headings', 'tags', 'contexts']) {
    const list = s[key];
    if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) return `"${key}" must be an array of strings`;
  }
  if (s['audience'] !== 'public' && s['audience'] !== 'internal') return '"audience" must be public or internal';
  if (!Number.isSafeInteger(s['line']) || (s['line'] as number) < 1) return '"line" must be a positive integer';
  return undefined;
}
