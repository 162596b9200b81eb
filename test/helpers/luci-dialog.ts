// LuCI's interface dialog as it uses a protocol form, and its ifname migration check, for the LuCI stand-in.
//
// Facts from openwrt/luci modules/luci-mod-network/htdocs/luci-static/resources/view/network/
// interfaces.js (master, 2026): the page refuses to render and shows the forced "ifname
// configuration migration" dialog while an interface section has `ifname` but no `device` (or a
// bridge device section has `ifname` but no `ports`). In the edit dialog (addModalOptions) LuCI
// declares its tabs, adds its own fields (status, protocol, Device — only for non-virtual
// protocols —, disabled, auto, the firewall zone `_zone`), calls the protocol's
// renderFormOptions(s), then replaces the common fields with its own through
// tools/network.js replaceOption (drop every child of that name, then s.taboption(...) anew),
// and finally makes every field depend on the protocol.
import { getOption, type UciPackage } from '../../src/uci';
import { SectionStandin, type LuciWorld, type OptionStandin, type ProtocolInstance } from './luci-standin';

/** The tabs interfaces.js declares on the interface section (the modal section inherits them). */
const DIALOG_TABS = [
  ['general', 'General Settings'], ['advanced', 'Advanced Settings'], ['physical', 'Physical Settings'],
  ['brport', 'Bridge port specific options'], ['bridgevlan', 'Bridge VLAN filtering'], ['firewall', 'Firewall Settings'], ['dhcp', 'DHCP Server'],
] as const;

/** interfaces.js has_peerdns(): protocols whose peerdns field LuCI replaces. */
const HAS_PEERDNS = ['dhcp', 'dhcpv6', 'qmi', 'ppp', 'pppoe', 'pppoa', 'pptp', 'openvpn', 'sstp'];
/** interfaces.js has_sourcefilter(). */
const HAS_SOURCEFILTER = ['3g', 'dhcpv6', 'directip', 'mbim', 'modemmanager', 'ncm', 'ppp', 'pppoa', 'pppoe', 'pptp', 'qmi'];

type Cls = new (s: unknown, o: string, t: string, d?: string) => OptionStandin;

/** tools/network.js replaceOption: removes the fields named `name`, then adds one through s.taboption (as LuCI calls it). */
export function replaceOption(s: SectionStandin, tab: string, cls: Cls, name: string, title: string, description?: string): OptionStandin {
  s.removeOption(name);
  const o = s.taboption(tab, cls, name, title, description);
  o.owner = 'luci';
  return o;
}

/** The section of LuCI's edit dialog for interface `sid` of `protoName`, with the protocol's form rendered into it. */
export function openInterfaceDialog(world: LuciWorld, protoName: string, sid: string, opts: { firewall?: boolean } = {}): { s: SectionStandin; proto: ProtocolInstance } {
  const Proto = world.network.protocols[protoName];
  if (!Proto) throw new Error(`protocol ${protoName} not registered`);
  // interfaces.js render(): with such sections only the forced migration dialog is shown, no page.
  const stuck = Object.entries(world.uci.data.network ?? {}).filter(([, o]) => o.ifname !== undefined && o.device === undefined && o.name === undefined);
  if (stuck.length) throw new Error(`LuCI shows the forced "Network ifname configuration migration" dialog (interface ${stuck.map(([n]) => n).join(', ')}: ifname without device)`);
  const proto = new Proto(sid);
  const s = new SectionStandin(DIALOG_TABS.map(([name, title]) => ({ name, title })));
  const { form, widgets } = world;
  const luci = (tab: string, cls: Cls, name: string, title: string, description?: string) => {
    const o = s.taboption(tab, cls, name, title, description);
    o.owner = 'luci';
    return o;
  };
  // Cloned from the grid section: the interface's own delegate flag and force_link.
  luci('advanced', form.Flag as unknown as Cls, 'delegate', 'Use builtin IPv6-management');
  luci('advanced', form.Flag as unknown as Cls, 'force_link', 'Force link');
  luci('general', form.DummyValue as unknown as Cls, '_ifacestat_modal', 'Status');
  luci('general', form.ListValue as unknown as Cls, 'proto', 'Protocol');
  luci('general', form.Button as unknown as Cls, '_switch_proto', '');
  const device = luci('general', widgets.DeviceSelect as unknown as Cls, '_net_device', 'Device');
  device.ucioption = 'device';
  const virtual = (proto.isVirtual as (() => boolean) | undefined)?.call(proto) === true;
  if (!virtual) device.depends('proto', protoName);
  luci('general', form.Flag as unknown as Cls, 'disabled', 'Disable this interface');
  luci('general', form.Flag as unknown as Cls, 'auto', 'Bring up on boot');
  if (opts.firewall !== false) {
    luci('firewall', widgets.ZoneSelect as unknown as Cls, '_zone', 'Create / Assign firewall-zone',
      'Choose the firewall zone you want to assign to this interface. Select <em>unspecified</em> to remove the interface from the associated zone or fill out the <em>custom</em> field to define a new zone and attach the interface to it.');
  }

  (proto.renderFormOptions as (s: SectionStandin) => void).call(proto, s);

  const r = (tab: string, cls: Cls, name: string, title: string, description?: string) => replaceOption(s, tab, cls, name, title, description);
  let o = r('advanced', form.Flag as unknown as Cls, 'defaultroute', 'Use default gateway', 'If unchecked, no default route is configured');
  o.default = '1';
  if (HAS_PEERDNS.includes(protoName)) r('advanced', form.Flag as unknown as Cls, 'peerdns', 'Use DNS servers advertised by peer').default = '1';
  o = r('advanced', form.DynamicList as unknown as Cls, 'dns', 'Use custom DNS servers');
  if (HAS_PEERDNS.includes(protoName)) o.depends('peerdns', '0');
  o.datatype = 'ipaddr';
  o = r('advanced', form.Value as unknown as Cls, 'dns_metric', 'DNS weight');
  o.datatype = 'uinteger';
  o = r('advanced', form.Value as unknown as Cls, 'metric', 'Use gateway metric');
  o.datatype = 'uinteger';
  o.placeholder = '0';
  r('advanced', form.Value as unknown as Cls, 'ip4table', 'Override IPv4 routing table').datatype = 'or(uinteger, string)';
  r('advanced', form.Value as unknown as Cls, 'ip6table', 'Override IPv6 routing table').datatype = 'or(uinteger, string)';
  if (HAS_SOURCEFILTER.includes(protoName)) r('advanced', form.Flag as unknown as Cls, 'sourcefilter', 'IPv6 source routing').default = '1';
  r('advanced', form.Flag as unknown as Cls, 'delegate', 'Delegate IPv6 prefixes').default = '1';
  r('advanced', form.Value as unknown as Cls, 'ip6assign', 'IPv6 assignment length').datatype = 'max(128)';
  r('advanced', form.Value as unknown as Cls, 'ip6hint', 'IPv6 assignment hint');
  r('advanced', form.DynamicList as unknown as Cls, 'ip6class', 'IPv6 prefix filter');
  r('advanced', form.Value as unknown as Cls, 'ip6ifaceid', 'IPv6 suffix').datatype = 'ip6hostid';
  r('advanced', form.Value as unknown as Cls, 'ip6weight', 'IPv6 preference').datatype = 'uinteger';

  // Every field but a few of LuCI's own depends on the protocol.
  for (const f of s.options) {
    if (['proto', 'auto', '_dhcp', '_zone', '_switch_proto', '_ifacestat_modal', '_net_device'].includes(f.option)) continue;
    if (f.deps.length) for (const d of f.deps) d.proto = protoName;
    else f.depends('proto', protoName);
  }
  return { s, proto };
}

