// Qmi4gDaemon: the composition root behind ubus object `qmi4g` — one Session + NetifdLink per interface.
import { platform } from '../platform';
import { joinPath } from '../util/path';
import type { Adopted, DataSession, Modem, ModemHandoff } from '../modem/modem';
import { adoptMbimModem } from '../modem/mbim-adopt';
import { adoptQmiModem } from '../modem/qmi-adopt';
import type { SavedSession } from '../session/adopt';
import { InterfaceRecord, InterfaceStore } from './session-store';
import { ModemError } from '../modem/modem-errors';
import { MbimModem } from '../modem/mbim-modem';
import { mbimOpenOptions } from './mbim-open-options';
import { QmiModem } from '../modem/qmi-modem';
import { openWithProtocolHint } from '../modem/protocol-hint';
import { Logger, createLogger } from '../log';
import { NetifdLink } from '../netifd/link';
import { blockRestart, errorMessage, setupFailed } from '../netifd/notify';
import { Session } from '../session/session';
import { PinLedger } from '../session/pin-policy';
import type { SessionConfig, SessionSnapshot } from '../session/session-types';
import { sendAtCommand } from '../device/at-port';
import { AtSender, makeRecoverer, makeWatchdog, recoveryAvailable } from './recovery-deps';
import { ConfigError, InterfaceConfig, parseInterfaceConfig } from './config';
import { toLinkConfig, toSessionConfig } from './session-config';
import { netifdData } from './status';
import { EncodedStatus } from './status-replies';
import { EncodedReply } from '../ubus/encoded-reply';
import { netifdIsActive } from './netifd-guard';
import { KeyedSerializer } from './serial';
import { MAX_GONE_SNAPSHOTS, setBounded } from './bounded-map';
import { StateEventPublisher } from './state-events';
import { canonicalPort, portUser } from './port-users';
import { SmsMethods } from './sms-methods';
import { ProtoHandOver } from './proto-handover';
import { DaemonBus, Entry, MethodError, ifaceArg } from './daemon-api';
import { StatusMethods } from './status-methods';
import { ModemMethods } from './modem-methods';

export { MethodError, METHOD_POLICIES, type DaemonBus } from './daemon-api';

/** Options: modem opener (tests inject), registration grace (ms, overrides the option), logger, recovery knobs. */
export interface DaemonOptions {
  openModem?: (protocol: string, device: string, signal: AbortSignal, log: Logger, config?: InterfaceConfig) => Promise<Modem>;
  registrationGraceMs?: number;
  log?: Logger;
  /** Where the PIN ledger persists (`pin-ledger.json`); none = memory only. */
  stateDir?: string;
  /** AT sender for the ladder's AT reset (default: src/device/at-port.ts). */
  sendAt?: AtSender;
  /** Session settings beyond the uci options (tests: liveness period, device probe). */
  sessionOverrides?: Partial<SessionConfig>;
  /** Where interface records live for adoption after a restart (`iface-NAME.json`); default `stateDir`; none = not persisted. */
  runDir?: string;
  /** How long `scan` holds its reply for the result, ms (default SCAN_REPLY_WAIT_MS; tests shorten it). */
  scanReplyWaitMs?: number;
  /** Takes a modem over from its handoff (tests inject); default qmi-adopt.ts / mbim-adopt.ts. */
    adoptModem?: (handoff: ModemHandoff, saved: DataSession[], signal: AbortSignal, log: Logger, config?: InterfaceConfig) => Promise<Adopted>;
    /** uci directory (`network` is read to hand a port that changed protocol to the interface of the other proto); none = no hand-over. */
    configDir?: string;
}

const DEVICE_RE = /^\/[A-Za-z0-9_.:+@\/-]{1,254}$/;

