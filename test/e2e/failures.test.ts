// Failure cases on the real netifd: each netifd error code as netifd records it (errors, autostart after block_restart), PIN safety, secrets kept out.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { realTest } from '../helpers/owrt-env';
import type { OwrtStack, StateEvent } from '../helpers/owrt-stack';
import { after, errorCodes, ifupUntil, leased, settled, verifyCount, withStack } from '../helpers/owrt-suite';
import type { Scenario } from '../../src/sim';
import { UbusError } from '../../src/ubus/errors';

const rtest = realTest(test);

/** wdm0 with static settings (dhcp 0), the modem's port, APN internet, plus `extra`. */
const wdm0 = (extra: Record<string, string | number> = {}) => ({ wdm0: { proto: 'qmi4g', wdmif: '$DEVICE', apn: 'internet', dhcp: '0', auto: 0, ...extra } });

async function rejectsWith(p: Promise<unknown>, name: RegExp): Promise<void> {
  try { await p; } catch (e) { assert.instance(e, UbusError); assert.match((e as Error).name, name); return; }
  assert.unreachable(`expected a ${name} rejection`);
}

/** The stack, wdm0 configured with `extra`, ifup'd, until `until`. */
function failing(scenario: Scenario, extra: Record<string, string | number>, until: (e: StateEvent) => boolean,
  fn: (s: OwrtStack, e: StateEvent) => Promise<void>): Promise<void> {
  return withStack({ scenario, network: wdm0(extra) }, async (s) => fn(s, await ifupUntil(s, 'wdm0', until)));
}

rtest('SIM PIN required, good pincode: PIN sent once, connected; static settings (dhcp 0) are netifd\'s address and route', async () => {
  await failing({ sim: { state: 'pin', pin: '2468', pinRetries: 3 } }, { pincode: '2468' }, settled, async (s, e) => {
    assert.is(e.state, 'connected');
    assert.is(verifyCount(s), 1);
    const st = await s.waitIface('wdm0', leased, 'static address');
    assert.equal(st['ipv4-address'], [{ address: '10.64.0.2', mask: 30 }]);
    assert.equal(st.route?.map((r) => [r.target, r.mask, r.nexthop]), [['0.0.0.0', 0, '10.64.0.1']]);
    assert.is(st.l3_device, 'wwan0');
  });
});

