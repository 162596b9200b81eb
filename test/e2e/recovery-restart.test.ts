// Daemon restarts on the real stack (kill -9, then started again as procd would respawn it): no orphaned data session, no PIN retried or risked.
// Taking the session back without a new ifup (issue 10, defect 1: adoption) is in restart-real.test.ts; these tests ifdown/ifup after the restart.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { realTest } from '../helpers/owrt-env';
import type { OwrtStack, StateEvent } from '../helpers/owrt-stack';
import { ifupUntil, settled, verifyCount, withStack } from '../helpers/owrt-suite';

const rtest = realTest(test);

const wdm0 = (pincode?: string) => ({ wdm0: { proto: 'qmi4g', wdmif: '$DEVICE', apn: 'internet', dhcp: '0', auto: 0, ...(pincode ? { pincode } : {}) } });

/** ifdown (netifd tears down; the handler's `down` may find no daemon session), then ifup until `until`. */
async function cycle(s: OwrtStack, until: (e: StateEvent) => boolean): Promise<StateEvent> {
  await s.ifdown('wdm0');
  await s.waitIface('wdm0', (x) => !x.up && !x.pending, 'down');
  // netifd shows the interface down before its teardown ran; the restarted daemon runs (or retries) the session it
  // took back (adoption) until the handler's `down` arrives — wait for that, so that no event of the
  // old session is taken for the ifup's.
  for (const t0 = Date.now(); ;) {
    const st = await s.client.call('qmi4g', 'status', { interface: 'wdm0' }).catch(() => undefined);
    if (!st || st.state === 'down' || st.state === 'failed') break;
    if (Date.now() - t0 > 10_000) throw new Error(`qmi4gd still has wdm0 ${String(st.state)} 10 s after ifdown`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return ifupUntil(s, 'wdm0', until);
}

rtest('daemon kill -9 mid-session and started again; ifdown + ifup → exactly one session on the modem, owned by the new daemon, connected', async () => {
  await withStack({ network: wdm0() }, async (s) => {
    assert.is((await ifupUntil(s, 'wdm0', settled)).state, 'connected');
    const old = s.sim.model.listSessions();
    assert.is(old.length, 1);
    await s.restartDaemon('SIGKILL');
    assert.is((await cycle(s, settled)).state, 'connected');
    const now = s.sim.model.listSessions();
    assert.is(now.length, 1, 'one session, no orphan');
    assert.is.not(now[0].handle, old[0].handle, 'the dead daemon\'s session (adopted by the new one) was ended by the ifdown, a fresh one started');
    const cid = Number(now[0].owner.split(':')[1]);
    assert.ok(s.sim.stats.cids.wds?.includes(cid), 'owned by a live client of the new daemon');
    assert.is((await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!.state, 'connected');
    await s.waitIface('wdm0', (x) => x.up, 'netifd has wdm0 up');
  });
});

rtest('PIN safety across restarts: a wrong PIN is never sent again after kill -9 + restart; ≤ 1 try left is never risked', async () => {
  await withStack({ scenario: { sim: { state: 'pin', pin: '1111', pinRetries: 3 } }, network: wdm0('9999') }, async (s) => {
    const failed = (x: StateEvent) => x.state === 'failed';
    assert.is((await ifupUntil(s, 'wdm0', failed)).error, 'PIN_FAILED');
    assert.is(verifyCount(s), 1);
    await s.restartDaemon('SIGKILL');
    assert.is((await cycle(s, failed)).error, 'PIN_FAILED');
    await s.restartDaemon('SIGKILL');
    assert.is((await cycle(s, failed)).error, 'PIN_FAILED');
    assert.is(verifyCount(s), 1, 'the rejected PIN was not sent again after two restarts');
    assert.is(s.sim.model.sim.pinRetries, 2);
    // Burn tries down to 1 with another wrong PIN (the ledger lets a changed pincode through once).
    await s.writeNetwork(wdm0('8888'));
    assert.is((await cycle(s, failed)).error, 'PIN_FAILED');
    assert.is(s.sim.model.sim.pinRetries, 1);
    for (let i = 0; i < 2; i++) {
      await s.writeNetwork(wdm0(`777${i}`));
      assert.is((await cycle(s, failed)).error, 'PIN_TRIES_BELOW_LIMIT');
    }
    await s.restartDaemon('SIGKILL');
    await s.writeNetwork(wdm0('1111'));
    assert.is((await cycle(s, failed)).error, 'PIN_TRIES_BELOW_LIMIT', 'even the right PIN is not risked on the last try');
    assert.is(verifyCount(s), 2);
    assert.is(s.sim.model.sim.pinRetries, 1, 'the SIM never locked');
    assert.not.ok([...s.daemonLog, ...s.netifdLog].some((l) => /9999|8888|1111/.test(l)), 'no PIN in the logs');
  });
});

test.run();
