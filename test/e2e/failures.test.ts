// End-to-end failure cases through handler, ubus and daemon: each netifd error code, PIN safety, and secrets kept out.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { Harness, startHarness } from '../../src/sim/harness';
import type { Scenario } from '../../src/sim';
import { setLogSink, setLogLevel } from '../../src/log';

const BUNDLE = path.resolve(__dirname, '../../dist/qmi4g.js');
const logLines: string[] = [];
// uvu loads every e2e file before running any: take the log sink only while this file runs.
let previousSink: ((l: string) => void) | undefined;
test.before(() => { setLogLevel('debug'); previousSink = setLogSink((l) => logLines.push(l)); });
test.after(() => { if (previousSink) setLogSink(previousSink); setLogLevel('info'); });

async function rejectsWith(p: Promise<unknown>, name: RegExp): Promise<void> {
  try { await p; } catch (e) { assert.match((e as Error).name, name); return; }
  assert.unreachable(`expected a ${name} rejection`);
}

function verifyCount(h: Harness): number {
  return Object.entries(h.sim.stats.requests).filter(([k]) => /Verify PIN/.test(k)).reduce((a, [, n]) => a + n, 0);
}

/** Runs `ifup` with `config` (wdmif added) and waits for a state; returns the harness, still open. */
async function ifup(scenario: Scenario, config: Record<string, unknown>, until: (s: { state: string; error: string }) => boolean, timeoutMs = 15_000): Promise<{ h: Harness; state: { state: string; error: string; reason: string } }> {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process', scenario });
  try {
    const waited = h.waitState('wdm0', until, timeoutMs);
    const r = await h.handler('setup', 'wdm0', { wdmif: h.devicePath, apn: 'internet', dhcp: '0', ...config });
    assert.is(r.status, 0, r.output);
    return { h, state: await waited };
  } catch (e) {
    await h.close();
    throw e;
  }
}

function errorsOf(h: Harness): string[] { return h.netifd.view('wdm0').errors.map((e) => e.code); }
function actions(h: Harness): number[] { return h.netifd.calls.filter((c) => c.method === 'notify_proto').map((c) => Number(c.args.action)); }

test('SIM PIN required, good pincode: PIN sent once, connected, static settings reported (dhcp 0)', async () => {
  const { h, state } = await ifup({ sim: { state: 'pin', pin: '2468', pinRetries: 3 } }, { pincode: '2468' }, (s) => s.state === 'connected' || s.state === 'failed');
  try {
    assert.is(state.state, 'connected');
    assert.is(verifyCount(h), 1);
    const up = h.netifd.calls.find((c) => c.method === 'notify_proto' && c.args.action === 0 && c.args.ipaddr);
    assert.ok(up, 'static update');
    assert.equal(up!.args.ipaddr, [{ ipaddr: '10.64.0.2', mask: '30' }]);
    assert.equal(up!.args.routes, [{ target: '0.0.0.0', netmask: '0', gateway: '10.64.0.1', metric: 0 }]);
  } finally { await h.close(); }
});

