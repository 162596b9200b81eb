// Builds the single bundle dist/qmi4g.js that the opkg package ships (Node 18+).
import { build } from 'esbuild';

await build({
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
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
