// Preloaded into the Node daemon by bench/reconnect-memory.ts (`node --expose-gc -r bench/gc-probe.cjs
// dist/qmi4g.js daemon …`): on SIGUSR2 it runs a full garbage collection and writes one stderr line
// `gc-probe heapUsed=BYTES rss=BYTES`, so the bench can read the live heap of the daemon process.
// A bench harness file, not part of qmi4g.
'use strict';
process.on('SIGUSR2', () => {
  if (typeof global.gc === 'function') { global.gc(); global.gc(); }
  const m = process.memoryUsage();
  process.stderr.write(`gc-probe heapUsed=${m.heapUsed} rss=${m.rss}\n`);
});
