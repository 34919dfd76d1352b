// Teaches TypeScript's JSX about <kotae-help>: its attributes with their types, and a ref of the
// element's own class (so `ref.current.open()` and typed `addEventListener('kotae-ask', …)` work).
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { KotaeHelp, KotaeHelpMode, KotaeHelpTheme } from '@kotae/widget';

interface KotaeHelpAttributes extends DetailedHTMLProps<HTMLAttributes<KotaeHelp>, KotaeHelp> {
  /** URL of the bundle's `manifest.json`. */
  src: string;
  /** Base URL of the answer service; turns on Ask. */
  endpoint?: string;
  /** Where the user is in the product: a route, a feature key or an error code. */
  context?: string;
  locale?: string;
  mode?: KotaeHelpMode;
  theme?: KotaeHelpTheme;
  'escalate-url'?: string;
  hotkey?: string;
  'image-origins'?: string;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'kotae-help': KotaeHelpAttributes;
    }
  }
}
