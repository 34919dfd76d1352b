import { KotaeConfigError, KotaeServiceError } from '@kotae/knowledge';

/**
 * An optional peer dependency that a feature needs is not installed: the PostgreSQL interaction
 * store needs `pg`. The message names the package and how to install it.
 *
 * @example
 * ```ts
 * try {
 *   await openInteractionStore('postgres://kotae@db/kotae')
 * } catch (e) {
 *   if (e instanceof MissingPeerDependencyError) console.error(e.install) // "npm install pg"
 * }
 * ```
 */
export class MissingPeerDependencyError extends KotaeConfigError {
  /** Always `missing-peer-dependency`. */
  override readonly code = 'missing-peer-dependency';
  /** The missing package (`pg`). */
  readonly packageName: string;
  /** The command that installs it (`npm install pg`). */
  readonly install: string;
  /** `feature`: what needed it ("a PostgreSQL interaction store"). */
  constructor(packageName: string, feature: string, cause?: unknown) {
    const install = `npm install ${packageName}`;
    super(
      `${feature} needs the package ${JSON.stringify(packageName)}, which is not installed: run \`${install}\` (or pnpm add / yarn add)`,
      {
        cause,
      },
    );
    this.packageName = packageName;
    this.install = install;
  }
}

/**
 * An escalation could not be forwarded to one of its destinations (the webhook answered an error
 * or could not be reached, the mail server refused the message). The escalation stays recorded in
 * the interaction store either way; `permanent` failures (a 4xx other than 408 and 429, an SMTP
 * 5xx) are dead-lettered at once, the others are retried with backoff.
 *
 * @example
 * ```ts
 * const handler = createAnswerHandler({
 *   bundle,
 *   onError: (e) => { if (e instanceof EscalationDeliveryError) log.warn(e.destination, e.message) },
 * })
 * ```
 */
export class EscalationDeliveryError extends KotaeServiceError {
  /** Always `escalation-delivery-failed`. */
  override readonly code = 'escalation-delivery-failed';
  /** The destination's name (`webhook`, `email`…). */
  readonly destination: string;
  /** The HTTP status or SMTP reply code, when the destination answered. */
  readonly status: number | undefined;
  /** Whether retrying cannot help (the destination refused this escalation for good). */
  readonly permanent: boolean;
  constructor(destination: string, problem: string, options: { status?: number | undefined; permanent?: boolean; cause?: unknown } = {}) {
    super(`escalation destination ${JSON.stringify(destination)}: ${problem}`, { cause: options.cause });
    this.destination = destination;
    this.status = options.status;
    this.permanent = options.permanent ?? false;
  }
}

/**
 * The readiness check (`GET /v1/ready`) did not hear back from the interaction store in time:
 * the instance reports itself unavailable, and `onError` is told with this error.
 *
 * @example
 * ```ts
 * const handler = createAnswerHandler({
 *   bundle,
 *   onError: (e) => { if (e instanceof ReadinessTimeoutError) log.warn(`store silent for ${e.timeoutMs} ms`) },
 * })
 * ```
 */
export class ReadinessTimeoutError extends KotaeServiceError {
  /** Always `readiness-timeout`. */
  override readonly code = 'readiness-timeout';
  /** How long the check waited, in milliseconds. */
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`the interaction store did not answer the readiness check within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The console's OpenID Connect provider could not be used at start: its discovery document
 * (`<issuer>/.well-known/openid-configuration`) could not be fetched or does not match the
 * issuer, or the sign-in options are inconsistent. `kotae serve` stops with the config exit code.
 *
 * @example
 * ```ts
 * try {
 *   await discoverOidc({ issuer: 'https://login.example.com', clientId: 'kotae', redirectUrl })
 * } catch (e) {
 *   if (e instanceof OidcConfigError) console.error(e.issuer, e.message)
 * }
 * ```
 */
export class OidcConfigError extends KotaeConfigError {
  /** Always `oidc-config`. */
  override readonly code = 'oidc-config';
  /** The issuer as configured. */
  readonly issuer: string;
  constructor(issuer: string, problem: string, cause?: unknown) {
    super(`OpenID Connect provider ${JSON.stringify(issuer)}: ${problem}`, { cause });
    this.issuer = issuer;
  }
}

/**
 * A console sign-in through OpenID Connect failed at the callback: the provider answered an
 * error, the state or PKCE verifier did not match, or the ID token was refused (wrong issuer,
 * wrong audience, bad signature, expired, wrong nonce). The console answers 401 with the message.
 *
 * @example
 * ```ts
 * try {
 *   await oidc.finish(callbackUrl, checks)
 * } catch (e) {
 *   if (e instanceof OidcSignInError) console.warn(e.message)
 * }
 * ```
 */
export class OidcSignInError extends KotaeServiceError {
  /** Always `oidc-sign-in`. */
  override readonly code = 'oidc-sign-in';
  constructor(problem: string, cause?: unknown) {
    super(`OpenID Connect sign-in failed: ${problem}`, { cause });
  }
}
