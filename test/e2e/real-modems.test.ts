// What real modems ask for that the defaults never did (issue 11), through handler, ubus and the in-process daemon on the simulator.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRawIp } from '../../src/device/sysfs';
import { Harness, startHarness } from '../../src/sim/harness';
import type { Scenario } from '../../src/sim';
import { setLogSink, setLogLevel } from '../../src/log';
import { eventually } from '../helpers/eventually';

const BUNDLE = path.resolve(__dirname, '../../dist/qmi4g.js');
const logLines: string[] = [];
let previousSink: ((l: string) => void) | undefined;
test.before(() => { setLogLevel('debug'); previousSink = setLogSink((l) => logLines.push(l)); });
test.after(() => { if (previousSink) setLogSink(previousSink); setLogLevel('info'); });

/** Runs `ifup` with `config` (wdmif added) and waits for a state; returns the harness, still open. */
async function ifup(scenario: Scenario, config: Record<string, unknown>, until: (s: { state: string; error: string }) => boolean, timeoutMs = 15_000, registrationGraceMs?: number): Promise<{ h: Harness; state: { state: string; error: string; reason: string } }> {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process', scenario, registrationGraceMs });
  try {
    const waited = h.waitState('wdm0', until, timeoutMs);
    const r = await h.handler('setup', 'wdm0', { wdmif: h.devicePath, apn: 'internet', ...config });
    assert.is(r.status, 0, r.output);
    return { h, state: await waited };
  } catch (e) {
    await h.close();
    throw e;
  }
}

async function status(h: Harness): Promise<Record<string, any>> {
  return (await h.client.call('qmi4g', 'status', { interface: 'wdm0' })) as Record<string, any>;
}

test('raw-IP-only modem: qmi/raw_ip set to Y before link-up, so its traffic passes; status shows raw-ip', async () => {
  const { h, state } = await ifup({ dataFormats: ['raw-ip'] }, {}, (s) => s.state === 'connected' || s.state === 'failed');
  try {
    assert.is(state.state, 'connected');
    const flag = readRawIp('wwan0', h.sysfsRoot);
    assert.is(flag, true, `raw_ip is ${fs.readFileSync(path.join(h.sysfsRoot, 'class/net/wwan0/qmi/raw_ip'), 'utf8').trim()}`);
    assert.ok(h.sim.model.trafficPasses(flag === true), 'the modem passes the call\'s traffic');
    assert.is((await status(h)).data_format, 'raw-ip');
  } finally { await h.close(); }
});

test('802.3-only modem: raw_ip stays N and DHCP is used', async () => {
  const { h, state } = await ifup({ dataFormat: '802.3', dataFormats: ['802.3'] }, {}, (s) => s.state === 'connected' || s.state === 'failed');
  try {
    assert.is(state.state, 'connected');
    assert.is(readRawIp('wwan0', h.sysfsRoot), false);
    assert.ok(h.sim.model.trafficPasses(false));
    assert.ok(h.netifd.calls.some((c) => c.method === 'add_dynamic' && c.args.proto === 'dhcp'), 'DHCP child added');
    assert.is((await status(h)).data_format, '802.3');
  } finally { await h.close(); }
});

test('single-PDN network, attach profile on another APN and IPv4: profile 1 rewritten before registration, both calls up', async () => {
  const { h, state } = await ifup({ profile: { apn: 'ims', pdpType: 'ipv4' }, data: { singlePdn: true } }, { pdptype: 'ipv4v6' }, (s) => s.state === 'connected' || s.state === 'failed');
  try {
    assert.is(state.state, 'connected', state.reason);
    assert.equal(h.sim.model.profile(1), { apn: 'internet', pdpType: 'ipv4v6' });
    assert.equal(h.sim.model.listSessions().map((x) => x.family).sort(), [4, 6], 'IPv4 and IPv6 calls');
    assert.is(h.sim.stats.requests['wds Modify Profile'], 1);
  } finally { await h.close(); }
});

