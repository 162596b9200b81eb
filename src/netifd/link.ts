// NetifdLink: a session's hooks to netifd — link up/down, DHCP children or static settings, wwanif, errors.
import type { DataSession, IpSettings, Modem } from '../modem/modem';
import { ModemError, NetifdErrorCode } from '../modem/modem-errors';
import type { SessionHooks, SessionSnapshot } from '../session/session-types';
import { Logger, silentLogger } from '../log';
import { netDevicesOfPort, readRawIp, writeRawIp } from '../device/sysfs';
import { setMtu } from '../device/netdev';
import { ChildOptions, dhcpChild, dhcpv6Child } from './dynamic';
import { deviceOfInterface } from './wwanif-device';
import { Clock, systemClock } from '../util/wait';
import { LinkRedelivery } from './redelivery';
import { NotifyMessage, blockRestart, errorMessage, linkUpdate, setAvailable, setupFailed, staticUpdate } from './notify';
import { firewallZoneOf } from './zone';

/** The one ubus call NetifdLink needs (UbusClient.call fits). Rejects on ubus errors. */
export interface UbusCaller {
  call(path: string, method: string, args: Record<string, unknown>, opts?: { timeoutMs?: number }): Promise<unknown>;
}

/** What the link needs from the interface config. */
export interface LinkConfig extends ChildOptions {
  device: string;
  /** Existing uci interface to bring up instead of adding DHCP children (seed 000 `wwanif`). */
  wwanif?: string;
  /**
   * IPv4 by DHCP child IFACE_4 (true), the modem's settings as static (false, qmi.sh `dhcp 0`),
   * or `auto` (mbim.sh's default): see `addressingOf`.
   */
  dhcp: boolean | 'auto';
  /** IPv6 by DHCPv6 child IFACE_6 (true), the modem's settings as static (false), or `auto` as for dhcp. */
  dhcpv6: boolean | 'auto';
  mtu?: number;
}

/**
 * How one family is addressed. QMI: static on a raw-IP device (no DHCP server there), else DHCP
 * unless the option is false (`auto` = DHCP, as before). MBIM (mbim.sh): the option as given,
 * `auto` = static when the modem reported an address, else DHCP — cdc_mbim's device takes DHCP
 * for modems that run a server, so raw IP does not force static here.
 */
export function addressingOf(protocol: Modem['protocol'], rawIp: boolean, option: boolean | 'auto', settings: IpSettings): 'dhcp' | 'static' {
  if (protocol === 'mbim') return option === 'auto' ? (settings.address ? 'static' : 'dhcp') : option ? 'dhcp' : 'static';
  return !rawIp && option !== false ? 'dhcp' : 'static';
}

/**
 * Implements SessionHooks against netifd. Families set to DHCP get a child interface (after
 * link-up with the device); the others (and all on raw-IP) go as static addresses on the parent.
 * Implements SessionHooks against netifd: notify_proto on `network.interface`, add_dynamic on
 * `network`, up/down on `network.interface.WWANIF`. `summary` builds the `data` table from a snapshot.
 */
export class NetifdLink implements SessionHooks {
  private ifname?: string;
  /** Re-sends the latest link state until netifd has it (see `notify`). */
  private readonly redelivery: LinkRedelivery;
  constructor(readonly iface: string, private readonly cfg: LinkConfig, private readonly ubus: UbusCaller,
    private readonly onState: (s: SessionSnapshot) => void, private readonly summary: () => Record<string, unknown>,
    private readonly log: Logger = silentLogger, clock: Clock = systemClock) {
    this.redelivery = new LinkRedelivery(() => this.replay(), clock, log);
  }

  /** Stops re-sending (daemon exit). */
  dispose(): void { this.redelivery.dispose(); }

  /** True while a link-state message failed and is being re-sent. */
  get redelivering(): boolean { return this.redelivery.pending; }

  /**
   * Set when netifd itself tears the interface down (or runs setup again): netifd refuses link
   * updates then (openwrt/netifd proto-shell.c proto_shell_update_link answers
   * UBUS_STATUS_PERMISSION_DENIED in S_TEARDOWN and S_SETUP_ABORT) and knows the link is going.
   */
  private netifdTearingDown = false;
  /** The zone of the data interfaces: option zone, else the firewall zone of this interface (looked up at link-up). */
  private zone?: string;

