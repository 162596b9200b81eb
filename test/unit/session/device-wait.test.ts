// Tests for DeviceWaiter: a hotplug notification wakes the wait, the slow probe backs off, early notifications count, abort.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DeviceWaiter } from '../../../src/session/device-wait';
import { FakeClock, settle } from '../../helpers/fake-clock';

test('hotplug wakes the wait at once when the device exists; a notification without the device keeps waiting', async () => {
  const clock = new FakeClock();
  const w = new DeviceWaiter();
  let present = false;
  let checks = 0;
  let done = false;
  void w.wait('/dev/cdc-wdm0', () => { checks++; return present; }, 5000, new AbortController().signal, clock).then(() => { done = true; });
  await settle();
  w.notify();
  await settle();
  assert.not.ok(done, 'not there yet');
  present = true;
  w.notify();
  await settle();
  assert.ok(done);
  assert.is(checks, 2, 'no polling besides the notifications');
});

test('without hotplug, the probe finds it: 5 s, 10 s, 20 s, 40 s, 40 s …', async () => {
  const clock = new FakeClock();
  const at: number[] = [];
  const t0 = clock.now();
  let done = false;
  void new DeviceWaiter().wait('/x', () => { at.push(clock.now() - t0); return at.length === 6; }, 5000, new AbortController().signal, clock).then(() => { done = true; });
  await clock.advance(200_000);
  assert.ok(done);
  assert.equal(at, [5000, 15_000, 35_000, 75_000, 115_000, 155_000]);
});

test('a notification before the wait is remembered; abort rejects and stops probing', async () => {
  const clock = new FakeClock();
  const w = new DeviceWaiter();
  w.notify();
  await w.wait('/x', () => true, 5000, new AbortController().signal, clock);
  const ac = new AbortController();
  const p = w.wait('/x', () => false, 5000, ac.signal, clock);
  ac.abort();
  try { await p; assert.unreachable(); } catch (e) { assert.match((e as Error).name, /Aborted/); }
  assert.is(clock.pending, 0);
});

test.run();
