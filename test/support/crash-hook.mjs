/**
 * A crash injector for the publish crash tests, loaded with `node --import` into the real
 * `kotae` binary: it counts the file-system operations that change something (mkdir, writeFile,
 * a file handle's write and fsync, link, rename, unlink) and SIGKILLs the process at operation
 * number `KOTAE_TEST_CRASH_AT` — just before it (`KOTAE_TEST_CRASH_MODE=before`), just after it
 * (`after`), or halfway through a write (`torn`: half the bytes written, then killed). Without
 * `KOTAE_TEST_CRASH_AT` it only counts, and prints `crash-hook ops: <n>` on stderr at exit.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const at = Number(process.env.KOTAE_TEST_CRASH_AT ?? 'NaN');
const mode = process.env.KOTAE_TEST_CRASH_MODE ?? 'before';
let ops = 0;
const die = () => process.kill(process.pid, 'SIGKILL');

/** Wraps an async operation; `write` is the bytes argument's index for torn writes. */
function wrap(target, name, write) {
  const original = target[name];
  target[name] = async function (...args) {
    const n = ++ops;
    if (n === at && mode === 'before') die();
    if (n === at && mode === 'torn' && write !== undefined && args[write] && typeof args[write] !== 'object') {
      // Strings: write half, then die.
      const half = String(args[write]).slice(0, Math.floor(String(args[write]).length / 2));
      await original.apply(this, [...args.slice(0, write), half, ...args.slice(write + 1)]);
      die();
    }
    if (n === at && mode === 'torn' && write !== undefined && args[write] instanceof Uint8Array) {
      const bytes = args[write];
      await original.apply(this, [...args.slice(0, write), bytes.subarray(0, Math.floor(bytes.length / 2)), ...args.slice(write + 1)]);
      die();
    }
    const result = await original.apply(this, args);
    if (n === at && (mode === 'after' || mode === 'torn')) die();
    return result;
  };
}

const fsp = fs.promises;
for (const name of ['mkdir', 'link', 'rename', 'unlink']) wrap(fsp, name);
wrap(fsp, 'writeFile', 1);
const handle = await fsp.open(process.execPath, 'r');
const proto = Object.getPrototypeOf(handle);
await handle.close();
wrap(proto, 'writeFile', 0);
wrap(proto, 'sync');
syncBuiltinESMExports();

if (Number.isNaN(at)) process.on('exit', () => process.stderr.write(`crash-hook ops: ${ops}\n`));
