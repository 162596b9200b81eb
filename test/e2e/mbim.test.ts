// End-to-end MBIM: proto mbim handler → ubus → daemon → MbimModem → simulated MBIM modem on a pty; static settings, PIN, APN, SIM start-up, teardown.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { Harness, startHarness } from '../../src/sim/harness';
import type { Scenario } from '../../src/sim';

const BUNDLE = path.resolve(__dirname, '../../dist/qmi4g.js');

type State = { state: string; error: string; reason: string };

/** `ifup` of an mbim interface with `config` (device and apn added); waits for a state; the harness stays open. */
async function ifup(scenario: Scenario, config: Record<string, unknown>, until: (s: State) => boolean, timeoutMs = 20_000): Promise<{ h: Harness<'mbim'>; state: State }> {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process', scenario, protocol: 'mbim' });
  try {
    const waited = h.waitState('wwan', until, timeoutMs);
    const r = await h.handler('setup', 'wwan', { device: h.devicePath, apn: 'internet', ...config });
    assert.is(r.status, 0, r.output);
    return { h, state: await waited };
  } catch (e) {
    await h.close();
    throw e;
  }
}

const settled = (s: State) => s.state === 'connected' || s.state === 'failed' || (s.state === 'reconnecting' && s.error !== '');

test('ifup mbim: MBIM OPEN → connected; IP Configuration reported to netifd as static settings (dhcp auto); status says mbim', async () => {
  const { h, state } = await ifup({}, {}, settled);
  try {
    assert.is(state.state, 'connected', state.reason);
    const up = h.netifd.calls.find((c) => c.method === 'notify_proto' && c.args.action === 0 && c.args.ipaddr);
    assert.ok(up, 'static update on the parent');
    assert.is(up!.args.interface, 'wwan');
    assert.equal(up!.args.ipaddr, [{ ipaddr: h.sim.scenario.data.ipv4.address, mask: String(h.sim.scenario.data.ipv4.prefix) }]);
    assert.ok(Array.isArray(up!.args.routes) && (up!.args.routes as unknown[]).length === 1, 'default route');
    assert.ok(Array.isArray(up!.args.dns), 'DNS servers');
    if (h.sim.scenario.data.ipv6) assert.ok(up!.args.ip6addr, 'IPv6 static too (pdptype ipv4v6 by default)');
    assert.not.ok(h.netifd.calls.some((c) => c.method === 'add_dynamic' && c.args.proto === 'dhcp'), 'no DHCP child');
    const st = (await h.client.call('qmi4g', 'status', { interface: 'wwan' }))!;
    assert.is(st.state, 'connected');
    assert.ok(JSON.stringify(st).includes('mbim'), 'protocol mbim in status');
    assert.ok(h.sim.stats.opened >= 1 && h.sim.stats.connectSeen);
  } finally { await h.close(); }
});

test('wrong PIN → PIN_FAILED, restart blocked, PIN sent once', async () => {
  const { h, state } = await ifup({ sim: { state: 'pin', pin: '2468', pinRetries: 3 } }, { pincode: '1111' }, (s) => s.state === 'failed');
  try {
    assert.is(state.error, 'PIN_FAILED');
    assert.is(h.sim.model.sim.pinRetries, 2, 'the wrong PIN was tried exactly once');
    assert.equal(h.netifd.view('wwan').errors.map((e) => e.code), ['PIN_FAILED']);
  } finally { await h.close(); }
});

test('APN rejected by the network → CALL_FAILED', async () => {
  const { h, state } = await ifup({ data: { rejectApns: { internet: { reason: 1003, verboseType: 6, verboseReason: 27 } } } }, {},
    (s) => s.error === 'CALL_FAILED' || s.state === 'connected' || s.state === 'failed');
  try {
    assert.is(state.error, 'CALL_FAILED', state.reason);
    assert.ok(h.netifd.view('wwan').errors.some((e) => e.code === 'CALL_FAILED'));
  } finally { await h.close(); }
});

test('SIM still initialising, ready within timeout → connected (not PIN_FAILED)', async () => {
  const { h, state } = await ifup({ sim: { initDelayMs: 1500 } }, { timeout: 10 }, settled);
  try {
    assert.is(state.state, 'connected', `${state.error} ${state.reason}`);
    assert.equal(h.netifd.view('wwan').errors, []);
  } finally { await h.close(); }
});

test('ifdown → Connect deactivate seen, CLOSE sent, link down', async () => {
  const { h, state } = await ifup({}, {}, settled);
  try {
    assert.is(state.state, 'connected');
    const down = h.waitState('wwan', (s) => s.state === 'down');
    const r = await h.handler('teardown', 'wwan', { device: h.devicePath });
    assert.is(r.status, 0, r.output);
    await down;
    assert.ok(h.sim.stats.disconnectSeen, 'Connect set deactivate');
    assert.ok(h.sim.stats.closed >= 1, 'MBIM CLOSE');
  } finally { await h.close(); }
});

test.run();
