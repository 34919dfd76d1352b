// The widget's size budgets, checked on the embed build (dist/cdn) in gzip bytes:
// - first load: kotae-help.js and every file it imports statically (what a page pays before
//   the first open) ≤ 12 KB;
// - everything: every file the widget can load (lazy chunks and the search worker too) ≤ 50 KB
//   (45 KB until the contact form, signed manifests and the phone layout; see docs/widget.md#size).
// Prints a table; exits 1 when a budget is exceeded. `--json` prints the numbers as JSON.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const DIR = new URL('../dist/cdn/', import.meta.url);
const BUDGETS = { firstLoad: 12 * 1024, everything: 50 * 1024 };

const files = readdirSync(DIR).filter((f) => f.endsWith('.js'));
const gzip = (file) => gzipSync(readFileSync(new URL(file, DIR)), { level: 9 }).length;
const staticImports = (file) =>
  [
    ...readFileSync(new URL(file, DIR), 'utf8').matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w{}*,\s$]+from\s*)?["']\.\/([^"']+)["']/g),
  ].map((m) => m[1]);

const first = new Set();
const visit = (file) => {
  if (first.has(file)) return;
  first.add(file);
  for (const dep of staticImports(file)) visit(dep);
};
visit('kotae-help.js');

const sizes = Object.fromEntries(files.map((f) => [f, gzip(f)]));
const sum = (list) => list.reduce((total, f) => total + sizes[f], 0);
const report = {
  files: sizes,
  firstLoad: { files: [...first], bytes: sum([...first]), budget: BUDGETS.firstLoad },
  everything: { bytes: sum(files), budget: BUDGETS.everything },
};

if (process.argv.includes('--json')) console.log(JSON.stringify(report, null, 2));
else {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log('| file | gzip |\n| --- | ---: |');
  for (const f of files.sort()) console.log(`| ${f}${first.has(f) ? ' (first load)' : ''} | ${kb(sizes[f])} |`);
  for (const [name, { bytes, budget }] of Object.entries({ 'first load': report.firstLoad, everything: report.everything })) {
    console.log(`${name}: ${kb(bytes)} of ${kb(budget)} ${bytes <= budget ? 'ok' : 'OVER BUDGET'}`);
  }
}
if (report.firstLoad.bytes > BUDGETS.firstLoad || report.everything.bytes > BUDGETS.everything) process.exitCode = 1;
