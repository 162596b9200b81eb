// The whole test suite: tools, typecheck, bundles (Node and the router executables for this machine,
// mipsel and mips), then unit (Node and QuickJS), conformance, the router smoke tests (qmi4gd on the
// real ubusd, natively and under qemu-user) and e2e with the daemon as qmi4gd; ends with "N passed, N failed[, N skipped]".
// Real-stack tests (test/helpers/owrt-env.ts) are skipped, with the reason, when the OpenWrt tree is missing; that fails the
// run only when QMI4G_OWRT is set (as .ci/run does). Any other skipped test fails it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureTools } from './ensure-deps.mjs';

ensureTools();

const results = [];
function step(name, cmd, args, env = {}) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
  process.stdout.write(r.stdout ?? '');
  const plain = (r.stdout ?? '').replace(/\x1b\[[0-9;]*m/g, ''); // uvu colours non-zero counts
  const total = /Total:\s+(\d+)/.exec(plain);
  const passed = /Passed:\s+(\d+)/.exec(plain);
  const skipped = /Skipped:\s+(\d+)/.exec(plain);
  const n = total ? Number(total[1]) : 1;
  const p = total ? Number(passed?.[1] ?? 0) : r.status === 0 ? 1 : 0;
  const ok = r.status === 0 && p === n;
  const real = (plain.match(/^SKIPPED \(real stack\): /gm) ?? []).length;
  results.push({ name, n, p, s: Number(skipped?.[1] ?? 0), real, ok, secs: ((Date.now() - t0) / 1000).toFixed(1), failures: ok ? [] : failedTests(plain) });
  console.log(`== ${name}: ${ok ? 'ok' : 'FAILED'} (${p}/${n}, ${results.at(-1).secs} s)`);
}

/**
 * The failed tests named in one step's output, as "file: test — first line of the error", so that the end of a CI log
 * (often all that is kept of it) says which tests failed. uvu prints a file's name on a line of its own, then for each
 * failure `FAIL  "name"` followed by the assertion's message; scripts/qjs-tests.mjs prints `FAIL label (p/n)`.
 * @param {string} plain the step's stdout without colour codes
 * @returns {string[]} at most 20 lines, each at most 300 characters
 */
function failedTests(plain) {
  const lines = plain.split('\n');
  const out = [];
  let file = '';
  for (let i = 0; i < lines.length && out.length < 20; i++) {
    const line = lines[i].trimEnd();
    if (/^\S+\.test\.[cm]?[jt]s$/.test(line)) file = line;
    const m = /^\s+FAIL\s+(.*)$/.exec(line) ?? /^FAIL (.*)$/.exec(line);
    if (!m) continue;
    if (line.startsWith('FAIL ')) {
      out.push(m[1].slice(0, 300));
      continue;
    }
    const why = (lines.slice(i + 1).find((l) => l.trim() !== '') ?? '').trim();
    out.push(`${file ? `${file}: ` : ''}${m[1]}${why ? ` — ${why}` : ''}`.slice(0, 300));
  }
  return out;
}

const uvu = ['node_modules/uvu/bin.js', '-r', 'tsx/cjs'];
step('typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']);
step('bundle', 'node', ['scripts/build.mjs']);
for (const target of ['native', 'mipsel', 'mips']) step(`router:${target}`, 'node', ['scripts/build-router.mjs'], { QMI4G_TARGET: target });
step('unit', 'node', [...uvu, 'test/unit', '\\.test\\.ts$']);
step('unit (qjs)', 'node', ['scripts/qjs-tests.mjs']);
step('conformance', 'node', [...uvu, 'test/conformance', '\\.test\\.ts$']);
step('router smoke', 'node', [...uvu, 'test/router', '\\.test\\.ts$']);
// the e2e harness starts the daemon given by QMI4G_DAEMON: the QuickJS executable, as routers run it
const qmi4gd = 'dist/router/qmi4gd';
step('e2e', 'node', [...uvu, 'test/e2e', '\\.test\\.ts$'], existsSync(qmi4gd) ? { QMI4G_DAEMON: qmi4gd } : {});

const passed = results.reduce((a, r) => a + r.p, 0);
const total = results.reduce((a, r) => a + r.n, 0);
const skipped = results.reduce((a, r) => a + r.s, 0);
const realSkipped = results.reduce((a, r) => a + r.real, 0);
for (const r of results.filter((x) => x.failures.length)) console.log(`failed in ${r.name}:\n${r.failures.map((f) => `  ${f}`).join('\n')}`);
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(12)} ${r.p}/${r.n} in ${r.secs} s`);
if (realSkipped) console.log(`${realSkipped} real-stack test(s) skipped: ${process.env.QMI4G_OWRT ? `QMI4G_OWRT=${process.env.QMI4G_OWRT} is set, so this run fails` : 'set QMI4G_OWRT to the OpenWrt tree (bin/owrt-env) to run them'}`);
console.log(`${passed} passed, ${total - passed} failed${skipped ? `, ${skipped} skipped` : ''}`);
const skipsOk = skipped === realSkipped && !(realSkipped && process.env.QMI4G_OWRT);
process.exit(results.every((r) => r.ok) && skipsOk ? 0 : 1);
