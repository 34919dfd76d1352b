/**
 * Compiles one content directory in its own process and prints what it cost as one JSON line:
 * the parent measures peak memory (`process.resourceUsage().maxRSS`) of a process that did
 * nothing else.
 *
 *   node --import tsx bench/lib/compile-child.ts <contentDir> <out> [<internalOut>]
 */
import { compileContent } from '@kotae/knowledge/node';

const [contentDir, out, internalOut] = process.argv.slice(2);
if (!contentDir || !out) {
  process.stderr.write('usage: compile-child.ts <contentDir> <out> [<internalOut>]\n');
  process.exit(2);
}
const started = performance.now();
const result = await compileContent(contentDir, { out, internalOut: internalOut || undefined });
const ms = performance.now() - started;
const usage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({
    ms,
    // maxRSS is in kilobytes.
    maxRssBytes: usage.maxRSS * 1024,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    articles: result.stats.articles,
    bundleBytes: result.stats.bytes,
    warnings: result.warnings.length,
    conversations: result.conversations,
  })}\n`,
);
