// Issue 12 item 2: `status` over thousands of interfaces that are gone stays small (bounded snapshots).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Qmi4gDaemon } from '../../../src/daemon/daemon';
import { MAX_GONE_SNAPSHOTS, setBounded } from '../../../src/daemon/bounded-map';
import { silentLogger } from '../../../src/log';
import { encodeJsonTable } from '../../../src/ubus/json';
import { UBUS_MAX_MSGLEN } from '../../../src/ubus/message';

test('3,000 interfaces with a bad config, then status: the newest snapshots only, the reply fits one ubus message', async () => {
  const bus = { call: async () => ({}), send: async () => undefined };
  const d = new Qmi4gDaemon(bus, { log: silentLogger });
  for (let i = 0; i < 3000; i++) {
    const r = await d.up({ interface: `stale_${i}_${'x'.repeat(40)}`, config: { wdmif: '/dev/cdc-wdm0', apn: `bad apn ${'y'.repeat(200)}` } });
    assert.is(r.ok, false);
  }
  const all = await d.status({});
  const list = all.interfaces as Record<string, unknown>[];
  assert.is(list.length, MAX_GONE_SNAPSHOTS);
  assert.ok(String(list[list.length - 1]!.interface).startsWith('stale_2999_'), 'the newest kept');
  assert.ok(encodeJsonTable(all).length < UBUS_MAX_MSGLEN / 4);
});

test('setBounded refreshes a key and drops the oldest', () => {
  const m = new Map<string, number>();
  for (const k of ['a', 'b', 'c']) setBounded(m, k, 1, 2);
  assert.equal([...m.keys()], ['b', 'c']);
  setBounded(m, 'b', 2, 2);
  setBounded(m, 'd', 3, 2);
  assert.equal([...m.keys()], ['b', 'd']);
});

test.run();