test('attach profile already right: read, not written (no flash wear per connect)', async () => {
  const { h, state } = await ifup({ profile: { apn: 'internet', pdpType: 'ipv4' }, data: { singlePdn: true } }, { pdptype: 'ipv4' }, (s) => s.state === 'connected' || s.state === 'failed');
  try {
    assert.is(state.state, 'connected', state.reason);
    assert.is(h.sim.stats.requests['wds Get Profile Settings'], 1);
    assert.is(h.sim.stats.requests['wds Modify Profile'] ?? 0, 0);
  } finally { await h.close(); }
});

const connected = (s: { state: string }) => s.state === 'connected' || s.state === 'failed';

test('autoconnect (default for pdptype ipv4, as qmi.sh): Start Network asks for it; teardown turns it off before stopping', async () => {
  const { h, state } = await ifup({}, { pdptype: 'ipv4' }, connected);
  try {
    assert.is(state.state, 'connected', state.reason);
    assert.is(h.sim.model.listSessions()[0].autoconnect, true, 'TLV 0x33 sent');
    const down = h.waitState('wdm0', (s) => s.state === 'down');
    await h.handler('teardown', 'wdm0', { wdmif: h.devicePath });
    await down;
    assert.ok(h.sim.model.autoconnectDisabled >= 1, 'Stop Network with Disable Autoconnect');
    assert.is(h.sim.model.listSessions().length, 0);
  } finally { await h.close(); }
});

test('modes all on a modem left LTE-only: every mode sent (cdma = 1x + EVDO), as uqmi', async () => {
  const { h, state } = await ifup({ selection: { modePreference: 0x10 } }, { modes: 'all' }, connected);
  try {
    assert.is(state.state, 'connected', state.reason);
    assert.is(h.sim.model.selection.modePreference, 0x7f);
  } finally { await h.close(); }
});

test('modes set, allow_roaming not 0: the stored roaming preference is left alone; allow_roaming 0 sets it off', async () => {
  const a = await ifup({ selection: { roamingPreference: 0x02 } }, { modes: 'lte,umts' }, connected);
  try {
    assert.is(a.state.state, 'connected', a.state.reason);
    assert.is(a.h.sim.model.selection.modePreference, 0x18);
    assert.is(a.h.sim.model.selection.roamingPreference, 0x02);
  } finally { await a.h.close(); }
  const b = await ifup({}, { modes: 'lte', allow_roaming: '0' }, connected);
  try { assert.is(b.h.sim.model.selection.roamingPreference, 0x01); } finally { await b.h.close(); }
});

test('registered but PS detached (attach on demand): connects instead of NETWORK_REGISTRATION_FAILED', async () => {
  const { h, state } = await ifup({ registration: { delayMs: 0, psAttach: 'detached' } }, { timeout: '3' }, connected, 10_000);
  try { assert.is(state.state, 'connected', `${state.error} ${state.reason}`); } finally { await h.close(); }
});

function verifies(h: Harness): number {
  return Object.entries(h.sim.stats.requests).filter(([k]) => /Verify PIN/.test(k)).reduce((a, [, n]) => a + n, 0);
}

test('Verify PIN answered DeviceNotReady then UimUninitialized: not a wrong PIN; retried with backoff, then connected', async () => {
  const { h, state } = await ifup({ sim: { state: 'pin', pin: '2468', pinRetries: 3, verifyErrors: [52, 37] } }, { pincode: '2468' }, connected, 20_000);
  try {
    assert.is(state.state, 'connected', `${state.error} ${state.reason}`);
    assert.is(verifies(h), 3);
    assert.is(h.sim.model.sim.pinRetries, 3, 'no try used up');
  } finally { await h.close(); }
});

test('modem without UIM Verify PIN: DMS UIM Verify PIN used (qmi.sh falls back the same way)', async () => {
  const { h, state } = await ifup({ sim: { state: 'pin', pin: '2468', pinRetries: 3, uimVerifyPin: false } }, { pincode: '2468' }, connected);
  try {
    assert.is(state.state, 'connected', `${state.error} ${state.reason}`);
    assert.is(h.sim.stats.requests['dms UIM Verify PIN'], 1);
  } finally { await h.close(); }
});

