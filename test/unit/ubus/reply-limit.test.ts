// Issue 12 item 2: a method reply over ubus's 1 MiB message limit is UNKNOWN_ERROR for the caller
// and a warning for the server; the server's client keeps serving.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TestBus, rejects, startTestBus } from './helpers';

let bus: TestBus;
test.before.each(async () => { bus = await startTestBus(); });
test.after.each(async () => { await bus.close(); });

test('a 1.2 MiB reply: caller gets UNKNOWN_ERROR, server warns and answers the next call', async () => {
  const server = await bus.client();
  const warnings: string[] = [];
  server.on('warning', (e: Error) => warnings.push(e.message));
  await server.addObject('big', {
    huge: { policy: {}, handler: () => ({ ids: Array.from({ length: 5 }, (_, i) => `${i}`.repeat(250_000)) }) },
    small: { policy: {}, handler: () => ({ ok: true }) },
  });
  const caller = await bus.client();
  const e = await rejects(caller.call('big', 'huge', {}), 'UNKNOWN_ERROR');
  assert.match(e.message, /UNKNOWN_ERROR/);
  assert.ok(warnings.some((w) => /not sent.*UBUS_MAX_MSGLEN/.test(w)), warnings.join('; '));
  assert.equal(await caller.call('big', 'small', {}), { ok: true });
});

test.run();
