// `npx tsx bench/apn-table.ts`: the `apn auto` provider table — its size, the one-time decode on
// first use and a lookup (chooseApn) — on Node and, when QuickJS builds, on qjs (the router runtime).
// Figures, not assertions.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { APN_TABLE_SOURCE, APN_TABLE_TEXT } from '../src/apn/apn-table.generated';
import { measureApnTable } from './apn-table-measure';

console.log(`table: ${APN_TABLE_SOURCE.package} ${APN_TABLE_SOURCE.version}, ${APN_TABLE_TEXT.length} bytes of text`);
console.log(`node: ${measureApnTable(() => performance.now())}`);

// The same on QuickJS: bundle this measurement alone and run it with the cached qjs.
const dir = mkdtempSync(join(tmpdir(), 'apn-bench-'));
try {
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, `import { measureApnTable } from ${JSON.stringify(join(__dirname, 'apn-table-measure'))};
import * as os from 'os'; // os.now(): monotonic ms
console.log('qjs: ' + measureApnTable(() => os.now()));
`);
  buildSync({ entryPoints: [entry], bundle: true, format: 'esm', outfile: join(dir, 'b.mjs'), external: ['os'], logLevel: 'error' });
  const { ensureQuickjs } = require('../scripts/build-router.mjs') as { ensureQuickjs(t: string): string };
  const qjs = join(ensureQuickjs('native'), 'bin/qjs');
  const r = spawnSync(qjs, ['--module', join(dir, 'b.mjs')], { encoding: 'utf8' });
  process.stdout.write(r.status === 0 ? r.stdout : `qjs: failed: ${r.stderr || r.error?.message}\n`);
} catch (e) {
  console.log(`qjs: not measured (${(e as Error).message})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
