// LuCI protocol files qmi4g.js and mbim.js against a LuCI stand-in: registration, options, dependencies, validation = the daemon's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInterfaceConfig, type ConfigFlavor } from '../../../src/daemon/config';
import { probeHostProblem } from '../../../src/session/probe-host';
import { LUCI_ROOT, LuciWorld, SectionStandin, type OptionStandin, type ProtocolInstance } from '../../helpers/luci-standin';
import { openInterfaceDialog, protocolFields } from '../../helpers/luci-dialog';
import { OPTIONS } from '../../../src/daemon/options';

const REPO = join(__dirname, '..', '..', '..');

/** The protocol loaded into a LuCI stand-in and its form rendered into LuCI's interface dialog (luci-dialog.ts). */
function load(flavor: ConfigFlavor, sid = 'wdm0'): { world: LuciWorld; proto: ProtocolInstance; s: SectionStandin } {
  const world = new LuciWorld();
  const name = flavor === 'mbim' ? 'mbim' : 'qmi4g';
  world.require(`protocol.${name}`);
  assert.ok(world.network.protocols[name], `protocol ${name} registered`);
  const { s, proto } = openInterfaceDialog(world, name, sid);
  return { world, proto, s };
}

/** A value made in the LuCI files' vm context as a plain host value (deep equality compares prototypes). */
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** What the form says of `value`: LuCI's datatype check (for LuCI's own fields), then validate. */
function formSays(o: OptionStandin, value: string): true | string {
  return o.check('wdm0', value);
}

/** Whether the daemon accepts `value` for the uci option (the form's value is what uci stores). */
function daemonAccepts(flavor: ConfigFlavor, option: string, value: string): boolean {
  const cfg: Record<string, string> = { wdmif: '/dev/cdc-wdm0' };
  if (option === 'wdmif') delete cfg.wdmif;
  if (value !== '') cfg[option] = value;
  return parses(flavor, cfg);
}

/** Whether the daemon accepts the options (uci lists as arrays) with the port set. */
function daemonAcceptsConfig(flavor: ConfigFlavor, options: Record<string, string | string[]>): boolean {
  return parses(flavor, { wdmif: '/dev/cdc-wdm0', ...options });
}

function parses(flavor: ConfigFlavor, cfg: Record<string, string | string[]>): boolean {
  try {
    parseInterfaceConfig(cfg, { flavor });
    return true;
  } catch {
    return false;
  }
}

