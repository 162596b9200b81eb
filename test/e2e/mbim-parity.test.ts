// MBIM parity on the real netifd (issue 14): pdptype ipv4 → an IPv4-only Connect and no IPv6 in netifd; allow_partner 0 enforced with allow_roaming 1; modes → Register State DataClass (read back by mbimcli after ifdown); a wedged function cured by the new-MBIM-session rung.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { realTest } from '../helpers/owrt-env';
import type { OwrtStack, StateEvent } from '../helpers/owrt-stack';
import { errorCodes, ifupUntil, leased, withStack } from '../helpers/owrt-suite';
import type { Scenario } from '../../src/sim';
import { decodeCommandBuffer } from '../../src/mbim/cid';
import { decodeMessage } from '../../src/mbim/message';
import { basicConnect as bc } from '../../src/mbim/services';
import { mbimcli } from '../conformance/sim-helpers';

const rtest = realTest(test);

const settled = (s: StateEvent) => s.state === 'connected' || s.state === 'failed' || (s.state === 'reconnecting' && s.error !== '');

function mbimRun(scenario: Scenario, extra: Record<string, string | number>, until: (s: StateEvent) => boolean,
  fn: (s: OwrtStack<'mbim'>, e: StateEvent) => Promise<void>, qmi4gOptions?: Record<string, string>): Promise<void> {
  return withStack<'mbim'>({ protocol: 'mbim', scenario, qmi4gOptions, network: { wwan: { proto: 'mbim', device: '$DEVICE', apn: 'internet', auto: 0, ...extra } } },
    async (s) => fn(s, await ifupUntil(s, 'wwan', until, 40_000)));
}

/** The decoded sets of one Basic Connect CID the daemon sent (from the simulator's capture). */
function sets(s: OwrtStack<'mbim'>, def: typeof bc.Connect | typeof bc.RegisterState): Record<string, unknown>[] {
  return s.sim.stats.captured.filter((c) => c.name === `${def.name} set`).map((c) => {
    const m = decodeMessage(c.bytes);
    return m.type === 'command' ? decodeCommandBuffer(def, 'set', m.buffer) : {};
  });
}

rtest('pdptype ipv4: Connect asks IpType IPv4 only; netifd gets the IPv4 settings and no IPv6 (the network offers IPv6)', async () => {
  await mbimRun({}, { pdptype: 'ipv4' }, settled, async (s, e) => {
    assert.is(e.state, 'connected', e.reason);
    const st = await s.waitIface('wwan', leased, 'static IPv4');
    assert.ok(s.sim.scenario.data.ipv6, 'the network has IPv6');
    assert.equal(sets(s, bc.Connect).filter((c) => c.activationCommand === 1).map((c) => c.ipType), [bc.MbimContextIpType.ipv4]);
    assert.equal(st['ipv6-address'] ?? [], [], 'no IPv6 address in netifd');
    assert.equal(s.sim.model.listSessions().map((x) => x.family), [4]);
  });
});

rtest('pdptype ipv4v6 (default): Connect asks IPv4v6; both families in netifd', async () => {
  await mbimRun({}, {}, settled, async (s, e) => {
    assert.is(e.state, 'connected', e.reason);
    await s.waitIface('wwan', (x) => leased(x) && ((x['ipv6-address'] as unknown[]) ?? []).length > 0, 'both families');
    assert.equal(sets(s, bc.Connect).filter((c) => c.activationCommand === 1).map((c) => c.ipType), [bc.MbimContextIpType.ipv4v6]);
  });
});

rtest('pdptype ipv6: Connect asks IpType IPv6; netifd gets IPv6 and no IPv4 address', async () => {
  await mbimRun({}, { pdptype: 'ipv6' }, settled, async (s, e) => {
    assert.is(e.state, 'connected', e.reason);
    const st = await s.waitIface('wwan', (x) => ((x['ipv6-address'] as unknown[]) ?? []).length > 0, 'IPv6');
    assert.equal(sets(s, bc.Connect).filter((c) => c.activationCommand === 1).map((c) => c.ipType), [bc.MbimContextIpType.ipv6]);
    assert.equal(st['ipv4-address'] ?? [], [], 'no IPv4 address in netifd');
  });
});

rtest('allow_roaming 1, allow_partner 0 (default) on a partner network: NETWORK_REGISTRATION_FAILED (partner) in netifd, no Connect sent', async () => {
  await mbimRun({ registration: { roaming: true }, mbim: { partner: true } }, { allow_roaming: 1 }, (x) => x.error !== '' || x.state === 'connected', async (s, e) => {
    assert.is(e.error, 'NETWORK_REGISTRATION_FAILED', `${e.state}: ${e.reason}`);
    assert.match(e.reason, /partner/);
    const st = await s.waitIface('wwan', (x) => errorCodes(x).includes('NETWORK_REGISTRATION_FAILED'), 'error in netifd');
    assert.equal(st.errors!.find((x) => x.code === 'NETWORK_REGISTRATION_FAILED')!.data, ['partner']);
    assert.not.ok(s.sim.stats.connectSeen, 'no Connect activate');
  });
});

rtest('allow_partner 1 on a partner network: connected', async () => {
  await mbimRun({ registration: { roaming: true }, mbim: { partner: true } }, { allow_roaming: 1, allow_partner: 1 }, settled, async (_s, e) => {
    assert.is(e.state, 'connected', e.reason);
  });
});

rtest('modes lte on an MBIMEx 2.0 modem: Register State set with DataClass LTE; mbimcli reads it back after ifdown; ifup again sends no set', async () => {
  await mbimRun({ mbim: { mbimex: '2.0' } }, { modes: 'lte' }, settled, async (s, e) => {
    assert.is(e.state, 'connected', e.reason);
    assert.equal(sets(s, bc.RegisterState).map((x) => x.dataClass), [bc.MbimDataClass.lte]);
    assert.ok(s.sim.stats.captured.some((c) => c.name === 'MS Version query'), 'MBIMEx version exchanged');
    await s.ifdown('wwan');
    await s.waitIface('wwan', (x) => !x.up, 'down');
    await s.waitState('wwan', (x) => x.state === 'down');
    const out = await mbimcli(s.devicePath, ['--device-open-ms-mbimex-v2', '--query-registration-state']);
    assert.is(out.code, 0, out.stderr);
    assert.match(out.stdout, /Preferred data classes: 'lte'/);
    const again = s.waitState('wwan', (x) => x.state === 'connected');
    await s.ifup('wwan');
    await again;
    assert.is(sets(s, bc.RegisterState).length, 1, 'already LTE: no second set');
  });
});

rtest('a hung MBIM function that only CLOSE brings back: reopen fails, the new-MBIM-session rung (CLOSE, then OPEN) reconnects', async () => {
  await mbimRun({ mbim: { wedge: { cure: 'close', afterMs: 1500 } } }, {}, settled, async (s, e) => {
    assert.is(e.state, 'connected', e.reason);
    await s.waitIface('wwan', leased, 'up');
    await s.waitIface('wwan', (x) => !x.up, 'down after the hang', 20_000);
    await s.waitIface('wwan', leased, 'up again', 40_000);
    const log = s.daemonLog.join('\n');
    assert.match(log, /recovery: reopen/);
    assert.match(log, /recovery: session-reset/);
    assert.not.match(log, /recovery: modem-reset/);
    const names = s.sim.stats.captured.map((c) => c.name);
    const close = names.lastIndexOf('CLOSE');
    assert.ok(close > 0 && names.indexOf('OPEN', close) > close, 'CLOSE, then OPEN');
  }, { liveness_interval: '1', liveness_timeout: '1' });
});

test.run();
