// esbuild for QuickJS: one ES module that imports only QuickJS's `std` and `os` and the qmi4g_native
// C module, with the qjs Platform in place of the Node one.
//
// - `qjs:std`, `qjs:os` (the names src/platform/qjs uses, see qjs-modules.d.ts) become the external
//   `std`, `os`; `qmi4g_native` stays external (qjsc -M links it in).
// - src/platform/index.ts's `./node` becomes `./qjs` (the one import that picks the implementation).
// - `node:*` and Node built-ins are refused with the importing file named: nothing may reach them.
// - extra `aliases` map bare module names to files (the qjs test runner replaces `uvu`).
import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PLATFORM_INDEX = join(ROOT, 'src/platform/index.ts');
const QJS_PLATFORM = join(ROOT, 'src/platform/qjs/index.ts');
const NODE_BUILTINS = new Set(builtinModules);

/** The esbuild plugin described above. `aliases`: { bareName: absoluteFile }. */
export function qjsPlugin(aliases = {}) {
  return {
    name: 'qmi4g-qjs',
    setup(b) {
      b.onResolve({ filter: /^qjs:(std|os)$/ }, (a) => ({ path: a.path.slice(4), external: true }));
      b.onResolve({ filter: /^qmi4g_native$/ }, (a) => ({ path: a.path, external: true }));
      b.onResolve({ filter: /^\.\/node(\/index(\.ts)?)?$/ }, (a) => (resolve(a.importer) === PLATFORM_INDEX ? { path: QJS_PLATFORM } : undefined));
      b.onResolve({ filter: /.*/ }, (a) => {
        if (aliases[a.path]) return { path: aliases[a.path] };
        const bare = a.path.replace(/^node:/, '').split('/')[0];
        if (a.path.startsWith('node:') || (NODE_BUILTINS.has(bare) && !a.path.startsWith('.'))) {
          return { errors: [{ text: `${a.path} (a Node.js built-in) is not available on QuickJS; imported by ${a.importer.replace(`${ROOT}/`, '')}` }] };
        }
        return undefined;
      });
    },
  };
}

/**
 * Bundles `entry` into the ES module `outfile` for QuickJS (ES2023: what QuickJS implements).
 * Returns esbuild's metafile. Throws with esbuild's errors when a file cannot be bundled.
 */
export async function bundleForQjs({ entry, outfile, minify = true, aliases = {}, inject = [], logLevel = 'warning' }) {
  const r = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2023',
    mainFields: ['module', 'main'],
    conditions: ['import', 'default'],
    minify,
    legalComments: 'none',
    metafile: true,
    inject,
    plugins: [qjsPlugin(aliases)],
    logLevel,
  });
  return r.metafile;
}