/** The options a netifd handler declares (proto_config_add_*; `_defaults` adds netifd's defaultroute, peerdns, metric). */
function declaredOptions(handler: 'qmi4g' | 'mbim'): string[] {
  // The handler's init_config calls qmi4g_config_add_<handler> from the generated qmi4g-options.sh.
  const source = readFileSync(join(REPO, 'netifd-proto', 'qmi4g-options.sh'), 'utf8');
  const init = new RegExp(`qmi4g_config_add_${handler}\\(\\) \\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1] ?? '';
  const names = [...init.matchAll(/^\s*proto_config_add_(?:string|int|boolean|array)\s+"?([a-z0-9_]+)/gm)].map((m) => m[1]!);
  if (/^\s*proto_config_add_defaults\b/m.test(init)) names.push('defaultroute', 'peerdns', 'metric');
  return names;
}

/** The protocol form's own fields (LuCI's dialog replaces defaultroute, metric, ip4table, ip6table, delegate; zone is LuCI's firewall field). */
const QMI4G_OPTIONS: [string, OptionStandin['kind'], string][] = [
  ['_modem_device', 'Value', 'general'], ['apn', 'Value', 'general'], ['pincode', 'Value', 'general'],
  ['auth', 'ListValue', 'general'], ['username', 'Value', 'general'], ['password', 'Value', 'general'],
  ['pdptype', 'ListValue', 'general'], ['wwanif', 'NetworkSelect', 'general'],
  ['v6apn', 'Value', 'advanced'], ['apn_by_iccid', 'DynamicList', 'advanced'], ['profile', 'Value', 'advanced'], ['v6profile', 'Value', 'advanced'],
  ['modes', 'Value', 'advanced'], ['lte_band', 'DynamicList', 'advanced'], ['nr5g_band', 'DynamicList', 'advanced'],
  ['plmn', 'Value', 'advanced'], ['allow_roaming', 'Flag', 'advanced'],
  ['allow_partner', 'Flag', 'advanced'], ['timeout', 'Value', 'advanced'], ['delay', 'Value', 'advanced'],
  ['mtu', 'Value', 'advanced'], ['dhcp', 'ListValue', 'advanced'], ['ipv6', 'Flag', 'advanced'],
  ['dhcpv6', 'ListValue', 'advanced'], ['autoconnect', 'ListValue', 'advanced'], ['peerdns', 'Flag', 'advanced'],
  ['sourcefilter', 'Flag', 'advanced'], ['fcc_auth', 'ListValue', 'advanced'], ['fcc_auth_magic', 'Value', 'advanced'],
  ['probe_host', 'DynamicList', 'recovery'], ['probe_interval', 'Value', 'recovery'], ['probe_failures', 'Value', 'recovery'],
  ['reconnect_min', 'Value', 'recovery'], ['reconnect_max', 'Value', 'recovery'], ['registration_grace', 'Value', 'recovery'],
  ['atdevice', 'Value', 'recovery'],
];

/** Fields LuCI's dialog replaces per protocol (interfaces.js nettools.replaceOption; sourcefilter only where has_sourcefilter). */
const REPLACED = { qmi4g: ['defaultroute', 'metric', 'ip4table', 'ip6table', 'delegate'], mbim: ['defaultroute', 'metric', 'ip4table', 'ip6table', 'delegate', 'sourcefilter'] };

/** QMI-only options: netifd-proto/mbim.sh does not declare them, so the mbim form has no field for them (modes is declared for MBIM since issue 14). */
const QMI_ONLY = ['profile', 'v6profile', 'autoconnect'];
const MBIM_OPTIONS = QMI4G_OPTIONS.filter(([name]) => !QMI_ONLY.includes(name) && !REPLACED.mbim.includes(name));

/** 253 characters: the longest host name probe-host.ts accepts. */
const LONGEST_HOST = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;

/** Values per option: each is checked against the daemon's parseInterfaceConfig, and listed as good or bad here too. */
const CASES: Record<string, { good: string[]; bad: string[] }> = {
  wdmif: { good: ['/dev/cdc-wdm0', '/dev/serial/by-id/usb-Quectel-if04'], bad: ['', 'cdc-wdm0', `/${'x'.repeat(255)}`] },
  apn: { good: ['', 'internet', 'web.vodafone.de', 'a_b-c.d1', 'x'.repeat(100)], bad: ['bad apn', 'internet.', '.internet', 'a..b', 'x'.repeat(101), 'apn/1', 'ä'] },
  v6apn: { good: ['', 'ims'], bad: ['with space'] },
  apn_by_iccid: { good: ['', '8944=internet', '8944,8931=web.tele2', ' 89 , 8931 = auto ', `${'1'.repeat(20)}=a`], bad: ['8944', '=internet', '89a=x', '89=bad apn', '89=', '89=internet.', `${'1'.repeat(21)}=a`] },
  pincode: { good: ['', '1234', '12345678'], bad: ['123', '123456789', '12a4', ' 1234'] },
  username: { good: ['', 'user@example', 'a b'], bad: ['line\nbreak'] },
  password: { good: ['', 's3cr3t!"§'], bad: ['cr\rlf'] },
  profile: { good: ['', '1', '255', '07'], bad: ['0', '256', '-1', 'one', '1.5'] },
  v6profile: { good: ['2'], bad: ['300'] },
  modes: { good: ['', 'all', 'lte', 'LTE,umts', 'lte, 5gnr', 'gsm,,umts', 'td-scdma,cdma'], bad: ['4g', 'lte,wifi', 'nr5g'] },
  lte_band: { good: ['', '1', '3 7 20', '1,3,7', '66', '71', '108'], bad: ['0', '15', '16', '257', 'b3', '3.5', '-1', '1000'] },
  nr5g_band: { good: ['', '78', 'n78', 'N1 n3,n28', '258', '263'], bad: ['0', '4', '264', 'b78', 'nn78', '512'] },
  plmn: { good: ['', '0', 'auto', 'AUTO', '26201', '310410', '00101'], bad: ['2620', '2620123', '262-01', 'manual'] },
  timeout: { good: ['', '0', '10', '86400'], bad: ['-1', '86401', '10s'] },
  delay: { good: ['0', '3600'], bad: ['3601', 'soon'] },
  mtu: { good: ['', '68', '1500', '65535'], bad: ['67', '65536', '1500.0'] },
  metric: { good: ['', '0', '2147483647'], bad: ['-5', '2147483648', 'ten'] },
  wwanif: { good: ['', 'broadband', 'wwan_4'], bad: ['wwan-0', 'wan 1', 'x'.repeat(65)] },
  zone: { good: ['', 'wan', 'wan-lte'], bad: ['w an', 'zone.1'] },
  ip4table: { good: ['', '100', 'lte_table', 'lte-table'], bad: ['table 1', 'a/b'] },
  ip6table: { good: ['main'], bad: ['x;y'] },
  probe_host: {
    good: ['', '8.8.8.8', '0.0.0.0', '2001:4860:4860::8888', '::1', '::', '::ffff:192.0.2.1', '64:ff9b::192.0.2.33',
      '1:2:3:4:5:6:7:8', 'FE80::1', 'example.com', 'example.com.', 'a-b.example', 'localhost', 'one.one.one.one', '1e100.net', '1.1.1.1 8.8.8.8',
      'h1 h2 h3 h4 h5 h6 h7 h8', '   ', LONGEST_HOST],
    bad: ['-c', '8.8.8.8 -f', 'fe80::1%wwan0', '[::1]', '256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.', '1:2:3:4:5:6:7:8:9',
      '1::2::3', ':::', '12345::1', '::1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::8', '1.2.3.4::', '1:1.2.3.4::1', '::1.2.3.4:1',
      '1:2:3:4:5:6::1.2.3.4', 'exa_mple.com', 'host-.example', 'a..b', '.', `${'x'.repeat(64)}.com`, `${LONGEST_HOST}.`,
      'h1 h2 h3 h4 h5 h6 h7 h8 h9', 'ä.example', 'host/1', 'http://example.com'],
  },
  probe_interval: { good: ['', '5', '60', '86400'], bad: ['0', '4', '86401', '1m', '-5'] },
  probe_failures: { good: ['', '1', '3', '100'], bad: ['0', '101', 'three'] },
  reconnect_min: { good: ['', '0', '1', '3600'], bad: ['-1', '3601', '1.5'] },
  reconnect_max: { good: ['', '1', '300', '86400'], bad: ['0', '86401', '5m'] },
  registration_grace: { good: ['', '0', '5', '3600'], bad: ['-1', '3601', 'x'] },
  atdevice: { good: ['', '/dev/ttyUSB2', '/dev/wwan0at0', '/dev/serial/by-id/usb-Quectel-if02'], bad: ['ttyUSB2', 'dev/ttyUSB2', '/dev/tty\n', `/${'x'.repeat(255)}`] },
};

for (const flavor of ['qmi4g', 'mbim'] as const) {
  test(`${flavor}: registers the protocol with its name, label, package and virtual ifname`, () => {
    const { world, proto } = load(flavor);
    const call = (m: string, ...a: unknown[]) => (proto[m] as (...x: unknown[]) => unknown).apply(proto, a);
    assert.equal(call('getI18n'), flavor === 'mbim' ? 'MBIM Cellular (qmi4g)' : 'QMI Cellular (qmi4g)');
    assert.is(call('getOpkgPackage'), 'qmi4g');
    assert.is(call('getPackageName'), 'qmi4g');
    assert.is(call('isVirtual'), true);
    assert.is(call('isFloating'), true);
    assert.is(call('getDevices'), null);
    const prefix = flavor === 'mbim' ? 'mbim' : 'qmi4g';
    assert.is(call('getIfname'), `${prefix}-wdm0`);
    assert.ok(world.network.virtualPatterns.some((re) => re.test(`${prefix}-wdm0`)), 'virtual ifname pattern registered');
    const Proto = world.network.protocols[flavor]!;
    const up = new (Proto as unknown as new (sid: string, ubus: Record<string, unknown>) => ProtocolInstance)('wdm0', { l3_device: 'wwan0' });
    assert.is((up.getIfname as () => string).call(up), 'wwan0');
    assert.is((up.containsDevice as (d: string) => boolean).call(up, 'wwan0'), true);
  });

  test(`${flavor}: a readable label for every netifd error code the daemon reports`, () => {
    const { world } = load(flavor);
    const source = readFileSync(join(REPO, 'src', 'modem', 'modem-errors.ts'), 'utf8');
    const union = /export type NetifdErrorCode =([^;]+);/.exec(source)?.[1] ?? '';
    const codes = [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]!);
    assert.ok(codes.length >= 17, `codes parsed from modem-errors.ts: ${codes.length}`);
    for (const code of codes) {
      const label = world.network.errorCodes[code];
      assert.type(label, 'string', `label for ${code}`);
      assert.ok(label!.length > 15 && !label!.includes('_'), `${code}: words, not a code: ${label}`);
    }
    assert.equal(Object.keys(world.network.errorCodes).sort(), [...codes].sort());
  });

  test(`${flavor}: option list, types and tabs cover every option the handler declares`, () => {
    const { s } = load(flavor);
    const own = protocolFields(s);
    assert.equal(own.map((o) => [o.option, o.kind, o.tab]), flavor === 'mbim' ? MBIM_OPTIONS : QMI4G_OPTIONS);
    const stored = own.map((o) => o.ucioption ?? o.option);
    for (const name of REPLACED[flavor]) {
      assert.not.ok(stored.includes(name), `${name}: LuCI's field, not a second one of ours`);
      assert.is(s.get(name).owner, 'luci', `${name} is LuCI's field after the dialog's replaceOption`);
    }
    // device is read as the fallback of the port picker and written as wdmif; zone is LuCI's firewall zone field.
    const declared = declaredOptions(flavor).filter((name) => name !== 'device' && name !== 'zone');
    assert.equal([...stored, ...REPLACED[flavor]].sort(), [...new Set(declared)].sort(), `fields = the options netifd-proto/${flavor}.sh declares`);
    assert.is(s.get('_modem_device').ucioption, 'wdmif');
    assert.is(s.get('_modem_device').rmempty, false, 'the port is required');
    assert.equal(s.tabs.map((t) => t.name), ['general', 'advanced', 'physical', 'brport', 'bridgevlan', 'firewall', 'dhcp', 'recovery']);
    assert.ok((s.tabs.at(-1)!.description ?? '').length > 20, 'the Recovery tab says what it is about');
  });

  test(`${flavor}: rendering the options again into the same section declares the Recovery tab once`, () => {
    const { proto, s } = load(flavor);
    (proto.renderFormOptions as (s: SectionStandin) => void).call(proto, s);
    assert.is(s.tabs.filter((t) => t.name === 'recovery').length, 1);
  });

  test(`${flavor}: recovery fields show the daemon's defaults as placeholders`, () => {
    const { s } = load(flavor);
    const defaults = parseInterfaceConfig({ wdmif: '/dev/cdc-wdm0' }, { flavor });
    for (const name of ['probe_interval', 'probe_failures', 'reconnect_min', 'reconnect_max', 'registration_grace'] as const) {
      assert.is(s.get(name).placeholder, String(defaults[name]), `${name} placeholder`);
    }
    for (const name of ['timeout', 'delay', 'metric'] as const) assert.is(s.get(name).placeholder, String(defaults[name]), `${name} placeholder`);
    assert.is(defaults.probe_host, undefined, 'no watchdog unless hosts are set');
    assert.is(defaults.atdevice, undefined);
  });

  test(`${flavor}: secrets are password fields, username/password only shown with an auth type, every field for its protocol`, () => {
    const { s } = load(flavor);
    assert.is(s.get('pincode').password, true);
    assert.is(s.get('password').password, true);
    assert.not.ok(s.get('username').password);
    const auth = flavor === 'mbim' ? ['pap', 'chap', 'both', 'mschapv2'] : ['pap', 'chap', 'both'];
    assert.equal(s.get('auth').keylist, ['', 'none', ...auth]);
    const p = { proto: flavor };
    for (const name of ['username', 'password']) {
      assert.equal(plain(s.get(name).deps), auth.map((a) => ({ auth: a, ...p })), `${name} depends on auth`);
    }
    for (const name of ['v6apn', 'v6profile', 'ipv6']) {
      if (flavor === 'mbim' && QMI_ONLY.includes(name)) continue;
      assert.equal(plain(s.get(name).deps), [{ pdptype: 'ipv6', ...p }, { pdptype: 'ipv4v6', ...p }], `${name} only for IPv6`);
    }
    assert.equal(plain(s.get('dhcpv6').deps), [{ wwanif: '', pdptype: 'ipv6', ipv6: '1', ...p }, { wwanif: '', pdptype: 'ipv4v6', ipv6: '1', ...p }], 'dhcpv6 with IPv6 on, not with wwanif');
    const ignored = OPTIONS.filter((o) => o.ignoredWithWwanif).map((o) => o.name);
    for (const o of protocolFields(s).filter((x) => !['username', 'password', 'v6apn', 'v6profile', 'ipv6', 'dhcpv6'].includes(x.option))) {
      assert.equal(plain(o.deps), [ignored.includes(o.option) ? { wwanif: '', ...p } : p], `${o.option}: shown for ${flavor}${ignored.includes(o.option) ? ' without wwanif' : ''}`);
    }
  });

  test(`${flavor}: choice values and defaults are the daemon's (${flavor === 'mbim' ? 'mbim.sh' : 'qmi.sh'} defaults)`, () => {
    const { s } = load(flavor);
    const mbim = flavor === 'mbim';
    assert.equal(s.get('pdptype').keylist, ['ipv4', 'ipv6', 'ipv4v6']);
    assert.is(s.get('pdptype').default, mbim ? 'ipv4v6' : 'ipv4');
    assert.equal(s.get('dhcp').keylist, ['1', '0', 'auto']);
    assert.is(s.get('dhcp').default, mbim ? 'auto' : '1');
    assert.is(s.get('dhcpv6').default, mbim ? 'auto' : '0');
    if (!mbim) assert.equal(s.get('autoconnect').keylist, ['', '1', '0']);
    for (const name of QMI_ONLY) assert.is(s.options.some((o) => o.option === name), !mbim, `${name} ${mbim ? 'not ' : ''}in the ${flavor} form`);
    assert.is(s.get('allow_roaming').default, mbim ? '0' : '1');
    for (const [name, def] of [['allow_partner', '0'], ['ipv6', '1'], ['defaultroute', '1'], ['peerdns', '1'], ['sourcefilter', '1'], ['delegate', '1']] as const) {
      assert.is(s.get(name).default, def, `${name} default`);
    }
    // Every choice a ListValue offers is accepted by the daemon, with the daemon's own default matching the form's.
    for (const name of ['auth', 'pdptype', 'dhcp', 'dhcpv6', 'autoconnect'].filter((n) => !(mbim && QMI_ONLY.includes(n)))) {
      for (const v of s.get(name).keylist) assert.ok(daemonAccepts(flavor, name, v), `${name}=${v} accepted by the daemon`);
    }
    const defaults = parseInterfaceConfig({ wdmif: '/dev/cdc-wdm0' }, { flavor });
    assert.is(defaults.pdptype, s.get('pdptype').default);
    assert.is(defaults.allow_roaming, s.get('allow_roaming').default === '1');
    assert.is(String(defaults.dhcp === true ? '1' : defaults.dhcp), s.get('dhcp').default);
  });

  test(`${flavor}: validation refuses in the form exactly what the daemon refuses`, () => {
    const { s } = load(flavor);
    for (const [option, { good, bad }] of Object.entries(CASES)) {
      if (flavor === 'mbim' && QMI_ONLY.includes(option)) continue;
      if (option === 'zone') continue; // no field: LuCI's firewall zone field (see the zone test)
      const o = option === 'wdmif' ? s.get('_modem_device') : s.get(option);
      for (const v of good) {
        assert.is(formSays(o, v), true, `${option}=${JSON.stringify(v)} accepted by the form`);
        assert.ok(daemonAccepts(flavor, option, v), `${option}=${JSON.stringify(v)} accepted by the daemon`);
      }
      for (const v of bad) {
        const said = formSays(o, v);
        assert.type(said, 'string', `${option}=${JSON.stringify(v)} refused by the form`);
        assert.ok((said as string).length > 10, `a message for ${option}=${JSON.stringify(v)}`);
        assert.not.ok(daemonAccepts(flavor, option, v), `${option}=${JSON.stringify(v)} refused by the daemon too`);
      }
    }
  });
}

