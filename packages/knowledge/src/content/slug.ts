/**
 * Makes a stable anchor from heading text, GitHub style: lowercased, punctuation removed, spaces
 * turned into hyphens. Letters and digits of every script are kept, so Japanese headings get
 * Japanese anchors (`## パスワードの再設定` → `パスワードの再設定`).
 *
 * @example
 * ```ts
 * slugify('Reset your password!') // 'reset-your-password'
 * ```
 */
export function slugify(heading: string): string {
  return (
    heading
      .normalize('NFKC')
      .toLowerCase()
      .trim()
      .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
      .replace(/\s+/g, '-')
      // Dropping a symbol can leave combining marks out of canonical order (a base that NFKC split
      // into a symbol and a mark): normalise again, so that a slug is its own slug.
      .normalize('NFKC')
  );
}

/**
 * Hands out unique anchors within one article: the second "Setup" becomes `setup-1`, like GitHub.
 */
export class AnchorSet {
  readonly #used = new Set<string>();

  /** Returns a unique anchor for `heading`. */
  anchorFor(heading: string): string {
    const base = slugify(heading) || 'section';
    let anchor = base;
    for (let n = 1; this.#used.has(anchor); n++) anchor = `${base}-${n}`;
    this.#used.add(anchor);
    return anchor;
  }
}
