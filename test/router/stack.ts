// The router stack on one machine, for the qmi4gd smoke tests and bench/runtime.ts: the real
// OpenWrt ubusd (QMI4G_OWRT, default ../shared/owrt: its binaries run on the host through their
// rpath), N simulated QMI modems (`node dist/qmi4g.js sim --qmi PATH`, each a pty with a sysfs
// entry naming its wwanN), a netifd stand-in answering the daemon's network.interface.* calls on
// that ubusd, and the daemon under test started from an argv — qmi4gd natively, under
// qemu-mipsel, or the Node bundle — as procd would start it.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NetifdStandIn } from '../../src/sim/netifd-stand-in';
import { UbusClient } from '../../src/ubus/client';

export const ROOT = path.resolve(__dirname, '../..');
export const NODE_BUNDLE = path.join(ROOT, 'dist/qmi4g.js');
export const OWRT = path.resolve(ROOT, process.env.QMI4G_OWRT ?? '../shared/owrt');
export const UBUSD = path.join(OWRT, 'root/usr/sbin/ubusd');
export const UBUS = path.join(OWRT, 'root/usr/bin/ubus');

/** argv that runs executable `exe` built for `target` on this machine (qemu-user for MIPS). */
export function runnerFor(target: 'native' | 'mipsel' | 'mips', exe: string): string[] {
  return target === 'native' ? [exe] : [`qemu-${target}`, '-L', `/usr/${target}-linux-gnu`, exe];
}

/** The executable of `npm run build:router` for a target. */
export function routerExe(target: 'native' | 'mipsel' | 'mips'): string {
  return path.join(ROOT, 'dist', target === 'native' ? 'router' : `router-${target}`, 'qmi4gd');
}

export interface Stack {
  dir: string;
  socketPath: string;
  /** Control port paths of the simulated modems (cdc-wdm0…). */
  ports: string[];
  client: UbusClient;
  netifd: NetifdStandIn;
  daemon: ChildProcess;
  daemonLog: string[];
  /** ms from spawning the daemon to `qmi4g` being listed on ubusd (ubus.object.add seen); the stack is returned once the daemon also logged that it serves it. */
  startMs: number;
  /** Runs the real `ubus` CLI against this ubusd: exit status and stdout. */
  ubus(...args: string[]): { status: number | null; stdout: string; stderr: string };
  /** Waits for qmi4g.state of `iface` to reach `state` (event), rejecting after timeoutMs. */
  waitState(iface: string, state: string, timeoutMs?: number): Promise<void>;
  /** The daemon's resident set size, kB (VmRSS of /proc/PID/status; for qemu-user, qemu's own). */
  rssKb(): number;
  close(): Promise<void>;
}

/** How long a child may take to exit after SIGTERM before it is killed, ms. */
const STOP_TIMEOUT_MS = 10_000;
/** Commands that did not exit on SIGTERM within STOP_TIMEOUT_MS (the tests check the daemon is not among them). */
export const stuck: string[] = [];

function waitChild(c: ChildProcess): Promise<void> {
  return new Promise((r) => { if (c.exitCode !== null || c.signalCode !== null) r(); else c.once('exit', () => r()); });
}

/** Waits for `file` to exist, up to timeoutMs (fs.watch on its directory: no polling loop). */
function waitForFile(file: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // Watch first, then look: a file made between a look and the watch would never be seen.
    const done = () => { clearTimeout(t); w.close(); resolve(); };
    const w = fs.watch(path.dirname(file), () => { if (fs.existsSync(file)) done(); });
    const t = setTimeout(() => { w.close(); reject(new Error(`${file} did not appear in ${timeoutMs} ms`)); }, timeoutMs);
    if (fs.existsSync(file)) done();
  });
}

/**
 * Starts ubusd, `modems` simulators and the netifd stand-in, then the daemon from `daemonArgv`
 * (with `daemon --ubus-socket … --config-dir … --state-dir …` appended) and resolves once `qmi4g`
 * is listed. Throws (after undoing everything) when a part does not come up in time.
 */
