// The whole main job on one machine: broker, simulated modem, netifd stand-in, daemon, optional real DHCP (demo, e2e, bench).
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Qmi4gDaemon } from '../daemon/daemon';
import { addQmi4gObject } from '../daemon/ubus-object';
import { readRawIp } from '../device/sysfs';
import { Logger, silentLogger } from '../log';
import { UbusClient } from '../ubus/client';
import { UbusBroker, startBroker } from '../ubus/broker';
import { waitFor } from '../util/wait';
import type { SessionConfig } from '../session/session-types';
import { CarrierNetwork, Lease, createCarrierNetwork } from './carrier-network';
import { NetifdStandIn } from './netifd-stand-in';
import { MbimSimulator, QmiSimulator, Scenario, startMbimSimulator, startQmiSimulator } from './index';

/** The modem protocol a harness simulates; its simulator type. */
export type HarnessProtocol = 'qmi' | 'mbim';
export type SimulatorOf<P extends HarnessProtocol> = P extends 'mbim' ? MbimSimulator : QmiSimulator;

/** Harness options. `daemon: 'child'` runs the bundle as its own process, as procd would. */
export interface HarnessOptions<P extends HarnessProtocol = 'qmi'> {
  scenario?: Scenario;
  /** Simulated modem and proto handler: `qmi` (qmi4g.sh, default) or `mbim` (mbim.sh, MBIM simulator). */
  protocol?: P;
  /** Real DHCP through network namespaces (root only). */
  netns?: boolean;
  daemon?: 'in-process' | 'child';
  /** The bundle (dist/qmi4g.js) for the handler's ubus shim and a child daemon. */
  bundle: string;
  /** uci interfaces the stand-in netifd knows (for `wwanif`). */
  wwanifs?: string[];
  log?: Logger;
  /** Per-interface registration grace, ms (in-process daemon). */
  registrationGraceMs?: number;
  /** In-process daemon: its ubus client reconnects after a broker restart, as the real daemon's does. */
  ubusReconnect?: boolean;
  /** In-process daemon: session settings beyond the uci options (e.g. liveness period). */
  sessionOverrides?: Partial<SessionConfig>;
}

/** A running harness; close() undoes everything (namespaces, processes, temp files). */
export interface Harness<P extends HarnessProtocol = 'qmi'> {
  dir: string;
  socketPath: string;
  devicePath: string;
  sysfsRoot: string;
  sim: SimulatorOf<P>;
  broker: UbusBroker;
  /** A ubus client for the test/demo itself. */
  client: UbusClient;
  netifd: NetifdStandIn;
  net?: CarrierNetwork;
  daemon?: Qmi4gDaemon;
  child?: ChildProcess;
  /** Leases obtained by the DHCP client runs, in order. */
  leases: Lease[];
  /** Waits for a `qmi4g.state` event of `iface` matching `pred`; rejects after timeoutMs. */
  waitState(iface: string, pred: (s: { state: string; error: string; reason: string }) => boolean, timeoutMs?: number): Promise<{ state: string; error: string; reason: string }>;
  /** Resolves with the next lease (DHCP run after ifup/add_dynamic). */
  nextLease(timeoutMs?: number): Promise<Lease>;
  /** Runs the proto handler as netifd does. */
  handler(action: 'setup' | 'teardown', iface: string, config: Record<string, unknown>): Promise<{ status: number | null; output: string }>;
  /** Daemon log lines (child daemon's stderr). */
  daemonLog: string[];
  /** Child daemon only: kills it with `signal` (procd would respawn it), starts a new one, resolves once it serves `qmi4g`. */
  restartDaemon(signal?: NodeJS.Signals): Promise<void>;
  close(): Promise<void>;
}

/** Path of the proto handler shipped next to the bundle in this repository. */
export function handlerPath(bundle: string, protocol: HarnessProtocol = 'qmi'): string {
  return path.resolve(path.dirname(bundle), '..', 'netifd-proto', protocol === 'mbim' ? 'mbim.sh' : 'qmi4g.sh');
}

