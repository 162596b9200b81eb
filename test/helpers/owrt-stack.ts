// The real OpenWrt stack for e2e tests and benches: real ubusd + netifd (owrt-env) in the router namespace, simulated modem, real DHCP, qmi4gd as procd runs it.
//
// Layout (see /work/shared/owrt/README.md for owrt-env):
//   carrier network (src/sim/carrier-network.ts): router netns with wwan0, carrier netns with dnsmasq.
//   a holder process: `owrt-env --run DIR/run --netns ROUTER -- sh holder.sh` sets up the mount
//     namespace once (OpenWrt files at their paths, /etc/config bound to DIR/config, the handlers
//     installed where the package Makefile installs them, a fake /sys/class/usbmisc) and sleeps.
//   ubusd, netifd and qmi4gd each run in that namespace through `nsenter -t HOLDER -m -n` as their
//     own process (so each can be killed and restarted alone, as procd would).
//   the simulator (node, this process) serves the pty DIR/cdc-wdm0; /tmp is shared with the namespace.
//
// Use (see test/helpers/owrt-suite.ts for withStack/ifupUntil; realTest() in owrt-env.ts skips without the tree):
//   const s = await startOwrtStack({ network: { broadband: { ifname: 'wwan0', proto: 'dhcp', auto: 0 },
//     wdm0: { proto: 'qmi4g', wdmif: '$DEVICE', wwanif: 'broadband', apn: 'internet', auto: 0 } } });
//   await s.ifup('wdm0');
//   await s.waitIface('broadband', (x) => (x['ipv4-address'] ?? []).length > 0, 'lease');
//   await s.restartDaemon('SIGKILL');          // procd's respawn after kill -9
//   await s.killNetifd(); await s.startNetifd(); // netifd restarted (re-runs setup of auto interfaces)
//   await s.close();
import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CarrierNetwork, createCarrierNetwork } from '../../src/sim/carrier-network';
import { MbimSimulator, QmiSimulator, Scenario, startMbimSimulator, startQmiSimulator } from '../../src/sim';
import { UbusClient } from '../../src/ubus/client';
import { waitFor } from '../../src/util/wait';
import { REPO, daemonCommand, owrtDir } from './owrt-env';
import { holderScript, uciNetwork, UciSections } from './owrt-files';

export { uciNetwork, type UciSections } from './owrt-files';

/** Options of startOwrtStack. */
export interface OwrtStackOptions<P extends 'qmi' | 'mbim' = 'qmi'> {
  /** The simulated modem: QMI (default) or MBIM. */
  protocol?: P;
  scenario?: Scenario;
  /** uci sections of /etc/config/network (loopback is added); `$DEVICE` in option values becomes the modem's pty path. */
  network?: UciSections;
  /** Fake sysfs inside the namespace: `/sys/class/usbmisc/{cdc-wdm0,N}/device/net/wwan0`, N the pty behind the port (default true). */
  usbmisc?: boolean;
  /** Start qmi4gd at once (default true); false: call startDaemon() later. */
  daemon?: boolean;
  /** Proto handlers to install: `qmi4g` (ours: qmi4g.sh, mbim.sh, qmi4g-common.sh; default) or `openwrt` (anchors/qmi.sh and mbim.sh). */
  handlers?: 'qmi4g' | 'openwrt';
  /** Extra options of `config qmi4g 'main'` in /etc/config/qmi4g (log_level is debug), e.g. liveness_interval. */
  qmi4gOptions?: Record<string, string>;
  /** Extra environment for qmi4gd (e.g. QMI4G_LOG_LEVEL). */
  daemonEnv?: Record<string, string>;
  /** netifd's log level (-l, default 3 = info: handler output is in netifdLog). */
  netifdLogLevel?: number;
}

/** netifd's `network.interface.NAME status` reply (openwrt/netifd interface.c), the fields tests read. */
export interface IfaceStatus {
  up: boolean; pending: boolean; available: boolean; autostart: boolean; proto: string;
  device?: string; l3_device?: string;
  'ipv4-address'?: { address: string; mask: number }[];
  route?: { target: string; mask: number; nexthop: string }[];
  'dns-server'?: string[];
  data?: Record<string, unknown>;
  errors?: { subsystem: string; code: string; data?: string[] }[];
  [k: string]: unknown;
}

