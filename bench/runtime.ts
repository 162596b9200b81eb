// The router runtime against Node, in the same run, on the real OpenWrt ubusd with simulated modems:
// qmi4gd (the QuickJS executable, dist/router/qmi4gd) vs `node dist/qmi4g.js`. Prints figures and
// the goals beside them; asserts nothing.
//
//   start → `qmi4g` listed on ubusd (median of BENCH_STARTS runs; goal ≤ 20 ms)
//   RSS idle, with 1 and 4 modems connected, and every 500 of BENCH_RECONNECTS (3000) reconnects
//     (goals: ≤ 5 MB with one modem, ≤ 10 MB with four, flat over reconnects)
//   `status` latency at 200 calls/s for 5 s on the real ubusd beside the ubusd floor (bench/status.ts)
//   executable sizes (goal ≤ 2 MB stripped); start and main job of the mipsel build under qemu-mipsel
//
// Needs `npm run build` and `npm run build:router` (the mipsel figures: QMI4G_TARGET=mipsel too).
import * as fs from 'node:fs';
import { NODE_BUNDLE, Stack, routerExe, runnerFor, startStack, stuck } from '../test/router/stack';
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
const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `up` for wdmN on modem N, resolved when connected; returns ms from the call to the state event. */
async function connect(s: Stack, n: number, timeoutMs = 30_000): Promise<number> {
  const iface = `wdm${n}`;
  const connected = s.waitState(iface, 'connected', timeoutMs);
  const t0 = performance.now();
  await s.client.call('qmi4g', 'up', { interface: iface, config: { wdmif: s.ports[n], apn: 'internet', dhcp: '0' } });
  await connected;
  return performance.now() - t0;
}

/** RSS after the daemon had a moment to settle (GC, timers). */
async function settledRss(s: Stack): Promise<number> {
  await sleep(500);
  return s.rssKb();
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

async function memoryAndReconnects(rt: Runtime): Promise<void> {
  const s = await startStack(rt.argv, { modems: 4 });
  try {
    console.log(`  ${rt.name}: RSS idle ${mb(await settledRss(s))}`);
    await connect(s, 0);
    console.log(`  ${rt.name}: RSS 1 modem connected ${mb(await settledRss(s))}`);
    for (let n = 1; n < 4; n++) await connect(s, n);
    console.log(`  ${rt.name}: RSS 4 modems connected ${mb(await settledRss(s))}`);
    const t0 = performance.now();
    for (let i = 1; i <= RECONNECTS; i++) {
      const connected = s.waitState('wdm0', 'connected', 30_000);
      await s.client.call('qmi4g', 'reconnect', { interface: 'wdm0' });
      await connected;
      if (i % 500 === 0 || i === RECONNECTS) {
        console.log(`  ${rt.name}: after ${i} reconnects RSS ${mb(s.rssKb())} (${((performance.now() - t0) / i).toFixed(1)} ms per reconnect)`);
      }
    }
  } finally {
    await s.close();
  }
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
    console.log(`memory (VmRSS), 4 simulated modems; ${RECONNECTS} reconnects of wdm0 (goal ≤ 5 MB with one modem, ≤ 10 MB with four, flat):`);
    for (const rt of RUNTIMES) await memoryAndReconnects(rt);
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
