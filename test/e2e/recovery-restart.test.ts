// End-to-end daemon restarts (procd respawn after SIGKILL): no PIN retried or risked (stand-in bus). The crash/adoption
// behaviour on the real netifd + ubusd is in restart-real.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { Harness, startHarness } from '../../src/sim/harness';

const BUNDLE = path.resolve(__dirname, '../../dist/qmi4g.js');

function verifyCount(h: Harness): number {
  return Object.entries(h.sim.stats.requests).filter(([k]) => /Verify PIN/.test(k)).reduce((a, [, n]) => a + n, 0);
}

async function setup(h: Harness, config: Record<string, unknown>, until: (s: { state: string; error: string }) => boolean): Promise<{ state: string; error: string }> {
  const w = h.waitState('wdm0', until);
  await h.client.lookup('qmi4g'); // a round trip: the subscription reached the broker
  const r = await h.handler('setup', 'wdm0', { wdmif: h.devicePath, apn: 'internet', dhcp: '0', ...config });
  assert.is(r.status, 0, r.output);
  return w;
}

test('PIN safety across restarts: a wrong PIN is never sent again after SIGKILL + respawn; ≤ 1 try left is never risked', async () => {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'child', scenario: { sim: { state: 'pin', pin: '1111', pinRetries: 3 } } });
  try {
    assert.is((await setup(h, { pincode: '9999' }, (s) => s.state === 'failed')).error, 'PIN_FAILED');
    assert.is(verifyCount(h), 1);
    await h.restartDaemon('SIGKILL');
    assert.is((await setup(h, { pincode: '9999' }, (s) => s.state === 'failed')).error, 'PIN_FAILED');
    await h.handler('teardown', 'wdm0', {});
    await h.restartDaemon('SIGKILL');
    assert.is((await setup(h, { pincode: '9999' }, (s) => s.state === 'failed')).error, 'PIN_FAILED');
    assert.is(verifyCount(h), 1, 'the rejected PIN was not sent again after two restarts');
    assert.is(h.sim.model.sim.pinRetries, 2);
    // Burn tries down to 1 with another wrong PIN (the ledger lets a changed pincode through once).
    assert.is((await setup(h, { pincode: '8888' }, (s) => s.state === 'failed')).error, 'PIN_FAILED');
    assert.is(h.sim.model.sim.pinRetries, 1);
    for (let i = 0; i < 2; i++) {
      await h.handler('teardown', 'wdm0', {});
      assert.is((await setup(h, { pincode: `777${i}` }, (s) => s.state === 'failed')).error, 'PIN_TRIES_BELOW_LIMIT');
    }
    await h.restartDaemon('SIGKILL');
    assert.is((await setup(h, { pincode: '1111' }, (s) => s.state === 'failed')).error, 'PIN_TRIES_BELOW_LIMIT', 'even the right PIN is not risked on the last try');
    assert.is(verifyCount(h), 2);
    assert.is(h.sim.model.sim.pinRetries, 1, 'the SIM never locked');
    assert.not.ok(h.daemonLog.some((l) => /9999|8888|1111/.test(l)), 'no PIN in the log');
  } finally { await h.close(); }
});

test.run();
