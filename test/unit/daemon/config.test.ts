// Tests for interface config validation: defaults per flavor, value forms, each bad option, redaction.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, parseInterfaceConfig, redactConfig, type InterfaceConfig } from '../../../src/daemon/config';
import { parseUci, findSection } from '../../../src/uci';

function configError(input: unknown, flavor?: 'qmi4g' | 'mbim'): ConfigError {
  try {
    parseInterfaceConfig(input, flavor ? { flavor } : {});
  } catch (err) {
    assert.instance(err, ConfigError);
    return err as ConfigError;
  }
  assert.unreachable(`accepted ${JSON.stringify(input)}`);
  throw new Error('unreachable');
}

const QMI_DEFAULTS: InterfaceConfig = {
  wdmif: '/dev/cdc-wdm0',
  pdptype: 'ipv4',
  allow_roaming: true,
  allow_partner: false,
  timeout: 10,
  dhcp: true,
  dhcpv6: false,
  ipv6: true,
  delay: 0,
  autoconnect: true,
  defaultroute: true,
  peerdns: true,
  metric: 0,
  sourcefilter: true,
  delegate: true,
  probe_interval: 60,
  probe_failures: 3,
  reconnect_min: 1,
  reconnect_max: 300,
  registration_grace: 5,
  fcc_auth: 'auto',
};

test('seed 000: the wdm0 interface as netifd passes it', () => {
  const network = parseUci([
    "config 'interface' 'broadband'",
    "option 'ifname' 'wwan0'",
    "option 'proto' 'dhcp'",
    "option 'auto' '0'",
    "config 'interface' 'wdm0'",
    "option 'proto' 'qmi4g'",
    "option 'wdmif' '/dev/cdc-wdm0'",
    "option 'wwanif' 'broadband'",
    "option 'apn' 'internet'",
  ].join('\n'));
  const section = findSection(network, 'wdm0')!;
  const json = JSON.stringify(Object.fromEntries(section.options.map((o) => [o.name, o.value])));
  assert.is(json, '{"proto":"qmi4g","wdmif":"/dev/cdc-wdm0","wwanif":"broadband","apn":"internet"}');
  assert.equal(parseInterfaceConfig(json), { ...QMI_DEFAULTS, wwanif: 'broadband', apn: 'internet', v6apn: 'internet' });
});

test('qmi.sh config moves over unchanged: device alias, typed values, netifd extras ignored', () => {
  const cfg = parseInterfaceConfig({
    proto: 'qmi4g', auto: true, device: '/dev/cdc-wdm0', apn: 'web.vodafone.de', v6apn: 'ims', auth: 'CHAP',
    username: 'u', password: "p'w$(x)", pincode: '0123', pdptype: 'IPV4V6', profile: 2, modes: 'lte,umts,,',
    plmn: 26202, timeout: '30', mtu: 1400, dhcp: 0, dhcpv6: '1', delay: 5, autoconnect: '1', defaultroute: false,
    peerdns: 'no', metric: '10', ip4table: 'wan', ip6table: 100, sourcefilter: 0, delegate: 'off', dns: ['1.1.1.1'],
  });
  assert.equal(cfg, {
    wdmif: '/dev/cdc-wdm0', apn: 'web.vodafone.de', v6apn: 'ims', auth: 'chap', username: 'u', password: "p'w$(x)",
    pincode: '0123', pdptype: 'ipv4v6', profile: 2, v6profile: 2, modes: ['umts', 'lte'], plmn: { mcc: '262', mnc: '02' },
    allow_roaming: true, allow_partner: false, timeout: 30, mtu: 1400, dhcp: false, dhcpv6: true, ipv6: true, delay: 5,
    autoconnect: true, defaultroute: false, peerdns: false, metric: 10, ip4table: 'wan', ip6table: '100',
    sourcefilter: false, delegate: false, probe_interval: 60, probe_failures: 3,
    reconnect_min: 1, reconnect_max: 300, registration_grace: 5, fcc_auth: 'auto',
  });
});

test('defaults follow qmi.sh: autoconnect only for ipv4; v6profile from profile; modes all; plmn auto', () => {
  const v6 = parseInterfaceConfig({ wdmif: '/dev/cdc-wdm1', pdptype: 'ipv6', profile: '3', modes: ['all'], plmn: '0' });
  assert.is(v6.autoconnect, false);
  assert.is(v6.v6profile, 3);
  assert.equal(v6.modes, ['gsm', 'umts', 'lte', 'cdma', 'td-scdma', '5gnr']);
  assert.is(v6.plmn, 'auto');
  assert.is(parseInterfaceConfig({ wdmif: '/dev/x', pdptype: 'ip' }).pdptype, 'ipv4');
  assert.equal(parseInterfaceConfig({ wdmif: '/dev/x', plmn: '310410' }).plmn, { mcc: '310', mnc: '410' });
  assert.is(parseInterfaceConfig({ wdmif: '/dev/x', device: '/dev/x' }).wdmif, '/dev/x');
});