/** The fields the protocol form created (not LuCI's), in order. */
export function protocolFields(s: SectionStandin): OptionStandin[] {
  return s.options.filter((o) => o.owner === 'protocol');
}

/**
 * Whether LuCI's Network → Interfaces page would stop on its forced migration dialog for this
 * network config (interfaces.js interfaceWithIfnameSections / deviceWithIfnameSections /
 * interfaceBridgeWithIfnameSections), and which sections cause it.
 */
export function migrationNeeded(network: UciPackage): string[] {
  const out: string[] = [];
  for (const sec of network.sections) {
    const has = (name: string) => getOption(sec, name) !== undefined;
    const bridge = getOption(sec, 'type') === 'bridge';
    if (sec.type === 'interface' && has('ifname') && !has('device')) out.push(`interface ${sec.name}: ifname without device`);
    if (sec.type === 'interface' && bridge && !has('ports') && has('ifname')) out.push(`interface ${sec.name}: bridge with ifname`);
    if (sec.type === 'device' && bridge && !has('ports') && has('ifname')) out.push(`device ${sec.name}: bridge with ifname`);
  }
  return out;
}

/** LuCI form.js isEqual(): how a dependency value is compared (null/undefined never equal ''; a RegExp tests the text). */
export function luciIsEqual(x: unknown, y: unknown): boolean {
  if (y instanceof RegExp) return x == null ? false : y.test(String(x));
  if (x != null && y != null && typeof x !== typeof y) return false;
  if ((x == null && y != null) || (x != null && y == null)) return false;
  if (Array.isArray(x)) return Array.isArray(y) && x.length === y.length && x.every((v, i) => luciIsEqual(v, y[i]));
  if (typeof x === 'object' && x !== null) {
    const a = x as Record<string, unknown>, b = y as Record<string, unknown>;
    return Object.keys(a).every((k) => k in b && luciIsEqual(a[k], b[k])) && Object.keys(b).every((k) => k in a);
  }
  return x == y; // eslint-disable-line eqeqeq -- LuCI compares with !=
}

/**
 * Whether LuCI shows field `option` of section `sid` (form.js Map.isDependencySatisfied): some
 * dependency entry holds (with `!reverse` inverting it), a dependency on a hidden field seeing null,
 * each field's value being its widget's formvalue().
 */
export function isShown(s: SectionStandin, option: string, sid: string, depth = 0): boolean {
  const o = s.get(option);
  if (!o.deps.length || depth > 10) return true;
  return o.deps.some((dep) => {
    let all = true;
    for (const [k, want] of Object.entries(dep)) {
      if (k === '!reverse' || k === '!contains' || k === '!default') continue;
      const field = s.getOption(k);
      const val = field && isShown(s, k, sid, depth + 1) ? field.formvalue(sid) : null;
      all = all && luciIsEqual(val, want);
    }
    return dep['!reverse'] ? !all : all;
  });
}
