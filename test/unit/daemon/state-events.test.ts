// qmi4g.state events: state changes only, ≤ 4/s per interface, one in flight, latest last; up/down serialised per key.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock, settle } from '../../helpers/fake-clock';
import { EVENT_MIN_INTERVAL_MS, StateEvent, StateEventPublisher } from '../../../src/daemon/state-events';
import { KeyedSerializer } from '../../../src/daemon/serial';

const ev = (state: string, reason = '', error = '', iface = 'wdm0'): StateEvent => ({ interface: iface, state, reason, error });

test('84,000 flaps with ubusd answering: a handful of events, the last one the final state', async () => {
  const clock = new FakeClock();
  const sent: StateEvent[] = [];
  const p = new StateEventPublisher(async (e) => { sent.push(e); }, undefined, clock);
  for (let i = 0; i < 84_000; i++) {
    p.publish(ev(i % 2 ? 'connected' : 'reconnecting', `flap ${i}`));
    if (i % 1000 === 0) { clock.advance(10); await settle(1); }
  }
  p.publish(ev('reconnecting', 'final'));
  for (let i = 0; i < 20; i++) { clock.advance(EVENT_MIN_INTERVAL_MS); await settle(1); }
  assert.ok(sent.length <= 840 * 10 / EVENT_MIN_INTERVAL_MS + 3, `${sent.length} events`);
  assert.equal(sent[sent.length - 1], ev('reconnecting', 'final'));
});

test('reason-only changes are not events; a state or error change is', async () => {
  const clock = new FakeClock();
  const sent: StateEvent[] = [];
  const p = new StateEventPublisher(async (e) => { sent.push(e); }, undefined, clock);
  p.publish(ev('connected', 'a'));
  await settle();
  for (let i = 0; i < 100; i++) p.publish(ev('connected', `registration lost ${i}`));
  clock.advance(1000); await settle();
  assert.is(sent.length, 1);
  p.publish(ev('connected', 'x', 'NO_DEVICE'));
  clock.advance(1000); await settle();
  assert.is(sent.length, 2);
});

test('ubusd stalled: one request in flight and one queued per interface, whatever the flood; the latest goes out once it answers', async () => {
  const clock = new FakeClock();
  const calls: { e: StateEvent; answer: () => void }[] = [];
  const p = new StateEventPublisher((e) => new Promise<void>((r) => calls.push({ e, answer: r })), undefined, clock);
  for (let i = 0; i < 10_000; i++) { p.publish(ev(['connected', 'reconnecting', 'registering'][i % 3]!)); if (i % 500 === 0) clock.advance(300); }
  p.publish(ev('down', 'netifd took it down'));
  clock.advance(5000); await settle();
  assert.is(calls.length, 1, 'one request towards ubusd');
  assert.is(p.inFlight, 1);
  assert.is(p.queued, 1);
  calls[0]!.answer();
  await settle();
  clock.advance(EVENT_MIN_INTERVAL_MS); await settle();
  assert.is(calls.length, 2);
  assert.equal(calls[1]!.e, ev('down', 'netifd took it down'));
});

test('a second failure with the same code (a new epoch) is an event; a reason-only change in the same epoch is not', async () => {
  const clock = new FakeClock();
  const sent: StateEvent[] = [];
  const p = new StateEventPublisher(async (e) => { sent.push(e); }, undefined, clock);
  p.publish(ev('failed', 'apn', 'CONFIG_INVALID'), '1:1');
  await settle();
  p.publish(ev('failed', 'apn again', 'CONFIG_INVALID'), '1:1');
  clock.advance(1000); await settle();
  assert.is(sent.length, 1);
  p.publish(ev('failed', 'another apn', 'CONFIG_INVALID'), '2:2');
  clock.advance(1000); await settle();
  assert.is(sent.length, 2);
});

test('a failing send is reported and does not stop later events', async () => {
  const clock = new FakeClock();
  const errors: string[] = [];
  let n = 0;
  const p = new StateEventPublisher(async () => { if (n++ === 0) throw new Error('ubus timeout'); }, (e) => errors.push(e.message), clock);
  p.publish(ev('opening')); await settle();
  p.publish(ev('sim')); clock.advance(EVENT_MIN_INTERVAL_MS); await settle();
  assert.equal(errors, ['ubus timeout']);
  assert.is(n, 2);
});

test('KeyedSerializer: same key one at a time in order; other keys run alongside; a failure releases the key', async () => {
  const s = new KeyedSerializer();
  const log: string[] = [];
  let release!: () => void;
  const first = s.run(['interface:wdm0', 'port:/dev/cdc-wdm0'], () => new Promise<void>((r) => { log.push('1 start'); release = () => { log.push('1 end'); r(); }; }));
  const second = s.run(['interface:wdm0'], async () => { log.push('2'); throw new Error('boom'); });
  const third = s.run(['port:/dev/cdc-wdm0', 'interface:wdm1'], async () => { log.push('3'); });
  void s.run(['interface:wdm9'], async () => { log.push('other'); });
  await settle();
  assert.equal(log, ['1 start', 'other']);
  release();
  await first;
  assert.is(await second.then(() => 'ok', (e: Error) => e.message), 'boom');
  await third;
  assert.equal(log, ['1 start', 'other', '1 end', '2', '3']);
  await settle();
  assert.equal(s.busyKeys, []);
});

test.run();