test('probe_host: each entry is checked as the daemon checks a host (generated addresses and names)', () => {
  const { s } = load('qmi4g');
  const o = s.get('probe_host');
  let seed = 12345; // mulberry32: a fixed sequence, so a failure repeats
  const rand = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296 * n) | 0;
  };
  const pick = (chars: string) => chars[rand(chars.length)]!;
  const hex = (len: number) => Array.from({ length: len }, () => pick('0123456789abcdefABCDEF')).join('');
  const v4 = () => Array.from({ length: 4 }, () => String(rand(10) === 0 ? rand(400) : rand(256))).join('.');
  const samples: string[] = [];
  for (let i = 0; i < 6000; i++) {
    // IPv6-shaped: 0-9 groups (often 6-9, around the limit) of 1-4 hex digits, now and then 0 or 5,
    // sometimes a "::", sometimes an IPv4 tail.
    const count = rand(2) ? 6 + rand(4) : rand(10);
    const groups = Array.from({ length: count }, () => hex(rand(16) === 0 ? 5 * rand(2) : 1 + rand(4)));
    if (rand(2)) groups.splice(rand(groups.length + 1), 0, '');
    let text = groups.join(':');
    if (rand(4) === 0) text += `:${v4()}`;
    if (rand(8) === 0) text = `:${text}`;
    samples.push(text);
    // IPv4-shaped and name-shaped.
    samples.push(rand(3) === 0 ? v4().replace(/\d+/, (d) => (rand(2) ? `0${d}` : d)) : v4());
    samples.push(Array.from({ length: 1 + rand(40) }, () => pick('abz09-._:%A')).join(''));
  }
  let accepted = 0;
  for (const h of samples) {
    const daemon = probeHostProblem(h) === undefined;
    const form = o.validate('wdm0', h) === true;
    if (h.trim() === '') continue; // an empty entry is no host at all, for both
    assert.is(form, daemon, `form and daemon agree on ${JSON.stringify(h)} (daemon: ${probeHostProblem(h) ?? 'ok'})`);
    if (daemon) accepted++;
  }
  assert.ok(accepted > 1000 && accepted < samples.length - 1000, `both outcomes covered: ${accepted} of ${samples.length} accepted`);
});

