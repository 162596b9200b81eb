// Tests for notify_proto message builders (prefixToNetmask, link/static/error messages) and add_dynamic bodies.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dhcpChild, dhcpv6Child } from '../../../src/netifd/dynamic';
import {
  NotifyAction, blockRestart, errorMessage, linkUpdate, prefixToNetmask, setAvailable, setupFailed, staticUpdate,
} from '../../../src/netifd/notify';

test('NotifyAction numbers match netifd proto-shell.c', () => {
  assert.equal([NotifyAction.Update, NotifyAction.RunCommand, NotifyAction.KillCommand, NotifyAction.Error, NotifyAction.BlockRestart,
    NotifyAction.SetAvailable, NotifyAction.AddHostDependency, NotifyAction.SetupFailed], [0, 1, 2, 3, 4, 5, 6, 7]);
});

test('prefixToNetmask', () => {
  const table: Array<[number, string]> = [
    [0, '0.0.0.0'], [1, '128.0.0.0'], [8, '255.0.0.0'], [16, '255.255.0.0'], [24, '255.255.255.0'],
    [25, '255.255.255.128'], [30, '255.255.255.252'], [31, '255.255.255.254'], [32, '255.255.255.255'],
    [-1, '0.0.0.0'], [40, '255.255.255.255'],
  ];
  for (const [p, want] of table) assert.is(prefixToNetmask(p), want, `/${p}`);
});

test('linkUpdate: up with ifname and data; down without', () => {
  assert.equal(linkUpdate('wdm0', true, 'wwan0', { apn: 'internet' }), { action: 0, interface: 'wdm0', 'link-up': true, keep: true, ifname: 'wwan0', data: { apn: 'internet' } });
  assert.equal(linkUpdate('wdm0', false), { action: 0, interface: 'wdm0', 'link-up': false, keep: false });
});

test('staticUpdate: the message a daemon-backed handler sends, as observed on the real netifd', () => {
  const m = staticUpdate('wdm0', 'wwan0', [{ family: 4, address: '10.64.0.2', prefix: 30, gateway: '10.64.0.1', dns: ['10.64.0.1'] }],
    { defaultroute: true, peerdns: true }, { apn: 'internet' });
  assert.equal(m, JSON.parse('{"action":0,"ifname":"wwan0","link-up":true,"data":{"apn":"internet"},"keep":true,"ipaddr":[{"ipaddr":"10.64.0.2","mask":"30"}],"routes":[{"target":"0.0.0.0","netmask":"0","gateway":"10.64.0.1"}],"dns":["10.64.0.1"],"interface":"wdm0"}'));
});

test('staticUpdate: defaults for missing prefix/gateway, sessions without address skipped, zone in data', () => {
  const m = staticUpdate('wdm0', 'wwan0', [
    { family: 4, address: '100.64.1.9', dns: [] },
    { family: 6, dns: ['2001:db8::53'] },
  ], { defaultroute: true, peerdns: true, metric: 5, zone: 'wan' });
  assert.equal(m.ipaddr, [{ ipaddr: '100.64.1.9', mask: '32' }]);
  assert.equal(m.routes, [{ target: '0.0.0.0', netmask: '0', gateway: '0.0.0.0', metric: 5 }]);
  assert.not.ok('ip6addr' in m);
  assert.not.ok('routes6' in m);
  assert.equal(m.dns, ['2001:db8::53']);
  assert.equal(m.data, { zone: 'wan' });
  const v6 = staticUpdate('wdm0', 'wwan0', [{ family: 6, address: '2001:db8::2', dns: [] }], { defaultroute: true, peerdns: true });
  assert.equal(v6.ip6addr, [{ ipaddr: '2001:db8::2', mask: '128' }], 'the WAN address as /128 (qmi.sh)');
  assert.equal(v6.ip6prefix, ['2001:db8::2/64'], 'the prefix for the LAN');
  assert.equal(v6.routes6, [{ target: '::', netmask: '0', gateway: '::' }]);
  assert.not.ok('dns' in v6, 'no empty dns list');
});

test('error, block restart, setup failed, set available', () => {
  assert.equal(errorMessage('wdm0', 'CALL_FAILED', ['unknown-apn', 'x']), { action: 3, interface: 'wdm0', error: ['CALL_FAILED', 'unknown-apn', 'x'] });
  assert.equal(errorMessage('wdm0', 'NO_DEVICE'), { action: 3, interface: 'wdm0', error: ['NO_DEVICE'] });
  assert.equal(blockRestart('wdm0'), { action: 4, interface: 'wdm0' });
  assert.equal(setupFailed('wdm0'), { action: 7, interface: 'wdm0' });
  assert.equal(setAvailable('wdm0', false), { action: 5, interface: 'wdm0', available: false });
});

test('add_dynamic bodies: only set options copied; sourcefilter/delegate only when off', () => {
  assert.equal(dhcpChild('wdm0', {}), { name: 'wdm0_4', ifname: '@wdm0', proto: 'dhcp' });
  assert.equal(dhcpv6Child('wdm0', {}), { name: 'wdm0_6', ifname: '@wdm0', proto: 'dhcpv6', extendprefix: 1 });
  assert.equal(dhcpChild('wdm0', { metric: 0, defaultroute: true, ip6table: '9', sourcefilter: false }), { name: 'wdm0_4', ifname: '@wdm0', proto: 'dhcp', defaultroute: true, metric: 0 });
  assert.equal(dhcpv6Child('wdm0', { sourcefilter: false, delegate: false, ip4table: '8' }),
    { name: 'wdm0_6', ifname: '@wdm0', proto: 'dhcpv6', extendprefix: 1, sourcefilter: false, delegate: false });
  assert.equal(dhcpv6Child('wdm0', { sourcefilter: true, delegate: true }), { name: 'wdm0_6', ifname: '@wdm0', proto: 'dhcpv6', extendprefix: 1 });
});

test.run();