  /**
   * netifd is tearing this interface down (the handler's teardown called `down`) or setting it up
   * anew (`up` for a running interface): from now on no link updates are sent (linkDown only
   * brings wwanif down). A new NetifdLink is made for the next setup.
   */
  netifdTeardown(): void { this.netifdTearingDown = true; }

  /** The network device reported with link-up, once known. */
  get networkDevice(): string | undefined { return this.ifname; }

  /** What netifd was last told, for `replay` after a ubusd restart: link-up messages (empty = down), last error, availability. */
  private upMessages: NotifyMessage[] = [];
  private lastError: NotifyMessage[] = [];
  private unavailable = false;

  /**
   * notify_proto. A link-state message (action 0: link up or down, static settings) that fails —
   * ubusd stalled, gone, or out of request ids — is never lost: the latest link state is re-sent
   * (`replay`) with backoff until netifd takes it; a later successful one cancels that.
   */
  private notify(m: NotifyMessage): Promise<unknown> {
    if (m.action === 0 && m['link-up'] === true) this.upMessages.push(m);
    const p = this.ubus.call('network.interface', 'notify_proto', m, { timeoutMs: 5000 });
    if (m.action === 0) p.then(() => this.redelivery.delivered(), (e) => this.redelivery.failed(e as Error));
    return p;
  }

  /**
   * Tells netifd again what it was told last (after ubusd restarted, messages in flight may be
   * lost): the link-up update(s) with fresh `data`, or link down; the last error (and
   * block_restart if it was permanent); unavailability. Errors are logged, not thrown.
   */
  async replay(): Promise<boolean> {
    let ok = true;
    const send = (m: NotifyMessage) => this.ubus.call('network.interface', 'notify_proto', m, { timeoutMs: 5000 })
      .catch((e) => { ok = false; this.log.warn(`re-report to netifd: ${(e as Error).message}`); });
    if (this.unavailable) await send(setAvailable(this.iface, false));
    if (this.upMessages.length) {
      const data = { ...this.summary(), ...(this.zone ? { zone: this.zone } : {}) };
      for (const m of this.upMessages) await send({ ...m, data });
    } else {
      await send(linkUpdate(this.iface, false));
    }
    for (const m of this.lastError) await send(m);
    if (ok) this.redelivery.delivered();
    return ok;
  }

  /** proto_set_available: false when the control port vanished, true when it is back (netifd may then restart the interface). */
  async available(up: boolean): Promise<void> {
    this.unavailable = !up;
    await this.ubus.call('network.interface', 'notify_proto', setAvailable(this.iface, up), { timeoutMs: 5000 });
  }

  /**
   * Reports link-up; see class doc. The device: sysfs (netDevicesOfPort), else with wwanif that
   * interface's device (deviceOfInterface). Throws ModemError NO_IFACE, naming what was tried, when none.
   */
  async linkUp(sessions: DataSession[], modem: Modem): Promise<void> {
    const c = this.cfg;
    // linkUp comes just before the session enters `connected`: say so in the data already.
    const summary = () => ({ ...this.summary(), qmi4g_state: 'connected' });
    this.upMessages = [];
    this.lastError = [];
    // netifd refuses a link-up without ifname (INVALID_ARGUMENT): always name one, or fail NO_IFACE.
    const tried: string[] = [];
    this.ifname = netDevicesOfPort(c.device)[0];
    if (!this.ifname && c.wwanif) this.ifname = await deviceOfInterface(this.ubus, c.wwanif, tried);
    if (!this.ifname) throw new ModemError('NO_IFACE', `no network device found for ${c.device} in sysfs (usbmisc, wwan)${tried.length ? `; ${tried.join('; ')}` : ''}`);
    if (c.wwanif) {
      if (modem.protocol === 'qmi') this.applyRawIp(this.ifname, modem.dataFormat);
      await this.notify(linkUpdate(this.iface, true, this.ifname, summary()));
      await this.ubus.call(`network.interface.${c.wwanif}`, 'up', {}, { timeoutMs: 5000 });
      return;
    }
    // mbim.sh: without option mtu, the larger of the MTUs the modem reported.
    const mtu = c.mtu || (modem.protocol === 'mbim' ? Math.max(0, ...sessions.map((s) => s.settings.mtu ?? 0)) : 0);
    if (mtu) await setMtu(this.ifname, mtu).catch((e) => this.log.warn((e as Error).message));
    // qmi.sh: zone="$(fw3 -q network "$interface")" when the option is unset.
    this.zone = c.zone ?? await firewallZoneOf(this.ubus, this.iface, (m) => this.log.debug(`firewall zone of ${this.iface}: ${m}`));
    const zone = this.zone;
    const rawIp = modem.protocol === 'qmi' && (this.applyRawIp(this.ifname, modem.dataFormat) === true || modem.dataFormat === 'raw-ip');
    const dhcpSession = (s: DataSession) => addressingOf(modem.protocol, rawIp, s.family === 4 ? c.dhcp : c.dhcpv6, s.settings) === 'dhcp';
    const dhcpFor = (family: 4 | 6) => sessions.some((s) => s.family === family && dhcpSession(s));
    const statics = sessions.filter((s) => !dhcpSession(s)).map((s) => s.settings);
    const data = zone ? { ...summary(), zone } : summary();
    if (statics.length) {
      await this.notify(staticUpdate(this.iface, this.ifname, statics, { defaultroute: c.defaultroute !== false, peerdns: c.peerdns !== false, metric: c.metric, zone }, summary()));
    } else {
      await this.notify(linkUpdate(this.iface, true, this.ifname, data));
    }
    if (dhcpFor(4)) await this.addDynamic(dhcpChild(this.iface, { ...c, zone }));
    if (dhcpFor(6)) await this.addDynamic(dhcpv6Child(this.iface, { ...c, zone }));
  }

