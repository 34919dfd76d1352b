/**
 * The widget's own errors, in `@kotae/knowledge`'s families. Each sets its `name` itself: the embed
 * build is minified, and a class's own name would not survive it.
 */
import { KotaeBundleError, KotaeInternalError } from '@kotae/knowledge';

/**
 * A bundle file (the manifest or a shard) that the server did not give: an HTTP error status.
 * The message starts with the file's path, as `/kb/manifest.json: HTTP 404`.
 */
export class BundleFetchError extends KotaeBundleError {
  override readonly name = 'BundleFetchError';
  /** Always `bundle-fetch-failed`. */
  override readonly code = 'bundle-fetch-failed';
  /** The URL that failed. */
  readonly url: string;
  /** The HTTP status of the response. */
  readonly status: number;
  constructor(url: URL, status: number) {
    super(`${url.pathname}: HTTP ${status}`);
    this.url = url.href;
    this.status = status;
  }
}

/** A search or an article asked for after the bundle failed to load: open the panel again to retry. */
export class BundleUnavailableError extends KotaeBundleError {
  override readonly name = 'BundleUnavailableError';
  /** Always `bundle-unavailable`. */
  override readonly code = 'bundle-unavailable';
  constructor() {
    super('the help bundle is not available');
  }
}

/**
 * kotae's Trusted Types policy refused a script URL: only the search worker next to the widget's
 * own module may be loaded. The platform's policies throw a `TypeError` here; this names it.
 */
export class ScriptUrlRefusedError extends KotaeInternalError {
  override readonly name = 'ScriptUrlRefusedError';
  /** Always `script-url-refused`. */
  override readonly code = 'script-url-refused';
  /** The URL refused. */
  readonly url: string;
  constructor(url: string) {
    super(`kotae: refusing script URL ${JSON.stringify(url)}`);
    this.url = url;
  }
}
