// LuCI protocol files qmi4g.js and mbim.js against a LuCI stand-in: registration, options, dependencies, validation = the daemon's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_OPTION_NAMES, parseInterfaceConfig, type ConfigFlavor } from '../../../src/daemon/config';
import { LUCI_ROOT, LuciWorld, SectionStandin, type OptionStandin, type ProtocolInstance } from '../../helpers/luci-standin';

const REPO = join(__dirname, '..', '..', '..');

function load(flavor: ConfigFlavor, sid = 'wdm0'): { world: LuciWorld; proto: ProtocolInstance; s: SectionStandin } {
  const world = new LuciWorld();
  const name = flavor === 'mbim' ? 'mbim' : 'qmi4g';
  world.require(`protocol.${name}`);
  const Proto = world.network.protocols[name];
  assert.ok(Proto, `protocol ${name} registered`);
  const proto = new Proto(sid);
  const s = new SectionStandin();
  (proto.renderFormOptions as (s: SectionStandin) => void).call(proto, s);
  return { world, proto, s };
}

/** What the form validator says: true, or its message. */
function formSays(o: OptionStandin, value: string): true | string {
  return o.validate('wdm0', value);
}

/** Whether the daemon accepts `value` for the uci option (the form's value is what uci stores). */
function daemonAccepts(flavor: ConfigFlavor, option: string, value: string): boolean {
  const cfg: Record<string, string> = { wdmif: '/dev/cdc-wdm0' };
  if (option === 'wdmif') delete cfg.wdmif;
  if (value !== '') cfg[option] = value;
  try {
    parseInterfaceConfig(cfg, { flavor });
    return true;
  } catch {
    return false;
  }
}

const QMI4G_OPTIONS: [string, OptionStandin['kind'], string][] = [
  ['_modem_device', 'Value', 'general'], ['apn', 'Value', 'general'], ['pincode', 'Value', 'general'],
  ['auth', 'ListValue', 'general'], ['username', 'Value', 'general'], ['password', 'Value', 'general'],
  ['pdptype', 'ListValue', 'general'], ['wwanif', 'Value', 'general'],
  ['v6apn', 'Value', 'advanced'], ['profile', 'Value', 'advanced'], ['v6profile', 'Value', 'advanced'],
  ['modes', 'Value', 'advanced'], ['plmn', 'Value', 'advanced'], ['allow_roaming', 'Flag', 'advanced'],
  ['allow_partner', 'Flag', 'advanced'], ['timeout', 'Value', 'advanced'], ['delay', 'Value', 'advanced'],
  ['mtu', 'Value', 'advanced'], ['dhcp', 'ListValue', 'advanced'], ['ipv6', 'Flag', 'advanced'],
  ['dhcpv6', 'ListValue', 'advanced'], ['autoconnect', 'ListValue', 'advanced'], ['defaultroute', 'Flag', 'advanced'],
  ['metric', 'Value', 'advanced'], ['peerdns', 'Flag', 'advanced'], ['zone', 'Value', 'advanced'],
  ['ip4table', 'Value', 'advanced'], ['ip6table', 'Value', 'advanced'], ['sourcefilter', 'Flag', 'advanced'],
  ['delegate', 'Flag', 'advanced'],
];