function defaultAdoptModem(handoff: ModemHandoff, saved: DataSession[], signal: AbortSignal, log: Logger, config?: InterfaceConfig): Promise<Adopted> {
  return handoff.protocol === 'mbim' ? adoptMbimModem(handoff, saved, { log, signal, ...mbimOpenOptions(config) }) : adoptQmiModem(handoff, saved, { log, signal });
}

  async function defaultOpenModem(protocol: string, device: string, signal: AbortSignal, log: Logger, config?: InterfaceConfig): Promise<Modem> {
    // A port that speaks the other protocol (USB composition changed) is DEVICE_NOT_SUPPORTED with the proto that fits (protocol-hint.ts).
    // MBIM: the roaming/partner policy and pdptype hold from the first command on (mbim-open-options.ts).
    if (protocol === 'mbim') return openWithProtocolHint('mbim', device, () => MbimModem.open(device, { log, signal, ...mbimOpenOptions(config) }), log, signal);
  if (protocol !== 'qmi') throw new ModemError('DEVICE_NOT_SUPPORTED', `protocol ${protocol} is not supported by this build`);
  return openWithProtocolHint('qmi', device, () => QmiModem.open(device, { log, signal }), log, signal);
}

/**
 * The daemon's state: sessions by interface, the PIN ledger (shared, so a rejected PIN is never
 * retried across ifup/ifdown), and the last snapshot of interfaces that went down.
 */
export class Qmi4gDaemon {
  private readonly entries = new Map<string, Entry>();
  private readonly last = new Map<string, SessionSnapshot>();
  private readonly pinLedger: PinLedger;
  /** Interfaces netifd took down while their port was gone: told `available` when it comes back. */
  private readonly unavailable = new Map<string, { device: string; link: NetifdLink }>();
  private readonly log: Logger;
  private readonly store: InterfaceStore;
  /** ubus methods sms_* and event qmi4g.sms (src/daemon/sms-methods.ts). */
  readonly sms: SmsMethods;
  /** up/down one at a time per interface and per control port. */
  private readonly serial = new KeyedSerializer();
  /** qmi4g.state events, coalesced and bounded (state-events.ts). */
  private readonly events: StateEventPublisher;
  /** `status` and `signal_history` (status-methods.ts). */
  private readonly statusMethods = new StatusMethods(this.entries, this.last, (iface) => this.sms.storeReply(iface));
  /** Hands a port that changed protocol to the other proto's interface (proto-handover.ts); none without a config dir. */
  private readonly handOver?: ProtoHandOver;
  /** scan, scan_result, usb_composition (modem-methods.ts). */
  private readonly modemMethods: ModemMethods;

  constructor(private readonly bus: DaemonBus, private readonly opts: DaemonOptions = {}) {
    this.log = opts.log ?? createLogger('');
    this.store = new InterfaceStore(opts.runDir ?? opts.stateDir);
    this.modemMethods = new ModemMethods({ entries: this.entries, log: this.log, serial: this.serial, sendAt: opts.sendAt ?? sendAtCommand, scanReplyWaitMs: opts.scanReplyWaitMs });
    this.events = new StateEventPublisher((e) => bus.send('qmi4g.state', { ...e }), (e) => this.log.debug(`event qmi4g.state: ${e.message}`));
    this.sms = new SmsMethods((iface) => { const e = this.entries.get(iface); return e ? (e.session.currentModem ?? null) : undefined; }, (ev, d) => bus.send(ev, d), this.log);
    if (opts.configDir) this.handOver = new ProtoHandOver(bus, opts.configDir, this.log);
    this.pinLedger = new PinLedger(opts.stateDir ? joinPath(opts.stateDir, 'pin-ledger.json') : undefined);
    if (this.pinLedger.loadError) this.log.error(`PIN ledger ${this.pinLedger.file} unreadable (${this.pinLedger.loadError}); starting empty`);
    bus.on?.('reconnected', () => { void this.replayAll(); });
  }

  /** After ubusd restarted: tell netifd again where every interface stands (link, addresses, errors). */
  async replayAll(): Promise<void> {
    this.log.info(`ubus back: re-reporting ${this.entries.size} interface(s) to netifd`);
    await Promise.all([...this.entries.values()].map((e) => e.link.replay()));
  }