test('SIM locked, no pincode: PIN_NOT_SPECIFIED, restart blocked, no PIN sent', async () => {
  const { h, state } = await ifup({ sim: { state: 'pin', pinRetries: 3 } }, {}, (s) => s.state === 'failed');
  try {
    assert.is(state.error, 'PIN_NOT_SPECIFIED');
    assert.equal(errorsOf(h), ['PIN_NOT_SPECIFIED']);
    assert.equal(actions(h).slice(-3), [3, 4, 7], 'error, block restart, setup failed');
    assert.is(verifyCount(h), 0);
    const st = (await h.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.is((st.last_error as Record<string, unknown>).code, 'PIN_NOT_SPECIFIED');
    assert.is((st.sim as Record<string, unknown>).pin_retries, 3);
  } finally { await h.close(); }
});

test('wrong pincode: PIN_FAILED after exactly one try; a second ifup never sends it again', async () => {
  const { h, state } = await ifup({ sim: { state: 'pin', pin: '1111', pinRetries: 3 } }, { pincode: '9999' }, (s) => s.state === 'failed');
  try {
    assert.is(state.error, 'PIN_FAILED');
    assert.is(verifyCount(h), 1);
    assert.is(h.sim.model.sim.pinRetries, 2);
    assert.equal(actions(h).slice(-3), [3, 4, 7]);
    const again = h.waitState('wdm0', (s) => s.state === 'failed');
    await h.handler('teardown', 'wdm0', {});
    await h.handler('setup', 'wdm0', { wdmif: h.devicePath, apn: 'internet', pincode: '9999' });
    assert.is((await again).error, 'PIN_FAILED');
    assert.is(verifyCount(h), 1, 'no second try with the same PIN');
    assert.is(h.sim.model.sim.pinRetries, 2);
  } finally { await h.close(); }
});

test('one PIN try left: PIN_TRIES_BELOW_LIMIT, nothing sent', async () => {
  const { h, state } = await ifup({ sim: { state: 'pin', pin: '1111', pinRetries: 1 } }, { pincode: '1111' }, (s) => s.state === 'failed');
  try {
    assert.is(state.error, 'PIN_TRIES_BELOW_LIMIT');
    assert.is(verifyCount(h), 0);
  } finally { await h.close(); }
});

test('PUK required: PUK_NEEDED', async () => {
  const { h, state } = await ifup({ sim: { state: 'puk', pukRetries: 10 } }, { pincode: '1111' }, (s) => s.state === 'failed');
  try {
    assert.is(state.error, 'PUK_NEEDED');
    assert.is(verifyCount(h), 0);
  } finally { await h.close(); }
});

test('never registers: NETWORK_REGISTRATION_FAILED after timeout, not blocked, retried', async () => {
  const t0 = Date.now();
  const { h, state } = await ifup({ registration: { never: true } }, { timeout: 1 }, (s) => s.error === 'NETWORK_REGISTRATION_FAILED');
  try {
    assert.ok(Date.now() - t0 >= 1000, 'waited the timeout');
    assert.ok(state.state === 'reconnecting' || state.state === 'registering', state.state);
    assert.equal(errorsOf(h), ['NETWORK_REGISTRATION_FAILED']);
    assert.not.ok(actions(h).includes(4), 'restart not blocked');
  } finally { await h.close(); }
});

test('APN rejected: CALL_FAILED with the modem call-end reason as data', async () => {
  const { h, state } = await ifup({ data: { rejectApns: { blocked: { reason: 1009, verboseType: 6, verboseReason: 27 } } } }, { apn: 'blocked' }, (s) => s.error === 'CALL_FAILED');
  try {
    assert.is(state.error, 'CALL_FAILED');
    const err = h.netifd.view('wdm0').errors[0];
    assert.is(err.code, 'CALL_FAILED');
    assert.match(err.data!.join(' '), /unknown-apn \(27\)/);
    assert.not.ok(actions(h).includes(4), 'retried, not blocked');
  } finally { await h.close(); }
});

test('no device: NO_DEVICE', async () => {
  const { h, state } = await ifup({}, { wdmif: '/dev/cdc-wdm-nonexistent' }, (s) => s.error === 'NO_DEVICE');
  try {
    assert.is(state.error, 'NO_DEVICE');
    assert.equal(errorsOf(h), ['NO_DEVICE']);
  } finally { await h.close(); }
});

test('bad option: CONFIG_INVALID names it, restart blocked, status says why', async () => {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process' });
  try {
    const r = await h.handler('setup', 'wdm0', { wdmif: h.devicePath, pincode: '12ab' });
    assert.is(r.status, 0);
    const err = h.netifd.view('wdm0').errors[0];
    assert.is(err.code, 'CONFIG_INVALID');
    assert.equal(err.data, ['pincode']);
    assert.equal(actions(h), [3, 4, 7]);
    const st = (await h.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.is(st.state, 'failed');
    assert.match(String(st.reason), /pincode/);
    assert.not.match(JSON.stringify(st), /12ab/, 'the bad PIN is not echoed');
  } finally { await h.close(); }
});

test('wrong ubus arguments get clear ubus errors and the daemon keeps serving', async () => {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process' });
  try {
    await rejectsWith(h.client.call('qmi4g', 'up', { interface: 5 }), /INVALID_ARGUMENT/);
    await rejectsWith(h.client.call('qmi4g', 'status', { interface: 'nope' }), /NOT_FOUND/);
    await rejectsWith(h.client.call('qmi4g', 'reconnect', {}), /INVALID_ARGUMENT/);
    await rejectsWith(h.client.call('qmi4g', 'up', { interface: 'x'.repeat(5000) }), /INVALID_ARGUMENT/);
    const all = (await h.client.call('qmi4g', 'status', {}))!;
    assert.equal(all.interfaces, []);
  } finally { await h.close(); }
});

test('secrets never reach logs, events or replies across a whole run', async () => {
  const events: string[] = [];
  const { h } = await ifup({ sim: { state: 'pin', pin: '7531', pinRetries: 3 } },
    { pincode: '7531', auth: 'chap', username: 'secretuser', password: 's3cr3t-pw' }, (s) => s.state === 'connected' || s.state === 'failed');
  try {
    const l = await h.client.listen('*', (e, d) => events.push(`${e} ${JSON.stringify(d)}`));
    await h.client.call('qmi4g', 'reconnect', { interface: 'wdm0' });
    await h.waitState('wdm0', (s) => s.state === 'connected');
    const replies = JSON.stringify([await h.client.call('qmi4g', 'status', {}), await h.client.call('qmi4g', 'info', {})]);
    await l.close();
    const netifd = JSON.stringify(h.netifd.calls);
    for (const secret of ['7531', 's3cr3t-pw', 'secretuser']) {
      for (const [what, text] of [['logs', logLines.join('\n')], ['events', events.join('\n')], ['replies', replies], ['netifd', netifd]] as const) {
        assert.not.ok(text.includes(secret), `${secret} found in ${what}`);
      }
    }
    assert.ok(logLines.some((x) => x.includes('Start Network')), 'debug traces were on, so the check means something');
  } finally { await h.close(); }
});

test.run();
