// Qmi4gDaemon: the composition root behind ubus object `qmi4g` — one Session + NetifdLink per interface.
import * as fs from 'node:fs';
import type { Modem } from '../modem/modem';
import { ModemError } from '../modem/modem-errors';
import { QmiModem } from '../modem/qmi-modem';
import { Logger, createLogger } from '../log';
import { NetifdLink, UbusCaller } from '../netifd/link';
import { blockRestart, errorMessage, setupFailed } from '../netifd/notify';
import { Session } from '../session/session';
import { PinLedger } from '../session/pin-policy';
import type { SessionSnapshot } from '../session/session-types';
import { ConfigError, InterfaceConfig, parseInterfaceConfig } from './config';
import { toLinkConfig, toSessionConfig } from './session-config';
import { netifdData, statusReply } from './status';

/** What the daemon needs from ubus: calls (netifd) and events. */
export interface DaemonBus extends UbusCaller {
  send(event: string, data: Record<string, unknown>): Promise<void>;
}

/** Thrown by method handlers for a bad request; `ubusStatus` is the ubus status name to answer with. */
export class MethodError extends Error {
  override readonly name = 'MethodError';
  constructor(readonly ubusStatus: 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'PERMISSION_DENIED', message: string) { super(message); }
}

/** Argument types of the `qmi4g` methods (ubus policy; `ubus -v list qmi4g` shows them). */
export const METHOD_POLICIES = {
  up: { interface: { type: 'string', required: true }, config: 'table', protocol: 'string' },
  down: { interface: { type: 'string', required: true } },
  status: { interface: 'string' },
  info: {},
  reconnect: { interface: { type: 'string', required: true } },
} as const;

/** Options: modem opener (tests inject), registration grace (ms), logger. */
export interface DaemonOptions {
  openModem?: (protocol: string, device: string, signal: AbortSignal, log: Logger) => Promise<Modem>;
  registrationGraceMs?: number;
  log?: Logger;
}

interface Entry { session: Session; link: NetifdLink; config: InterfaceConfig; configKey: string }

const IFACE_RE = /^[A-Za-z0-9_.-]{1,64}$/;

function ifaceArg(args: Record<string, unknown>, required: true): string;
function ifaceArg(args: Record<string, unknown>, required: false): string | undefined;
function ifaceArg(args: Record<string, unknown>, required: boolean): string | undefined {
  const v = args.interface;
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || !IFACE_RE.test(v)) throw new MethodError('INVALID_ARGUMENT', 'interface must be a netifd interface name ([A-Za-z0-9_.-], 1–64 characters)');
  return v;
}

async function defaultOpenModem(protocol: string, device: string, signal: AbortSignal, log: Logger): Promise<Modem> {
  if (protocol !== 'qmi') throw new ModemError('DEVICE_NOT_SUPPORTED', `protocol ${protocol} is not supported by this build`);
  return QmiModem.open(device, { log, signal });
}

/**
 * The daemon's state: sessions by interface, the PIN ledger (shared, so a rejected PIN is never
 * retried across ifup/ifdown), and the last snapshot of interfaces that went down.
 */
export class Qmi4gDaemon {
  private readonly entries = new Map<string, Entry>();
  private readonly last = new Map<string, SessionSnapshot>();
  private readonly pinLedger = new PinLedger();
  private readonly log: Logger;

  constructor(private readonly bus: DaemonBus, private readonly opts: DaemonOptions = {}) {
    this.log = opts.log ?? createLogger('');
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
    const existing = this.entries.get(iface);
    if (existing && existing.configKey === key && existing.session.currentState !== 'failed' && existing.session.currentState !== 'down') {
      return { ok: true, state: existing.session.currentState };
    }
    if (existing) await this.stopEntry(iface, existing, 'restarted by up');
    this.start(iface, protocol, config, key);
    return { ok: true, state: this.entries.get(iface)!.session.currentState };
  }

