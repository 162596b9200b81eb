// Tests for status rendering (statusReply, netifdData, formatStatus) and that no secret from the config reaches it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatStatus, netifdData, statusReply } from '../../../src/daemon/status';
import type { NetifdErrorCode } from '../../../src/modem/modem-errors';
import { PinLedger } from '../../../src/session/pin-policy';
import { Session } from '../../../src/session/session';
import type { SessionConfig, SessionHooks, SessionSnapshot } from '../../../src/session/session-types';
import { FakeClock, settle } from '../../helpers/fake-clock';
import { FakeModem, FakeModemFactory } from '../../helpers/fake-modem';

const NOW = 1_700_000_100_000;

function connectedSnapshot(): SessionSnapshot {
  return {
    interface: 'wdm0', device: '/dev/cdc-wdm0', protocol: 'qmi', state: 'connected', since: NOW - 42_500, reason: 'connected via Telekom.de (lte)',
    modem: { manufacturer: 'Quectel', model: 'EC25', revision: 'EC25EFAR06A06M4G', imei: '867698040000001', iccid: '8949020000000000001' },
    sim: { state: 'ready', pinRetries: 3, pukRetries: 10 },
    registration: { state: 'registered', roaming: false, psAttached: true, rat: 'lte', mcc: '262', mnc: '01', operator: 'Telekom.de', tac: 0x1a2b, cellId: 0x0123456 },
    signal: { rat: 'lte', rssi: -65, rsrp: -95, rsrq: -10, snr: 12.5, bars: 3 },
    ipv4: { family: 4, address: '10.64.0.2', prefix: 30, gateway: '10.64.0.1', dns: ['10.64.0.1'], mtu: 1500 },
    apn: 'internet',
    counters: { txBytes: 1000, rxBytes: 5000 },
    connectedSince: NOW - 40_000,
    reconnects: 2,
    dataFormat: 'raw-ip',
    roundTrips: 31,
  };
}

test('statusReply: connected snapshot in ubus shape (epoch s, snake_case, no undefined)', () => {
  const r = statusReply(connectedSnapshot(), NOW);
  assert.equal(r, {
    interface: 'wdm0', device: '/dev/cdc-wdm0', protocol: 'qmi', state: 'connected',
    since: Math.floor((NOW - 42_500) / 1000), for_s: 43, reason: 'connected via Telekom.de (lte)',
    modem: { manufacturer: 'Quectel', model: 'EC25', revision: 'EC25EFAR06A06M4G', imei: '867698040000001', iccid: '8949020000000000001' },
    identity: { imei: '867698040000001', iccid: '8949020000000000001' },
    sim: { state: 'ready', pin_retries: 3, puk_retries: 10 },
    registration: { state: 'registered', roaming: false, ps_attached: true, cell_id: 0x0123456, tac: 0x1a2b },
    operator: { name: 'Telekom.de', mcc: '262', mnc: '01' },
    rat: 'lte',
    signal: { bars: 3, rssi: -65, rsrp: -95, rsrq: -10, snr: 12.5 },
    apn: 'internet',
    ipv4: { address: '10.64.0.2', prefix: 30, gateway: '10.64.0.1', dns: ['10.64.0.1'], mtu: 1500 },
    counters: { tx_bytes: 1000, rx_bytes: 5000 },
    connected_since: Math.floor((NOW - 40_000) / 1000),
    reconnects: 2,
    data_format: 'raw-ip',
    asu: 45,
  });
  const walk = (v: unknown): void => {
    if (v === undefined) assert.unreachable('undefined value in a ubus reply');
    if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  walk(r);
  for (const t of [r.since, r.connected_since]) assert.ok(Number.isInteger(t) && (t as number) < 2 ** 31, 'fits int32');
});

test('statusReply: minimal snapshot, rat falls back to registration, connected_since only when connected', () => {
  const s: SessionSnapshot = { interface: 'wdm0', device: '/dev/cdc-wdm0', state: 'registering', since: NOW, reason: 'waiting for registration: searching, 3 s of 60 s', reconnects: 0,
    registration: { state: 'searching', roaming: false, psAttached: false, rat: 'umts' }, signal: { rat: 'unknown', bars: 0 }, connectedSince: NOW - 1000,
    lastError: { code: 'NETWORK_REGISTRATION_FAILED', message: 'not registered after 60 s', data: ['searching'], permanent: false, at: NOW - 5000 } };
  const r = statusReply(s, NOW - 3000);
  assert.is(r.for_s, 0, 'never negative');
  assert.is(r.rat, 'umts');
  assert.not.ok('connected_since' in r);
  assert.not.ok('operator' in r);
  assert.not.ok('modem' in r);
  assert.equal(r.last_error, { code: 'NETWORK_REGISTRATION_FAILED', message: 'not registered after 60 s', data: ['searching'], permanent: false, at: Math.floor((NOW - 5000) / 1000) });
});

test('netifdData: flat summary', () => {
  assert.equal(netifdData(connectedSnapshot()), {
    qmi4g_state: 'connected', protocol: 'qmi', operator: 'Telekom.de', mcc: '262', mnc: '01', rat: 'lte', roaming: false,
    signal_bars: 3, rssi: -65, rsrp: -95, apn: 'internet', imei: '867698040000001', model: 'EC25', sim: 'ready',
  });
  assert.equal(netifdData({ interface: 'wdm0', device: 'x', state: 'down', since: 0, reason: '', reconnects: 0 }), { qmi4g_state: 'down' });
});

test('formatStatus: the lines a person reads, grouped as mmcli -m 0 groups them', () => {
  const text = formatStatus(statusReply(connectedSnapshot(), NOW));
  const lines = text.split('\n');
  assert.is(lines[0], 'wdm0 (/dev/cdc-wdm0, QMI): connected for 43 s — connected via Telekom.de (lte)');
  for (const l of [
    '  Hardware |   manufacturer: Quectel', '           |          model: EC25', '           |       revision: EC25EFAR06A06M4G', '           |           IMEI: 867698040000001',
    '           | signal quality: ▮▮▮▯ 3/4, ASU 45', '           |         signal: RSSI -65 dBm, RSRP -95 dBm, RSRQ -10 dB, SNR 12.5 dB',
    '  SIM      |          state: ready', '           | PIN tries left: 3', '           |          ICCID: 8949020000000000001',
    '  3GPP     |   registration: registered', '           |  operator name: Telekom.de', '           |    operator id: 26201',
    '  Bearer   |            APN: internet', '           |           ipv4: 10.64.0.2/30 via 10.64.0.1, DNS 10.64.0.1, MTU 1500',
    '           |        traffic: 5000 bytes in, 1000 bytes out',
  ]) assert.ok(lines.includes(l), `missing: ${l}\n${text}`);
  assert.not.ok(text.includes('undefined'));
});

test('formatStatus: failed state shows the last error and that restarts are blocked', () => {
  const s: SessionSnapshot = { interface: 'wdm0', device: '/dev/cdc-wdm0', state: 'failed', since: NOW, reason: 'SIM PIN required but pincode not set', reconnects: 0,
    lastError: { code: 'PIN_NOT_SPECIFIED', message: 'SIM PIN required but pincode not set', data: [], permanent: true, at: NOW } };
  const text = formatStatus(statusReply(s, NOW));
  assert.is(text.split('\n')[0], 'wdm0 (/dev/cdc-wdm0): failed for 0 s — SIM PIN required but pincode not set');
  assert.ok(text.includes('     last error: PIN_NOT_SPECIFIED — SIM PIN required but pincode not set (restarts blocked)'), text);
});

// ---- no secrets ----

const SECRETS = { pincode: '80417', password: 'hunter2-secret', username: 'webuser-x' };
const SECRET_KEYS = /^(pin|pincode|puk|password|passwd|username|secret)$/i;

function assertNoSecrets(what: string, value: unknown): void {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  for (const [k, v] of Object.entries(SECRETS)) assert.not.ok(text.includes(v), `${what}: ${k} value leaked`);
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) { v.forEach(walk); return; }
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { assert.not.ok(SECRET_KEYS.test(k), `${what}: key ${k}`); walk(x); }
  };
  if (typeof value !== 'string') walk(value);
}