test('probe_host: the entries already in the list count towards the 8 hosts, as the daemon counts them', () => {
  const { world, s } = load('qmi4g');
  const o = s.get('probe_host');
  const seven = ['1.1.1.1', '8.8.8.8', 'h3', 'h4 h5', 'h6', 'h7'];
  world.uci.set('network', 'wdm0', 'probe_host', seven);
  assert.is(formSays(o, 'h8'), true);
  assert.ok(daemonAcceptsConfig('qmi4g', { probe_host: [...seven, 'h8'] }));
  assert.match(formSays(o, 'h8 h9') as string, /At most 8/);
  assert.not.ok(daemonAcceptsConfig('qmi4g', { probe_host: [...seven, 'h8 h9'] }));
  assert.is(formSays(o, 'h3'), true, 'an entry already listed is not added twice');
  world.uci.set('network', 'wdm0', 'probe_host', [...seven, 'h8']);
  assert.match(formSays(o, 'h9') as string, /At most 8/);
  assert.not.ok(daemonAcceptsConfig('qmi4g', { probe_host: [...seven, 'h8', 'h9'] }));
  world.uci.set('network', 'wdm0', 'probe_host', '1.1.1.1 8.8.8.8 h3 h4 h5 h6 h7 h8');
  assert.match(formSays(o, 'h9') as string, /At most 8/, 'a plain option with blank-separated hosts counts too');
  assert.match(formSays(o, 'bad_host') as string, /Invalid host "bad_host"/);
});

