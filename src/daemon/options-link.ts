// Option table rows, part 2: addressing, routing and the data interfaces; recovery (see options.ts).
import type { OptionSpec } from './option-types';

const IPV6_ONLY = [{ pdptype: 'ipv6' }, { pdptype: 'ipv4v6' }] as const;
const TABLE_RE = '^[A-Za-z0-9_-]+$';

/** Addressing and routing rows (Advanced tab). */
export const LINK_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'mtu', handler: { qmi4g: 'int', mbim: 'int' }, value: { kind: 'int', min: 68, max: 65535, unit: 'bytes' },
    defaultText: "none: left as it is (qmi4g); the modem's MTU (mbim)",
    help: 'MTU of the modem network device, 68-65535 bytes', origin: ['qmi.sh', 'mbim.sh'], ignoredWithWwanif: true,
    luci: { tab: 'advanced', widget: 'Value', title: 'Override MTU' },
  },
  {
    name: 'dhcp', handler: { qmi4g: 'string', mbim: 'string' }, value: { kind: 'bool-auto' }, default: { qmi4g: '1', mbim: 'auto' },
    help: 'IPv4 addresses: 1 = DHCP on the child IFACE_4, 0 = the settings the modem reports, as static; auto = static when the modem reports an address, else DHCP',
    origin: ['qmi.sh', 'mbim.sh'], originNote: 'a boolean in qmi.sh; a string for auto, as mbim.sh', ignoredWithWwanif: true,
    luci: { tab: 'advanced', widget: 'ListValue', title: 'IPv4 configuration', choices: [['1', 'DHCP'], ['0', 'Static'], ['auto', 'Automatic']] },
  },
  {
    name: 'ipv6', handler: { qmi4g: 'boolean', mbim: 'string' }, value: { kind: 'bool' }, default: '1',
    help: 'Request IPv6 from the network; off makes the PDP type IPv4', origin: ['mbim.sh'], originNote: 'mbim.sh declares it string',
    luci: { tab: 'advanced', widget: 'Flag', title: 'Enable IPv6', depends: IPV6_ONLY },
  },
  {
    name: 'dhcpv6', handler: { qmi4g: 'string', mbim: 'string' }, value: { kind: 'bool-auto' }, default: { qmi4g: '0', mbim: 'auto' },
    help: 'IPv6 addresses: 1 = DHCPv6 on the child IFACE_6, 0 = the settings the modem reports, as static; auto as for IPv4',
    origin: ['qmi.sh', 'mbim.sh'], originNote: 'a boolean in qmi.sh; a string for auto, as mbim.sh', ignoredWithWwanif: true,
    luci: {
      tab: 'advanced', widget: 'ListValue', title: 'IPv6 configuration', depends: IPV6_ONLY.map((d) => ({ ...d, ipv6: '1' })),
      choices: [['1', 'DHCPv6'], ['0', 'Static'], ['auto', 'Automatic']],
    },
  },
  {
    name: 'autoconnect', handler: { qmi4g: 'boolean' }, value: { kind: 'bool' },
    defaultText: 'on for pdptype ipv4, else off',
    help: 'Let the modem reconnect by itself (uqmi --autoconnect); by default on for IPv4 only', origin: ['qmi.sh'],
    luci: { tab: 'advanced', widget: 'ListValue', title: 'Modem autoconnect', choices: [['', 'Default'], ['1', 'Enabled'], ['0', 'Disabled']] },
  },
  {
    name: 'defaultroute', handler: { qmi4g: 'defaults', mbim: 'defaults' }, value: { kind: 'bool' }, default: '1',
    help: 'Add a default route via the modem', origin: ['netifd'], originNote: 'proto_config_add_defaults', ignoredWithWwanif: true,
    luci: { tab: 'advanced', widget: 'Flag', title: 'Use default gateway', replacedBy: ['qmi4g', 'mbim'] },
  },
  {
    name: 'metric', handler: { qmi4g: 'defaults', mbim: 'defaults' }, value: { kind: 'int', min: 0, max: 2147483647 }, default: '0',
    help: 'Metric of the routes of the data interfaces', origin: ['netifd'], originNote: 'proto_config_add_defaults; qmi.sh sets 0 when unset', ignoredWithWwanif: true,
    luci: { tab: 'advanced', widget: 'Value', title: 'Use gateway metric', replacedBy: ['qmi4g', 'mbim'] },
  },
  {
    name: 'peerdns', handler: { qmi4g: 'defaults', mbim: 'defaults' }, value: { kind: 'bool' }, default: '1',
    help: 'Use the DNS servers the network announces', origin: ['netifd'], originNote: 'proto_config_add_defaults', ignoredWithWwanif: true,
    luci: { tab: 'advanced', widget: 'Flag', title: 'Use DNS servers advertised by peer' },
  },
  {
    name: 'zone', handler: { qmi4g: 'string', mbim: 'string' }, value: { kind: 'pattern', re: TABLE_RE, max: 64, expect: "a zone name of letters, digits, '-' and '_'" },
    defaultText: 'the firewall zone of this interface',
    help: 'Firewall zone of the data interfaces IFACE_4 and IFACE_6; by default the zone this interface is in (uci firewall, as qmi.sh asks fw3), which LuCI sets on the Firewall Settings tab',
    origin: ['qmi.sh'], originNote: 'fw3 -q network IFACE', ignoredWithWwanif: true,
  },
  {
    name: 'ip4table', handler: { qmi4g: 'string', mbim: 'string' }, value: { kind: 'pattern', re: TABLE_RE, max: 64, expect: "a routing table name or number of letters, digits, '-' and '_'" },
    help: 'Routing table for IPv4 (name or number), copied to the DHCP child', origin: ['netifd'], originNote: 'interface option qmi.sh copies', ignoredWithWwanif: true,
    luci: { tab: 'advanced', widget: 'Value', title: 'Override IPv4 routing table', replacedBy: ['qmi4g', 'mbim'] },
  },
  {
    name: 'ip6table', handler: { qmi4g: 'string', mbim: 'string' }, value: { kind: 'pattern', re: TABLE_RE, max: 64, expect: "a routing table name or number of letters, digits, '-' and '_'" },
    help: 'Routing table for IPv6, copied to the DHCPv6 child', origin: ['netifd'], originNote: 'interface option qmi.sh copies', ignoredWithWwanif: true,
    luci: { tab: 'advanced', widget: 'Value', title: 'Override IPv6 routing table', replacedBy: ['qmi4g', 'mbim'] },
  },
  {
    name: 'sourcefilter', handler: { qmi4g: 'boolean', mbim: 'boolean' }, value: { kind: 'bool' }, default: '1',
    help: 'IPv6 source routing on the DHCPv6 child', origin: ['qmi.sh', 'mbim.sh'], ignoredWithWwanif: true,
    luci: { tab: 'advanced', widget: 'Flag', title: 'IPv6 source routing', replacedBy: ['mbim'] },
  },
  {
    name: 'delegate', handler: { qmi4g: 'boolean', mbim: 'boolean' }, value: { kind: 'bool' }, default: '1',
    help: 'Delegate the IPv6 prefix of the DHCPv6 child downstream', origin: ['qmi.sh', 'mbim.sh'], ignoredWithWwanif: true,
    luci: { tab: 'advanced', widget: 'Flag', title: 'Delegate IPv6 prefixes', replacedBy: ['qmi4g', 'mbim'] },
  },
];

