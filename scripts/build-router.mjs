// The router build: the router bundle compiled by QuickJS's qjsc into one stripped executable
// with the qmi4g_native C module linked in.
//
//   npm run build:router                         -> dist/router/qmi4gd           (this machine)
//   QMI4G_TARGET=mipsel npm run build:router     -> dist/router-mipsel/qmi4gd    (also: mips)
//   node scripts/build-router.mjs --test-host    -> also <dir>/qjs-test: a QuickJS with the C module
//                                                   that runs a script file (the qjs test suites)
//   node scripts/build-router.mjs --bundle-only  -> only the router bundle dist/router/qmi4g-router.mjs
//                                                   (the OpenWrt Makefile; no QuickJS needed)
//
// QuickJS comes from QMI4G_QUICKJS (default ../shared/quickjs next to the repo: its build.sh
// builds qjs, qjsc, libquickjs.a for native, mipsel or mips). Each build is kept in .cache/quickjs
// keyed by target and a hash of the QuickJS source, and reused. Cross targets use Debian's
// gcc-<target>-linux-gnu; big-endian mips gets byte-swapped bytecode (qjsc -x).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TARGETS = ['native', 'mipsel', 'mips'];
const TEST_HOST_JS = join(ROOT, 'test/qjs/host.js');

/** The QuickJS source tree (with build.sh): env QMI4G_QUICKJS or ../shared/quickjs. */
export function quickjsSource() {
  return resolve(ROOT, process.env.QMI4G_QUICKJS ?? '../shared/quickjs');
}

/** The target from env QMI4G_TARGET (native when unset); throws on an unknown name. */
export function targetFromEnv() {
  const t = process.env.QMI4G_TARGET || 'native';
  if (!TARGETS.includes(t)) throw new Error(`QMI4G_TARGET=${t}: expected one of ${TARGETS.join(', ')}`);
  return t;
}

/** Output directory of a target: dist/router or dist/router-<target>. */
export function outDir(target) {
  return join(ROOT, 'dist', target === 'native' ? 'router' : `router-${target}`);
}

/** C compiler, strip and extra link flags for a target (Debian cross toolchains for MIPS). */
export function toolchain(target) {
  if (target === 'native') return { cc: ['gcc'], strip: 'strip', libs: [] };
  const x = `${target}-linux-gnu-`;
  // as QuickJS's own cross build (build.sh): 64-bit file offsets for glibc under qemu, libatomic
  return { cc: [`${x}gcc`, '-D_FILE_OFFSET_BITS=64'], strip: `${x}strip`, libs: ['-latomic'] };
}

function sourceKey(src) {
  const h = createHash('sha256');
  h.update(readFileSync(join(src, 'build.sh')));
  for (const f of readdirSync(join(src, 'src')).sort()) {
    const p = join(src, 'src', f);
    if (statSync(p).isFile()) h.update(f).update(readFileSync(p));
  }
  return h.digest('hex').slice(0, 12);
}

function run(cmd, args, opts = {}) {
  execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
}

/**
 * QuickJS built for `target` (bin/qjs, bin/qjsc for this machine, lib/libquickjs.a,
 * include/quickjs): from the cache, else built by build.sh (~35 s native, ~50 s mipsel).
 * Returns the directory. Throws when build.sh fails.
 */
export function ensureQuickjs(target) {
  const src = quickjsSource();
  if (!existsSync(join(src, 'build.sh'))) throw new Error(`no QuickJS source at ${src} (set QMI4G_QUICKJS)`);
  const dir = join(ROOT, '.cache/quickjs', `${target}-${sourceKey(src)}`);
  if (existsSync(join(dir, 'lib/libquickjs.a'))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const t0 = Date.now();
  console.error(`building QuickJS for ${target} (once; cached in ${dir})`);
  run(join(src, 'build.sh'), [tmp, target], { stdio: ['ignore', 'ignore', 'inherit'] });
  renameSync(tmp, dir);
  console.error(`QuickJS for ${target} built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return dir;
}

/**
 * Compiles the ES module `script` (bundled: it may import only 'std', 'os' and 'qmi4g_native')
 * with qjsc into executable `out`, with the C module linked in, stripped — through
 * scripts/link-qmi4gd.sh, the same script the OpenWrt Makefile runs. `debugInfo` keeps file names
 * and line numbers in the bytecode (the test host needs them: import() resolves against them).
 */
export function compileExecutable({ target, qjs, script, out, debugInfo = false }) {
  const tc = toolchain(target);
  run(join(ROOT, 'scripts/link-qmi4gd.sh'), [out, script], {
    env: {
      ...process.env,
      QJSC: join(qjs, 'bin/qjsc'),
      QJS_INCLUDE: join(qjs, 'include/quickjs'),
      QJS_LIB: join(qjs, 'lib/libquickjs.a'),
      CC: tc.cc.join(' '),
      CFLAGS: '-O2',
      LIBS: tc.libs.join(' '),
      STRIP: tc.strip,
      QJSC_DEBUG: debugInfo ? '1' : '0',
    },
  });
  return out;
}

/**
 * Builds the router bundle (src/router.ts as one ES module, qjs Platform) where scripts/build.mjs
 * puts it (ROUTER_BUNDLE), with build.mjs's own esbuild options plus the qjs plugin of
 * qjs-bundle.mjs (QuickJS's real module names, no Node built-ins), minified (smaller bytecode).
 * Returns the bundle's path.
 */
export async function buildRouterBundle() {
  const { build } = await import('esbuild');
  const { routerBuildOptions, ROUTER_BUNDLE } = await import('./build.mjs');
  const { qjsPlugin } = await import('./qjs-bundle.mjs');
  const opts = routerBuildOptions('qjs');
  await build({ ...opts, minify: true, plugins: [qjsPlugin(), ...(opts.plugins ?? [])] });
  return join(ROOT, ROUTER_BUNDLE);
}

/**
 * The bundle for a big-endian target: regex literals rewritten to `new RegExp()` (see
 * scripts/regexp-literals.mjs: this QuickJS stores precompiled regexes in host byte order), checked
 * to still parse. Returns the new file.
 */
export async function bigEndianBundle(bundle, out) {
  const { transform } = await import('esbuild');
  const { rewriteRegexpLiterals } = await import('./regexp-literals.mjs');
  const r = rewriteRegexpLiterals(readFileSync(bundle, 'utf8'));
  await transform(r.code, { loader: 'js', format: 'esm', logLevel: 'silent' });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, r.code);
  return out;
}

async function main() {
  if (process.argv.includes('--bundle-only')) {
    console.log(relative(ROOT, await buildRouterBundle()));
    return;
  }
  const target = targetFromEnv();
  const wantTestHost = process.argv.includes('--test-host');
  const qjs = ensureQuickjs(target);
  const dir = outDir(target);
  let bundle = await buildRouterBundle();
  if (target === 'mips') bundle = await bigEndianBundle(bundle, join(ROOT, '.cache/router-work', target, 'qmi4g-router.mjs'));
  const t0 = Date.now();
  const exe = compileExecutable({ target, qjs, script: bundle, out: join(dir, 'qmi4gd') });
  console.log(`${relative(ROOT, exe)}: QuickJS ${target} executable, ${(statSync(exe).size / 1024).toFixed(0)} KiB stripped (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (wantTestHost) {
    const host = compileExecutable({ target, qjs, script: TEST_HOST_JS, out: join(dir, 'qjs-test'), debugInfo: true });
    console.log(`${relative(ROOT, host)}: the qjs test host`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => { console.error(`build:router: ${e.message}`); process.exit(1); });
}
