/**
 * {@link checkArticleText}: the checks `kotae validate` and `kotae compile` run on an article's
 * whole file, frontmatter included, beyond its schema: the PII gate and prompt injections.
 */
import type { ContentIssue } from '../errors.js';
import { findGatedPii } from '../privacy/pii-gate.js';
import type { ChecksConfig } from '../schema/checks-config.js';
import type { PrivacyConfig } from '../schema/privacy-config.js';
import { findInjections, type InjectionKind } from './injection/find-injections.js';

/** The `code` of the issues of the prompt-injection check. */
export const INJECTION_CODE = 'prompt-injection';

/** Kinds of finding that are text readers cannot see, reported as `hidden text:` as they always were. */
const HIDDEN_KINDS = new Set<InjectionKind>(['tag-characters', 'zero-width', 'comment', 'invisible-styling', 'base64']);

/**
 * Checks the text of one article file: personal data the PII gate stops (errors by default; see
 * `privacy.gate`), and signs of prompt injection (`findInjections`; warnings by default, which
 * fail only with `--strict`; see `checks.injection`). Issues of the injection check have the
 * code `prompt-injection`; those of text readers cannot see say `hidden text:` first. Messages
 * never contain a personal value in full, only a masked form.
 *
 * @param source - the file's text, frontmatter and all, so lines are the file's lines
 * @param file - the path reported in issues
 * @param privacy - the `privacy` section of `kotae.config.json`
 * @param checks - the `checks` section of `kotae.config.json`
 * @example
 * ```ts
 * checkArticleText('---\nid: a\ntitle: A\n---\nmail taro@acme.co.jp', 'a.md')
 * // [{ file: 'a.md', line: 5, severity: 'error',
 * //    message: 'personal data (EMAIL) t***@acme.co.jp at column 6: remove it, or add it to privacy.allow in kotae.config.json' }]
 * ```
 */
export function checkArticleText(source: string, file: string, privacy: PrivacyConfig = {}, checks: ChecksConfig = {}): ContentIssue[] {
  const issues: Array<ContentIssue & { readonly at: number }> = [];
  const gate = privacy.gate ?? 'error';
  if (gate !== 'off') {
    for (const pii of findGatedPii(source, { allow: privacy.allow })) {
      issues.push({
        file,
        line: pii.line,
        severity: gate === 'error' ? 'error' : 'warning',
        message: `personal data (${pii.type}) ${pii.masked} at column ${pii.column}: remove it, or add it to privacy.allow in kotae.config.json`,
        at: pii.start,
      });
    }
  }
  const injection = checks.injection ?? 'warning';
  if (injection !== 'off') {
    const severity = injection === 'error' ? 'error' : 'warning';
    for (const found of findInjections(source)) {
      const prefix = HIDDEN_KINDS.has(found.kind) ? 'hidden text' : 'prompt injection';
      issues.push({ file, line: found.line, severity, message: `${prefix}: ${found.message}`, code: INJECTION_CODE, at: found.start });
    }
  }
  return issues.sort((a, b) => a.at - b.at).map(({ at: _at, ...issue }) => issue);
}
