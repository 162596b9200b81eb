// Tests for the pure MBIM mappings (SIM, registration, RAT, RSSI, IP settings, NwError, roaming gate) and the link's addressing rule
// (runs on Node and QuickJS; the sysfs max transfer, whose fake sysfs tree is made with node:fs, is in mbim-max-transfer.test.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { basicConnect as bc } from '../../../src/mbim/services';
import {
  describeNwError, ipTypeCovers, ratOfDataClass, roamingRefusal, rssiDbm, toIpSettings, toRegistration, toSimStatus,
} from '../../../src/modem/mbim-mapping';
import { addressingOf } from '../../../src/netifd/link';

test('toSimStatus: every ReadyState; a locked PIN1/PUK1 wins over NotInitialized; PUK with 0 tries = blocked', () => {
  const S = bc.MbimSubscriberReadyState;
  assert.equal(toSimStatus(S.initialized), { state: 'ready' });
  assert.equal(toSimStatus(S.notInitialized), { state: 'initializing' });
  assert.equal(toSimStatus(S.deviceLocked, { pinType: 0, pinState: 0, remainingAttempts: 0 }), { state: 'initializing' });
  assert.equal(toSimStatus(S.simNotInserted), { state: 'absent' });
  assert.equal(toSimStatus(S.noEsimProfile), { state: 'absent' });
  for (const s of [S.badSim, S.failure, S.notActivated]) assert.equal(toSimStatus(s), { state: 'error' });
  assert.equal(toSimStatus(S.notInitialized, { pinType: bc.MbimPinType.pin1, pinState: 1, remainingAttempts: 3 }), { state: 'pin-required', pinRetries: 3 });
  assert.equal(toSimStatus(S.deviceLocked, { pinType: bc.MbimPinType.puk1, pinState: 1, remainingAttempts: 0 }), { state: 'blocked', pinRetries: 0, pukRetries: 0 });
});

test('registration state words, roaming on roaming and partner, MCC/MNC split, RAT from Packet Service first', () => {
  const r = (registerState: number, providerId = '310410') => ({ nwError: 0, registerState, availableDataClasses: bc.MbimDataClass.umts, providerId, providerName: 'AT&T' });
  assert.equal(toRegistration(r(3)), { state: 'registered', roaming: false, psAttached: false, rat: 'umts', mcc: '310', mnc: '410', operator: 'AT&T' });
  assert.is(toRegistration(r(4)).roaming, true);
  assert.is(toRegistration(r(5)).roaming, true);
  assert.equal([1, 2, 6, 0].map((s) => toRegistration(r(s)).state), ['not-registered', 'searching', 'denied', 'unknown']);
  assert.is(toRegistration(r(3, 'abc')).mcc, undefined);
  const withPacket = toRegistration(r(3), { packetServiceState: 2, highestAvailableDataClass: bc.MbimDataClass.lte });
  assert.equal([withPacket.rat, withPacket.psAttached], ['lte', true]);
});

test('ratOfDataClass: best technology wins', () => {
  const D = bc.MbimDataClass;
  assert.equal([D['5gSa'] | D.lte, D.lte | D.umts, D.hsdpa, D.edge, D['1xevdo'], D['1xrtt'], 0].map(ratOfDataClass),
    ['nr5g', 'lte', 'umts', 'gsm', 'evdo', 'cdma', 'unknown']);
});

test('rssiDbm: −113 + 2·code, 99 unknown', () => {
  assert.equal([0, 20, 31, 99, 40].map(rssiDbm), [-113, -73, -51, undefined, undefined]);
});

test('roamingRefusal (mbim.sh allow_roaming/allow_partner); ipTypeCovers', () => {
  const R = bc.MbimRegisterState;
  assert.is(roamingRefusal(R.home, { allowRoaming: false, allowPartner: false }), undefined);
  assert.match(roamingRefusal(R.roaming, { allowRoaming: false, allowPartner: true })!, /allow_roaming/);
  assert.is(roamingRefusal(R.roaming, { allowRoaming: true, allowPartner: false }), undefined);
  assert.match(roamingRefusal(R.partner, { allowRoaming: true, allowPartner: false })!, /allow_partner/);
  const T = bc.MbimContextIpType;
  assert.equal([ipTypeCovers(T.ipv4v6, 6), ipTypeCovers(T.ipv4AndIpv6, 4), ipTypeCovers(T.ipv4, 6), ipTypeCovers(T.ipv6, 6)], [true, true, false, true]);
});

test('toIpSettings: honours the available flags; flags 0 with values present still count; 0.0.0.0 gateway dropped', () => {
  const c = {
    ipv4ConfigurationAvailable: 0x1 | 0x4, ipv6ConfigurationAvailable: 0,
    ipv4Address: [{ onLinkPrefixLength: 28, ipv4Address: '10.1.2.3' }], ipv6Address: [{ onLinkPrefixLength: 64, ipv6Address: '2001:db8::5' }],
    ipv4Gateway: '10.1.2.1', ipv6Gateway: '::', ipv4DnsServer: ['8.8.8.8'], ipv6DnsServer: [], ipv4Mtu: 1400, ipv6Mtu: 1280,
  };
  assert.equal(toIpSettings(c, 4), { family: 4, address: '10.1.2.3', prefix: 28, gateway: undefined, dns: ['8.8.8.8'], mtu: undefined });
  assert.equal(toIpSettings(c, 6), { family: 6, address: '2001:db8::5', prefix: 64, gateway: undefined, dns: [], mtu: 1280 });
  assert.equal(toIpSettings({ ...c, ipv4Address: [] }, 4).address, undefined);
});

test('describeNwError', () => {
  assert.is(describeNwError(0), undefined);
  assert.is(describeNwError(27), 'missing-or-unknown-apn (27)');
  assert.is(describeNwError(250), 'nw-error (250)');
});

test('addressingOf: MBIM auto = static with an address, DHCP without; 0/1 as given; QMI unchanged (auto = DHCP, raw IP = static)', () => {
  const withAddr = { family: 4 as const, address: '10.0.0.2', dns: [] };
  const noAddr = { family: 4 as const, dns: [] };
  assert.equal([addressingOf('mbim', false, 'auto', withAddr), addressingOf('mbim', false, 'auto', noAddr)], ['static', 'dhcp']);
  assert.equal([addressingOf('mbim', false, true, withAddr), addressingOf('mbim', false, false, noAddr)], ['dhcp', 'static']);
  assert.equal([addressingOf('qmi', false, 'auto', withAddr), addressingOf('qmi', false, false, withAddr), addressingOf('qmi', true, true, noAddr)], ['dhcp', 'static', 'static']);
});

test.run();
