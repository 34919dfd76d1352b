/**
 * The `--port` option shared by the commands that listen on HTTP (`kotae serve`, `kotae dev`).
 */
import type { OptionSpec } from './command.js';

/** `--port <n>`. */
export const PORT_OPTION = {
  type: 'string',
  short: 'p',
  value: '<n>',
  description: 'port to listen on; 0 picks a free one (default 8787)',
  doc: 'port to listen on; `0` picks a free one (default 8787)',
} as const satisfies OptionSpec;
