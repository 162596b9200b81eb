// The platform boundary: the router bundle pulls node builtins only through src/platform/, and source
// outside the allowed places uses no runtime API (Buffer, process, global timers, node: imports…).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinModules } from 'node:module';
import { build, type Metafile } from 'esbuild';

const ROOT = path.resolve(__dirname, '../..');

/** Node-only code that may use Node APIs: the platform, the simulator, the demo/sim/broker commands, the Node entry. */
const NODE_ONLY = [/^src\/platform\//, /^src\/sim\//, /^src\/cli\/demo\.ts$/, /^src\/cli\/sim\.ts$/, /^src\/cli\/broker\.ts$/, /^src\/ubus\/broker(-events)?\.ts$/, /^src\/cli\.ts$/];

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return rel.endsWith('.ts') ? [rel] : [];
  });
}

/** Source without comments (line and block), so docstrings may name the APIs they replace. */
function code(rel: string): string {
  return fs.readFileSync(path.join(ROOT, rel), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

let metafile: Metafile;

test.before(async () => {
  // scripts/build.mjs's own router options, on the Node platform (the qjs one may not be in this tree):
  // node builtins stay external, so the metafile names every importer.
  const { routerBuildOptions } = await import(path.join(ROOT, 'scripts/build.mjs'));
  const r = await build({ ...routerBuildOptions('node', path.join(ROOT, 'dist/test-router-node.mjs')), write: false });
  metafile = r.metafile!;
});

test('router bundle: no input outside src/platform/ imports a node builtin', () => {
  const offenders: string[] = [];
  let checked = 0;
  for (const [file, input] of Object.entries(metafile.inputs)) {
    checked++;
    for (const imp of input.imports) {
      if (BUILTINS.has(imp.path) && !file.startsWith('src/platform/')) offenders.push(`${file} imports ${imp.path}`);
    }
  }
  assert.ok(checked > 50, `the metafile lists the router's inputs (${checked})`);
  assert.ok(Object.keys(metafile.inputs).includes('src/platform/node/index.ts'), 'built with the Node platform');
  assert.equal(offenders, []);
});

test('router bundle: no simulator, demo or broker inside', () => {
  const inside = Object.keys(metafile.inputs).filter((f) => /^src\/sim\/|^src\/cli\/(demo|sim|broker)\.ts$|^src\/ubus\/broker/.test(f));
  assert.equal(inside, []);
  for (const f of ['src/router.ts', 'src/cli/daemon.ts', 'src/cli/status.ts', 'src/cli/ubus.ts', 'src/cli/probe.ts', 'src/cli/connect.ts']) {
    assert.ok(metafile.inputs[f], `${f} is in the router bundle`);
  }
});

test('source outside the Node-only places uses no runtime API', () => {
  const files = sourceFiles('src').filter((f) => !NODE_ONLY.some((re) => re.test(f)));
  assert.ok(files.length > 80, `scanned ${files.length} files`);
  const rules: [string, RegExp][] = [
    ['node: import', /from\s+['"]node:|require\(\s*['"]node:/],
    ['a node builtin import', new RegExp(`from\\s+['"](${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})['"]`)],
    ['Buffer', /\bBuffer\b/],
    ['process', /\bprocess\s*\./],
    ['require()', /\brequire\s*\(/],
    ['global timers', /(^|[^.\w$])(setTimeout|setInterval|setImmediate|clearTimeout|clearInterval|clearImmediate)\s*\(/m],
    ['TextEncoder/TextDecoder', /\bText(En|De)coder\b/],
    ['EventEmitter', /\bEventEmitter\b/],
    ['queueMicrotask', /\bqueueMicrotask\b/],
    ['console other than log', /\bconsole\.(?!log\b)\w+/],
    ['AbortController/AbortSignal beyond the polyfill subset (src/platform/abort.ts)', /\.throwIfAborted\b|AbortSignal\.(any|abort)\b|\.onabort\b|\.dispatchEvent\(/],
    ['URL/structuredClone', /\bnew URL\(|\bstructuredClone\(/],
  ];
  const offenders: string[] = [];
  for (const f of files) {
    // Method signatures named like the timers (the Clock interface) are declarations, not calls.
    const src = code(f).replace(/^\s+(setTimeout|clearTimeout)\(.*\)\s*:\s*\w+;\s*$/gm, '');
    for (const [what, re] of rules) if (re.test(src)) offenders.push(`${f}: ${what}`);
  }
  assert.equal(offenders, []);
});

test('the scan would catch an offender (the rules are not vacuous)', () => {
  const sample = "import * as fs from 'node:fs';\nconst b = Buffer.from('x');\nsetTimeout(() => {}, 1);\nprocess.exit(0);\n";
  assert.match(sample, /from\s+['"]node:/);
  assert.match(sample, /\bBuffer\b/);
  assert.match(sample, /(^|[^.\w$])(setTimeout)\s*\(/m);
  assert.not.match('clock.setTimeout(fn, 1)', /(^|[^.\w$])(setTimeout)\s*\(/m);
});

test.run();