export async function startStack(daemonArgv: string[], opts: { modems?: number; startTimeoutMs?: number } = {}): Promise<Stack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qmi4g-router-'));
  const socketPath = path.join(dir, 'ubus.sock');
  const sysfs = path.join(dir, 'sys');
  const procs: ChildProcess[] = [];
  const cleanups: (() => Promise<void> | void)[] = [() => fs.rmSync(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const c of cleanups.reverse()) { try { await c(); } catch { /* best effort */ } }
  };
  const startChild = (argv: string[], env?: NodeJS.ProcessEnv) => {
    const c = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    procs.push(c);
    cleanups.push(async () => {
      if (c.exitCode !== null || c.signalCode !== null) return;
      c.kill('SIGTERM');
      // a process that ignores SIGTERM is noted and killed, so a run never hangs on it
      const t = setTimeout(() => { stuck.push(argv.join(' ')); c.kill('SIGKILL'); }, STOP_TIMEOUT_MS);
      await waitChild(c);
      clearTimeout(t);
    });
    return c;
  };
  try {
    startChild([UBUSD, '-s', socketPath]);
    await waitForFile(socketPath, 5000);
    const ports: string[] = [];
    for (let i = 0; i < (opts.modems ?? 1); i++) {
      const port = path.join(dir, `cdc-wdm${i}`);
      fs.mkdirSync(path.join(sysfs, 'class', 'usbmisc', `cdc-wdm${i}`, 'device', 'net', `wwan${i}`), { recursive: true });
      startChild([process.execPath, NODE_BUNDLE, 'sim', '--qmi', port]);
      ports.push(port);
    }
    for (const p of ports) await waitForFile(p, 10_000);
    const client = await UbusClient.connect({ socketPath, reconnect: false });
    cleanups.push(() => client.close());
    const netifd = new NetifdStandIn(client, socketPath, NODE_BUNDLE);
    cleanups.push(() => netifd.dispose());
    // netifd knows wdm0…wdmN-1 as proto qmi4g (the daemon's up/down act only on its own protos)
    await netifd.start([], Object.fromEntries(ports.map((_, i) => [`wdm${i}`, 'qmi4g'])));
    // one qmi4g.state subscription for the stack's life; waitState() registers waiters on it
    const waiters = new Set<{ iface: string; state: string; resolve(): void }>();
    const states = await client.listen('qmi4g.state', (_e, d) => {
      for (const w of [...waiters]) if (d.interface === w.iface && d.state === w.state) w.resolve();
    });
    cleanups.push(() => states.close());
    let listed!: () => void;
    const isListed = new Promise<void>((r) => { listed = r; });
    const l = await client.listen('ubus.object.add', (_e, d) => { if (d.path === 'qmi4g') listed(); });
    const t0 = performance.now();
    const daemonLog: string[] = [];
    const daemon = startChild([...daemonArgv, 'daemon', '--ubus-socket', socketPath, '--config-dir', path.join(dir, 'etc'), '--state-dir', path.join(dir, 'state')],
      { ...process.env, QMI4G_SYSFS_ROOT: sysfs });
    daemon.stderr!.setEncoding('utf8').on('data', (d: string) => daemonLog.push(...d.split('\n').filter(Boolean)));
    const exited = new Promise<never>((_, rej) => daemon.once('exit', (code, sig) => rej(new Error(`daemon exited (${code ?? sig}) before serving qmi4g:\n${daemonLog.join('\n')}`))));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, rej) => { timer = setTimeout(() => rej(new Error(`qmi4g not listed within ${opts.startTimeoutMs ?? 15000} ms:\n${daemonLog.join('\n')}`)), opts.startTimeoutMs ?? 15000); });
    try {
      await Promise.race([isListed, exited, timeout]);
    } finally {
      clearTimeout(timer);
      exited.catch(() => undefined);
    }
    const startMs = performance.now() - t0;
    await l.close();
    // Ready only once the daemon says it serves the object: an INVOKE that ubusd forwards in the same
    // read as the ADD_OBJECT reply is answered NOT_FOUND by src/ubus/client.ts (it maps the object id
    // after the reply's promise continuation) — seen here as `up` failing right after the add event.
    const serving = () => daemonLog.some((x) => x.includes('serving ubus object qmi4g'));
    if (!serving()) {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no "serving ubus object qmi4g" line:\n${daemonLog.join('\n')}`)), opts.startTimeoutMs ?? 15000);
        const onData = () => { if (serving()) { clearTimeout(t); daemon.stderr!.off('data', onData); resolve(); } };
        daemon.stderr!.on('data', onData);
      });
    }
    const stack: Stack = {
      dir, socketPath, ports, client, netifd, daemon, daemonLog, startMs, close,
      ubus: (...args) => {
        const r = spawnSync(UBUS, ['-s', socketPath, ...args], { encoding: 'utf8', timeout: 30_000 });
        return { status: r.status, stdout: r.stdout, stderr: r.stderr };
      },
      waitState: (iface, state, timeoutMs = 20_000) => new Promise<void>((resolve, reject) => {
        const w = { iface, state, resolve: () => { clearTimeout(t); waiters.delete(w); resolve(); } };
        const t = setTimeout(() => { waiters.delete(w); reject(new Error(`${iface} not ${state} within ${timeoutMs} ms:\n${daemonLog.slice(-20).join('\n')}`)); }, timeoutMs);
        waiters.add(w);
      }),
      rssKb: () => {
        const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${daemon.pid}/status`, 'utf8'));
        return m ? Number(m[1]) : NaN;
      },
    };
    return stack;
  } catch (e) {
    await close();
    throw e;
  }
}
