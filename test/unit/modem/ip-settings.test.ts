// The modem's IP settings are checked before netifd sees them (RFC 1122 / RFC 4291 rules).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkIpSettings, ipv6Groups, prefixOfNetmask } from '../../../src/modem/ip-settings';
import type { IpSettings } from '../../../src/modem/modem';

const v4 = (o: Partial<IpSettings>): IpSettings => ({ family: 4, address: '10.1.2.2', prefix: 30, gateway: '10.1.2.1', dns: ['10.0.0.53'], mtu: 1500, ...o });
const v6 = (o: Partial<IpSettings>): IpSettings => ({ family: 6, address: '2001:db8::1', prefix: 64, gateway: 'fe80::1', dns: ['2001:db8::53'], mtu: 1500, ...o });
const reason = (s: IpSettings) => { const c = checkIpSettings(s); return c.ok ? undefined : c.reason; };

test('good settings pass unchanged', () => {
  assert.equal(checkIpSettings(v4({})), { ok: true, settings: v4({}), notes: [] });
  assert.equal(checkIpSettings(v6({})), { ok: true, settings: v6({}), notes: [] });
  assert.ok(checkIpSettings(v4({ address: '100.64.0.7', prefix: 32, gateway: undefined })).ok);
});

test('IPv4: unspecified, broadcast, multicast, loopback, reserved addresses and gateways are refused', () => {
  assert.match(reason(v4({ address: '0.0.0.0', prefix: 0, gateway: '0.0.0.0' }))!, /unspecified/);
  assert.match(reason(v4({ address: '255.255.255.255', prefix: 32 }))!, /broadcast/);
  assert.match(reason(v4({ address: '224.0.0.1' }))!, /multicast/);
  assert.match(reason(v4({ address: '127.0.0.1' }))!, /loopback/);
  assert.match(reason(v4({ address: '240.1.2.3' }))!, /reserved/);
  assert.match(reason(v4({ gateway: '0.0.0.0' }))!, /gateway 0\.0\.0\.0 is unspecified/);
  assert.match(reason(v4({ address: '10.1.2.0', prefix: 24 }))!, /network address/);
  assert.match(reason(v4({ address: '10.1.2.255', prefix: 24 }))!, /broadcast address of its subnet/);
  assert.match(reason(v4({ address: '10.1.2.300' }))!, /not an IPv4 address/);
});

test('prefix lengths outside 1–32 / 1–128 are refused', () => {
  for (const p of [0, 33, 200, 1.5, -1]) assert.match(reason(v4({ prefix: p }))!, /prefix length/, String(p));
  for (const p of [0, 129, 200]) assert.match(reason(v6({ prefix: p }))!, /prefix length/, String(p));
});

test('IPv6: ::, ::1, multicast refused; link-local gateway fine', () => {
  assert.match(reason(v6({ address: '::' }))!, /unspecified/);
  assert.match(reason(v6({ address: '::1' }))!, /loopback/);
  assert.match(reason(v6({ address: 'ff02::1' }))!, /multicast/);
  assert.match(reason(v6({ gateway: '::' }))!, /gateway :: is unspecified/);
  assert.match(reason(v6({ address: '2001:db8::g' }))!, /not an IPv6 address/);
});

test('MTU outside 576/1280–9000 and bad DNS servers are dropped with a note, not refused', () => {
  for (const mtu of [0, 70000, 575]) {
    const c = checkIpSettings(v4({ mtu }));
    assert.ok(c.ok && c.settings.mtu === undefined && c.notes.length === 1, String(mtu));
  }
  const c6 = checkIpSettings(v6({ mtu: 1279, dns: ['::', '2001:db8::53', 'ff02::fb'] }));
  assert.ok(c6.ok);
  if (c6.ok) { assert.is(c6.settings.mtu, undefined); assert.equal(c6.settings.dns, ['2001:db8::53']); assert.is(c6.notes.length, 3); }
});

test('netmask → prefix only when contiguous', () => {
  assert.is(prefixOfNetmask('255.255.255.252'), 30);
  assert.is(prefixOfNetmask('255.255.0.0'), 16);
  assert.is(prefixOfNetmask('255.0.255.0'), undefined);
  assert.is(prefixOfNetmask('0.255.255.255'), undefined);
  assert.is(prefixOfNetmask('255.255.255.256'), undefined);
});

test('ipv6Groups parses compressed and IPv4-tailed forms, rejects malformed', () => {
  assert.equal(ipv6Groups('2001:db8::1'), [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
  assert.equal(ipv6Groups('::ffff:1.2.3.4'), [0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
  for (const bad of [':::', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', '1:2:3:4:5:6:7']) assert.is(ipv6Groups(bad), undefined, bad);
});

test.run();
