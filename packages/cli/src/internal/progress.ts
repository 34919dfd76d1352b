import type { Progress } from '@kotae/knowledge/node';

/** Where progress goes: stderr, or a stand-in in tests. */
export interface ProgressStream {
  readonly isTTY?: boolean | undefined;
  write(text: string): unknown;
}

/** A progress callback plus the call that tidies up after the operation. */
export interface ProgressReporter {
  readonly onProgress: (progress: Progress) => void;
  /** Clears the status line on a TTY; call once the operation ended (or failed). */
  finish(): void;
}

/** Inputs with more files than this report progress even when stderr is not a TTY. */
export const PROGRESS_MIN_FILES = 200;

/**
 * Reports compile/validate progress on `stream`, but only when it helps: always on a TTY (one
 * status line, rewritten in place), otherwise only for inputs of more than
 * {@link PROGRESS_MIN_FILES} files (one line per step, so CI logs show where time goes).
 */
export function progressReporter(stream: ProgressStream): ProgressReporter {
  const tty = stream.isTTY === true;
  let enabled: boolean | undefined;
  let dirty = false;
  const show = (text: string) => {
    if (tty) {
      stream.write(`\r\x1b[K${text}`);
      dirty = true;
    } else {
      stream.write(`${text}\n`);
    }
  };
  return {
    onProgress(progress) {
      // The first event is always a `load` one: its total is the number of files.
      enabled ??= tty || (progress.phase === 'load' && progress.total > PROGRESS_MIN_FILES);
      if (!enabled) return;
      const text = describe(progress);
      if (text !== undefined) show(text);
    },
    finish() {
      if (dirty) stream.write('\r\x1b[K');
      dirty = false;
    },
  };
}

function describe({ phase, done, total }: Progress): string | undefined {
  switch (phase) {
    case 'load':
      return `kotae: read ${done}/${total} files`;
    case 'conversations':
      return `kotae: reading conversations ${total > 0 ? Math.floor((100 * done) / total) : 100}%`;
    case 'index':
      return done === 0 ? `kotae: indexing ${total} sections` : undefined;
    case 'write':
      return done === 0 ? `kotae: writing ${total} files` : undefined;
  }
}