/** A `qmi4g.state` event. */
export interface StateEvent { state: string; error: string; reason: string }

/** A running stack; every method rejects with an Error naming what failed or timed out. */
export interface OwrtStack<P extends 'qmi' | 'mbim' = 'qmi'> {
  dir: string;
  /** Host path of ubusd's socket (`/var/run/ubus/ubus.sock` inside). */
  socketPath: string;
  /** The modem's control port (a pty link; the same path inside the namespace). */
  devicePath: string;
  /** Host directory bound on /etc/config inside (network, qmi4g). */
  configDir: string;
  /** qmi4gd's --state-dir. */
  stateDir: string;
  sim: P extends 'mbim' ? MbimSimulator : QmiSimulator;
  net: CarrierNetwork;
  /** This process's own ubus client on the real ubusd. */
  client: UbusClient;
  /** qmi4gd's stderr lines (all daemon runs). */
  daemonLog: string[];
  /** netifd's stderr lines (-S), including proto handler output. */
  netifdLog: string[];
  /** The daemon process, when running. */
  daemon?: ChildProcess;
  /** `ubus call network.interface.NAME up` — netifd's own ifup. */
  ifup(name: string): Promise<void>;
  /** `ubus call network.interface.NAME down`. */
  ifdown(name: string): Promise<void>;
  /** `ubus call network.interface.NAME status`. */
  ifstatus(name: string): Promise<IfaceStatus>;
  /** Resolves with the status once `pred` holds; re-checks on every netifd/qmi4g event and every 200 ms; rejects after timeoutMs (default 20 s). */
  waitIface(name: string, pred: (s: IfaceStatus) => boolean, what: string, timeoutMs?: number): Promise<IfaceStatus>;
  /**
   * Next `qmi4g.state` event of `iface` matching `pred`; rejects after timeoutMs (default 20 s).
   * Call it before causing the change and await `.ready` (the listener is registered with ubusd).
   */
  waitState(iface: string, pred: (s: StateEvent) => boolean, timeoutMs?: number): Promise<StateEvent> & { ready: Promise<void> };
  /** Runs a command inside the namespace (argv, no shell); resolves with exit status and output. */
  exec(argv: string[], timeoutMs?: number): Promise<{ status: number; stdout: string; stderr: string }>;
  /** Starts a long-running command inside the namespace (e.g. `ubus listen`); stdout/stderr piped; the caller kills it (close() does too). */
  spawnInside(argv: string[]): ChildProcess;
  /** `qmi4g ARGS` through the installed CLI wrapper inside the namespace. */
  qmi4g(args: string[]): Promise<{ status: number; stdout: string; stderr: string }>;
  /** Rewrites /etc/config/network and runs `ubus call network reload`. */
  writeNetwork(sections: UciSections): Promise<void>;
  /** Starts qmi4gd (as procd: `qmi4gd daemon --ubus-socket … --config-dir /etc/config --state-dir …`); resolves once it serves `qmi4g`. */
  startDaemon(): Promise<void>;
  /** Kills qmi4gd with `signal` (default SIGKILL) and waits for its exit and its object leaving ubus. */
  killDaemon(signal?: NodeJS.Signals): Promise<void>;
  /** killDaemon + startDaemon (procd's respawn). */
  restartDaemon(signal?: NodeJS.Signals): Promise<void>;
  /** Starts netifd; resolves once `network` is on ubus. */
  startNetifd(): Promise<void>;
  /** Kills netifd with `signal` (default SIGTERM) and waits for its exit. */
  killNetifd(signal?: NodeJS.Signals): Promise<void>;
  /** Kills ubusd and starts a new one (netifd and qmi4gd reconnect by themselves); `client` is a new connection afterwards. */
  restartUbusd(): Promise<void>;
  /** The running netifd's pid (host pid namespace; e.g. for strace). */
  netifdPid(): number;
  /** Ends everything: daemon, netifd, ubusd, namespace holder, simulator, network namespaces, temp files. */
  close(): Promise<void>;
}

const PATH_INSIDE = '/usr/sbin:/usr/bin:/sbin:/bin';