test('mbim flavor keeps mbim.sh defaults; ipv6 0 forces ipv4', () => {
  const cfg = parseInterfaceConfig({ device: '/dev/cdc-wdm0', apn: 'internet' }, { flavor: 'mbim' });
  assert.is(cfg.pdptype, 'ipv4v6');
  assert.is(cfg.allow_roaming, false);
  assert.is(cfg.dhcp, 'auto');
  assert.is(cfg.dhcpv6, 'auto');
  assert.is(cfg.autoconnect, false);
  const v4 = parseInterfaceConfig({ device: '/dev/cdc-wdm0', ipv6: '0', pdptype: 'ipv4v6', allow_roaming: '1', allow_partner: true, dhcp: 'AUTO' }, { flavor: 'mbim' });
  assert.equal([v4.pdptype, v4.ipv6, v4.allow_roaming, v4.allow_partner, v4.dhcp], ['ipv4', false, true, true, 'auto']);
});

test('each bad option gives ConfigError naming it', () => {
  const base = { wdmif: '/dev/cdc-wdm0' };
  const cases: Array<[Record<string, unknown>, string]> = [
    [{}, 'wdmif'],
    [{ wdmif: 'cdc-wdm0' }, 'wdmif'],
    [{ device: 'ttyUSB0' }, 'device'],
    [{ ...base, device: '/dev/cdc-wdm1' }, 'device'],
    [{ ...base, wwanif: 'bad-name!' }, 'wwanif'],
    [{ ...base, apn: "x'; reboot; '" }, 'apn'],
    [{ ...base, apn: 'a'.repeat(101) }, 'apn'],
    [{ ...base, v6apn: 'two words' }, 'v6apn'],
    [{ ...base, auth: 'kerberos' }, 'auth'],
    [{ ...base, username: true }, 'username'],
    [{ ...base, password: 'line\nbreak' }, 'password'],
    [{ ...base, pincode: '12a4' }, 'pincode'],
    [{ ...base, pincode: '123' }, 'pincode'],
    [{ ...base, pincode: '123456789' }, 'pincode'],
    [{ ...base, pdptype: 'ppp' }, 'pdptype'],
    [{ ...base, profile: 0 }, 'profile'],
    [{ ...base, profile: '1.5' }, 'profile'],
    [{ ...base, v6profile: 256 }, 'v6profile'],
    [{ ...base, modes: 'lte,wimax' }, 'modes'],
    [{ ...base, plmn: '2620' }, 'plmn'],
    [{ ...base, plmn: 'abcde' }, 'plmn'],
    [{ ...base, allow_roaming: 'maybe' }, 'allow_roaming'],
    [{ ...base, allow_partner: 2 }, 'allow_partner'],
    [{ ...base, timeout: -1 }, 'timeout'],
    [{ ...base, mtu: 20 }, 'mtu'],
    [{ ...base, dhcp: 'sometimes' }, 'dhcp'],
    [{ ...base, dhcpv6: [1, 0] }, 'dhcpv6'],
    [{ ...base, ipv6: 'v6' }, 'ipv6'],
    [{ ...base, delay: 'soon' }, 'delay'],
    [{ ...base, autoconnect: 'x' }, 'autoconnect'],
    [{ ...base, defaultroute: 'x' }, 'defaultroute'],
    [{ ...base, peerdns: {} }, 'peerdns'],
    [{ ...base, metric: -5 }, 'metric'],
    [{ ...base, zone: 'w a n' }, 'zone'],
    [{ ...base, ip4table: 'main table' }, 'ip4table'],
    [{ ...base, ip6table: 't;x' }, 'ip6table'],
    [{ ...base, sourcefilter: 'x' }, 'sourcefilter'],
    [{ ...base, delegate: 'x' }, 'delegate'],
    [{ ...base, apn: ['a', 'b'] }, 'apn'],
  ];
  for (const [input, option] of cases) {
    const err = configError(input);
    assert.is(err.option, option, JSON.stringify(input));
    assert.is(err.code, 'CONFIG_INVALID');
    assert.is(err.name, 'ConfigError');
    assert.ok(err.message.startsWith(`option '${option}': `), err.message);
  }
});

