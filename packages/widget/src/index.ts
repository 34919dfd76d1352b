/**
 * `@kotae/widget`: the `<kotae-help>` element lands here (see the widget issue).
 *
 * For now the package builds and exposes its version so that hosts and the other packages can
 * depend on it from the start.
 *
 * @packageDocumentation
 */

/** The widget package's version, for diagnostics in the host page. */
export const WIDGET_VERSION = '0.1.0';