function exited(c: ChildProcess): boolean { return c.exitCode !== null || c.signalCode !== null; }
/** Sends `sig`, and SIGKILL if the process is still there after `graceMs` (netifd may hang tearing down); resolves on exit. */
function stop(c: ChildProcess | undefined, sig: NodeJS.Signals, graceMs = 3000): Promise<void> {
  return new Promise((r) => {
    if (!c || exited(c)) { r(); return; }
    const t = setTimeout(() => c.kill('SIGKILL'), graceMs);
    c.once('exit', () => { clearTimeout(t); r(); });
    c.kill(sig);
  });
}

/**
 * Starts the stack (see the file header). Throws when owrt-env, the namespaces, ubusd, netifd or
 * the daemon do not come up (the message says which, with netifd's/the daemon's last log lines).
 */
export async function startOwrtStack<P extends 'qmi' | 'mbim' = 'qmi'>(o: OwrtStackOptions<P> = {}): Promise<OwrtStack<P>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qmi4g-owrt-'));
  const runDir = path.join(dir, 'run');
  const configDir = path.join(dir, 'config');
  const stateDir = path.join(dir, 'state');
  const devicePath = path.join(dir, 'cdc-wdm0');
  const socketPath = path.join(runDir, 'ubus', 'ubus.sock');
  fs.mkdirSync(configDir, { recursive: true });
  const q4 = { log_level: 'debug', ...o.qmi4gOptions };
  fs.writeFileSync(path.join(configDir, 'qmi4g'), `config qmi4g 'main'\n${Object.entries(q4).map(([k, v]) => `\toption ${k} '${v}'\n`).join('')}`);
  let sections: UciSections = {};
  const writeNet = (s: UciSections) => { sections = { loopback: {}, ...s }; fs.writeFileSync(path.join(configDir, 'network'), uciNetwork(s, devicePath)); };
  writeNet(o.network ?? {});
  const cleanups: (() => Promise<void> | void)[] = [() => fs.rmSync(dir, { recursive: true, force: true })];
  const close = async () => { for (const c of cleanups.splice(0).reverse()) { try { await c(); } catch { /* best effort */ } } };
  const daemonLog: string[] = [];
  const netifdLog: string[] = [];
  try {
    const net = createCarrierNetwork();
    cleanups.push(() => net.destroy());
    net.setCarrier(false);

    // The namespace holder.
    const script = path.join(dir, 'holder.sh');
    fs.writeFileSync(script, holderScript({ dir, repo: REPO, daemon: daemonCommand(), handlers: o.handlers ?? 'qmi4g', usbmisc: o.usbmisc !== false }));
    const holder = spawn(path.join(owrtDir(), 'bin', 'owrt-env'), ['--run', runDir, '--netns', net.routerNs, '--', 'sh', script], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let holderErr = '';
    holder.stderr!.setEncoding('utf8').on('data', (d: string) => { holderErr += d; });
    cleanups.push(() => stop(holder, 'SIGTERM'));
    const holderPid = await waitFor<number>('owrt-env namespace', (done, fail) => {
      const t = setInterval(() => {
        const f = path.join(dir, 'holder.pid');
        if (fs.existsSync(path.join(dir, 'ready'))) done(Number(fs.readFileSync(f, 'utf8')));
      }, 20);
      holder.once('exit', (c) => fail(new Error(`owrt-env exited ${c}: ${holderErr.trim()}`)));
      return () => clearInterval(t);
    }, { timeoutMs: 15_000 });
    if (!Number.isInteger(holderPid) || holderPid <= 1) throw new Error(`owrt-env holder: bad pid ${holderPid}`);
    cleanups.push(() => { try { process.kill(holderPid, 'SIGTERM'); } catch { /* gone */ } });

    const inside = (argv: string[], env: Record<string, string> = {}) => spawn('nsenter', ['-t', String(holderPid), '-m', '-n', '--', ...argv],
      { env: { ...process.env, PATH: `${PATH_INSIDE}:${process.env.PATH ?? ''}`, OWRT_ENV_DIR: owrtDir(), ...env }, stdio: ['ignore', 'pipe', 'pipe'],
        // its own process group, as procd starts services: netifd signals its group when it stops
        detached: true });
    const collect = (c: ChildProcess, sink: string[]) => {
      for (const s of [c.stdout!, c.stderr!]) s.setEncoding('utf8').on('data', (d: string) => sink.push(...d.split('\n').filter(Boolean)));
    };

    let ubusd = inside(['ubusd']);
    collect(ubusd, netifdLog);
    cleanups.push(() => stop(ubusd, 'SIGTERM'));
    let client = await connectWhenReady(socketPath, ubusd);
    cleanups.push(() => client.close());

    const objectAdded = (name: string, timeoutMs: number) => waitFor<void>(`${name} on ubus`, (done) => {
      let l: { close(): Promise<void> } | undefined; let gone = false;
      void client.listen('ubus.object.add', (_e, d) => { if (d.path === name) done(); }).then((x) => { l = x; if (gone) void x.close().catch(() => undefined); }, () => undefined);
      const t = setInterval(() => { void client.lookup(name).then((r) => { if (r.length) done(); }, () => undefined); }, 100);
      return () => { gone = true; clearInterval(t); void l?.close().catch(() => undefined); };
    }, { timeoutMs });

    let netifd: ChildProcess | undefined;
    const startNetifd = async () => {
      const n = inside(['netifd', '-S', '-l', String(o.netifdLogLevel ?? 3), '-r', path.join(dir, 'resolv.conf.auto'), '-h', '/bin/true']);
      collect(n, netifdLog);
      netifd = n;
      cleanups.push(() => stop(n, 'SIGTERM'));
      // `network` comes first; the interfaces once the proto handlers are loaded and the config read.
      const names = ['network', ...Object.keys(sections).map((n) => `network.interface.${n}`)];
      await Promise.all(names.map((n) => objectAdded(n, 15_000))).catch((e) => { throw new Error(`${(e as Error).message}; netifd: ${netifdLog.slice(-5).join(' | ')}`); });
    };
    await startNetifd();

    const simOpts = { path: devicePath, scenario: o.scenario };
    const sim: QmiSimulator | MbimSimulator = o.protocol === 'mbim' ? await startMbimSimulator(simOpts) : await startQmiSimulator(simOpts);
    cleanups.push(() => sim.close());
    sim.model.on('session', () => net.setCarrier(sim.model.listSessions().length > 0));

    const stack: OwrtStack<P> = {
      dir, socketPath, devicePath, configDir, stateDir, sim: sim as OwrtStack<P>['sim'], net, daemonLog, netifdLog, close,
      get client() { return client; },
      restartUbusd: async () => {
        client.close();
        await stop(ubusd, 'SIGTERM');
        fs.rmSync(socketPath, { force: true });
        const u = inside(['ubusd']);
        collect(u, netifdLog);
        ubusd = u;
        cleanups.push(() => stop(u, 'SIGTERM'));
        client = await connectWhenReady(socketPath, u);
        cleanups.push(() => client.close());
      },
      ifup: async (name) => { await client.call(`network.interface.${name}`, 'up', {}); },
      ifdown: async (name) => { await client.call(`network.interface.${name}`, 'down', {}); },
      ifstatus: async (name) => (await client.call(`network.interface.${name}`, 'status', {})) as unknown as IfaceStatus,
      waitIface: (name, pred, what, timeoutMs = 20_000) => waitFor<IfaceStatus>(`${name}: ${what}`, (done) => {
        let busy = false; let gone = false; let l: { close(): Promise<void> } | undefined;
        const check = () => {
          if (busy || gone) return; busy = true;
          stack.ifstatus(name).then((s) => { busy = false; if (pred(s)) done(s); }, () => { busy = false; });
        };
        void client.listen(['network.interface', 'qmi4g.state'], check).then((x) => { l = x; if (gone) void x.close().catch(() => undefined); }, () => undefined);
        const t = setInterval(check, 200);
        check();
        return () => { gone = true; clearInterval(t); void l?.close().catch(() => undefined); };
      }, { timeoutMs }).catch(async (e) => {
        const last = await stack.ifstatus(name).catch(() => undefined);
        throw new Error(`${(e as Error).message}; last status ${JSON.stringify(last)}; netifd: ${netifdLog.slice(-6).join(' | ')}`);
      }),
      waitState: (iface, pred, timeoutMs = 20_000) => {
        let armed!: () => void;
        const ready = new Promise<void>((r) => { armed = r; });
        const p = waitFor<StateEvent>(`qmi4g.state ${iface}`, (done) => {
          let l: { close(): Promise<void> } | undefined; let gone = false;
          client.listen('qmi4g.state', (_e, d) => {
            const s = { state: String(d.state), error: String(d.error ?? ''), reason: String(d.reason ?? '') };
            if (d.interface === iface && pred(s)) done(s);
          }).then((x) => { l = x; armed(); if (gone) void x.close().catch(() => undefined); }, () => armed());
          return () => { gone = true; void l?.close().catch(() => undefined); };
        }, { timeoutMs });
        return Object.assign(p, { ready });
      },
      exec: (argv, timeoutMs = 20_000) => new Promise((resolve) => {
        execFile('nsenter', ['-t', String(holderPid), '-m', '-n', '--', ...argv], { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, PATH: `${PATH_INSIDE}:${process.env.PATH ?? ''}` } },
          (err, stdout, stderr) => resolve({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
      }),
      spawnInside: (argv) => { const c = inside(argv); cleanups.push(() => stop(c, 'SIGTERM')); return c; },
      qmi4g: (args) => stack.exec(['/usr/bin/qmi4g', ...args]),
      writeNetwork: async (s) => {
        const added = Object.keys(s).filter((n) => !(n in sections)).map((n) => objectAdded(`network.interface.${n}`, 10_000));
        writeNet(s);
        await client.call('network', 'reload', {});
        await Promise.all(added);
      },
      startDaemon: async () => {
        if (stack.daemon && !exited(stack.daemon)) throw new Error('qmi4gd already running');
        const served = objectAdded('qmi4g', 15_000);
        const d = inside([...daemonCommand(), 'daemon', '--ubus-socket', '/var/run/ubus/ubus.sock', '--config-dir', '/etc/config', '--state-dir', stateDir], o.daemonEnv);
        collect(d, daemonLog);
        d.once('exit', (code, sig) => daemonLog.push(`(qmi4gd pid ${d.pid} exited: ${sig ?? code})`));
        stack.daemon = d;
        cleanups.push(() => stop(d, 'SIGTERM'));
        await served.catch((e) => { throw new Error(`${(e as Error).message}; qmi4gd: ${daemonLog.slice(-5).join(' | ')}`); });
      },
      killDaemon: async (sig = 'SIGKILL') => {
        const d = stack.daemon;
        if (!d || exited(d)) return;
        const removed = waitFor<void>('qmi4g off ubus', (done) => {
          const t = setInterval(() => { void client.lookup('qmi4g').then((r) => { if (!r.length) done(); }, () => done()); }, 50);
          return () => clearInterval(t);
        }, { timeoutMs: 10_000 });
        await stop(d, sig);
        await removed;
        stack.daemon = undefined;
      },
      restartDaemon: async (sig = 'SIGKILL') => { await stack.killDaemon(sig); await stack.startDaemon(); },
      startNetifd,
      killNetifd: async (sig = 'SIGTERM') => { await stop(netifd, sig); },
      netifdPid: () => netifd?.pid ?? 0,
    };
    if (o.usbmisc !== false) {
      // OpenWrt's qmi.sh/mbim.sh look up the realpath of the port (here /dev/pts/N): that name too.
      const pts = path.basename(fs.realpathSync(devicePath));
      const r = await stack.exec(['mkdir', '-p', `/sys/class/usbmisc/${pts}/device/net/wwan0`]);
      if (r.status !== 0) throw new Error(`fake sysfs for ${pts}: ${r.stderr}`);
    }
    if (o.daemon !== false) await stack.startDaemon();
    return stack;
  } catch (e) {
    await close();
    throw e;
  }
}

/** Connects a UbusClient once ubusd's socket accepts (retrying every 20 ms, at most 10 s). */
async function connectWhenReady(socketPath: string, ubusd: ChildProcess): Promise<UbusClient> {
  const t0 = Date.now();
  for (;;) {
    if (exited(ubusd)) throw new Error(`ubusd exited (${ubusd.exitCode ?? ubusd.signalCode})`);
    if (fs.existsSync(socketPath)) {
      try { return await UbusClient.connect({ socketPath, reconnect: false }); } catch { /* not listening yet */ }
    }
    if (Date.now() - t0 > 10_000) throw new Error(`ubusd socket ${socketPath}: not ready after 10 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
