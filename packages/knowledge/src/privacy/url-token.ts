/**
 * Secrets in URLs: the values of query or fragment parameters whose names say they are secret
 * (token, key, sig, session, password…) and the password of `user:password@host`. The rest of the
 * URL stays: which page a customer was on is useful support context, their session is not.
 */
import type { Candidate } from './pii-types.js';

const URL = /(?<![A-Za-z])https?:\/\/[^\s<>"'`]+/gi;
const PARAMETER = /[?&#;]([\w.[\]-]+)=([^&#;\s]+)/g;
const USER_PASSWORD = /^https?:\/\/[^/\s:@]+:([^/\s@]+)@/i;

/** Parameter names that carry credentials: whole names, or name parts split at `_`, `-` or `.`. */
const SECRET_NAME =
  /^(?:.*[_.-])?(?:token|access_?token|id_?token|refresh_?token|apikey|api_?key|key|sig|signature|secret|session|sessionid|sid|password|passwd|pwd|pass|auth|authorization|code|otp|jwt|credential|credentials|ticket|nonce)(?:[_.-].*)?$/i;

/** Secret values in the URLs of `text` (already normalized). */
export function findUrlTokens(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const url of text.matchAll(URL)) {
    const password = USER_PASSWORD.exec(url[0]);
    if (password) {
      const start = url.index + password[0].length - 1 - password[1]!.length;
      found.push({ type: 'URL_TOKEN', start, end: start + password[1]!.length });
    }
    for (const parameter of url[0].matchAll(PARAMETER)) {
      if (!SECRET_NAME.test(parameter[1]!)) continue;
      const end = url.index + parameter.index + parameter[0].length;
      found.push({ type: 'URL_TOKEN', start: end - parameter[2]!.length, end });
    }
  }
  return found;
}
