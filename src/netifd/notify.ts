// notify_proto messages to netifd (network.interface notify_proto), built as pure data. Source: openwrt/netifd proto-shell.c and netifd-proto.sh.
import type { IpSettings } from '../modem/modem';

/** notify_proto actions (netifd proto-shell.c; netifd-proto.sh helpers in comments). */
export enum NotifyAction {
  /** proto_init_update … proto_send_update */
  Update = 0,
  /** proto_run_command */
  RunCommand = 1,
  /** proto_kill_command */
  KillCommand = 2,
  /** proto_notify_error */
  Error = 3,
  /** proto_block_restart */
  BlockRestart = 4,
  /** proto_set_available */
  SetAvailable = 5,
  /** proto_add_host_dependency */
  AddHostDependency = 6,
  /** proto_setup_failed */
  SetupFailed = 7,
}

/** A notify_proto message body (`interface` selects the interface). */
export type NotifyMessage = Record<string, unknown> & { action: NotifyAction; interface: string };

/** Netmask text of an IPv4 prefix length, e.g. 30 → "255.255.255.252". */
export function prefixToNetmask(prefix: number): string {
  const n = prefix <= 0 ? 0 : (0xffffffff << (32 - Math.min(32, prefix))) >>> 0;
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');
}

/** Link state update: `link-up` true with the network device (ifname), or false when lost. */
export function linkUpdate(iface: string, up: boolean, ifname?: string, data?: Record<string, unknown>): NotifyMessage {
  const m: NotifyMessage = { action: NotifyAction.Update, interface: iface, 'link-up': up, keep: up };
  if (ifname) m.ifname = ifname;
  if (data) m.data = data;
  return m;
}

/** What static addressing to send (qmi.sh with `dhcp 0`, raw-IP): options copied from the interface config. */
export interface StaticOptions { defaultroute: boolean; peerdns: boolean; metric?: number; zone?: string }

/**
 * Static update with the modem's settings: ipaddr/ip6addr, default routes via the modem's gateway
 * (unless defaultroute 0), DNS (unless peerdns 0), zone in data. Like qmi.sh's `dhcp 0` path.
 */
export function staticUpdate(iface: string, ifname: string, settings: IpSettings[], o: StaticOptions, data: Record<string, unknown> = {}): NotifyMessage {
  const m: NotifyMessage = { action: NotifyAction.Update, interface: iface, ifname, 'link-up': true, keep: true };
  const v4 = settings.find((s) => s.family === 4 && s.address);
  const v6 = settings.find((s) => s.family === 6 && s.address);
  if (v4) {
    m.ipaddr = [{ ipaddr: v4.address, mask: String(v4.prefix ?? 32) }];
    if (o.defaultroute) {
      const r: Record<string, unknown> = { target: '0.0.0.0', netmask: '0', gateway: v4.gateway ?? '0.0.0.0' };
      if (o.metric !== undefined) r.metric = o.metric;
      m.routes = [r];
    }
  }
  if (v6) {
    // As OpenWrt qmi.sh/mbim.sh: the address as /128 on the WAN, the modem's prefix as ip6prefix
    // (proto_add_ipv6_prefix "$ip/$len"), so netifd delegates it to the LAN.
    m.ip6addr = [{ ipaddr: v6.address, mask: '128' }];
    m.ip6prefix = [`${v6.address}/${v6.prefix ?? 64}`];
    if (o.defaultroute) {
      const r: Record<string, unknown> = { target: '::', netmask: '0', gateway: v6.gateway ?? '::' };
      if (o.metric !== undefined) r.metric = o.metric;
      m.routes6 = [r];
    }
  }
  if (o.peerdns) {
    const dns = settings.flatMap((s) => s.dns);
    if (dns.length) m.dns = [...new Set(dns)];
  }
  m.data = o.zone ? { ...data, zone: o.zone } : data;
  return m;
}

/** proto_notify_error: `error: [code, data…]`. */
export function errorMessage(iface: string, code: string, data: string[] = []): NotifyMessage {
  return { action: NotifyAction.Error, interface: iface, error: [code, ...data] };
}

/** proto_block_restart: no automatic retry by netifd. */
export function blockRestart(iface: string): NotifyMessage { return { action: NotifyAction.BlockRestart, interface: iface }; }

/** proto_setup_failed: netifd marks the setup failed and tears down. */
export function setupFailed(iface: string): NotifyMessage { return { action: NotifyAction.SetupFailed, interface: iface }; }

/** proto_set_available. */
export function setAvailable(iface: string, available: boolean): NotifyMessage {
  return { action: NotifyAction.SetAvailable, interface: iface, available };
}
