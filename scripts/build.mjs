// Builds the bundles:
//   dist/qmi4g.js                  Node 18+ (CJS), the whole CLI incl. simulator, demo, broker; Node platform.
//   dist/router/qmi4g-router.mjs   the router entry src/router.ts (daemon, status, ubus, probe, connect) as
//                                  one ECMAScript module for QuickJS (qjsc compiles it), QuickJS platform
//                                  (src/platform/qjs), no node builtins. Built when src/platform/qjs/index.ts
//                                  exists; QMI4G_PLATFORM=node builds it on the Node platform instead (tests).
//
// The platform is chosen by the esbuild plugin below: src/platform/index.ts imports './node'; the
// plugin redirects exactly that import to './<platform>'. Everything else imports src/platform.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PLATFORM_INDEX = path.join(ROOT, 'src', 'platform', 'index.ts');

/** The router bundle's path (the qjs build compiles this file with qjsc). */
export const ROUTER_BUNDLE = 'dist/router/qmi4g-router.mjs';

/** esbuild plugin: src/platform/index.ts's `./node` becomes `./<name>` (node or qjs). */
export function platformPlugin(name) {
  return {
    name: 'qmi4g-platform',
    setup(b) {
      b.onResolve({ filter: /^\.\/node$/ }, (args) => {
        if (path.resolve(args.importer) !== PLATFORM_INDEX) return undefined;
        return { path: path.join(ROOT, 'src', 'platform', name, 'index.ts') };
      });
    },
  };
}

/**
 * esbuild options of the router bundle for platform `name`. Node builtins are external so the
 * metafile shows who imports them (test/unit/platform-boundary.test.ts); the QuickJS modules
 * (`std`, `os`, `qjs:*`) and the C module (`qmi4g_native*`) are provided by qjs at run time.
 */
export function routerBuildOptions(name = process.env.QMI4G_PLATFORM || 'qjs', outfile = ROUTER_BUNDLE) {
  return {
    absWorkingDir: ROOT,
    entryPoints: ['src/router.ts'],
    outfile,
    bundle: true,
    platform: 'neutral',
    format: 'esm',
    target: 'es2020',
    mainFields: ['module', 'main'],
    minify: false,
    sourcemap: false,
    legalComments: 'none',
    external: ['std', 'os', 'qjs:*', 'qmi4g_native*', 'node:*'],
    plugins: [platformPlugin(name)],
    logLevel: 'warning',
    metafile: true,
  };
}

/** Builds the Node bundle dist/qmi4g.js. */
export async function buildNode() {
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/qmi4g.js',
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    // serialport is optional at run time: only loaded when an AT port is configured.
    external: ['serialport', '@serialport/*'],
    plugins: [platformPlugin('node')],
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'warning',
  });
}

/** Builds the router bundle when its platform exists; returns the metafile, or undefined when skipped. */
export async function buildRouter(name = process.env.QMI4G_PLATFORM || 'qjs') {
  if (!existsSync(path.join(ROOT, 'src', 'platform', name, 'index.ts'))) return undefined;
  const r = await build(routerBuildOptions(name));
  return r.metafile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildNode();
  await buildRouter();
}
