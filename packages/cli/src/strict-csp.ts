/**
 * The strict Content-Security-Policy `kotae serve` sends with every response: no inline script or
 * style, no eval, Trusted Types required. The widget's own policy is `kotae`; Lit's is `lit-html`.
 * A product page that embeds the widget can use the same policy.
 */
export const STRICT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types kotae lit-html',
].join('; ');