  /** `hotplug {device, action}` (files/etc/hotplug.d/usbmisc/30-qmi4g): a control port appeared (`add`) or went away (`remove`). */
  async hotplug(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const device = args.device;
    const action = args.action;
    if (typeof device !== 'string' || !DEVICE_RE.test(device) || device.includes('..')) throw new MethodError('INVALID_ARGUMENT', 'device must be an absolute device path');
    if (action !== 'add' && action !== 'remove') throw new MethodError('INVALID_ARGUMENT', 'action must be add or remove');
    const matched: string[] = [];
    if (action === 'add') {
      for (const [iface, e] of this.entries) if (e.config.wdmif === device) { matched.push(iface); e.session.deviceAdded(); }
      for (const [iface, u] of [...this.unavailable]) {
        if (u.device !== device) continue;
        this.unavailable.delete(iface);
        matched.push(iface);
        await u.link.available(true).catch((err) => this.log.warn(`[${iface}] set available: ${(err as Error).message}`));
      }
    }
    this.log.info(`hotplug ${action} ${device}${matched.length ? ` (${matched.join(', ')})` : ''}`);
    return { ok: true, interfaces: matched };
  }

  /** `up {interface, config, protocol?}`: validate and start (or keep, when unchanged and healthy). */
  async up(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const iface = ifaceArg(args, true);
    const protocol = args.protocol === undefined ? 'qmi' : String(args.protocol);
    if (protocol !== 'qmi' && protocol !== 'mbim') throw new MethodError('INVALID_ARGUMENT', 'protocol must be qmi or mbim');
    let config: InterfaceConfig;
    try {
      config = parseInterfaceConfig(args.config ?? {}, { flavor: protocol === 'mbim' ? 'mbim' : 'qmi4g' });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      await this.reportConfigError(iface, e);
      return { ok: false, error: { code: 'CONFIG_INVALID', message: e.message } };
    }
    const key = JSON.stringify({ protocol, config });
    const held = [`interface:${iface}`, `port:${canonicalPort(config.wdmif)}`, ...this.portsOf(iface)];
    const raw = (args.config ?? {}) as Record<string, unknown>;
    return this.serial.run(held, () => this.upSerialized(iface, protocol, config, key, raw));
  }

  /** Ports `iface` uses now (lock keys), so a restart on another port waits for that port too. */
  private portsOf(iface: string): string[] {
    const e = this.entries.get(iface);
    return e ? [`port:${canonicalPort(e.config.wdmif)}`] : [];
  }

  /** `up` once no other up/down of this interface or its port runs. */
  private async upSerialized(iface: string, protocol: 'qmi' | 'mbim', config: InterfaceConfig, key: string, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
    // A failed session holds nothing on the modem (e.g. its port now speaks the other protocol): it does not keep the port from another interface.
    const other = portUser(new Map([...this.entries].filter(([, x]) => x.session.currentState !== 'failed')), iface, config.wdmif);
    if (other !== undefined) {
      const e = new ConfigError(protocol === 'mbim' ? 'device' : 'wdmif', `${config.wdmif} is already used by interface ${other}`);
      const mine = this.entries.get(iface);
      if (mine) await this.stopEntry(iface, mine, 'its new port is in use by another interface');
      await this.reportConfigError(iface, e);
      return { ok: false, error: { code: 'CONFIG_INVALID', message: e.message } };
    }
    const existing = this.entries.get(iface);
    if (existing && existing.configKey === key && existing.session.currentState !== 'failed' && existing.session.currentState !== 'down') {
      // Same config, session running: netifd re-ran setup (its own restart, or an ifup of a
      // live interface). Report the current state again; never reconnect for it.
      void existing.session.relink();
      return { ok: true, state: existing.session.currentState };
    }
    if (existing) {
      existing.link.netifdTeardown(); // netifd is in setup: it knows, and refuses link updates then
      await this.stopEntry(iface, existing, 'restarted by up');
    }
    this.start(iface, protocol, config, key, { version: 1, interface: iface, protocol, config: raw, savedAt: Date.now() });
    return { ok: true, state: this.entries.get(iface)!.session.currentState };
  }

