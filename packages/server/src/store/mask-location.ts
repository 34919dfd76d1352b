/** Showing a store location without its secrets (browser-safe). */

/**
 * `location` with the password of a URL replaced by `***` (and any `password` query parameter
 * too), so it can go into messages and logs. Anything that is not a URL is returned as it is.
 *
 * @example
 * ```ts
 * maskLocation('postgres://kotae:s3cret@db:5432/kotae') // 'postgres://kotae:***@db:5432/kotae'
 * maskLocation('var/interactions') // 'var/interactions'
 * ```
 */
export function maskLocation(location: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return location;
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    // Not parseable: hide everything between the scheme and the last @ (where a password would be).
    return location.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/]*@/i, '$1***@');
  }
  if (url.password !== '') url.password = '***';
  for (const key of [...url.searchParams.keys()]) {
    if (/^(password|pass|pwd|sslpassword)$/i.test(key)) url.searchParams.set(key, '***');
  }
  return url.href.replaceAll('%2A%2A%2A', '***');
}
