// MBIM on the real netifd: ifup of a proto mbim interface → mbim.sh → ubus → qmi4gd → simulated MBIM modem; static settings in netifd, PIN, APN, SIM start-up, ifdown.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { realTest } from '../helpers/owrt-env';
import type { OwrtStack, StateEvent } from '../helpers/owrt-stack';
import { errorCodes, ifupUntil, leased, withStack } from '../helpers/owrt-suite';
import type { Scenario } from '../../src/sim';

const rtest = realTest(test);

const settled = (s: StateEvent) => s.state === 'connected' || s.state === 'failed' || (s.state === 'reconnecting' && s.error !== '');

/** A proto mbim interface `wwan` on the simulated MBIM modem, ifup'd until `until`. */
function mbimRun(scenario: Scenario, extra: Record<string, string | number>, until: (s: StateEvent) => boolean,
  fn: (s: OwrtStack<'mbim'>, e: StateEvent) => Promise<void>): Promise<void> {
  return withStack<'mbim'>({ protocol: 'mbim', scenario, network: { wwan: { proto: 'mbim', device: '$DEVICE', apn: 'internet', auto: 0, ...extra } } },
    async (s) => fn(s, await ifupUntil(s, 'wwan', until)));
}

rtest('ifup mbim: MBIM OPEN → connected; IP Configuration in netifd as static settings (dhcp auto), no DHCP child; status says mbim', async () => {
  await mbimRun({}, {}, settled, async (s, e) => {
    assert.is(e.state, 'connected', e.reason);
    const st = await s.waitIface('wwan', leased, 'static address');
    const v4 = s.sim.scenario.data.ipv4;
    assert.equal(st['ipv4-address'], [{ address: v4.address, mask: v4.prefix }]);
    assert.is(st.route?.filter((r) => r.target === '0.0.0.0').length, 1, 'default route');
    assert.ok((st['dns-server'] ?? []).length > 0, 'DNS servers');
    if (s.sim.scenario.data.ipv6) assert.ok(((st['ipv6-address'] as unknown[]) ?? []).length > 0, 'IPv6 static too (pdptype ipv4v6 by default)');
    assert.is(st.l3_device, 'wwan0');
    assert.is(st.proto, 'mbim');
    const dump = (await s.client.call('network.interface', 'dump', {}))!.interface as { interface: string }[];
    assert.not.ok(dump.some((i) => i.interface === 'wwan_4'), 'no DHCP child');
    const q = (await s.client.call('qmi4g', 'status', { interface: 'wwan' }))!;
    assert.is(q.state, 'connected');
    assert.ok(JSON.stringify(q).includes('mbim'), 'protocol mbim in status');
    assert.ok(s.sim.stats.opened >= 1 && s.sim.stats.connectSeen);
  });
});

rtest('wrong PIN → PIN_FAILED in netifd, restart blocked, PIN sent once', async () => {
  await mbimRun({ sim: { state: 'pin', pin: '2468', pinRetries: 3 } }, { pincode: '1111' }, (x) => x.state === 'failed', async (s, e) => {
    assert.is(e.error, 'PIN_FAILED');
    assert.is(s.sim.model.sim.pinRetries, 2, 'the wrong PIN was tried exactly once');
    const st = await s.waitIface('wwan', (x) => !x.autostart && !x.pending, 'blocked');
    assert.equal(errorCodes(st), ['PIN_FAILED']);
  });
});

rtest('APN rejected by the network → CALL_FAILED', async () => {
  await mbimRun({ data: { rejectApns: { internet: { reason: 1003, verboseType: 6, verboseReason: 27 } } } }, {},
    (x) => x.error === 'CALL_FAILED' || x.state === 'connected' || x.state === 'failed', async (s, e) => {
      assert.is(e.error, 'CALL_FAILED', e.reason);
      await s.waitIface('wwan', (x) => errorCodes(x).includes('CALL_FAILED'), 'CALL_FAILED in netifd');
    });
});

rtest('SIM still initialising, ready within timeout → connected (not PIN_FAILED), no errors in netifd', async () => {
  await mbimRun({ sim: { initDelayMs: 1500 } }, { timeout: 10 }, settled, async (s, e) => {
    assert.is(e.state, 'connected', `${e.error} ${e.reason}`);
    assert.equal(errorCodes(await s.waitIface('wwan', leased, 'up')), []);
  });
});

rtest('ifdown → Connect deactivate seen, CLOSE sent, netifd shows wwan down', async () => {
  await mbimRun({}, {}, settled, async (s, e) => {
    assert.is(e.state, 'connected');
    await s.waitIface('wwan', leased, 'up');
    const down = s.waitState('wwan', (x) => x.state === 'down');
    await down.ready;
    await s.ifdown('wwan');
    await down;
    await s.waitIface('wwan', (x) => !x.up && !x.pending, 'down');
    assert.ok(s.sim.stats.disconnectSeen, 'Connect set deactivate');
    assert.ok(s.sim.stats.closed >= 1, 'MBIM CLOSE');
  });
});

test.run();