  /**
   * At daemon start: takes back every interface a previous daemon left in the run dir. A record
   * with a connected session is adopted (no CTL Sync / OPEN, netifd untouched; session.ts
   * adoptOnce), one without is started afresh (netifd still waits for its setup). Skipped (and
   * removed) when netifd no longer has the interface up or pending — its call is then released.
   * Returns the interfaces taken back. Never throws.
   */
  async restore(): Promise<string[]> {
    const { records, bad } = this.store.loadAll();
    for (const b of bad) this.log.warn(`run dir: dropped ${b}`);
    const out: string[] = [];
    for (const r of records) {
      try {
        if (await this.restoreOne(r)) out.push(r.interface);
      } catch (e) { this.log.error(`[${r.interface}] not taken back: ${(e as Error).message}`); }
    }
    return out;
  }

  private async restoreOne(r: InterfaceRecord): Promise<boolean> {
    const iface = r.interface;
    if (this.entries.has(iface)) return false;
    let config: InterfaceConfig;
    try { config = parseInterfaceConfig(r.config, { flavor: r.protocol === 'mbim' ? 'mbim' : 'qmi4g' }); } catch (e) {
      this.store.remove(iface);
      throw e;
    }
    const st = await this.bus.call(`network.interface.${iface}`, 'status', {}, { timeoutMs: 2000 }).then(
      (v) => v as { up?: boolean; pending?: boolean; proto?: string }, (e: Error) => ({ error: e }));
    const gone = 'error' in st ? st.error.name === 'NOT_FOUND' : st.up === false && st.pending === false;
    if (gone) {
      this.log.info(`[${iface}] netifd has it down now; not taking it back`);
      this.store.remove(iface);
      if (r.saved?.handoff) await this.releaseOrphan(r.protocol, config.wdmif);
      return false;
    }
    if ('error' in st) this.log.warn(`[${iface}] netifd status: ${st.error.message}; taking it back anyway`);
    this.log.info(`[${iface}] taking back from the previous qmi4gd${r.saved?.handoff ? ' (adopting its data session)' : ''}`);
    const saved = r.saved && { ...r.saved, netifdUp: 'error' in st ? undefined : st.up === true };
    this.start(iface, r.protocol, config, JSON.stringify({ protocol: r.protocol, config }), r, saved);
    return true;
  }

  /** Ends a call nobody wants any more (open with CTL Sync / OPEN, then close). Never throws. */
  private async releaseOrphan(protocol: string, device: string): Promise<void> {
    const open = this.opts.openModem ?? defaultOpenModem;
    try { await (await open(protocol, device, AbortSignal.timeout(10_000), this.log)).close(); } catch (e) {
      this.log.debug(`release ${device}: ${(e as Error).message}`);
    }
  }

  /** Persists an entry's record when what adoption needs changed (a new connection, new handles or ids). */
  private persist(iface: string, saved: SavedSession): void {
    const e = this.entries.get(iface);
    if (!e) return;
    // The MBIM transaction id moves with every request; adoption skips well past it anyway.
    const key = JSON.stringify({ ...saved, handoff: saved.handoff?.protocol === 'mbim' ? { ...saved.handoff, tid: 0 } : saved.handoff, connectedSince: 0 });
    if (key === e.savedKey) return;
    e.savedKey = key;
    e.record = { ...e.record, saved, savedAt: Date.now() };
    this.writeRecord(e.record);
  }

  private writeRecord(r: InterfaceRecord): void {
    try { this.store.save(r); } catch (e) { this.log.error(`[${r.interface}] cannot save state for a restart: ${(e as Error).message}`); }
  }

