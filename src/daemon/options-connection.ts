// Option table rows, part 1: the modem, the SIM, the APN and the network (see options.ts).
import type { OptionSpec } from './option-types';
import { LTE_BANDS, NR5G_BANDS } from '../modem/bands';

/** The PIN rule in the words every place uses; re-exported by options.ts (see there). */
export const PIN_RULE = 'Sent only when the SIM card asks for a PIN and reports at least 2 attempts left (never when it does not report the count); a PIN the SIM card rejected is not sent to that SIM card again.';

const APN_RE = '^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$';
/** One `apn_by_iccid` entry: ICCID prefixes, '=', an APN (or auto); blanks around the parts allowed (src/apn/select.ts parseApnRule). */
const APN_RULE_RE = `^ *[0-9]{1,20}( *, *[0-9]{1,20})* *= *${APN_RE.slice(1, -1)} *$`;
const APN_EXPECT = "an APN of letters, digits, '-' and '_' in dot-separated labels, at most 100 characters";
const IPV6_ONLY = [{ pdptype: 'ipv6' }, { pdptype: 'ipv4v6' }] as const;
const WITH_AUTH = (mbim: boolean) => (mbim ? ['pap', 'chap', 'both', 'mschapv2'] : ['pap', 'chap', 'both']);

/** Rows of the General tab and the connection part of Advanced. */
export const CONNECTION_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'wdmif', handler: { qmi4g: 'string', mbim: 'string' }, value: { kind: 'path', example: '/dev/cdc-wdm0' },
    defaultText: 'required, or device',
    help: 'Control port of the modem: /dev/cdc-wdm0 (USB) or /dev/wwan0qmi0, /dev/wwan0mbim0 (PCIe/MHI)',
    origin: ['ours'], originNote: 'seed 000 wdmif; qmi.sh/mbim.sh call it device',
    luci: { tab: 'general', widget: 'PortSelect', title: 'Modem device' },
  },
  {
    name: 'device', handler: { qmi4g: 'string', mbim: 'string' }, declareAs: 'device:device', value: { kind: 'path', example: '/dev/cdc-wdm0' },
    help: 'Alias of wdmif, the name qmi.sh and mbim.sh use; both set to different ports is an error',
    origin: ['qmi.sh', 'mbim.sh'],
  },
  {
    name: 'apn', handler: { qmi4g: 'string', mbim: 'string' }, value: { kind: 'pattern', re: APN_RE, max: 100, expect: APN_EXPECT },
    defaultText: "none: the modem profile's APN",
    help: "Access point name; empty uses the APN of the modem profile; auto looks it up by the SIM's MCC/MNC (IMSI) in the provider table (mobile-broadband-provider-info), with its user name, password and authentication where you set none",
    origin: ['qmi.sh', 'mbim.sh'], originNote: 'mbim.sh requires it',
    luci: { tab: 'general', widget: 'Value', title: 'APN' },
  },
  {
    name: 'pincode', handler: { qmi4g: 'string', mbim: 'string' }, secret: true,
    value: { kind: 'pattern', re: '^[0-9]{4,8}$', max: 8, expect: 'a PIN of 4 to 8 digits', secret: true },
    help: `SIM PIN, 4 to 8 digits. ${PIN_RULE}`,
    origin: ['qmi.sh', 'mbim.sh'],
    luci: { tab: 'general', widget: 'Value', title: 'PIN', password: true },
  },
  {
    name: 'auth', handler: { qmi4g: 'string', mbim: 'string' },
    value: { kind: 'choice', values: ['none', 'pap', 'chap', 'both', 'mschapv2'] },
    defaultText: "not sent: the modem's default",
    help: 'Authentication: none, pap, chap or both; mschapv2 on MBIM modems only',
    origin: ['qmi.sh', 'mbim.sh'], originNote: 'uqmi --auth-type',
    luci: {
      tab: 'general', widget: 'ListValue', title: 'Authentication Type',
      choices: [['', 'Modem default'], ['none', 'None'], ['pap', 'PAP'], ['chap', 'CHAP'], ['both', 'PAP/CHAP'], ['mschapv2', 'MSCHAPv2', ['mbim']]],
    },
  },
  {
    name: 'username', handler: { qmi4g: 'string', mbim: 'string' }, value: { kind: 'text', secret: true }, secret: true,
    help: 'User name for PAP/CHAP', origin: ['qmi.sh', 'mbim.sh'],
    luci: { tab: 'general', widget: 'Value', title: 'PAP/CHAP username', depends: WITH_AUTH(true).map((auth) => ({ auth })) },
  },
  {
    name: 'password', handler: { qmi4g: 'string', mbim: 'string' }, value: { kind: 'text', secret: true }, secret: true,
    help: 'Password for PAP/CHAP', origin: ['qmi.sh', 'mbim.sh'],
    luci: { tab: 'general', widget: 'Value', title: 'PAP/CHAP password', password: true, depends: WITH_AUTH(true).map((auth) => ({ auth })) },
  },
  {
    name: 'pdptype', handler: { qmi4g: 'string', mbim: 'string' },
    value: { kind: 'choice', values: ['ipv4', 'ipv6', 'ipv4v6'], aliases: { ip: 'ipv4' } },
    default: { qmi4g: 'ipv4', mbim: 'ipv4v6' },
    help: 'IP type of the data session: ip or ipv4, ipv6, ipv4v6; Enable IPv6 off makes it ipv4',
    origin: ['qmi.sh', 'mbim.sh'], originNote: 'qmi.sh falls back to ip on unknown values; here they are an error',
    luci: { tab: 'general', widget: 'ListValue', title: 'PDP Type', choices: [['ipv4', 'IPv4'], ['ipv6', 'IPv6'], ['ipv4v6', 'IPv4/IPv6']] },
  },
  {
    name: 'wwanif', handler: { qmi4g: 'string', mbim: 'string' },
    value: { kind: 'pattern', re: '^[A-Za-z0-9_]+$', max: 64, expect: 'an interface name of letters, digits and underscores' },
    defaultText: 'none: qmi4g adds IFACE_4 and IFACE_6 itself, as qmi.sh does',
    help: 'An existing interface (e.g. DHCP on wwan0) to bring up when connected; the addressing, MTU, metric and zone options of this interface do not apply then',
    origin: ['ours'], originNote: 'seed 000 wwanif',
    luci: { tab: 'general', widget: 'NetworkSelect', title: 'Network interface for the data' },
  },
  {
    name: 'v6apn', handler: { qmi4g: 'string', mbim: 'string' }, value: { kind: 'pattern', re: APN_RE, max: 100, expect: APN_EXPECT },
    defaultText: 'apn', help: 'APN of the IPv6 session; defaults to the APN', origin: ['qmi.sh'],
    luci: { tab: 'advanced', widget: 'Value', title: 'IPv6 APN', depends: IPV6_ONLY },
  },
  {
    name: 'apn_by_iccid', handler: { qmi4g: 'array', mbim: 'array' },
    value: { kind: 'pattern-list', re: APN_RULE_RE, max: 600, maxItems: 32, expect: "PREFIX[,PREFIX...]=APN: ICCID prefixes of 1 to 20 digits, '=', an APN or auto" },
    defaultText: 'none',
    help: "APN by SIM card: entries PREFIX[,PREFIX...]=APN, the first whose ICCID prefix starts the SIM's ICCID wins (APN auto: the provider table); no match uses apn",
    origin: ['ours'], originNote: "VintageNetQMI's only_iccid_prefixes",
    luci: { tab: 'advanced', widget: 'DynamicList', title: 'APN by SIM ICCID prefix' },
  },
  {
    name: 'profile', handler: { qmi4g: 'int' }, value: { kind: 'int', min: 1, max: 255 },
    help: 'Index (1-255) of the modem profile to connect with', origin: ['qmi.sh'],
    luci: { tab: 'advanced', widget: 'Value', title: 'Modem profile' },
  },
  {
    name: 'v6profile', handler: { qmi4g: 'int' }, value: { kind: 'int', min: 1, max: 255 },
    defaultText: 'profile', help: 'Profile index of the IPv6 session; defaults to the modem profile', origin: ['qmi.sh'],
    luci: { tab: 'advanced', widget: 'Value', title: 'IPv6 modem profile', depends: IPV6_ONLY },
  },
  {
    name: 'modes', handler: { qmi4g: 'string', mbim: 'string' }, value: { kind: 'modes', values: ['gsm', 'umts', 'lte', 'cdma', 'td-scdma', '5gnr'] },
    defaultText: "none: the modem's setting stays",
    help: 'Allowed radio technologies: all, or a comma list of gsm, umts, lte, cdma, td-scdma, 5gnr; empty leaves the modem setting',
    origin: ['qmi.sh'], originNote: 'uqmi --set-network-modes; 5gnr is ours; mbim.sh has none',
    luci: {
      tab: 'advanced', widget: 'Value', title: 'Allowed network modes',
      suggestions: [['all', 'All'], ['lte', 'LTE only'], ['5gnr,lte', '5G NR and LTE'], ['lte,umts', 'LTE and UMTS'], ['umts,gsm', 'UMTS and GSM']],
    },
  },
  {
    name: 'lte_band', handler: { qmi4g: 'array', mbim: 'array' }, value: { kind: 'bands', radio: 'lte', values: [...LTE_BANDS] },
    defaultText: "none: the modem's setting stays",
    help: 'LTE bands the modem may use (E-UTRA band numbers, e.g. 1 3 7 20); written only when the modem is set differently; MBIM modems need QMI over MBIM for it',
    origin: ['ours'], originNote: 'NAS Set System Selection Preference LTE band TLVs',
    luci: { tab: 'advanced', widget: 'DynamicList', title: 'LTE bands' },
  },
  {
    name: 'nr5g_band', handler: { qmi4g: 'array', mbim: 'array' }, value: { kind: 'bands', radio: 'nr5g', values: [...NR5G_BANDS] },
    defaultText: "none: the modem's setting stays",
    help: '5G NR bands the modem may use, SA and NSA (NR band numbers without the n, e.g. 78); written only when the modem is set differently; MBIM modems need QMI over MBIM for it',
    origin: ['ours'], originNote: 'NAS Set System Selection Preference NR5G SA/NSA band TLVs',
    luci: { tab: 'advanced', widget: 'DynamicList', title: '5G NR bands' },
  },
  {
    name: 'plmn', handler: { qmi4g: 'string', mbim: 'string' }, value: { kind: 'plmn' },
    defaultText: "none: the modem's setting stays",
    help: '0 or auto for automatic network selection, or MCC and MNC as 5 or 6 digits (e.g. 26201) for manual; empty leaves the modem setting',
    origin: ['qmi.sh'], originNote: 'declared int there; a string here keeps the leading zero of 00101',
    luci: { tab: 'advanced', widget: 'Value', title: 'PLMN' },
  },
  {
    name: 'allow_roaming', handler: { qmi4g: 'boolean', mbim: 'boolean' }, value: { kind: 'bool' }, default: { qmi4g: '1', mbim: '0' },
    help: 'Connect while roaming', origin: ['mbim.sh'], originNote: 'qmi.sh never refuses roaming',
    luci: { tab: 'advanced', widget: 'Flag', title: 'Allow roaming' },
  },
  {
    name: 'allow_partner', handler: { qmi4g: 'boolean', mbim: 'boolean' }, value: { kind: 'bool' }, default: '0',
    help: 'Connect on a partner network', origin: ['mbim.sh'],
    luci: { tab: 'advanced', widget: 'Flag', title: 'Allow partner networks' },
  },
  {
    name: 'timeout', handler: { qmi4g: 'int', mbim: 'int' }, value: { kind: 'int', min: 0, max: 86400, unit: 's' }, default: '10',
    help: 'Seconds to wait for the SIM card and the network registration; 0 waits without limit', origin: ['qmi.sh'],
    luci: { tab: 'advanced', widget: 'Value', title: 'SIM and registration timeout' },
  },
  {
    name: 'delay', handler: { qmi4g: 'int', mbim: 'string' }, value: { kind: 'int', min: 0, max: 3600, unit: 's' }, default: '0',
    help: 'Seconds to wait before starting', origin: ['qmi.sh', 'mbim.sh'], originNote: 'mbim.sh declares it string',
    luci: { tab: 'advanced', widget: 'Value', title: 'Start delay' },
  },
];