test('reconnect_max may not be below reconnect_min, as in the daemon', () => {
  const { world, s } = load('qmi4g');
  const o = s.get('reconnect_max');
  for (const [min, max] of [['600', '300'], ['600', '599'], ['2', '1'], ['3600', '1800']]) {
    world.uci.set('network', 'wdm0', 'reconnect_min', min);
    assert.match(formSays(o, max) as string, /at least the shortest reconnect delay/, `min ${min} max ${max}`);
    assert.not.ok(daemonAcceptsConfig('qmi4g', { reconnect_min: min, reconnect_max: max }));
  }
  for (const [min, max] of [['600', '600'], ['600', '86400'], ['0', '1'], ['', '1'], ['1', '1']]) {
    world.uci.set('network', 'wdm0', 'reconnect_min', min);
    assert.is(formSays(o, max), true, `min ${min} max ${max}`);
    assert.ok(daemonAcceptsConfig('qmi4g', { reconnect_min: min, reconnect_max: max }));
  }
  // An invalid reconnect_min is reported by its own field, not again by reconnect_max.
  world.uci.set('network', 'wdm0', 'reconnect_min', 'soon');
  assert.is(formSays(o, '300'), true);
  assert.type(formSays(s.get('reconnect_min'), 'soon'), 'string');
  // With reconnect_max unset the daemon raises the cap to reconnect_min: nothing to refuse.
  world.uci.set('network', 'wdm0', 'reconnect_min', '3600');
  assert.is(formSays(o, ''), true);
  assert.ok(daemonAcceptsConfig('qmi4g', { reconnect_min: '3600' }));
});

