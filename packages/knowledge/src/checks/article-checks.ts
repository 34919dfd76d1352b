/**
 * {@link checkArticleText}: the checks `kotae validate` and `kotae compile` run on an article's
 * whole file, frontmatter included, beyond its schema: the PII gate and hidden instructions.
 */
import type { ContentIssue } from '../errors.js';
import { findGatedPii } from '../privacy/pii-gate.js';
import type { PrivacyConfig } from '../schema/privacy-config.js';
import { findHiddenInstructions } from './hidden-instructions.js';

/**
 * Checks the text of one article file: personal data the PII gate stops (errors by default; see
 * `privacy.gate`), and hidden instructions (warnings, which fail only with `--strict`). Messages
 * never contain a personal value in full, only a masked form.
 *
 * @param source - the file's text, frontmatter and all, so lines are the file's lines
 * @param file - the path reported in issues
 * @param privacy - the `privacy` section of `kotae.config.json`
 * @example
 * ```ts
 * checkArticleText('---\nid: a\ntitle: A\n---\nmail taro@acme.co.jp', 'a.md')
 * // [{ file: 'a.md', line: 5, severity: 'error',
 * //    message: 'personal data (EMAIL) t***@acme.co.jp at column 6: remove it, or add it to privacy.allow in kotae.config.json' }]
 * ```
 */
export function checkArticleText(source: string, file: string, privacy: PrivacyConfig = {}): ContentIssue[] {
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
  for (const hidden of findHiddenInstructions(source)) {
    issues.push({ file, line: hidden.line, severity: 'warning', message: `hidden text: ${hidden.message}`, at: hidden.start });
  }
  return issues.sort((a, b) => a.at - b.at).map(({ at: _at, ...issue }) => issue);
}
