// add_dynamic bodies for the DHCP child interfaces (IFACE_4 dhcp, IFACE_6 dhcpv6), as OpenWrt's qmi.sh builds them.

/** netifd options copied to the children (proto_add_dynamic_defaults + qmi.sh's extras). */
export interface ChildOptions {
  defaultroute?: boolean;
  peerdns?: boolean;
  metric?: number;
  zone?: string;
  ip4table?: string;
  ip6table?: string;
  sourcefilter?: boolean;
  delegate?: boolean;
}

function defaults(o: ChildOptions): Record<string, unknown> {
  const m: Record<string, unknown> = {};
  if (o.defaultroute !== undefined) m.defaultroute = o.defaultroute;
  if (o.peerdns !== undefined) m.peerdns = o.peerdns;
  if (o.metric !== undefined) m.metric = o.metric;
  if (o.zone) m.zone = o.zone;
  return m;
}

/** `ubus call network add_dynamic` body for IFACE_4: proto dhcp on `@IFACE` (netifd's alias for the parent's device). */
export function dhcpChild(iface: string, o: ChildOptions): Record<string, unknown> {
  const m: Record<string, unknown> = { name: `${iface}_4`, ifname: `@${iface}`, proto: 'dhcp', ...defaults(o) };
  if (o.ip4table) m.ip4table = o.ip4table;
  return m;
}

/** add_dynamic body for IFACE_6: proto dhcpv6 with extendprefix 1, ip6table, sourcefilter/delegate when 0. */
export function dhcpv6Child(iface: string, o: ChildOptions): Record<string, unknown> {
  const m: Record<string, unknown> = { name: `${iface}_6`, ifname: `@${iface}`, proto: 'dhcpv6', extendprefix: 1, ...defaults(o) };
  if (o.ip6table) m.ip6table = o.ip6table;
  if (o.sourcefilter === false) m.sourcefilter = false;
  if (o.delegate === false) m.delegate = false;
  return m;
}
