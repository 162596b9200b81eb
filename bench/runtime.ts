// The router runtime against Node, in the same run, on the real OpenWrt ubusd with simulated modems:
// qmi4gd (the QuickJS executable, dist/router/qmi4gd) vs `node dist/qmi4g.js`. Prints figures and
// the goals beside them; asserts nothing.
//
//   start → `qmi4g` listed on ubusd (median of BENCH_STARTS runs; goal ≤ 20 ms)
//   RSS idle, with 1 and 4 modems connected, and every 500 of BENCH_RECONNECTS (3000) reconnects (bench/reconnect-memory.ts)
//     (goals: ≤ 5 MB with one modem, ≤ 10 MB with four, flat over reconnects)
//   `status` latency at 200 calls/s for 5 s on the real ubusd beside the ubusd floor (bench/status.ts)
//   executable sizes (goal ≤ 2 MB stripped); start and main job of the mipsel build under qemu-mipsel
//
// Needs `npm run build` and `npm run build:router` (the mipsel figures: QMI4G_TARGET=mipsel too).
import * as fs from 'node:fs';
import { NODE_BUNDLE, Stack, routerExe, runnerFor, startStack, stuck } from '../test/router/stack';
import { reconnectMemoryBench } from './reconnect-memory';
import { statusBench } from './status';

const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const RECONNECTS = Number(process.env.BENCH_RECONNECTS ?? 3000);
const STATUS_RATE = 200;
const STATUS_SECONDS = 5;
/** Sections to run (comma-separated: size,start,memory,status,mips); all when unset. */
const ONLY = process.env.BENCH_ONLY?.split(',');
const want = (section: string) => !ONLY || ONLY.includes(section);

interface Runtime { name: string; argv: string[] }
const RUNTIMES: Runtime[] = [
  { name: 'qjs qmi4gd', argv: [routerExe('native')] },
  { name: 'node bundle', argv: [process.execPath, NODE_BUNDLE] },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `up` for wdmN on modem N, resolved when connected; returns ms from the call to the state event. */
async function connect(s: Stack, n: number, timeoutMs = 30_000): Promise<number> {
  const iface = `wdm${n}`;
  const connected = s.waitState(iface, 'connected', timeoutMs);
  const t0 = performance.now();
  await s.client.call('qmi4g', 'up', { interface: iface, config: { wdmif: s.ports[n], apn: 'internet', dhcp: '0' } });
  await connected;
  return performance.now() - t0;
}

async function startTimes(rt: Runtime): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const s = await startStack(rt.argv, { modems: 1 });
    out.push(s.startMs);
    await s.close();
  }
  return out;
}

async function underQemu(): Promise<void> {
  const exe = routerExe('mipsel');
  if (!fs.existsSync(exe)) {
    console.log(`  mipsel: ${exe} not built (QMI4G_TARGET=mipsel npm run build:router)`);
    return;
  }
  const starts: number[] = [];
  let job = 0;
  for (let i = 0; i < 3; i++) {
    const s = await startStack(runnerFor('mipsel', exe), { modems: 1, startTimeoutMs: 60_000 });
    starts.push(s.startMs);
    if (i === 0) job = await connect(s, 0, 60_000);
    await s.close();
  }
  console.log(`  qjs qmi4gd mipsel under qemu-mipsel: start → listed ${median(starts).toFixed(0)} ms (median of 3), up → connected ${job.toFixed(0)} ms (emulated: for reference only)`);
}

async function main(): Promise<void> {
  if (want('size')) for (const t of ['native', 'mipsel', 'mips'] as const) {
    const exe = routerExe(t);
    if (fs.existsSync(exe)) console.log(`size: ${t} qmi4gd ${(fs.statSync(exe).size / 1024).toFixed(0)} KiB stripped (goal ≤ 2048 KiB)`);
  }
  if (want('size')) console.log(`size: node bundle ${(fs.statSync(NODE_BUNDLE).size / 1024).toFixed(0)} KiB + a Node.js runtime (${(fs.statSync(process.execPath).size / 1048576).toFixed(0)} MB here)`);
  if (want('start')) console.log(`start → qmi4g listed on the real ubusd (median of ${STARTS}; goal ≤ 20 ms):`);
  if (want('start')) for (const rt of RUNTIMES) {
    const t = await startTimes(rt);
    console.log(`  ${rt.name}: ${median(t).toFixed(1)} ms (min ${Math.min(...t).toFixed(1)}, max ${Math.max(...t).toFixed(1)})`);
  }
  if (want('memory')) {
    // bench/reconnect-memory.ts: round-robin over 4 modems, each reconnect until netifd hears link up again
    console.log('memory goals: ≤ 5 MB with one modem, ≤ 10 MB with four, flat over reconnects');
    await reconnectMemoryBench({ reconnects: RECONNECTS, every: 500, modems: 4, only: ['qjs', 'node'] });
  }
  if (want('status')) {
    // bench/status.ts: the caller in its own process, beside the ubusd floor, modem requests counted
    await statusBench({ rate: STATUS_RATE, seconds: STATUS_SECONDS, latencyMs: 5, rounds: 1, only: ['qjs', 'node'] });
  }
  if (want('mips')) {
    console.log('MIPS:');
    await underQemu();
  }
  if (stuck.length) console.log(`did not exit within 10 s of SIGTERM (killed): ${stuck.join('; ')}`);
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
