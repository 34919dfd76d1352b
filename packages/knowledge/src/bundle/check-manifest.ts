import { BUNDLE_FORMAT_VERSION, BundleFileRole } from '../schema/bundle-format.js';
import type { Manifest } from '../schema/manifest.js';

/**
 * Checks that a parsed `manifest.json` has the shape of {@link ManifestSchema}, without zod.
 *
 * The bundle reader runs in browsers (the widget's search worker), where zod would be most of
 * the download; this check accepts exactly what `ManifestSchema` accepts (a property test holds
 * the two together) and returns the first problem as `"path" message`, or `undefined`.
 */
export function manifestProblem(value: unknown): string | undefined {
  if (!isObject(value)) return '"" must be an object';
  const m = value;
  if (m.formatVersion !== BUNDLE_FORMAT_VERSION) return `"formatVersion" must be ${BUNDLE_FORMAT_VERSION}`;
  for (const key of ['id', 'version'] as const) {
    if (typeof m[key] !== 'string' || m[key] === '') return `"${key}" must be a non-empty string`;
  }
  for (const key of ['builtAt', 'defaultLocale'] as const) {
    if (typeof m[key] !== 'string') return `"${key}" must be a string`;
  }
  if (!Array.isArray(m.locales) || !m.locales.every((l) => typeof l === 'string')) return '"locales" must be an array of strings';
  if (!isObject(m.tokenizer) || typeof m.tokenizer.name !== 'string' || !Number.isSafeInteger(m.tokenizer.version)) {
    return '"tokenizer" must be {name: string, version: integer}';
  }
  if (!Array.isArray(m.files)) return '"files" must be an array';
  for (const [i, file] of m.files.entries()) {
    const problem = fileProblem(file);
    if (problem) return `"files.${i}${problem}`;
  }
  if (!isObject(m.stats)) return '"stats" must be an object';
  for (const key of ['articles', 'sections', 'bytes'] as const) {
    if (!isCount(m.stats[key])) return `"stats.${key}" must be a non-negative integer`;
  }
  if (m.answerability !== undefined) {
    const a = m.answerability;
    if (!isObject(a)) return '"answerability" must be an object';
    if (typeof a.score !== 'string' || a.score === '') return '"answerability.score" must be a non-empty string';
    if (!isObject(a.languages)) return '"answerability.languages" must be an object';
    for (const [language, calibration] of Object.entries(a.languages)) {
      const problem = calibrationProblem(calibration);
      if (problem) return `"answerability.languages.${language}${problem}`;
    }
  }
  return signingProblem(m);
}

/** The optional `sequence` and `signatures` (see `signManifest`). */
function signingProblem(m: Record<string, unknown>): string | undefined {
  if (m.sequence !== undefined && !isCount(m.sequence)) return '"sequence" must be a non-negative integer';
  if (m.signatures === undefined) return undefined;
  if (!Array.isArray(m.signatures) || m.signatures.length === 0) return '"signatures" must be a non-empty array';
  for (const [i, s] of m.signatures.entries()) {
    if (!isObject(s)) return `"signatures.${i}" must be an object`;
    for (const key of ['alg', 'keyId', 'sig'] as const) if (typeof s[key] !== 'string') return `"signatures.${i}.${key}" must be a string`;
  }
  return undefined;
}

const SOURCES: ReadonlySet<unknown> = new Set(['eval-cases', 'sample', 'default', 'config']);

function calibrationProblem(c: unknown): string | undefined {
  if (!isObject(c)) return '" must be an object';
  if (!isShare(c.threshold)) return '.threshold" must be a number from 0 to 1';
  if (!SOURCES.has(c.source)) return `.source" must be one of ${[...SOURCES].join(', ')}`;
  for (const key of ['answerable', 'outOfScope'] as const) if (!isCount(c[key])) return `.${key}" must be a non-negative integer`;
  for (const key of ['answered', 'refused'] as const)
    if (c[key] !== null && !isShare(c[key])) return `.${key}" must be null or a number from 0 to 1`;
  if (!Array.isArray(c.curve)) return '.curve" must be an array';
  for (const [i, point] of c.curve.entries()) {
    if (!isObject(point) || !isShare(point.threshold)) return `.curve.${i}.threshold" must be a number from 0 to 1`;
    for (const key of ['answered', 'refused'] as const)
      if (point[key] !== null && !isShare(point[key])) return `.curve.${i}.${key}" must be null or a number from 0 to 1`;
  }
  return undefined;
}

function isShare(value: unknown): boolean {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

/** Narrows a value `manifestProblem` found nothing wrong with. */
export function isManifest(value: unknown): value is Manifest {
  return manifestProblem(value) === undefined;
}

const ROLES: ReadonlySet<unknown> = new Set(Object.values(BundleFileRole));

function fileProblem(file: unknown): string | undefined {
  if (!isObject(file)) return '" must be an object';
  if (typeof file.path !== 'string' || !/^[A-Za-z0-9._-]+$/.test(file.path)) return '.path" must be a plain file name';
  if (!ROLES.has(file.role)) return `.role" must be one of ${[...ROLES].join(', ')}`;
  if (typeof file.locale !== 'string') return '.locale" must be a string';
  if (typeof file.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(file.sha256)) return '.sha256" must be 64 lowercase hex digits';
  if (!isCount(file.bytes)) return '.bytes" must be a non-negative integer';
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