/** Recovery tab rows (ours). */
export const RECOVERY_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'probe_host', handler: { qmi4g: 'array', mbim: 'array' }, value: { kind: 'hosts', maxHosts: 8 },
    defaultText: 'none: no watchdog',
    help: 'Connectivity watchdog: up to 8 IPv4/IPv6 addresses or host names (a uci list, or one option with blank-separated hosts), pinged through the modem; when none answers in several rounds in a row, the connection is restarted',
    origin: ['ours'],
    luci: { tab: 'recovery', widget: 'DynamicList', title: 'Watchdog hosts' },
  },
  {
    name: 'probe_interval', handler: { qmi4g: 'int', mbim: 'int' }, value: { kind: 'int', min: 5, max: 86400, unit: 's' }, default: '60',
    help: 'Seconds between watchdog rounds', origin: ['ours'],
    luci: { tab: 'recovery', widget: 'Value', title: 'Watchdog interval' },
  },
  {
    name: 'probe_failures', handler: { qmi4g: 'int', mbim: 'int' }, value: { kind: 'int', min: 1, max: 100 }, default: '3',
    help: 'Failed watchdog rounds in a row before the connection is restarted', origin: ['ours'],
    luci: { tab: 'recovery', widget: 'Value', title: 'Watchdog failures' },
  },
  {
    name: 'reconnect_min', handler: { qmi4g: 'int', mbim: 'int' }, value: { kind: 'int', min: 0, max: 3600, unit: 's' }, default: '1',
    help: 'Seconds to wait before reconnecting after a failure or a repeated drop; the wait doubles with each further failure (the first drop after a stable connection reconnects at once)',
    origin: ['ours'],
    luci: { tab: 'recovery', widget: 'Value', title: 'Shortest reconnect delay' },
  },
  {
    name: 'reconnect_max', handler: { qmi4g: 'int', mbim: 'int' }, value: { kind: 'int', min: 1, max: 86400, unit: 's' }, default: '300',
    defaultText: '300, or reconnect_min when that is larger',
    help: 'Seconds the reconnect wait grows to at most (with 20 % jitter); not less than the shortest delay', origin: ['ours'],
    luci: { tab: 'recovery', widget: 'Value', title: 'Longest reconnect delay' },
  },
  {
    name: 'registration_grace', handler: { qmi4g: 'int', mbim: 'int' }, value: { kind: 'int', min: 0, max: 3600, unit: 's' }, default: '5',
    help: 'Seconds a lost network registration is tolerated while connected (the link stays up) before reconnecting', origin: ['ours'],
    luci: { tab: 'recovery', widget: 'Value', title: 'Registration grace time' },
  },
  {
    name: 'atdevice', handler: { qmi4g: 'string', mbim: 'string' }, value: { kind: 'path', example: '/dev/ttyUSB2' },
    defaultText: 'none: no AT reset',
    help: 'Serial AT port of the modem (e.g. /dev/ttyUSB2), used to reset it when it stops answering and by ubus call qmi4g at; needs the serialport package',
    origin: ['ours'],
    luci: { tab: 'recovery', widget: 'Value', title: 'AT command port' },
  },
];
