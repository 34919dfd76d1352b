// The bundle format's constants, without zod: the browser's bundle reader imports these, and
// importing them from manifest.ts would pull zod into the widget's search worker.

/** The bundle format versions this package reads and writes. */
export const BUNDLE_FORMAT_VERSION = 1;

/** What a bundle file holds. */
export const BundleFileRole = {
  /** A serialized search index for one locale. */
  index: 'index',
  /** Section texts and metadata for one locale (snippets, article view). */
  sections: 'sections',
  /**
   * Section id → the section's markdown rendered to HTML (not sanitized), for one locale. Read
   * only when an article is shown, never on load.
   */
  html: 'html',
} as const;