rtest('SIM locked, no pincode: PIN_NOT_SPECIFIED in netifd, restart blocked (autostart off), no PIN sent', async () => {
  await failing({ sim: { state: 'pin', pinRetries: 3 } }, {}, (x) => x.state === 'failed', async (s, e) => {
    assert.is(e.error, 'PIN_NOT_SPECIFIED');
    const st = await s.waitIface('wdm0', (x) => !x.autostart && !x.pending, 'blocked');
    assert.equal(errorCodes(st), ['PIN_NOT_SPECIFIED']);
    assert.not.ok(st.up);
    assert.is(verifyCount(s), 0);
    const q = (await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.is((q.last_error as Record<string, unknown>).code, 'PIN_NOT_SPECIFIED');
    assert.is((q.sim as Record<string, unknown>).pin_retries, 3);
  });
});

rtest('wrong pincode: PIN_FAILED after exactly one try; ifup again never sends it again', async () => {
  await failing({ sim: { state: 'pin', pin: '1111', pinRetries: 3 } }, { pincode: '9999' }, (x) => x.state === 'failed', async (s, e) => {
    assert.is(e.error, 'PIN_FAILED');
    assert.is(verifyCount(s), 1);
    assert.is(s.sim.model.sim.pinRetries, 2);
    await s.waitIface('wdm0', (x) => !x.autostart && !x.pending, 'blocked');
    assert.is((await ifupUntil(s, 'wdm0', (x) => x.state === 'failed')).error, 'PIN_FAILED');
    assert.is(verifyCount(s), 1, 'no second try with the same PIN');
    assert.is(s.sim.model.sim.pinRetries, 2);
  });
});

rtest('one PIN try left: PIN_TRIES_BELOW_LIMIT, nothing sent', async () => {
  await failing({ sim: { state: 'pin', pin: '1111', pinRetries: 1 } }, { pincode: '1111' }, (x) => x.state === 'failed', async (s, e) => {
    assert.is(e.error, 'PIN_TRIES_BELOW_LIMIT');
    assert.is(verifyCount(s), 0);
    assert.equal(errorCodes(await s.waitIface('wdm0', (x) => errorCodes(x).length > 0, 'error')), ['PIN_TRIES_BELOW_LIMIT']);
  });
});

rtest('PUK required: PUK_NEEDED', async () => {
  await failing({ sim: { state: 'puk', pukRetries: 10 } }, { pincode: '1111' }, (x) => x.state === 'failed', async (s, e) => {
    assert.is(e.error, 'PUK_NEEDED');
    assert.is(verifyCount(s), 0);
  });
});

rtest('never registers: NETWORK_REGISTRATION_FAILED after the timeout, restart not blocked, retried', async () => {
  const t0 = Date.now();
  await failing({ registration: { never: true } }, { timeout: 1 }, (x) => x.error === 'NETWORK_REGISTRATION_FAILED', async (s, e) => {
    assert.ok(Date.now() - t0 >= 1000, 'waited the timeout');
    assert.ok(e.state === 'reconnecting' || e.state === 'registering', e.state);
    const st = await s.waitIface('wdm0', (x) => errorCodes(x).includes('NETWORK_REGISTRATION_FAILED'), 'error in netifd');
    assert.ok(st.autostart, 'restart not blocked');
  });
});

rtest('APN rejected: CALL_FAILED with the modem call-end reason as data', async () => {
  await failing({ data: { rejectApns: { blocked: { reason: 1009, verboseType: 6, verboseReason: 27 } } } }, { apn: 'blocked' }, (x) => x.error === 'CALL_FAILED', async (s) => {
    const st = await s.waitIface('wdm0', (x) => errorCodes(x).includes('CALL_FAILED'), 'CALL_FAILED in netifd');
    const err = st.errors!.find((x) => x.code === 'CALL_FAILED')!;
    assert.match((err.data ?? []).join(' '), /unknown-apn \(27\)/);
    assert.ok(st.autostart, 'retried, not blocked');
  });
});

rtest('no device: NO_DEVICE', async () => {
  await failing({}, { wdmif: '/dev/cdc-wdm-nonexistent' }, (x) => x.error === 'NO_DEVICE', async (s) => {
    assert.ok(errorCodes(await s.waitIface('wdm0', (x) => errorCodes(x).length > 0, 'error')).includes('NO_DEVICE'));
  });
});

rtest('bad option: CONFIG_INVALID names it, restart blocked, status says why, the bad PIN is not echoed', async () => {
  await failing({}, { pincode: '12ab' }, (x) => x.state === 'failed', async (s, e) => {
    assert.is(e.error, 'CONFIG_INVALID');
    const st = await s.waitIface('wdm0', (x) => !x.autostart && !x.pending, 'blocked');
    assert.equal(st.errors, [{ subsystem: 'qmi4g', code: 'CONFIG_INVALID', data: ['pincode'] }]);
    const q = (await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.is(q.state, 'failed');
    assert.match(String(q.reason), /pincode/);
    assert.not.match(JSON.stringify(q) + JSON.stringify(st), /12ab/);
  });
});

rtest('wrong ubus arguments get clear ubus errors and the daemon keeps serving', async () => {
  await withStack({ network: wdm0() }, async (s) => {
    await rejectsWith(s.client.call('qmi4g', 'up', { interface: 5 }), /INVALID_ARGUMENT/);
    await rejectsWith(s.client.call('qmi4g', 'status', { interface: 'nope' }), /NOT_FOUND/);
    await rejectsWith(s.client.call('qmi4g', 'reconnect', {}), /INVALID_ARGUMENT/);
    await rejectsWith(s.client.call('qmi4g', 'up', { interface: 'x'.repeat(5000) }), /INVALID_ARGUMENT/);
    assert.equal((await s.client.call('qmi4g', 'status', {}))!.interfaces, []);
    assert.is((await ifupUntil(s, 'wdm0', settled)).state, 'connected');
  });
});

rtest('secrets never reach logs (daemon, netifd), events, replies or netifd status across a whole run', async () => {
  const events: string[] = [];
  await failing({ sim: { state: 'pin', pin: '7531', pinRetries: 3 } }, { pincode: '7531', auth: 'chap', username: 'secretuser', password: 's3cr3t-pw' }, settled, async (s, e) => {
    assert.is(e.state, 'connected');
    const l = await s.client.listen('*', (ev, d) => events.push(`${ev} ${JSON.stringify(d)}`));
    const again = s.waitState('wdm0', after((x) => x.state !== 'connected', (x) => x.state === 'connected'));
    await again.ready;
    await s.client.call('qmi4g', 'reconnect', { interface: 'wdm0' });
    await again;
    const replies = JSON.stringify([await s.client.call('qmi4g', 'status', {}), await s.client.call('qmi4g', 'info', {}), await s.ifstatus('wdm0'),
      await s.client.call('network.interface', 'dump', {})]);
    const cli = (await s.qmi4g(['status'])).stdout;
    await l.close();
    for (const secret of ['7531', 's3cr3t-pw', 'secretuser']) {
      for (const [what, text] of [['daemon log', s.daemonLog.join('\n')], ['netifd log', s.netifdLog.join('\n')], ['events', events.join('\n')], ['replies', replies], ['cli', cli]] as const) {
        assert.not.ok(text.includes(secret), `${secret} found in ${what}`);
      }
    }
    assert.ok(s.daemonLog.some((x) => x.includes('Start Network')), 'debug traces were on, so the check means something');
  });
});

test.run();