  private async reportConfigError(iface: string, e: ConfigError): Promise<void> {
    this.log.warn(`[${iface}] CONFIG_INVALID: ${e.message}`);
    const now = Date.now();
    const snap: SessionSnapshot = { interface: iface, device: '', state: 'failed', since: now, reason: e.message, reconnects: 0,
      lastError: { code: 'CONFIG_INVALID', message: e.message, data: [e.option], permanent: true, at: now } };
    setBounded(this.last, iface, snap, MAX_GONE_SNAPSHOTS);
    this.publish(snap);
    // Outside a setup (a caller other than the handler) only the error is recorded: see netifdIsActive.
    const active = await netifdIsActive(this.bus, iface);
    for (const m of [errorMessage(iface, 'CONFIG_INVALID', [e.option]), ...(active ? [blockRestart(iface), setupFailed(iface)] : [])]) {
      await this.bus.call('network.interface', 'notify_proto', m, { timeoutMs: 5000 }).catch((err) => this.log.warn(`[${iface}] notify_proto: ${(err as Error).message}`));
    }
  }

  private start(iface: string, protocol: string, config: InterfaceConfig, configKey: string, record: InterfaceRecord, saved?: SavedSession): void {
    const log = createLogger(`[${iface}]`);
    let session!: Session;
    const link = new NetifdLink(iface, toLinkConfig(config), this.bus, (s) => this.publish(s), () => netifdData(session.snapshot()), log.child('netifd'));
    const open = this.opts.openModem ?? defaultOpenModem;
    const adopt = this.opts.adoptModem ?? defaultAdoptModem;
    session = new Session(iface, { ...toSessionConfig(config, this.opts.registrationGraceMs), ...this.opts.sessionOverrides }, {
        openModem: (device, signal) => open(protocol, device, signal, log, config).then((m) => { this.sms.attach(iface, m); return m; }),
      hooks: link, pinLedger: this.pinLedger, log,
      watchdog: makeWatchdog(config, log.child('watchdog')),
      recover: makeRecoverer(protocol, config, this.opts.sendAt ?? sendAtCommand, log),
      recoveryAvailable: recoveryAvailable(protocol, config),
        adoptModem: (handoff, list, signal) => adopt(handoff, list, signal, log, config).then((a) => { this.sms.attach(iface, a.modem); return a; }),
      persist: (saved) => this.persist(iface, saved),
    });
    this.unavailable.delete(iface);
    this.entries.set(iface, { session, link, config, configKey, record, encoded: new EncodedStatus() });
    this.last.delete(iface);
    if (!saved) this.writeRecord(record);
    session.start(saved);
  }

  private publish(s: SessionSnapshot): void {
    this.handOver?.observe(s);
    if (s.state === 'connected') this.sms.connected(s.interface);
    this.events.publish({ interface: s.interface, state: s.state, reason: s.reason, error: s.lastError?.code ?? '' }, `${s.since}:${s.lastError?.at ?? ''}`);
  }

  private async stopEntry(iface: string, e: Entry, reason: string): Promise<void> {
    this.entries.delete(iface);
    this.modemMethods.cancelScan(iface);
    this.sms.forget(iface);
    try { this.store.remove(iface); } catch (err) { this.log.warn(`[${iface}] remove saved state: ${(err as Error).message}`); }
    // netifd takes an unavailable interface down; remember it to say `available` when the port returns.
    if (e.session.waitingForDevice) this.unavailable.set(iface, { device: e.config.wdmif, link: e.link });
    await e.session.stop(reason);
    setBounded(this.last, iface, e.session.snapshot(), MAX_GONE_SNAPSHOTS);
  }

  /** `down {interface}`: stop network, release CIDs; unknown interfaces are fine (netifd may call twice). */
  async down(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const iface = ifaceArg(args, true);
    return this.serial.run([`interface:${iface}`, ...this.portsOf(iface)], async () => {
      const e = this.entries.get(iface);
      if (!e) return { ok: true, state: 'down' };
      e.link.netifdTeardown(); // called from the handler's teardown: netifd refuses link updates now
      await this.stopEntry(iface, e, 'interface down');
      return { ok: true, state: 'down' };
    });
  }