/** Values per option: each is checked against the daemon's parseInterfaceConfig, and listed as good or bad here too. */
const CASES: Record<string, { good: string[]; bad: string[] }> = {
  wdmif: { good: ['/dev/cdc-wdm0', '/dev/serial/by-id/usb-Quectel-if04'], bad: ['', 'cdc-wdm0', `/${'x'.repeat(255)}`] },
  apn: { good: ['', 'internet', 'web.vodafone.de', 'a_b-c.d1', 'x'.repeat(100)], bad: ['bad apn', 'internet.', '.internet', 'a..b', 'x'.repeat(101), 'apn/1', 'ä'] },
  v6apn: { good: ['', 'ims'], bad: ['with space'] },
  pincode: { good: ['', '1234', '12345678'], bad: ['123', '123456789', '12a4', ' 1234'] },
  username: { good: ['', 'user@example', 'a b'], bad: ['line\nbreak'] },
  password: { good: ['', 's3cr3t!"§'], bad: ['cr\rlf'] },
  profile: { good: ['', '1', '255', '07'], bad: ['0', '256', '-1', 'one', '1.5'] },
  v6profile: { good: ['2'], bad: ['300'] },
  modes: { good: ['', 'all', 'lte', 'LTE,umts', 'lte, 5gnr', 'gsm,,umts', 'td-scdma,cdma'], bad: ['4g', 'lte,wifi', 'nr5g'] },
  plmn: { good: ['', '0', 'auto', 'AUTO', '26201', '310410', '00101'], bad: ['2620', '2620123', '262-01', 'manual'] },
  timeout: { good: ['', '0', '10', '86400'], bad: ['-1', '86401', '10s'] },
  delay: { good: ['0', '3600'], bad: ['3601', 'soon'] },
  mtu: { good: ['', '68', '1500', '65535'], bad: ['67', '65536', '1500.0'] },
  metric: { good: ['', '0', '2147483647'], bad: ['-5', '2147483648', 'ten'] },
  wwanif: { good: ['', 'broadband', 'wwan_4'], bad: ['wwan-0', 'wan 1', 'x'.repeat(65)] },
  zone: { good: ['', 'wan', 'wan-lte'], bad: ['w an', 'zone.1'] },
  ip4table: { good: ['', '100', 'lte_table', 'lte-table'], bad: ['table 1', 'a/b'] },
  ip6table: { good: ['main'], bad: ['x;y'] },
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
    assert.equal(s.options.map((o) => [o.option, o.kind, o.tab]), QMI4G_OPTIONS);
    const stored = s.options.map((o) => o.ucioption ?? o.option);
    for (const name of CONFIG_OPTION_NAMES) {
      if (name === 'device') continue; // read as the fallback of the port picker, written as wdmif
      assert.ok(stored.includes(name), `option ${name} has a form field`);
    }
    assert.is(s.get('_modem_device').ucioption, 'wdmif');
    assert.is(s.get('_modem_device').rmempty, false, 'the port is required');
  });

  test(`${flavor}: secrets are password fields, username/password only shown with an auth type`, () => {
    const { s } = load(flavor);
    assert.is(s.get('pincode').password, true);
    assert.is(s.get('password').password, true);
    assert.not.ok(s.get('username').password);
    const auth = flavor === 'mbim' ? ['pap', 'chap', 'both', 'mschapv2'] : ['pap', 'chap', 'both'];
    assert.equal(s.get('auth').keylist, ['', 'none', ...auth]);
    for (const name of ['username', 'password']) {
      assert.equal(s.get(name).deps, auth.map((a) => ({ auth: a })), `${name} depends on auth`);
      assert.not.ok(s.get(name).deps.some((d) => d.auth === 'none' || d.auth === ''), `${name} hidden for auth none`);
    }
    for (const name of ['v6apn', 'v6profile', 'dhcpv6']) assert.equal(s.get(name).deps, [{ pdptype: 'ipv6' }, { pdptype: 'ipv4v6' }], `${name} only for IPv6`);
    for (const o of s.options.filter((x) => !['username', 'password', 'v6apn', 'v6profile', 'dhcpv6'].includes(x.option))) {
      assert.equal(o.deps, [], `${o.option} always shown`);
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
    assert.equal(s.get('autoconnect').keylist, ['', '1', '0']);
    assert.is(s.get('allow_roaming').default, mbim ? '0' : '1');
    for (const [name, def] of [['allow_partner', '0'], ['ipv6', '1'], ['defaultroute', '1'], ['peerdns', '1'], ['sourcefilter', '1'], ['delegate', '1']] as const) {
      assert.is(s.get(name).default, def, `${name} default`);
    }
    // Every choice a ListValue offers is accepted by the daemon, with the daemon's own default matching the form's.
    for (const name of ['auth', 'pdptype', 'dhcp', 'dhcpv6', 'autoconnect']) {
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

test('messages say what is expected', () => {
  const { s } = load('qmi4g');
  assert.is(formSays(s.get('pincode'), '12'), 'The PIN is 4 to 8 digits');
  assert.is(formSays(s.get('mtu'), '20'), 'Expecting a value from 68 to 65535 bytes');
  assert.is(formSays(s.get('timeout'), 'x'), 'Expecting a whole number');
  assert.match(formSays(s.get('modes'), 'lte,4g') as string, /Unknown mode "4g"/);
  assert.match(formSays(s.get('plmn'), '1234') as string, /MCC and MNC/);
  assert.match(formSays(s.get('_modem_device'), 'wdm0') as string, /absolute device path/);
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

test('rpcd ACL and menu: LuCI reads status/info, reconnect needs write, the Status page needs the ACL', () => {
  const acl = JSON.parse(readFileSync(join(LUCI_ROOT, 'root/usr/share/rpcd/acl.d/luci-proto-qmi4g.json'), 'utf8'));
  assert.equal(acl, {
    'luci-proto-qmi4g': {
      description: acl['luci-proto-qmi4g'].description,
      read: { ubus: { qmi4g: ['status', 'info'] } },
      write: { ubus: { qmi4g: ['reconnect'] } },
    },
  });
  const menu = JSON.parse(readFileSync(join(LUCI_ROOT, 'root/usr/share/luci/menu.d/luci-proto-qmi4g.json'), 'utf8'));
  const page = menu['admin/status/qmi4g'];
  assert.equal(page.action, { type: 'view', path: 'status/qmi4g' });
  assert.equal(page.depends.acl, ['luci-proto-qmi4g']);
  readFileSync(join(LUCI_ROOT, 'htdocs/luci-static/resources/view', `${page.action.path}.js`), 'utf8');
  const base = JSON.parse(readFileSync(join(REPO, 'files/usr/share/rpcd/acl.d/qmi4g.json'), 'utf8'));
  for (const group of Object.values(base) as { read: unknown; write: unknown }[]) {
    assert.equal(group.read, { ubus: { qmi4g: ['status', 'info'] } }, 'the base package grants no more than reading');
    assert.equal(group.write, { ubus: { qmi4g: ['reconnect'] } });
  }
});

test('Makefile installs the LuCI files in a luci-proto-qmi4g package', () => {
  const mk = readFileSync(join(REPO, 'Makefile'), 'utf8');
  assert.match(mk, /define Package\/luci-proto-qmi4g\n/);
  assert.match(mk, /\$\(eval \$\(call BuildPackage,luci-proto-qmi4g\)\)/);
  const listed = /^LUCI_QMI4G_RESOURCES:=(.+)$/m.exec(mk)?.[1]?.trim().split(/\s+/) ?? [];
  assert.equal(listed.sort(), ['protocol/mbim.js', 'protocol/qmi4g.js', 'qmi4g/common.js', 'view/status/qmi4g.js']);
  for (const f of listed) readFileSync(join(LUCI_ROOT, 'htdocs/luci-static/resources', f), 'utf8');
  assert.match(mk, /\$\(1\)\/www\/luci-static\/resources\/\$\(f\)/);
  assert.ok(mk.includes('luci-proto-qmi4g.json'), 'Makefile installs the ACL and menu');
});

test.run();