test('AT port picker lists USB serial and WWAN AT ports via rpc file list', async () => {
  const { world, s } = load('mbim');
  world.rpcReplies['file.list'] = (p) => {
    assert.equal(p, { path: '/dev/' });
    return { entries: [{ name: 'ttyUSB2' }, { name: 'cdc-wdm0' }, { name: 'ttyACM0' }, { name: 'ttyS0' }, { name: 'ttyUSB0' }, { name: 'wwan0at0' }, { name: 'wwan0mbim0' }] };
  };
  const o = s.get('atdevice');
  world.uci.set('network', 'wdm0', 'atdevice', '/dev/ttyUSB9');
  assert.is(await o.load('wdm0'), '/dev/ttyUSB9', 'the stored port is shown even when absent');
  assert.equal(JSON.parse(JSON.stringify(o.keylist)), ['/dev/ttyACM0', '/dev/ttyUSB0', '/dev/ttyUSB2', '/dev/wwan0at0']);
  for (const port of o.keylist) assert.ok(daemonAccepts('mbim', 'atdevice', port), `${port} accepted by the daemon`);

  const other = load('qmi4g');
  other.world.rpcReplies['file.list'] = () => Promise.reject(new Error('Access denied'));
  other.world.uci.set('network', 'wdm0', 'atdevice', '/dev/ttyUSB2');
  assert.is(await other.s.get('atdevice').load('wdm0'), '/dev/ttyUSB2', 'a failed listing leaves a plain text field');
  assert.equal(other.s.get('atdevice').keylist, []);
});

