// Issue 11 ("Also"): comments cite upstream sources (libqmi, libmbim, netifd, uqmi…) or this
// repository's own docs — never the workspace's reference files that are not in the repository
// (qmi.md §…, mbim.md, netifd.md, oracles.md, DESIGN.md, CONVENTIONS.md).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
/** Shipped and build code and the tests (this file names the patterns it looks for: skipped). */
const DIRS = ['src', 'scripts', 'bench', 'netifd-proto', 'luci', 'files', 'test', 'docs'];
const SELF = 'test/unit/source-citations.test.ts';
/** A citation of a file outside the repository. `docs/ubus.md` etc. (this repo's docs) are fine. */
const FOREIGN = /(?<![\w/])(?:qmi|mbim|netifd|blobmsg)\.md\b|(?<![\w/])ubus\.md §|\boracles\.md\b|\bDESIGN\.md\b|\bCONVENTIONS\.md\b|shared\/reference\//;

function files(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return files(rel);
    return /\.(ts|mjs|cjs|js|sh|uc|c|h|md)$/.test(e.name) || !e.name.includes('.') ? [rel] : [];
  });
}

test('no source, script, bench, package, test or doc file cites a reference file that is not in the repository', () => {
  const hits: string[] = [];
  for (const rel of [...DIRS.flatMap(files), 'README.md'].filter((f) => f !== SELF)) {
    fs.readFileSync(path.join(ROOT, rel), 'utf8').split('\n').forEach((line, i) => { if (FOREIGN.test(line)) hits.push(`${rel}:${i + 1}: ${line.trim()}`); });
  }
  assert.equal(hits, []);
});

test('the pattern finds what it should and spares this repository\'s own docs', () => {
  for (const bad of ['(qmi.md §1.9)', 'see oracles.md', '/work/shared/reference/netifd.md', 'DESIGN.md', 'ubus.md §6']) assert.ok(FOREIGN.test(bad), bad);
  for (const ok of ['docs/ubus.md "Verified against real ubusd"', 'docs/mbim.md', 'libqmi qmi-service-wds.json']) assert.not.ok(FOREIGN.test(ok), ok);
});

test.run();