  private async reportConfigError(iface: string, e: ConfigError): Promise<void> {
    this.log.warn(`[${iface}] CONFIG_INVALID: ${e.message}`);
    const now = Date.now();
    const snap: SessionSnapshot = { interface: iface, device: '', state: 'failed', since: now, reason: e.message, reconnects: 0,
      lastError: { code: 'CONFIG_INVALID', message: e.message, data: [e.option], permanent: true, at: now } };
    this.last.set(iface, snap);
    this.publish(snap);
    for (const m of [errorMessage(iface, 'CONFIG_INVALID', [e.option]), blockRestart(iface), setupFailed(iface)]) {
      await this.bus.call('network.interface', 'notify_proto', m, { timeoutMs: 5000 }).catch((err) => this.log.warn(`[${iface}] notify_proto: ${(err as Error).message}`));
    }
  }

  private start(iface: string, protocol: string, config: InterfaceConfig, configKey: string): void {
    const log = createLogger(`[${iface}]`);
    let session!: Session;
    const link = new NetifdLink(iface, toLinkConfig(config), this.bus, (s) => this.publish(s), () => netifdData(session.snapshot()), log.child('netifd'));
    const open = this.opts.openModem ?? defaultOpenModem;
    session = new Session(iface, toSessionConfig(config, this.opts.registrationGraceMs), {
      openModem: (device, signal) => open(protocol, device, signal, log),
      hooks: link, pinLedger: this.pinLedger, log,
    });
    this.entries.set(iface, { session, link, config, configKey });
    this.last.delete(iface);
    session.start();
  }

  private publish(s: SessionSnapshot): void {
    this.bus.send('qmi4g.state', { interface: s.interface, state: s.state, reason: s.reason, error: s.lastError?.code ?? '' })
      .catch((e) => this.log.debug(`event qmi4g.state: ${(e as Error).message}`));
  }

  private async stopEntry(iface: string, e: Entry, reason: string): Promise<void> {
    this.entries.delete(iface);
    await e.session.stop(reason);
    this.last.set(iface, e.session.snapshot());
  }

  /** `down {interface}`: stop network, release CIDs; unknown interfaces are fine (netifd may call twice). */
  async down(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const iface = ifaceArg(args, true);
    const e = this.entries.get(iface);
    if (!e) return { ok: true, state: 'down' };
    await this.stopEntry(iface, e, 'interface down');
    return { ok: true, state: 'down' };
  }

  /** `status {interface?}`: one interface, or all as {interfaces: [...]}. Unknown interface → NOT_FOUND. */
  async status(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const iface = ifaceArg(args, false);
    if (iface !== undefined) {
      const e = this.entries.get(iface);
      if (e) { await e.session.refresh(); return statusReply(e.session.snapshot()); }
      const l = this.last.get(iface);
      if (l) return statusReply(l);
      throw new MethodError('NOT_FOUND', `no qmi4g interface ${iface}`);
    }
    await Promise.all([...this.entries.values()].map((e) => e.session.refresh()));
    const all = [...this.entries.values()].map((e) => statusReply(e.session.snapshot()));
    for (const [name, s] of this.last) if (!this.entries.has(name)) all.push(statusReply(s));
    return { interfaces: all };
  }

  /** `info`: control ports present on this system and the interfaces using them. */
  async info(): Promise<Record<string, unknown>> {
    let ports: string[] = [];
    try { ports = fs.readdirSync('/dev').filter((n) => /^(cdc-wdm\d+|wwan\d+(qmi|mbim)\d+)$/.test(n)).map((n) => `/dev/${n}`); } catch { ports = []; }
    const used = [...this.entries.entries()].map(([iface, e]) => ({ interface: iface, device: e.config.wdmif, state: e.session.currentState, modem: e.session.snapshot().modem ?? {} }));
    return { ports, interfaces: used, version: '0.1.0' };
  }

  /** `reconnect {interface}`: drop and re-establish the data session. */
  async reconnect(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const iface = ifaceArg(args, true);
    const e = this.entries.get(iface);
    if (!e) throw new MethodError('NOT_FOUND', `no qmi4g interface ${iface}`);
    await e.session.reconnect();
    return { ok: true, state: e.session.currentState };
  }

  /** Stops every session (daemon exit). */
  async shutdown(): Promise<void> {
    await Promise.all([...this.entries.entries()].map(([iface, e]) => this.stopEntry(iface, e, 'daemon stopping')));
  }
}
