// Tests for the encoded status replies (status-replies.ts): the bytes are exactly what encoding the
// reply object gives, they are reused while nothing shown changed, and built again on any change.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { statusReply } from '../../../src/daemon/status';
import { EncodedStatus, REUSE_MS, replyKey } from '../../../src/daemon/status-replies';
import type { SessionSnapshot } from '../../../src/session/session-types';
import { Qmi4gDaemon } from '../../../src/daemon/daemon';
import { silentLogger } from '../../../src/log';
import { decodeJsonTable, encodeJsonTable } from '../../../src/ubus/json';

const NOW = 1_700_000_100_000;

function snapshot(over: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return {
    interface: 'wdm0', device: '/dev/cdc-wdm0', protocol: 'qmi', state: 'connected', since: NOW - 42_500, reason: 'connected via Telekom.de (lte)', reconnects: 0,
    registration: { state: 'registered', roaming: false, psAttached: true, rat: 'lte', mcc: '262', mnc: '01', operator: 'Telekom.de' },
    signal: { rat: 'lte', rssi: -65, rsrp: -95, rsrq: -10, snr: 12.5, bars: 3 },
    counters: { txBytes: 1000, rxBytes: 5000 }, connectedSince: NOW - 40_000, ...over,
  };
}

const bytes = (o: Record<string, unknown>) => Array.from(encodeJsonTable(o));

test('EncodedStatus: the bytes are encodeJsonTable(statusReply(snapshot)), reused while the snapshot and its second stay the same', () => {
  const c = new EncodedStatus();
  const a = c.get([snapshot()], false, NOW);
  assert.equal(Array.from(a.data), bytes(statusReply(snapshot(), NOW)));
  const b = c.get([snapshot()], false, NOW + 400); // for_s still 43
  assert.is(b, a, 'same reply object: not encoded again');
  assert.is(c.encodes, 1);
});

test('EncodedStatus.recent: the checked reply as is for REUSE_MS in the same state; a state change, a later call or none checked yet → undefined', () => {
  const c = new EncodedStatus();
  assert.is(c.recent('connected', NOW), undefined, 'nothing checked yet');
  const a = c.get([snapshot()], false, NOW, [], 'connected');
  assert.is(c.recent('connected', NOW + REUSE_MS - 1), a);
  assert.is(c.recent('reconnecting', NOW + 10), undefined, 'a state change is seen at once');
  assert.is(c.recent('connected', NOW + REUSE_MS), undefined, 'older than REUSE_MS: the key is checked again');
  assert.is(c.recent('connected', NOW - 5), undefined, 'a clock that went back');
  const changed = snapshot({ reason: 'connected via Vodafone.de (lte)' });
  const b = c.get([changed], false, NOW + REUSE_MS, [], 'connected');
  assert.is.not(b, a);
  assert.is(c.recent('connected', NOW + REUSE_MS + 50), b, 'the new reply from then on');
});

test('EncodedStatus: a changed field, or the next second of for_s, is encoded again', () => {
  const c = new EncodedStatus();
  c.get([snapshot()], false, NOW);
  const changed = snapshot({ signal: { rat: 'lte', rssi: -70, rsrp: -101, rsrq: -12, snr: 3, bars: 2 } });
  const r1 = c.get([changed], false, NOW);
  assert.equal(Array.from(r1.data), bytes(statusReply(changed, NOW)));
  assert.is(c.encodes, 2);
  const r2 = c.get([changed], false, NOW + 1000);
  assert.is(statusReply(changed, NOW + 1000).for_s, 44);
  assert.equal(Array.from(r2.data), bytes(statusReply(changed, NOW + 1000)));
  assert.is(c.encodes, 3);
  const counters = snapshot({ counters: { txBytes: 1001, rxBytes: 5000 } });
  assert.equal(Array.from(c.get([counters], false, NOW + 1000).data), bytes(statusReply(counters, NOW + 1000)));
  assert.is(c.encodes, 4);
});

test('EncodedStatus: the all-interfaces form is {interfaces: [...]} and changes when any member does', () => {
  const c = new EncodedStatus();
  const two = [snapshot(), snapshot({ interface: 'wdm1', state: 'registering', reason: 'searching' })];
  const r = c.get(two, true, NOW);
  assert.equal(Array.from(r.data), bytes({ interfaces: two.map((s) => statusReply(s, NOW)) }));
  assert.is(c.get(two.map((s) => ({ ...s })), true, NOW), r);
  const one = [two[0]];
  assert.equal(Array.from(c.get(one, true, NOW).data), bytes({ interfaces: [statusReply(two[0], NOW)] }));
  assert.equal(Array.from(c.get([], true, NOW).data), bytes({ interfaces: [] }));
});

test('replyKey: undefined for a snapshot JSON cannot hold (then every call encodes)', () => {
  const odd = snapshot({ counters: { txBytes: 1n as unknown as number } });
  assert.is(replyKey([odd], NOW), undefined);
  const c = new EncodedStatus();
  const r = c.get([odd], false, NOW);
  assert.equal(Array.from(r.data), bytes(statusReply(odd, NOW)));
  assert.is.not(c.get([odd], false, NOW), r, 'no key: encoded again');
  assert.is(c.encodes, 2);
});

test('Qmi4gDaemon.statusEncoded answers what status() answers (one interface, all, unknown → NOT_FOUND)', async () => {
  const bus = { call: async () => ({}), send: async () => undefined };
  const d = new Qmi4gDaemon(bus, { log: silentLogger });
  for (const iface of ['wdm0', 'wdm1']) await d.up({ interface: iface, config: { wdmif: '/dev/cdc-wdm0', apn: 'bad apn \u0001' } });
  const one = await d.statusEncoded({ interface: 'wdm1' });
  assert.equal(decodeJsonTable(one.data), await d.status({ interface: 'wdm1' }));
  const all = await d.statusEncoded({});
  assert.equal(decodeJsonTable(all.data), await d.status({}));
  assert.is((decodeJsonTable(all.data).interfaces as unknown[]).length, 2);
  assert.throws(() => d.statusEncoded({ interface: 'wdm9' }), (e: Error & { ubusStatus?: string }) => e.ubusStatus === 'NOT_FOUND');
  assert.throws(() => d.statusEncoded({ interface: 'bad name' }), (e: Error & { ubusStatus?: string }) => e.ubusStatus === 'INVALID_ARGUMENT');
});

test.run();
