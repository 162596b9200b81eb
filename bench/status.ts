// Benchmark: `ubus call qmi4g status` at a fixed rate on OpenWrt's real ubusd, for qmi4gd (the
// QuickJS executable) and the Node bundle, beside the floor: a trivial libubus object (ucode,
// bench/status-floor.uc) answering the same reply through the same ubusd. Figures, not assertions.
//
//   npx tsx bench/status.ts [--rate 200] [--seconds 5] [--latency 5] [--rounds 1] [--only qjs,node] [--caller node|ucode]
// QMI4G_BENCH_QMI4GD=PATH: another qmi4gd executable (e.g. an unstripped one for perf record).
//
// Processes, as on a router: ubusd; the daemon under test (`qmi4gd daemon …` / `node dist/qmi4g.js
// daemon …`); the floor object; the caller (bench/status-client.ts, its own Node process). This
// process holds the simulated QMI modem (so its requests can be counted) and a netifd stand-in,
// both idle while the calls run. Per round and runtime: the floor is measured, then qmi4g status,
// back to back under the same machine load. Printed: p50/p95/p99/max, the daemon's CPU time per
// call (/proc/PID/stat utime+stime) and the modem requests made during the status run.
// Needs `npm run build`, `npm run build:router`, and the OpenWrt tree (QMI4G_OWRT or ../shared/owrt).
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setLogLevel } from '../src/log';
import { startQmiSimulator } from '../src/sim';
import { NetifdStandIn } from '../src/sim/netifd-stand-in';
import { UbusClient } from '../src/ubus/client';
import { NODE_BUNDLE, OWRT, ROOT, UBUSD, routerExe } from '../test/router/stack';

const UCODE = path.join(OWRT, 'root/usr/bin/ucode');
const UCODE_LIB = path.join(OWRT, 'root/usr/lib/ucode');
const FLOOR_OBJECT = 'bench.floor';
/** `--caller node` (default: bench/status-client.ts, open loop) or `ucode` (bench/status-client.uc: libubus, one call at a time). */
const CALLER = process.argv.includes('--caller') ? process.argv[process.argv.indexOf('--caller') + 1] : 'node';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
}

/** Value at percentile p (0–100) of ascending `sorted` (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One client run's figures (ms). */
export interface RunFigures { n: number; failed: number; firstError: string; rate: number; p50: number; p95: number; p99: number; max: number }

/** Formats a RunFigures as one line. */
export function formatFigures(f: RunFigures): string {
  const fails = f.failed ? `, ${f.failed} failed (${f.firstError})` : '';
  return `p50 ${f.p50.toFixed(2)} / p95 ${f.p95.toFixed(2)} / p99 ${f.p99.toFixed(2)} / max ${f.max.toFixed(2)} ms (${f.n} calls, ${f.rate.toFixed(0)}/s${fails})`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `test` every 50 ms until true; throws after timeoutMs naming `what`. */
async function until(what: string, test: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await Promise.resolve().then(test).catch(() => false)) return;
    await sleep(50);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

/** CPU time (user + system) of process `pid` so far, ms (/proc/PID/stat fields 14 and 15, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

/** Runs bench/status-client.ts in its own process against `object method args`; resolves with its figures. */
export function runClient(socketPath: string, object: string, method: string, args: Record<string, unknown>, rate: number, seconds: number): Promise<RunFigures> {
  return new Promise((resolve, reject) => {
    const argv = CALLER === 'ucode'
      ? [UCODE, '-L', UCODE_LIB, path.join(__dirname, 'status-client.uc'), socketPath, object, method, JSON.stringify(args), String(rate), String(seconds)]
      : [process.execPath, '-r', 'tsx/cjs', path.join(__dirname, 'status-client.ts'), socketPath, object, method, JSON.stringify(args), String(rate), String(seconds), String(rate)];
    const c = spawn(argv[0], argv.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    c.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; });
    c.once('exit', (code) => {
      if (code !== 0) { reject(new Error(`status-client exited ${code}`)); return; }
      const r = JSON.parse(out) as { lat: number[]; failed: number; firstError: string; elapsed: number };
      const lat = r.lat.sort((a, b) => a - b);
      resolve({ n: lat.length, failed: r.failed, firstError: r.firstError, rate: (lat.length + r.failed) / r.elapsed,
        p50: percentile(lat, 50), p95: percentile(lat, 95), p99: percentile(lat, 99), max: lat[lat.length - 1] });
    });
  });
}

interface Runtime { name: string; argv: string[] }

