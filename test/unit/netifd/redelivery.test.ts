// A failed link-state notify_proto is never lost: the latest link state is re-sent until netifd takes it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock, settle } from '../../helpers/fake-clock';
import { NetifdLink } from '../../../src/netifd/link';

function link(fail: () => boolean, clock: FakeClock) {
  const delivered: Record<string, unknown>[] = [];
  let attempts = 0;
  const ubus = {
    call: async (_p: string, _m: string, args: Record<string, unknown>) => {
      attempts++;
      if (fail()) throw new Error('Request timed out (TIMEOUT)');
      delivered.push(args);
      return {};
    },
  };
  const l = new NetifdLink('wdm0', { device: '/dev/cdc-wdm0', dhcp: true, dhcpv6: false }, ubus, () => undefined, () => ({ qmi4g_state: 'x' }), undefined, clock);
  return { l, delivered, attempts: () => attempts };
}

test('link down lost while ubusd is stalled: re-sent with backoff, delivered once ubusd answers, then nothing more', async () => {
  const clock = new FakeClock();
  let stalled = true;
  const { l, delivered, attempts } = link(() => stalled, clock);
  await l.linkDown('registration lost');
  assert.is(delivered.length, 0);
  assert.ok(l.redelivering);
  for (let i = 0; i < 5; i++) { clock.advance(40_000); await settle(); }
  const during = attempts();
  assert.ok(during >= 4 && during <= 8, `${during} attempts: backoff, not a flood`);
  stalled = false;
  clock.advance(40_000); await settle();
  assert.equal(delivered.map((m) => [m.action, m['link-up']]), [[0, false]]);
  assert.not.ok(l.redelivering);
  const after = attempts();
  clock.advance(120_000); await settle();
  assert.is(attempts(), after, 'no re-send after delivery');
});

test('dispose stops re-sending', async () => {
  const clock = new FakeClock();
  const { l, attempts } = link(() => true, clock);
  await l.linkDown('x');
  l.dispose();
  clock.advance(100_000); await settle();
  assert.is(attempts(), 1);
  assert.is(clock.pending, 0);
});

test.run();