test('messages say what is expected', () => {
  const { s } = load('qmi4g');
  assert.is(formSays(s.get('pincode'), '12'), 'Expecting a PIN of 4 to 8 digits');
  assert.is(formSays(s.get('mtu'), '20'), 'Expecting a value from 68 to 65535 bytes');
  assert.is(formSays(s.get('timeout'), 'x'), 'Expecting a whole number');
  assert.match(formSays(s.get('modes'), 'lte,4g') as string, /Unknown mode "4g"/);
  assert.match(formSays(s.get('plmn'), '1234') as string, /MCC and MNC/);
  assert.match(formSays(s.get('_modem_device'), 'wdm0') as string, /absolute device path/);
  assert.is(formSays(s.get('probe_interval'), '4'), 'Expecting a value from 5 to 86400 seconds');
  assert.is(formSays(s.get('probe_failures'), '0'), 'Expecting a value from 1 to 100');
  assert.is(formSays(s.get('registration_grace'), '3601'), 'Expecting a value from 0 to 3600 seconds');
  assert.match(formSays(s.get('atdevice'), 'ttyUSB2') as string, /absolute device path like \/dev\/ttyUSB2/);
  assert.match(formSays(s.get('probe_host'), '-f') as string, /IPv4 address, an IPv6 address or a host name/);
});

test('device picker lists /dev/cdc-wdm* ports via rpc file list and keeps the port in wdmif', async () => {
  const { world, s } = load('qmi4g');
  world.rpcReplies['file.list'] = (p) => {
    assert.equal(p, { path: '/dev/' });
    return { entries: [{ name: 'ttyUSB2' }, { name: 'cdc-wdm1' }, { name: 'cdc-wdm0' }, { name: 'cdc-wdmx' }, { name: 'null' }] };
  };
  const o = s.get('_modem_device');
  world.uci.set('network', 'wdm0', 'device', '/dev/cdc-wdm1');
  const loaded = await o.load('wdm0');
  assert.equal(JSON.parse(JSON.stringify(o.keylist)), ['/dev/cdc-wdm0', '/dev/cdc-wdm1']);
  assert.is(loaded, '/dev/cdc-wdm1', "a qmi.sh-style 'device' is shown");
  world.uci.set('network', 'wdm0', 'wdmif', '/dev/cdc-wdm0');
  assert.is(o.cfgvalue('wdm0'), '/dev/cdc-wdm0', 'wdmif wins over device');
  o.write('wdm0', '/dev/cdc-wdm1');
  assert.is(world.uci.get('network', 'wdm0', 'wdmif'), '/dev/cdc-wdm1');
  assert.is(world.uci.get('network', 'wdm0', 'device'), undefined, 'device alias removed so the two cannot conflict');
  assert.ok(daemonAccepts('qmi4g', 'wdmif', String(world.uci.get('network', 'wdm0', 'wdmif'))));
});

