import { ScriptUrlRefusedError } from './errors.js';

/** The name of kotae's Trusted Types policy: hosts that enforce Trusted Types allow it (`trusted-types kotae lit-html`). */
export const POLICY_NAME = 'kotae';

interface KotaePolicy {
  createHTML(html: string): string | TrustedHTML;
  createScriptURL(url: string): string | TrustedScriptURL;
}

let policy: KotaePolicy | undefined;

/**
 * kotae's one Trusted Types policy, created on first use. `createHTML` is only handed to
 * DOMPurify, which parses with it and returns sanitized nodes; `createScriptURL` only accepts
 * the search worker's URL next to this module. Without Trusted Types in the browser, both are
 * the identity.
 */
export function kotaePolicy(): KotaePolicy {
  if (policy) return policy;
  const rules = {
    createHTML: (html: string) => html,
    createScriptURL: (url: string) => {
      if (!url.startsWith(new URL('.', import.meta.url).href)) {
        throw new ScriptUrlRefusedError(url);
      }
      return url;
    },
  };
  const factory = (globalThis as { trustedTypes?: TrustedTypePolicyFactory }).trustedTypes;
  const created: KotaePolicy = factory ? factory.createPolicy(POLICY_NAME, rules) : rules;
  policy = created;
  return created;
}