  /** `status` as ubus answers it, kept encoded between calls (status-methods.ts). Errors as status(). */
  statusEncoded(args: Record<string, unknown>): EncodedReply | Promise<EncodedReply> { return this.statusMethods.statusEncoded(args); }

  /** `status {interface?}`: one interface, or all as {interfaces: [...]} (status-methods.ts). Unknown interface → NOT_FOUND. */
  status(args: Record<string, unknown>): Promise<Record<string, unknown>> { return this.statusMethods.status(args); }

  /** `signal_history {interface}`: the last hour of signal (status-methods.ts). Unknown interface → NOT_FOUND. */
  async signalHistory(args: Record<string, unknown>): Promise<Record<string, unknown>> { return this.statusMethods.signalHistory(args); }

  /**
   * `info {gc?}`: control ports present on this system, the interfaces using them, and the
   * daemon's JS heap (`memory.heap_bytes`; on QuickJS also `heap_objects`, `strings`,
   * `string_bytes`, `atoms`, `shapes`, `array_elements`, `buffer_bytes`: Platform.heapUsage), after a
   * full garbage collection when `gc` is true (a few ms; what a leak hunt compares).
   */
  async info(args: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    let ports: string[] = [];
    try { ports = platform.fs.readdir('/dev').sort().filter((n) => /^(cdc-wdm\d+|wwan\d+(qmi|mbim)\d+)$/.test(n)).map((n) => `/dev/${n}`); } catch { ports = []; }
    const used = [...this.entries.entries()].map(([iface, e]) => ({ interface: iface, device: e.config.wdmif, state: e.session.currentState, modem: e.session.snapshot().modem ?? {} }));
    const heap = platform.heapUsage(args.gc === true);
    const memory = { heap_bytes: heap.bytes, heap_objects: heap.objects, strings: heap.strings, string_bytes: heap.stringBytes, atoms: heap.atoms,
      shapes: heap.shapes, array_elements: heap.arrayElements, buffer_bytes: heap.bufferBytes };
    for (const k of Object.keys(memory) as (keyof typeof memory)[]) if (memory[k] === undefined) delete memory[k];
    return { ports, interfaces: used, version: '0.1.0', memory };
  }

  /** `reconnect {interface}`: drop and re-establish the data session. */
  async reconnect(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const iface = ifaceArg(args, true);
    const e = this.entries.get(iface);
    if (!e) throw new MethodError('NOT_FOUND', `no qmi4g interface ${iface}`);
    await e.session.reconnect();
    return { ok: true, state: e.session.currentState };
  }

  /** The modems open now, one per running interface (qmi-proxy and mbim-proxy serve their ports). */
  openModems(): Modem[] { return [...this.entries.values()].map((e) => e.session.currentModem).filter((m): m is Modem => !!m); }
  /** `usb_composition {interface|device, set?}`: the modem's USB compositions, `set` changes it (modem-methods.ts, usb-composition.ts). */
  usbComposition(args: Record<string, unknown>): Promise<Record<string, unknown>> { return this.modemMethods.usbComposition(args); }

  /** `scan {interface, force?}`: a network scan on the interface's modem, BUSY during a call unless forced (modem-methods.ts, scan.ts). */
  scan(args: Record<string, unknown>): Promise<Record<string, unknown>> { return this.modemMethods.scan(args); }

  /** `scan_result {interface, wait?}`: the last scan of the interface (modem-methods.ts). */
  scanResult(args: Record<string, unknown>): Promise<Record<string, unknown>> { return this.modemMethods.scanResult(args); }

  /** Stops every session (daemon exit). */
  async shutdown(): Promise<void> {
    const all = [...this.entries.entries()];
    await Promise.all(all.map(([iface, e]) => this.stopEntry(iface, e, 'daemon stopping')));
    for (const [, e] of all) e.link.dispose();
  }
}