async function benchRuntime(rt: Runtime, o: { rate: number; seconds: number; latencyMs: number; rounds: number }): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qmi4g-bench-status-'));
  const sock = path.join(dir, 'ubus.sock');
  const children: ChildProcess[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  const child = (argv: string[], env?: NodeJS.ProcessEnv): ChildProcess => {
    const c = spawn(argv[0], argv.slice(1), { stdio: process.env.QMI4G_BENCH_STDIO ? 'inherit' : 'ignore', env: env ?? process.env });
    children.push(c);
    return c;
  };
  try {
    child([UBUSD, '-s', sock]);
    await until('ubusd socket', () => fs.existsSync(sock), 5000);
    const sysfs = path.join(dir, 'sys');
    fs.mkdirSync(path.join(sysfs, 'class', 'usbmisc', 'cdc-wdm0', 'device', 'net', 'wwan0'), { recursive: true });
    const sim = await startQmiSimulator({ path: path.join(dir, 'cdc-wdm0'), scenario: { latencyMs: o.latencyMs, registration: { delayMs: 0 } } });
    cleanups.push(() => sim.close());
    const bus = await UbusClient.connect({ socketPath: sock, reconnect: false });
    cleanups.push(() => bus.close());
    const netifd = new NetifdStandIn(bus, sock, NODE_BUNDLE);
    await netifd.start([], { wdm0: 'qmi4g' });
    cleanups.push(() => netifd.dispose());
    const daemon = child([...rt.argv, 'daemon', '--ubus-socket', sock, '--config-dir', path.join(dir, 'etc'), '--state-dir', path.join(dir, 'state'), '--run-dir', path.join(dir, 'run')],
      { ...process.env, QMI4G_SYSFS_ROOT: sysfs });
    await until('qmi4g on ubus', async () => (await bus.lookup('qmi4g')).length > 0, 15_000);
    await sleep(200); // the daemon maps the object id just after ubusd lists it (test/router/stack.ts)
    await bus.call('qmi4g', 'up', { interface: 'wdm0', config: { wdmif: sim.path, apn: 'internet', dhcp: '0', pdptype: 'ipv4v6' } });
    await until('connected', async () => (await bus.call('qmi4g', 'status', { interface: 'wdm0' }))?.state === 'connected', 20_000);
    const reply = await bus.call('qmi4g', 'status', { interface: 'wdm0' });
    child([UCODE, '-L', UCODE_LIB, path.join(__dirname, 'status-floor.uc'), sock, FLOOR_OBJECT, JSON.stringify(reply)]);
    await until('floor on ubus', async () => (await bus.lookup(FLOOR_OBJECT)).length > 0, 5000);
    const args = { interface: 'wdm0' };
    for (let round = 1; round <= o.rounds; round++) {
      const idle0 = cpuMs(daemon.pid!);
      const floor = await runClient(sock, FLOOR_OBJECT, 'status', args, o.rate, o.seconds);
      const idle = cpuMs(daemon.pid!) - idle0;
      const before = { trips: sim.stats.roundTrips, requests: { ...sim.stats.requests }, cpu: cpuMs(daemon.pid!) };
      const status = await runClient(sock, 'qmi4g', 'status', args, o.rate, o.seconds);
      const cpu = cpuMs(daemon.pid!) - before.cpu;
      const trips = sim.stats.roundTrips - before.trips;
      const byName = Object.entries(sim.stats.requests).map(([k, v]) => [k, v - (before.requests[k] ?? 0)] as const).filter(([, v]) => v > 0).map(([k, v]) => `${k} ×${v}`);
      const calls = status.n + status.failed;
      const tag = o.rounds > 1 ? ` (round ${round})` : '';
      console.log(`  ubusd floor${tag}: ${formatFigures(floor)}`);
      console.log(`  ${rt.name} status${tag}: ${formatFigures(status)}; daemon CPU ${(cpu / calls * 1000).toFixed(0)} µs per call (${cpu} ms in total; ${idle} ms while idle during the floor run; 10 ms ticks)`);
      console.log(`  ${rt.name} modem requests during the status run: ${trips} (${(trips / calls).toFixed(4)} per call${byName.length ? `: ${byName.join(', ')}` : ''})`);
      const verdict = floor.p99 > 2 ? `not judged: the floor's own p99 is ${floor.p99.toFixed(2)} ms on this machine` : status.p99 <= 2 ? 'met' : 'missed';
      console.log(`  ${rt.name} goal p99 ≤ 2 ms: ${verdict} (${rt.name} p99 − floor p99 = ${(status.p99 - floor.p99).toFixed(2)} ms)`);
    }
  } finally {
    for (const c of children.reverse()) if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGTERM');
      await new Promise<void>((r) => { const t = setTimeout(() => { c.kill('SIGKILL'); r(); }, 5000); c.once('exit', () => { clearTimeout(t); r(); }); });
    }
    for (const c of cleanups.reverse()) { try { await c(); } catch { /* best effort */ } }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the status bench for the selected runtimes (`only`: names 'qjs', 'node'), printing as it goes. */
export async function statusBench(o: { rate: number; seconds: number; latencyMs: number; rounds: number; only: string[] }): Promise<void> {
  setLogLevel('error');
  const runtimes: (Runtime & { key: string })[] = [
    { key: 'qjs', name: 'qjs qmi4gd', argv: [process.env.QMI4G_BENCH_QMI4GD ?? routerExe('native')] },
    { key: 'node', name: 'node bundle', argv: [process.execPath, NODE_BUNDLE] },
  ];
  console.log(`status at ${o.rate}/s × ${o.seconds} s on the real ubusd (${UBUSD}); caller: ${CALLER === 'ucode' ? 'ucode + libubus, one call at a time (bench/status-client.uc)' : 'its own Node process (bench/status-client.ts)'}; floor: a constant-reply libubus object (ucode); simulated QMI modem latency ${o.latencyMs} ms; ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (goal: qmi4gd p99 ≤ 2 ms, 0 modem requests per call)`);
  for (const rt of runtimes) {
    if (!o.only.includes(rt.key)) continue;
    if (!fs.existsSync(rt.argv.at(-1)!)) { console.log(`  ${rt.name}: ${rt.argv.at(-1)} not built`); continue; }
    await benchRuntime(rt, o);
  }
}

if (require.main === module) {
  statusBench({ rate: Number(arg('rate', '200')), seconds: Number(arg('seconds', '5')), latencyMs: Number(arg('latency', '5')), rounds: Number(arg('rounds', '1')), only: arg('only', 'qjs,node').split(',') })
    .then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
}