/** Starts everything; see Harness. Throws when socat/the pty or (with netns) namespaces cannot be made. */
export async function startHarness<P extends HarnessProtocol = 'qmi'>(o: HarnessOptions<P>): Promise<Harness<P>> {
  const log = o.log ?? silentLogger;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qmi4g-harness-'));
  const socketPath = path.join(dir, 'ubus.sock');
  const devicePath = path.join(dir, 'cdc-wdm0');
  const sysfsRoot = path.join(dir, 'sys');
  fs.mkdirSync(path.join(sysfsRoot, 'class', 'usbmisc', 'cdc-wdm0', 'device', 'net', 'wwan0'), { recursive: true });
  // qmi_wwan's raw_ip attribute, N after probe (Linux drivers/net/usb/qmi_wwan.c); cdc_mbim has none.
  const rawIpFile = path.join(sysfsRoot, 'class', 'net', 'wwan0', 'qmi', 'raw_ip');
  if (o.protocol !== 'mbim') { fs.mkdirSync(path.dirname(rawIpFile), { recursive: true }); fs.writeFileSync(rawIpFile, 'N\n'); }
  const cleanups: (() => Promise<void> | void)[] = [() => fs.rmSync(dir, { recursive: true, force: true })];
  const close = async () => { for (const c of cleanups.reverse()) { try { await c(); } catch (e) { log.debug(`cleanup: ${(e as Error).message}`); } } };
  try {
    const broker = await startBroker(socketPath);
    cleanups.push(() => broker.close());
    const client = await UbusClient.connect({ socketPath, reconnect: false });
    cleanups.push(() => client.close());
    const netifd = new NetifdStandIn(client, socketPath, o.bundle);
    cleanups.push(() => netifd.dispose());
    await netifd.start(o.wwanifs ?? ['broadband']);
    const leases: Lease[] = [];
    let net: CarrierNetwork | undefined;
    if (o.netns) {
      net = createCarrierNetwork();
      cleanups.push(() => net!.destroy());
      net.setCarrier(false);
    }
    const simOpts = { path: devicePath, scenario: o.scenario, log: log.child('sim') };
    const sim: QmiSimulator | MbimSimulator = o.protocol === 'mbim' ? await startMbimSimulator(simOpts) : await startQmiSimulator(simOpts);
    cleanups.push(() => sim.close());
    if (net) {
      const carrier = net;
      // QMI: traffic passes only while the driver frames as the modem does (ModemModel.trafficPasses).
      const passes = () => (o.protocol === 'mbim' ? sim.model.listSessions().length > 0 : sim.model.trafficPasses(readRawIp('wwan0', sysfsRoot) === true));
      sim.model.on('session', () => carrier.setCarrier(passes()));
      const runDhcp = () => { carrier.setCarrier(passes()); carrier.dhcp(15).then((l) => { leases.push(l); netifd.emit('lease', l); }, (e) => netifd.emit('lease-failed', e)); };
      netifd.on('ifup', runDhcp);
      netifd.on('add_dynamic', (a: Record<string, unknown>) => { if (a.proto === 'dhcp') runDhcp(); });
    }
    const daemonLog: string[] = [];
    let daemon: Qmi4gDaemon | undefined;
    let child: ChildProcess | undefined;
    const env = { ...process.env, QMI4G_SYSFS_ROOT: sysfsRoot };
    const qmi4gUp = waitFor<void>('qmi4g on ubus', (done) => {
      let l: { close(): Promise<void> } | undefined;
      void client.listen('ubus.object.add', (_e, d) => { if (d.path === 'qmi4g') done(); }).then((x) => { l = x; });
      return () => { void l?.close(); };
    }, { timeoutMs: 15_000 });
    const stateDir = path.join(dir, 'state');
    const spawnChild = () => {
      const c = spawn(process.execPath, [o.bundle, 'daemon', '--ubus-socket', socketPath, '--config-dir', path.join(dir, 'etc'), '--state-dir', stateDir], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      c.stderr!.setEncoding('utf8').on('data', (d: string) => daemonLog.push(...d.split('\n').filter(Boolean)));
      return c;
    };
    const stopChild = (c: ChildProcess, sig: NodeJS.Signals) => new Promise<void>((r) => { if (c.exitCode !== null || c.signalCode !== null) { r(); return; } c.once('exit', () => r()); c.kill(sig); });
    if (o.daemon === 'child') {
      child = spawnChild();
      cleanups.push(() => stopChild(child!, 'SIGTERM'));
    } else {
      const before = process.env.QMI4G_SYSFS_ROOT;
      process.env.QMI4G_SYSFS_ROOT = sysfsRoot;
      // Restored at close: a later test's child processes (e.g. a real-stack qmi4gd) must not inherit a removed tree.
      cleanups.push(() => { if (before === undefined) delete process.env.QMI4G_SYSFS_ROOT; else process.env.QMI4G_SYSFS_ROOT = before; });
      const dclient = await UbusClient.connect({ socketPath, reconnect: o.ubusReconnect ?? false });
      cleanups.push(() => dclient.close());
      daemon = new Qmi4gDaemon(dclient, { log: log.child('qmi4gd'), registrationGraceMs: o.registrationGraceMs, stateDir, sessionOverrides: o.sessionOverrides });
      cleanups.push(() => daemon!.shutdown());
      await addQmi4gObject(dclient, daemon);
    }
    if (!(await client.lookup('qmi4g').catch(() => [])).length) await qmi4gUp; else void qmi4gUp.catch(() => undefined);
    const h: Harness<P> = {
      dir, socketPath, devicePath, sysfsRoot, sim: sim as SimulatorOf<P>, broker, client, netifd, net, daemon, child, leases, daemonLog, close,
      waitState: (iface, pred, timeoutMs = 20_000) => waitFor('qmi4g.state', (done) => {
        let l: { close(): Promise<void> } | undefined;
        let gone = false;
        void client.listen('qmi4g.state', (_e, d) => {
          const s = { state: String(d.state), error: String(d.error ?? ''), reason: String(d.reason ?? '') };
          if (d.interface === iface && pred(s)) done(s);
        }).then((x) => { l = x; if (gone) void x.close(); });
        return () => { gone = true; void l?.close(); };
      }, { timeoutMs }),
      nextLease: (timeoutMs = 30_000) => waitFor<Lease>('DHCP lease', (done, fail) => {
        const ok = (l: Lease) => done(l);
        const ko = (e: Error) => fail(e);
        netifd.once('lease', ok);
        netifd.once('lease-failed', ko);
        return () => { netifd.off('lease', ok); netifd.off('lease-failed', ko); };
      }, { timeoutMs }),
      handler: (action, iface, config) => netifd.runHandler(handlerPath(o.bundle, o.protocol), action, iface, JSON.stringify(config)),
      restartDaemon: async (sig = 'SIGKILL') => {
        if (!h.child) throw new Error('restartDaemon needs daemon: child');
        // Listen (registered before the kill) for the old object going away.
        let removed!: () => void;
        const gone = new Promise<void>((r) => { removed = r; });
        const l = await client.listen('ubus.object.remove', (_e, d) => { if (d.path === 'qmi4g') removed(); });
        await stopChild(h.child, sig);
        await waitFor<void>('qmi4g removed', (done) => { void gone.then(done); }, { timeoutMs: 10_000 }).catch(() => undefined);
        await l.close();
        const next = spawnChild();
        h.child = next;
        cleanups.push(() => stopChild(next, 'SIGTERM'));
        // Served once the new daemon says so on stderr (its object added) and a call reaches it.
        await waitFor<void>('new daemon serving qmi4g', (done) => {
          const onData = (d: string) => { if (d.includes('serving ubus object qmi4g')) done(); };
          next.stderr!.on('data', onData);
          return () => { next.stderr!.off('data', onData); };
        }, { timeoutMs: 15_000 });
        await client.lookup('qmi4g');
      },
    };
    return h;
  } catch (e) {
    await close();
    throw e;
  }
}
