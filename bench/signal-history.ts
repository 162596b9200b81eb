// Benchmark: the signal history ring (src/session/signal-history.ts) — bytes per interface, cost of
// an update and of a full `signal_history` read, and the blobmsg size of that reply (figures, not assertions).
//   npx tsx bench/signal-history.ts [--updates 200000]
import { performance } from 'node:perf_hooks';
import { SignalHistory } from '../src/session/signal-history';
import { encodeJsonTable } from '../src/ubus/json';

const i = process.argv.indexOf('--updates');
const updates = i > 0 ? Number(process.argv[i + 1]) : 200_000;
const h = new SignalHistory();
const t0 = 1_700_000_000_000;
const start = performance.now();
for (let n = 0; n < updates; n++) h.update(t0 + n * 3_000, { rat: 'lte', rssi: -70 - (n % 13), rsrp: -95 - (n % 17), rsrq: -9.5, snr: 12.4, bars: 3 });
const perUpdate = ((performance.now() - start) * 1e6) / updates;
const now = t0 + updates * 3_000;
const r0 = performance.now();
let samples = h.samples(now);
for (let k = 0; k < 999; k++) samples = h.samples(now);
const perRead = ((performance.now() - r0) * 1000) / 1000;
const reply = encodeJsonTable({ interface: 'wdm0', interval_s: 10, samples } as never);
console.log(`signal history: ${h.bytes} bytes of ring per interface (${samples.length} slots = last hour)`);
console.log(`update: ${perUpdate.toFixed(0)} ns each; full read: ${perRead.toFixed(1)} µs; signal_history reply: ${reply.length} bytes of blobmsg`);