test('registration lost for longer than registration_grace while the call stays up: call kept, change reported, no reopen', async () => {
  const { h, state } = await ifup({ registration: { lossKeepsCalls: true } }, {}, connected, 15_000, 400);
  try {
    assert.is(state.state, 'connected', state.reason);
    const handle = h.sim.model.listSessions()[0].handle;
    const syncs = h.sim.stats.requests['ctl Sync'];
    const linkDowns = () => h.netifd.calls.filter((c) => c.method === 'notify_proto' && c.args.action === 0 && c.args['link-up'] === false).length;
    h.sim.model.setRegistration({ state: 'searching' });
    // past registration_grace (400 ms), the loss is reported as such while the call stays up
    const st = await eventually('loss reported', () => status(h), (x) => /still up/.test(String(x.reason)));
    assert.is(st.state, 'connected');
    assert.is(h.sim.model.listSessions()[0]?.handle, handle, 'the same call');
    assert.is(h.sim.stats.requests['ctl Sync'], syncs, 'modem not reopened');
    assert.is(linkDowns(), 0);
    h.sim.model.setRegistration({ state: 'registered' });
    assert.is((await eventually('registration back', () => status(h), (x) => x.reason === 'registration back')).state, 'connected');
  } finally { await h.close(); }
});

test('status answers from the cache: 100 calls cost at most one counters read; a signal change arrives by indication', async () => {
  const { h, state } = await ifup({}, {}, connected);
  try {
    assert.is(state.state, 'connected', state.reason);
    await status(h); // the first one may read what is not known yet
    const before = h.sim.stats.roundTrips;
    for (let i = 0; i < 100; i++) await status(h);
    assert.ok(h.sim.stats.roundTrips - before <= 1, `${h.sim.stats.roundTrips - before} modem round trips for 100 status calls`);
    const signalReads = () => Object.entries(h.sim.stats.requests).filter(([k]) => /Signal/.test(k)).reduce((a, [, n]) => a + n, 0);
    const quiet = signalReads();
    h.sim.model.setSignal({ rssi: -85, rsrp: -112 });
    const sig = (await eventually('the new signal', () => status(h), (x) => x.signal?.rssi === -85)).signal as Record<string, number>;
    assert.is(sig.rsrp, -112);
    assert.is(signalReads(), quiet, 'no signal request');
    assert.ok((h.sim.stats.indications['nas Signal Info'] ?? 0) >= 1, 'came as NAS Signal Info indication');
  } finally { await h.close(); }
});

test('debug traces never show IMEI or ICCID (libqmi personal-info), status still does', async () => {
  const imei = '354015091234561';
  const iccid = '89314404000123456789';
  const from = logLines.length;
  const { h, state } = await ifup({ identity: { imei, iccid } }, {}, connected);
  try {
    assert.is(state.state, 'connected', state.reason);
    const st = await eventually('identity read (off the critical path)', () => status(h), (x) => x.modem?.imei !== undefined);
    assert.is(st.modem?.imei, imei, 'status shows it to the owner');
    const lines = logLines.slice(from);
    assert.ok(lines.some((l) => l.includes('Get IDs')), 'the trace ran');
    assert.not.ok(lines.some((l) => l.includes(imei) || l.includes(iccid)), lines.find((l) => l.includes(imei) || l.includes(iccid)));
  } finally { await h.close(); }
});

test('MBIM: status answers from the cache, a signal change arrives as a Signal State notification', async () => {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process', protocol: 'mbim' });
  try {
    const up = h.waitState('wwan', connected);
    assert.is((await h.handler('setup', 'wwan', { device: h.devicePath, apn: 'internet' })).status, 0);
    assert.is((await up).state, 'connected');
    const call = () => h.client.call('qmi4g', 'status', { interface: 'wwan' }) as Promise<Record<string, any>>;
    await call();
    const before = h.sim.stats.roundTrips;
    for (let i = 0; i < 50; i++) await call();
    assert.ok(h.sim.stats.roundTrips - before <= 1, `${h.sim.stats.roundTrips - before} round trips for 50 calls`);
    h.sim.model.setSignal({ rssi: -91 });
    await eventually('the new signal', call, (x) => x.signal?.rssi === -91);
  } finally { await h.close(); }
});

test.run();
