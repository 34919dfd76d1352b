/**
 * Domains reserved for documentation, where an email address can never reach a person: the
 * second-level names and top-level names of RFC 2606, which RFC 6761 keeps special.
 */

/** `example.com`, `example.net`, `example.org` and their subdomains (RFC 2606 §3). */
const EXAMPLE_SECOND_LEVEL = /(?:^|\.)example\.(?:com|net|org)$/;
/** The reserved top-level names `.example`, `.test`, `.invalid` and `.localhost` (RFC 2606 §2). */
const RESERVED_TOP_LEVEL = /(?:^|\.)(?:example|test|invalid|localhost)$/;

/**
 * True when `email` is at a domain reserved for documentation by RFC 2606 (`user@example.com`,
 * `help@support.example.org`, `a@shop.test`): such an address is an example, never personal data.
 * `example.jp` and other look-alikes are ordinary domains.
 *
 * @example
 * ```ts
 * isDocumentationEmail('user@example.com') // true
 * isDocumentationEmail('foo@bar.com')      // false
 * ```
 */
export function isDocumentationEmail(email: string): boolean {
  const at = email.lastIndexOf('@');
  if (at < 0) return false;
  const domain = email
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, '');
  return EXAMPLE_SECOND_LEVEL.test(domain) || RESERVED_TOP_LEVEL.test(domain);
}
