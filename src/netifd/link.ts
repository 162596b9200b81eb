// NetifdLink: a session's hooks to netifd — link up/down, DHCP children or static settings, wwanif, errors.
import type { DataSession, Modem } from '../modem/modem';
import { ModemError, NetifdErrorCode } from '../modem/modem-errors';
import type { SessionHooks, SessionSnapshot } from '../session/session-types';
import { Logger, silentLogger } from '../log';
import { netDevicesOfPort, readRawIp } from '../device/sysfs';
import { setMtu } from '../device/netdev';
import { ChildOptions, dhcpChild, dhcpv6Child } from './dynamic';
import { NotifyMessage, blockRestart, errorMessage, linkUpdate, setupFailed, staticUpdate } from './notify';

/** The one ubus call NetifdLink needs (UbusClient.call fits). Rejects on ubus errors. */
export interface UbusCaller {
  call(path: string, method: string, args: Record<string, unknown>, opts?: { timeoutMs?: number }): Promise<unknown>;
}

/** What the link needs from the interface config. */
export interface LinkConfig extends ChildOptions {
  device: string;
  /** Existing uci interface to bring up instead of adding DHCP children (seed 000 `wwanif`). */
  wwanif?: string;
  /** IPv4 by DHCP child IFACE_4 (true) or the modem's settings as static (false, qmi.sh `dhcp 0`). */
  dhcp: boolean;
  /** IPv6 by DHCPv6 child IFACE_6 (true) or the modem's settings as static (false). */
  dhcpv6: boolean;
  mtu?: number;
}

/**
 * Implements SessionHooks against netifd. Families set to DHCP get a child interface (after
 * link-up with the device); the others (and all on raw-IP) go as static addresses on the parent.
 * Implements SessionHooks against netifd: notify_proto on `network.interface`, add_dynamic on
 * `network`, up/down on `network.interface.WWANIF`. `summary` builds the `data` table from a snapshot.
 */
export class NetifdLink implements SessionHooks {
  private ifname?: string;
  constructor(readonly iface: string, private readonly cfg: LinkConfig, private readonly ubus: UbusCaller,
    private readonly onState: (s: SessionSnapshot) => void, private readonly summary: () => Record<string, unknown>,
    private readonly log: Logger = silentLogger) {}

  /** The network device reported with link-up, once known. */
  get networkDevice(): string | undefined { return this.ifname; }

  private notify(m: NotifyMessage): Promise<unknown> {
    return this.ubus.call('network.interface', 'notify_proto', m, { timeoutMs: 5000 });
  }

  /** Reports link-up; see class doc. Throws ModemError NO_IFACE when no network device is found. */
  async linkUp(sessions: DataSession[], modem: Modem): Promise<void> {
    const c = this.cfg;
    // linkUp comes just before the session enters `connected`: say so in the data already.
    const summary = () => ({ ...this.summary(), qmi4g_state: 'connected' });
    const found = netDevicesOfPort(c.device);
    this.ifname = found[0];
    if (c.wwanif) {
      await this.notify(linkUpdate(this.iface, true, this.ifname, summary()));
      await this.ubus.call(`network.interface.${c.wwanif}`, 'up', {}, { timeoutMs: 5000 });
      return;
    }
    if (!this.ifname) throw new ModemError('NO_IFACE', `no network device found for ${c.device} in sysfs`);
    if (c.mtu) await setMtu(this.ifname, c.mtu).catch((e) => this.log.warn((e as Error).message));
    const rawIp = readRawIp(this.ifname) === true || modem.dataFormat === 'raw-ip';
    const dhcpFor = (family: 4 | 6) => !rawIp && (family === 4 ? c.dhcp : c.dhcpv6);
    const statics = sessions.filter((s) => !dhcpFor(s.family)).map((s) => s.settings);
    const data = c.zone ? { ...summary(), zone: c.zone } : summary();
    if (statics.length) {
      await this.notify(staticUpdate(this.iface, this.ifname, statics, { defaultroute: c.defaultroute !== false, peerdns: c.peerdns !== false, metric: c.metric, zone: c.zone }, summary()));
    } else {
      await this.notify(linkUpdate(this.iface, true, this.ifname, data));
    }
    if (sessions.some((s) => s.family === 4 && dhcpFor(4))) await this.addDynamic(dhcpChild(this.iface, c));
    if (sessions.some((s) => s.family === 6 && dhcpFor(6))) await this.addDynamic(dhcpv6Child(this.iface, c));
  }

  private async addDynamic(body: Record<string, unknown>): Promise<void> {
    try { await this.ubus.call('network', 'add_dynamic', body, { timeoutMs: 5000 }); } catch (e) {
      this.log.warn(`add_dynamic ${String(body.name)}: ${(e as Error).message}`);
    }
  }

  /** Reports the link lost; with wwanif, brings that interface down. Errors are logged, not thrown. */
  async linkDown(reason: string): Promise<void> {
    this.log.info(`link down: ${reason}`);
    if (this.cfg.wwanif) await this.ubus.call(`network.interface.${this.cfg.wwanif}`, 'down', {}, { timeoutMs: 5000 }).catch((e) => this.log.warn(`ifdown ${this.cfg.wwanif}: ${(e as Error).message}`));
    await this.notify(linkUpdate(this.iface, false)).catch((e) => this.log.warn(`notify link down: ${(e as Error).message}`));
  }

  /** proto_notify_error; for permanent errors also proto_block_restart and proto_setup_failed. */
  async error(code: NetifdErrorCode, _message: string, data: string[], permanent: boolean): Promise<void> {
    await this.notify(errorMessage(this.iface, code, data));
    if (permanent) {
      await this.notify(blockRestart(this.iface));
      await this.notify(setupFailed(this.iface));
    }
  }

  /** Forwards state changes (to the daemon's event publisher). */
  stateChanged(s: SessionSnapshot): void { this.onState(s); }
}
