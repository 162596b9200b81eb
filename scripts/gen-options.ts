// `npm run gen:options`: writes the files generated from the option table (scripts/option-codegen.ts).
// `--check`: writes nothing, exits 1 and names the stale files when one is not current.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED, configMd, handlerOptionsSh, luciOptionsJs } from './option-codegen';

const ROOT = join(__dirname, '..');
const check = process.argv.includes('--check');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const wanted: [string, string][] = [
  [GENERATED.handler, handlerOptionsSh()],
  [GENERATED.luci, luciOptionsJs()],
  [GENERATED.docs, configMd(read(GENERATED.docs))],
];
const stale = wanted.filter(([p, text]) => { try { return read(p) !== text; } catch { return true; } });
if (check) {
  for (const [p] of stale) console.error(`${p} is not current: run npm run gen:options`);
  process.exit(stale.length ? 1 : 0);
}
for (const [p, text] of stale) {
  writeFileSync(join(ROOT, p), text);
  console.log(`wrote ${p}`);
}