test('stored values in other spellings are shown as the form choices', () => {
  const { world, s } = load('qmi4g');
  world.uci.set('network', 'wdm0', 'pdptype', 'IP');
  world.uci.set('network', 'wdm0', 'allow_roaming', 'no');
  world.uci.set('network', 'wdm0', 'peerdns', 'true');
  world.uci.set('network', 'wdm0', 'dhcp', 'auto');
  world.uci.set('network', 'wdm0', 'dhcpv6', 'on');
  assert.is(s.get('pdptype').cfgvalue('wdm0'), 'ipv4');
  assert.is(s.get('allow_roaming').cfgvalue('wdm0'), '0');
  assert.is(s.get('peerdns').cfgvalue('wdm0'), '1');
  assert.is(s.get('dhcp').cfgvalue('wdm0'), 'auto');
  assert.is(s.get('dhcpv6').cfgvalue('wdm0'), '1');
  assert.is(s.get('autoconnect').cfgvalue('wdm0'), undefined);
});

test('rpcd ACL and menu: LuCI reads status/info/scan_result/signal_history, reconnect and scan need write, the Status pages need the ACL', () => {
  const acl = JSON.parse(readFileSync(join(LUCI_ROOT, 'root/usr/share/rpcd/acl.d/luci-proto-qmi4g.json'), 'utf8'));
  assert.equal(acl, {
    'luci-proto-qmi4g': {
      description: acl['luci-proto-qmi4g'].description,
      read: { ubus: { qmi4g: ['status', 'info', 'scan_result', 'signal_history'] } },
      // SMS are personal: reading them needs write access too.
      write: { ubus: { qmi4g: ['reconnect', 'sms_list', 'sms_read', 'sms_delete', 'sms_send', 'scan'] } },
    },
  });
  const menu = JSON.parse(readFileSync(join(LUCI_ROOT, 'root/usr/share/luci/menu.d/luci-proto-qmi4g.json'), 'utf8'));
  const page = menu['admin/status/qmi4g'];
  assert.equal(page.action, { type: 'view', path: 'status/qmi4g' });
  assert.equal(page.depends.acl, ['luci-proto-qmi4g']);
  readFileSync(join(LUCI_ROOT, 'htdocs/luci-static/resources/view', `${page.action.path}.js`), 'utf8');
  const sms = menu['admin/status/qmi4g_sms'];
  assert.equal(sms.action, { type: 'view', path: 'status/qmi4g-sms' });
  assert.equal(sms.depends.acl, ['luci-proto-qmi4g']);
  readFileSync(join(LUCI_ROOT, 'htdocs/luci-static/resources/view', `${sms.action.path}.js`), 'utf8');
  const radio = menu['admin/status/qmi4g_radio'];
  assert.equal(radio.action, { type: 'view', path: 'status/qmi4g-radio' });
  assert.equal(radio.depends.acl, ['luci-proto-qmi4g']);
  readFileSync(join(LUCI_ROOT, 'htdocs/luci-static/resources/view', `${radio.action.path}.js`), 'utf8');
  const base = JSON.parse(readFileSync(join(REPO, 'files/usr/share/rpcd/acl.d/qmi4g.json'), 'utf8'));
  for (const group of Object.values(base) as { read: unknown; write: unknown }[]) {
    assert.equal(group.read, { ubus: { qmi4g: ['status', 'info', 'scan_result', 'signal_history'] } }, 'the base package grants no more than reading');
    assert.equal(group.write, { ubus: { qmi4g: ['reconnect', 'sms_list', 'sms_read', 'sms_delete', 'sms_send', 'scan'] } });
  }
});

test('Makefile installs the LuCI files in a luci-proto-qmi4g package', () => {
  const mk = readFileSync(join(REPO, 'Makefile'), 'utf8');
  assert.match(mk, /define Package\/luci-proto-qmi4g\n/);
  assert.match(mk, /\$\(eval \$\(call BuildPackage,luci-proto-qmi4g\)\)/);
  const listed = /^LUCI_QMI4G_RESOURCES:=(.+)$/m.exec(mk)?.[1]?.trim().split(/\s+/) ?? [];
  assert.equal(listed.sort(), ['protocol/mbim.js', 'protocol/qmi4g.js', 'qmi4g/common.js', 'qmi4g/form.js', 'qmi4g/options.js', 'qmi4g/validate.js', 'view/status/qmi4g-radio.js', 'view/status/qmi4g-sms.js', 'view/status/qmi4g.js']);
  for (const f of listed) readFileSync(join(LUCI_ROOT, 'htdocs/luci-static/resources', f), 'utf8');
  assert.match(mk, /\$\(1\)\/www\/luci-static\/resources\/\$\(f\)/);
  assert.ok(mk.includes('luci-proto-qmi4g.json'), 'Makefile installs the ACL and menu');
});

test.run();
