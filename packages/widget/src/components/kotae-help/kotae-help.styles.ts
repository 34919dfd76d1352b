import { css } from 'lit';

/** The dark palette: each `--kotae-color-*-dark` knob, or kotae's default. */
const darkColors = css`
  --_bg: var(--kotae-color-bg-dark, #1d1f24);
  --_fg: var(--kotae-color-fg-dark, #eceef2);
  --_muted: var(--kotae-color-muted-dark, #b3b9c4);
  --_accent: var(--kotae-color-accent-dark, #a8c7fa);
  --_accent-fg: var(--kotae-color-accent-fg-dark, #0b1d3a);
  --_border: var(--kotae-color-border-dark, #4a505c);
  --_surface: var(--kotae-color-surface-dark, #2a2d34);
  --_mark: var(--kotae-color-mark-dark, #5c4d00);
  --_focus: var(--kotae-color-focus-dark, #a8c7fa);
  color-scheme: dark;
`;

/**
 * Colours, in light and dark. Each public knob `--kotae-color-*` has a `--kotae-color-*-dark`
 * twin used when the widget is dark (the host's `prefers-color-scheme`, or `theme="dark"`).
 */
export const themeStyles = css`
  :host {
    --_bg: var(--kotae-color-bg, #ffffff);
    --_fg: var(--kotae-color-fg, #1d1f24);
    --_muted: var(--kotae-color-muted, #555b66);
    --_accent: var(--kotae-color-accent, #0b57d0);
    --_accent-fg: var(--kotae-color-accent-fg, #ffffff);
    --_border: var(--kotae-color-border, #c9ced6);
    --_surface: var(--kotae-color-surface, #f3f5f8);
    --_mark: var(--kotae-color-mark, #fff0a8);
    --_focus: var(--kotae-color-focus, #0b57d0);
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkColors}
    }
  }
  :host([theme='dark']) {
    ${darkColors}
  }
`;

/** Layout of the host, the launcher and the panel frame. */
export const helpStyles = css`
  :host {
    display: contents;
    font-family: var(--kotae-font-family, system-ui, -apple-system, 'Segoe UI', 'Hiragino Sans', 'Noto Sans JP', sans-serif);
    font-size: var(--kotae-font-size, 1rem);
    line-height: 1.5;
  }
  :host([mode='inline']) {
    display: block;
  }
  [hidden] {
    display: none !important;
  }
  .launcher {
    position: fixed;
    inset-block-end: var(--kotae-offset, 1.25rem);
    inset-inline-end: var(--kotae-offset, 1.25rem);
    z-index: var(--kotae-z-index, 2147483000);
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    padding: 0.6em 1.1em;
    border: 0;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_accent-fg);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
    box-shadow: 0 2px 10px rgb(0 0 0 / 0.25);
  }
  .launcher:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 3px;
  }
  .frame {
    position: fixed;
    inset-block-end: calc(var(--kotae-offset, 1.25rem) + 3.5rem);
    inset-inline-end: var(--kotae-offset, 1.25rem);
    z-index: var(--kotae-z-index, 2147483000);
    inline-size: min(var(--kotae-panel-width, 26rem), calc(100vw - 2 * var(--kotae-offset, 1.25rem)));
    block-size: min(var(--kotae-panel-height, 38rem), calc(100vh - 6rem));
    display: flex;
    flex-direction: column;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: var(--kotae-radius, 0.75rem);
    box-shadow: 0 8px 32px rgb(0 0 0 / 0.3);
    overflow: hidden;
  }
  :host([mode='inline']) .frame {
    position: static;
    inline-size: auto;
    block-size: var(--kotae-panel-height, auto);
    box-shadow: none;
  }
  /* A phone: the panel is the screen, the visual viewport's box (see internal/phone-viewport.ts),
     inside the safe areas; the launcher stays on the visual viewport too, and is under the open panel. */
  @media (max-width: 30rem) {
    :host(:not([mode='inline'])) .frame {
      inset: auto;
      left: var(--_vx, 0);
      top: var(--_vy, 0);
      inline-size: var(--_vw, 100dvw);
      block-size: var(--_vh, 100dvh);
      box-sizing: border-box;
      padding: env(safe-area-inset-top, 0) env(safe-area-inset-right, 0) env(safe-area-inset-bottom, 0) env(safe-area-inset-left, 0);
      border: 0;
      border-radius: 0;
      box-shadow: none;
    }
    /* From the visual viewport's bottom right corner (bottom left in right-to-left pages). */
    :host(:not([mode='inline'])) .launcher {
      inset: auto;
      left: calc(var(--_vx, 0px) + var(--_vw, 100dvw) - var(--kotae-offset, 1.25rem));
      top: calc(var(--_vy, 0px) + var(--_vh, 100dvh) - env(safe-area-inset-bottom, 0px) - var(--kotae-offset, 1.25rem));
      translate: -100% -100%;
    }
    :host(:not([mode='inline'])) .launcher:dir(rtl) {
      left: calc(var(--_vx, 0px) + var(--kotae-offset, 1.25rem));
      translate: 0 -100%;
    }
    :host([open]:not([mode='inline'])) .launcher {
      display: none;
    }
  }
  .status {
    padding: 1rem;
    color: var(--_muted);
  }
`;
