/**
 * Counts the public surface of each package entry point: runtime exports (values) and all
 * names (values and types). Usage: `node --import tsx scripts/count-exports.ts [root]`.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const root = process.argv[2] ?? '.';
for (const pkg of ['knowledge', 'server', 'widget', 'cli']) {
  const dir = join(root, 'packages', pkg);
  if (!existsSync(join(dir, 'package.json'))) continue;
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
  for (const entry of Object.keys(manifest.exports)) {
    if (entry.endsWith('.json') || entry.endsWith('.css')) continue;
    const file = join(dir, 'src', entry === '.' ? 'index.ts' : `${entry.slice(2)}.ts`);
    if (!existsSync(file)) continue;
    const program = ts.createProgram([file], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      noEmit: true,
      skipLibCheck: true,
      experimentalDecorators: true,
    });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(file);
    const symbol = source && checker.getSymbolAtLocation(source);
    const exports = symbol ? checker.getExportsOfModule(symbol) : [];
    let values = 0;
    for (const e of exports) {
      const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
      if (target.flags & ts.SymbolFlags.Value) values++;
    }
    console.log(`${manifest.name}${entry === '.' ? '' : entry.slice(1)}: ${values} runtime, ${exports.length} names`);
  }
}