  /**
   * Makes qmi_wwan frame as the modem does before the link goes up (OpenWrt qmi.sh writes `Y` to
   * `qmi/raw_ip` when WDA Get Data Format says raw-IP): otherwise a raw-IP modem drops every
   * Ethernet frame and the uplink is dead. Returns the flag now in effect (undefined: no such
   * attribute). A write the kernel refuses is logged, not fatal.
   */
  private applyRawIp(ifname: string, format: Modem['dataFormat']): boolean | undefined {
    try { return writeRawIp(ifname, format === 'raw-ip'); } catch (e) {
      this.log.warn(`${ifname}: cannot set qmi/raw_ip to ${format === 'raw-ip' ? 'Y' : 'N'} for the modem's ${format} format: ${(e as Error).message}`);
      return readRawIp(ifname);
    }
  }

  private async addDynamic(body: Record<string, unknown>): Promise<void> {
    try { await this.ubus.call('network', 'add_dynamic', body, { timeoutMs: 5000 }); } catch (e) {
      this.log.warn(`add_dynamic ${String(body.name)}: ${(e as Error).message}`);
    }
  }

  /**
   * A running connection was taken over from a previous daemon: netifd has the link up already,
   * so nothing is sent (a second add_dynamic or wwanif `up` could restart DHCP and lose the
   * lease). Remembers the device and a link-up (with `keep`, netifd keeps the addresses) for
   * replay() after a ubusd restart.
   */
  resume(_sessions: DataSession[], _modem: Modem, ifname?: string): void {
    this.ifname = netDevicesOfPort(this.cfg.device)[0] ?? ifname;
    this.upMessages = [linkUpdate(this.iface, true, this.ifname)];
    this.lastError = [];
  }

  /** Reports the link lost (not while netifd tears the interface down); with wwanif, brings that interface down. Errors are logged, not thrown. */
  async linkDown(reason: string): Promise<void> {
    this.log.info(`link down: ${reason}`);
    this.upMessages = [];
    if (this.cfg.wwanif) await this.ubus.call(`network.interface.${this.cfg.wwanif}`, 'down', {}, { timeoutMs: 5000 }).catch((e) => this.log.warn(`ifdown ${this.cfg.wwanif}: ${(e as Error).message}`));
    if (this.netifdTearingDown) return;
    await this.notify(linkUpdate(this.iface, false)).catch((e) => this.log.warn(`notify link down: ${(e as Error).message}`));
  }

  /** proto_notify_error; for permanent errors also proto_block_restart and proto_setup_failed. */
  async error(code: NetifdErrorCode, _message: string, data: string[], permanent: boolean): Promise<void> {
    this.lastError = permanent ? [errorMessage(this.iface, code, data), blockRestart(this.iface)] : [errorMessage(this.iface, code, data)];
    await this.notify(errorMessage(this.iface, code, data));
    if (permanent) {
      await this.notify(blockRestart(this.iface));
      await this.notify(setupFailed(this.iface));
    }
  }

  /** Forwards state changes (to the daemon's event publisher). */
  stateChanged(s: SessionSnapshot): void { this.onState(s); }
}