test('the whole config must be a JSON object', () => {
  assert.is(configError('{not json').option, '(config)');
  assert.is(configError('[1]').option, '(config)');
  assert.is(configError(null).option, '(config)');
});

test('secret values never appear in error messages', () => {
  assert.not.ok(configError({ wdmif: '/dev/x', pincode: '99999999999' }).message.includes('99999999999'));
  assert.not.ok(configError({ wdmif: '/dev/x', password: true }).message.includes('true'));
});

test('redactConfig hides password, pincode and username', () => {
  const cfg = parseInterfaceConfig({ wdmif: '/dev/x', username: 'alice', password: 'hunter2', pincode: '1234', apn: 'internet' });
  const safe = redactConfig(cfg);
  assert.equal([safe.username, safe.password, safe.pincode, safe.apn], ['***', '***', '***', 'internet']);
  assert.not.ok(JSON.stringify(safe).includes('hunter2'));
  assert.is(cfg.password, 'hunter2');
  assert.not.ok('password' in redactConfig(parseInterfaceConfig({ wdmif: '/dev/x' })));
});

test('watchdog and AT options: probe_host list or string, probe_interval/probe_failures defaults and bounds, atdevice', () => {
  const base = { wdmif: '/dev/cdc-wdm0' };
  const d = parseInterfaceConfig(base);
  assert.is(d.probe_host, undefined);
  assert.is(d.probe_interval, 60);
  assert.is(d.probe_failures, 3);
  assert.is(d.atdevice, undefined);
  const c = parseInterfaceConfig({ ...base, probe_host: ['8.8.8.8', '2001:4860:4860::8888', 'dns.google'], probe_interval: '30', probe_failures: 5, atdevice: '/dev/ttyUSB2' });
  assert.equal(c.probe_host, ['8.8.8.8', '2001:4860:4860::8888', 'dns.google']);
  assert.is(c.probe_interval, 30);
  assert.is(c.probe_failures, 5);
  assert.is(c.atdevice, '/dev/ttyUSB2');
  assert.equal(parseInterfaceConfig({ ...base, probe_host: '1.1.1.1' }).probe_host, ['1.1.1.1'], 'a plain option');
  assert.equal(parseInterfaceConfig({ ...base, probe_host: '1.1.1.1 9.9.9.9' }).probe_host, ['1.1.1.1', '9.9.9.9'], 'space-separated');
  assert.is(parseInterfaceConfig({ ...base, probe_host: [] }).probe_host, undefined, 'empty list = no watchdog');
  assert.is(parseInterfaceConfig({ ...base, probe_interval: 5 }).probe_interval, 5, 'minimum');
});

test('bad watchdog and AT options give CONFIG_INVALID naming the option', () => {
  const base = { wdmif: '/dev/cdc-wdm0' };
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ probe_host: '-c1' }, 'probe_host', /must not start with -/],
    [{ probe_host: ['8.8.8.8', '$(reboot)'] }, 'probe_host', /invalid host/],
    [{ probe_host: 'a;b' }, 'probe_host', /invalid host/],
    [{ probe_host: '`id`' }, 'probe_host', /invalid host/],
    [{ probe_host: '1.2.3.256' }, 'probe_host', /invalid host/],
    [{ probe_host: Array.from({ length: 9 }, (_, i) => `10.0.0.${i}`) }, 'probe_host', /at most 8 hosts, got 9/],
    [{ probe_host: [{ x: 1 }] }, 'probe_host', /expected text items/],
    [{ probe_interval: 4 }, 'probe_interval', /must be 5\.\.86400 s, got 4/],
    [{ probe_interval: 'soon' }, 'probe_interval', /expected an integer/],
    [{ probe_failures: 0 }, 'probe_failures', /must be 1\.\.100/],
    [{ probe_failures: 1.5 }, 'probe_failures', /expected an integer/],
    [{ atdevice: 'ttyUSB2' }, 'atdevice', /absolute device path/],
    [{ atdevice: ['/dev/ttyUSB2'] }, 'atdevice', /single value/],
    [{ atdevice: '/dev/ttyUSB2\nreboot' }, 'atdevice', /line break/],
  ];
  for (const [extra, option, reason] of cases) {
    const e = configError({ ...base, ...extra });
    assert.is(e.option, option, JSON.stringify(extra));
    assert.is(e.code, 'CONFIG_INVALID');
    assert.match(e.reason, reason, JSON.stringify(extra));
  }
});

test.run();
