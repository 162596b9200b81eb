// The unit suite on QuickJS, the router runtime: test/qjs/native.test.js (the C module) and every
// test/unit/**/*.test.ts bundled by esbuild with the qjs Platform and a uvu-compatible runner
// (test/qjs/uvu.ts; uvu/assert is the real one) and, for test fixtures only, Node's timer globals
// on the platform's timers (test/qjs/prelude.ts), each run by the qjs test host (QuickJS + the C
// module, built by scripts/build-router.mjs). A unit test file whose bundle needs a Node.js built-in
// (or Node's Buffer global) through the test itself, a test fixture or the simulator is excluded,
// with the reason printed and counted; one that needs it through router code (src/ outside sim/,
// platform/node/ and the Node-only CLI commands) fails.
//
//   node scripts/qjs-tests.mjs [--target native|mipsel|mips] [FILTER]
// Prints uvu's "Total: N / Passed: N / Skipped: N" for scripts/test.mjs; exits 1 on any failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, compileExecutable, ensureQuickjs, outDir } from './build-router.mjs';
import { bundleForQjs } from './qjs-bundle.mjs';

const args = process.argv.slice(2);
const ti = args.indexOf('--target');
const target = ti >= 0 ? args.splice(ti, 2)[1] : 'native';
const filter = args[0] ? new RegExp(args[0]) : undefined;
/** Files of src/ that only the Node bundle contains (simulator, demo, broker): Node built-ins are allowed there. */
const NODE_ONLY_SRC = /^src\/(sim\/|platform\/node\/|cli\/(demo|sim|broker)\.ts$|ubus\/broker)/;
const PER_FILE_TIMEOUT_MS = target === 'native' ? 120_000 : 600_000;

/** How a host binary is started: directly, or under qemu-user for a MIPS target. */
function hostCommand(exe) {
  if (target === 'native') return [exe];
  return [`qemu-${target}`, '-L', `/usr/${target}-linux-gnu`, exe];
}

function testFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...testFiles(p));
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

function parse(stdout) {
  const n = (k) => Number((new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(stdout) ?? [])[1] ?? NaN);
  return { total: n('Total'), passed: n('Passed'), skipped: n('Skipped') || 0 };
}

function runOne(label, file) {
  const cmd = hostCommand(join(outDir(target), 'qjs-test'));
  const r = spawnSync(cmd[0], [...cmd.slice(1), file], { encoding: 'utf8', timeout: PER_FILE_TIMEOUT_MS, maxBuffer: 32 << 20, cwd: ROOT });
  const res = parse(r.stdout ?? '');
  const ok = r.status === 0 && res.total > 0 && res.total === res.passed;
  if (!ok || process.env.QMI4G_QJS_VERBOSE) process.stdout.write((r.stdout ?? '') + (r.stderr ?? ''));
  if (r.error) console.log(`  ${label}: ${r.error.message}`);
  const total = Number.isNaN(res.total) ? 1 : res.total;
  const passed = ok ? res.passed : Math.min(Number.isNaN(res.passed) ? 0 : res.passed, total - 1);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label} (${passed}/${total}${res.skipped ? `, ${res.skipped} skipped` : ''})`);
  return { total, passed, skipped: res.skipped };
}

/** The Node built-ins a failed bundle wanted, with the importing files; undefined when it failed otherwise. */
function nodeImports(err) {
  const errs = err?.errors ?? [];
  const found = errs.map((e) => /^(\S+) \(a Node\.js built-in\).*imported by (\S+)$/.exec(e.text)).filter(Boolean);
  if (!found.length || found.length !== errs.length) return undefined;
  return found.map((m) => ({ module: m[1], importer: m[2] }));
}

async function main() {
  const qjs = ensureQuickjs(target);
  const host = join(outDir(target), 'qjs-test');
  compileExecutable({ target, qjs, script: join(ROOT, 'test/qjs/host.js'), out: host, debugInfo: true });
  const bundles = join(ROOT, '.cache/qjs-tests');
  rmSync(bundles, { recursive: true, force: true });
  mkdirSync(bundles, { recursive: true });
  let total = 0, passed = 0, skipped = 0;
  const excluded = [];
  const add = (r) => { total += r.total; passed += r.passed; skipped += r.skipped; };
  if (!filter || filter.test('test/qjs/native.test.js')) add(runOne('test/qjs/native.test.js', join(ROOT, 'test/qjs/native.test.js')));
  for (const file of testFiles(join(ROOT, 'test/unit'))) {
    const rel = relative(ROOT, file);
    if (filter && !filter.test(rel)) continue;
    const outfile = join(bundles, `${rel.replace(/[/\\]/g, '__')}.mjs`);
    let meta;
    try {
      meta = await bundleForQjs({ entry: file, outfile, minify: false, aliases: { uvu: join(ROOT, 'test/qjs/uvu.ts') }, inject: [join(ROOT, 'test/qjs/prelude.ts')], logLevel: 'silent' });
    } catch (e) {
      const imports = nodeImports(e);
      const routerCode = imports?.filter((i) => i.importer.startsWith('src/') && !NODE_ONLY_SRC.test(i.importer));
      if (imports && routerCode.length === 0) {
        const why = [...new Set(imports.map((i) => `${i.module} (${i.importer})`))].join(', ');
        excluded.push({ rel, why });
        console.log(`skip ${rel}: Node-only fixture: ${why}`);
        continue;
      }
      console.log(`FAIL ${rel}: cannot bundle for QuickJS:\n  ${(e.errors ?? [e]).map((x) => x.text ?? x.message).join('\n  ')}`);
      add({ total: 1, passed: 0, skipped: 0 });
      continue;
    }
    // Node's Buffer global in the test's own code or its fixtures (test/): Node-only, like an import
    const bufferUsers = Object.keys(meta.inputs).filter((f) => f.startsWith('test/') && /\bBuffer\b/.test(readFileSync(join(ROOT, f), 'utf8')));
    if (bufferUsers.length) {
      excluded.push({ rel, why: `Buffer (${bufferUsers.join(', ')})` });
      console.log(`skip ${rel}: Node-only fixture: the Buffer global (${bufferUsers.join(', ')})`);
      continue;
    }
    add(runOne(rel, outfile));
  }
  console.log(`\nqjs (${target}): ${excluded.length} unit test file(s) excluded, listed above with what needs Node.js (a Node built-in or the Buffer global)`);
  console.log(`Total: ${total}\nPassed: ${passed}\nSkipped: ${skipped}`);
  process.exit(total > 0 && passed === total ? 0 : 1);
}

main().catch((e) => { console.error(e); process.exit(1); });