async function runSession(sim: FakeModem['sim'], correctPin: string): Promise<Session> {
  const clock = new FakeClock(NOW);
  const factory = new FakeModemFactory(() => { const m = new FakeModem(); m.sim = { ...sim }; m.correctPin = correctPin; return m; });
  const hooks: SessionHooks = {
    linkUp: async () => undefined, linkDown: async () => undefined,
    error: async (_c: NetifdErrorCode) => undefined, stateChanged: () => undefined,
  };
  const cfg: SessionConfig = { device: '/dev/cdc-wdm0', pdptype: 'ipv4v6', apn: 'internet', auth: 'chap', ...SECRETS, radio: {}, registrationTimeoutMs: 60_000, delayMs: 0, registrationGraceMs: 5000 };
  const session = new Session('wdm0', cfg, { openModem: factory.open, hooks, pinLedger: new PinLedger(), clock, random: () => 0.5 });
  session.start();
  for (let i = 0; i < 50 && !['connected', 'failed'].includes(session.currentState); i++) await settle(1);
  // the modem did get the secrets: the test would be vacuous otherwise
  const m = factory.latest;
  assert.equal(m.callsOf('verifyPin').map((c) => c.args[0]), [SECRETS.pincode]);
  return session;
}

test('a connected session that used a PIN and CHAP credentials: no secret in status, data or text', async () => {
  const session = await runSession({ state: 'pin-required', pinRetries: 3 }, SECRETS.pincode);
  assert.is(session.currentState, 'connected');
  await session.refresh();
  const snap = session.snapshot();
  assertNoSecrets('snapshot', snap);
  const reply = statusReply(snap);
  assertNoSecrets('statusReply', reply);
  assertNoSecrets('netifdData', netifdData(snap));
  assertNoSecrets('formatStatus', formatStatus(reply));
  assert.is(reply.state, 'connected');
  await session.stop();
});

test('a session failed on a wrong PIN: no secret in status either', async () => {
  const session = await runSession({ state: 'pin-required', pinRetries: 3 }, '11111');
  assert.is(session.currentState, 'failed');
  const snap = session.snapshot();
  assert.is(snap.lastError?.code, 'PIN_FAILED');
  assertNoSecrets('snapshot', snap);
  assertNoSecrets('statusReply', statusReply(snap));
  assertNoSecrets('formatStatus', formatStatus(statusReply(snap)));
  await session.stop();
});

test.run();
