// Benchmark: `ubus call qmi4g status` at a fixed rate against OpenWrt's real ubusd, a connected simulated QMI modem, and modem requests per call (figures, not assertions).
//   npx tsx bench/status.ts [--rate 200] [--seconds 10] [--latency 5] [--in-process]
// Default: the daemon is the bundle (dist/qmi4g.js, `npm run build`) in its own process as procd runs it;
// --in-process: the daemon shares this process with the simulator and the caller.
// QMI4G_BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=DIR' passes node options to the daemon process (profiling).
// Needs the OpenWrt tree (QMI4G_OWRT or ../shared/owrt) for root/usr/sbin/ubusd, and socat.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Qmi4gDaemon } from '../src/daemon/daemon';
import { addQmi4gObject } from '../src/daemon/ubus-object';
import { createLogger, setLogLevel } from '../src/log';
import { startQmiSimulator } from '../src/sim';
import { NetifdStandIn } from '../src/sim/netifd-stand-in';
import { UbusClient } from '../src/ubus/client';
import { waitFor } from '../src/util/wait';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const rate = arg('rate', 200);
  const seconds = arg('seconds', 10);
  const latencyMs = arg('latency', 5);
  const owrt = path.resolve(process.env.QMI4G_OWRT ?? path.join(__dirname, '../../shared/owrt'));
  const ubusdBin = path.join(owrt, 'root/usr/sbin/ubusd');
  if (!fs.existsSync(ubusdBin)) throw new Error(`no ubusd at ${ubusdBin} (set QMI4G_OWRT)`);
  setLogLevel('error');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qmi4g-bench-status-'));
  const sock = path.join(dir, 'ubus.sock');
  const ubusd = spawn(ubusdBin, ['-s', sock], { stdio: 'ignore' });
  const cleanups: (() => Promise<void> | void)[] = [() => { ubusd.kill('SIGTERM'); }, () => fs.rmSync(dir, { recursive: true, force: true })];
  try {
    await waitFor<void>('ubusd socket', (done) => { const t = setInterval(() => { if (fs.existsSync(sock)) done(); }, 20); return () => clearInterval(t); }, { timeoutMs: 5000 });
    const sysfs = path.join(dir, 'sys');
    fs.mkdirSync(path.join(sysfs, 'class', 'usbmisc', 'cdc-wdm0', 'device', 'net', 'wwan0'), { recursive: true });
    process.env.QMI4G_SYSFS_ROOT = sysfs;
    const sim = await startQmiSimulator({ path: path.join(dir, 'cdc-wdm0'), scenario: { latencyMs, registration: { delayMs: 0 } } });
    cleanups.unshift(() => sim.close());
    const netifdClient = await UbusClient.connect({ socketPath: sock, reconnect: false });
    const netifd = new NetifdStandIn(netifdClient, sock, path.join(__dirname, '../dist/qmi4g.js'));
    await netifd.start([]);
    cleanups.unshift(() => { netifd.dispose(); netifdClient.close(); });
    const inProcess = process.argv.includes('--in-process');
    if (inProcess) {
      const dclient = await UbusClient.connect({ socketPath: sock, reconnect: false });
      const daemon = new Qmi4gDaemon(dclient, { log: createLogger('qmi4gd'), stateDir: path.join(dir, 'state') });
      await addQmi4gObject(dclient, daemon);
      cleanups.unshift(async () => { await daemon.shutdown(); dclient.close(); });
    } else {
      const bundle = path.join(__dirname, '../dist/qmi4g.js');
      const child: ChildProcess = spawn(process.execPath, [...(process.env.QMI4G_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), bundle, 'daemon', '--ubus-socket', sock, '--config-dir', path.join(dir, 'etc'), '--state-dir', path.join(dir, 'state'), '--run-dir', path.join(dir, 'run')],
        { env: { ...process.env, QMI4G_SYSFS_ROOT: sysfs }, stdio: 'ignore' });
      cleanups.unshift(() => new Promise<void>((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); setTimeout(r, 3000); }));
    }
    const caller = await UbusClient.connect({ socketPath: sock, reconnect: false });
    cleanups.unshift(() => caller.close());
    await waitFor<void>('qmi4g on ubus', (done) => {
      const t = setInterval(() => { void caller.lookup('qmi4g').then((l) => { if (l.length) done(); }, () => undefined); }, 100);
      return () => clearInterval(t);
    }, { timeoutMs: 15_000 });
    await caller.call('qmi4g', 'up', { interface: 'wdm0', config: { wdmif: sim.path, apn: 'internet', dhcp: '0', pdptype: 'ipv4v6' } });
    await waitFor<void>('connected', (done) => {
      const t = setInterval(() => { void caller.call('qmi4g', 'status', { interface: 'wdm0' }).then((s) => { if (s?.state === 'connected') done(); }); }, 100);
      return () => clearInterval(t);
    }, { timeoutMs: 20_000 });
    await caller.call('qmi4g', 'status', { interface: 'wdm0' });
    // Paced calls: one every 1000/rate ms, each timed on its own (open loop, as many LuCI tabs and scripts would).
    const lat: number[] = [];
    const before = sim.stats.roundTrips;
    const calls = Math.round(rate * seconds);
    const t0 = performance.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < calls; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const s = performance.now();
      pending.push(caller.call('qmi4g', 'status', { interface: 'wdm0' }, { timeoutMs: 5000 }).then(() => { lat.push(performance.now() - s); }));
    }
    await Promise.all(pending);
    const elapsed = (performance.now() - t0) / 1000;
    const requests = sim.stats.roundTrips - before;
    lat.sort((a, b) => a - b);
    console.log(`status bench: real ubusd (${ubusdBin}), daemon ${inProcess ? 'in this process' : 'as its own process (bundle)'}, simulated QMI modem (latency ${latencyMs} ms), node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg()[0].toFixed(1)}`);
    console.log(`${calls} calls at ${rate}/s target, ${(calls / elapsed).toFixed(0)}/s achieved over ${elapsed.toFixed(1)} s`);
    console.log(`latency p50 ${percentile(lat, 50).toFixed(2)} ms, p99 ${percentile(lat, 99).toFixed(2)} ms, max ${lat[lat.length - 1].toFixed(2)} ms`);
    console.log(`modem requests: ${requests} in total, ${(requests / calls).toFixed(3)} per call (counters at most once a second)`);
  } finally {
    for (const c of cleanups) { try { await c(); } catch { /* best effort */ } }
  }
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
