// Tests for the Session state machine on a FakeModem and fake time: the flow, PIN safety, retries, watch, stop and reconnect.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DataSession, Modem } from '../../../src/modem/modem';
import { QmiTimeoutError } from '../../../src/qmi/errors';
import { ModemError, NetifdErrorCode } from '../../../src/modem/modem-errors';
import { PinLedger } from '../../../src/session/pin-policy';
import { Session, SessionDeps } from '../../../src/session/session';
import type { SessionConfig, SessionHooks, SessionSnapshot } from '../../../src/session/session-types';
import type { SessionState } from '../../../src/session/states';
import { FakeClock, settle } from '../../helpers/fake-clock';
import { FakeModem, FakeModemFactory } from '../../helpers/fake-modem';

/** Hooks that record everything the session reports. */
class RecordingHooks implements SessionHooks {
  readonly states: SessionState[] = [];
  readonly snapshots: SessionSnapshot[] = [];
  readonly linkUps: DataSession[][] = [];
  readonly linkDowns: string[] = [];
  readonly errors: Array<{ code: NetifdErrorCode; message: string; data: string[]; permanent: boolean }> = [];
  /** Thrown by the next linkUp calls, in order. */
  readonly linkUpFailures: Error[] = [];
  /** Everything in call order: "state:x", "linkUp", "linkDown", "error:CODE". */
  readonly log: string[] = [];

  async linkUp(sessions: DataSession[], _modem: Modem): Promise<void> {
    this.log.push('linkUp');
    const f = this.linkUpFailures.shift();
    if (f) throw f;
    this.linkUps.push(sessions);
  }
  async linkDown(reason: string): Promise<void> { this.log.push('linkDown'); this.linkDowns.push(reason); }
  async error(code: NetifdErrorCode, message: string, data: string[], permanent: boolean): Promise<void> {
    this.log.push(`error:${code}`);
    this.errors.push({ code, message, data, permanent });
  }
  stateChanged(s: SessionSnapshot): void {
    this.snapshots.push(s);
    if (this.states.at(-1) !== s.state) { this.states.push(s.state); this.log.push(`state:${s.state}`); }
  }
}

function config(over: Partial<SessionConfig> = {}): SessionConfig {
  return { device: '/dev/cdc-wdm0', pdptype: 'ipv4', apn: 'internet', radio: {}, registrationTimeoutMs: 60_000, delayMs: 0, registrationGraceMs: 5000, ...over };
}

interface Rig { session: Session; hooks: RecordingHooks; clock: FakeClock; factory: FakeModemFactory; ledger: PinLedger }

/** A session on fake time; random 0.5 makes backoff exact (1 s, 2 s, 4 s …). */
function rig(over: Partial<SessionConfig> = {}, make?: (i: number) => FakeModem, ledger = new PinLedger(), deps: Partial<SessionDeps> = {}): Rig {
  const hooks = new RecordingHooks();
  const clock = new FakeClock();
  const factory = new FakeModemFactory(make);
  const session = new Session('wdm0', config(over), { openModem: factory.open, hooks, pinLedger: ledger, clock, random: () => 0.5, deviceExists: () => true, ...deps });
  return { session, hooks, clock, factory, ledger };
}

/** Lets the session run until `pred` holds (no fake time passes); fails after many turns. */
async function until(pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 50; i++) { if (pred()) return; await settle(1); }
  assert.unreachable(`never happened: ${what}`);
}

const stateIs = (r: Rig, s: SessionState) => until(() => r.session.currentState === s, `state ${s} (now ${r.session.currentState}: ${r.session.snapshot().reason})`);

/** A FakeModem with a tweak applied. */
const modemWith = (f: (m: FakeModem) => void) => () => { const m = new FakeModem(); f(m); return m; };

// ---- the flow ----

test('happy path ipv4: opening → sim → registering → connecting → connected, linkUp with the session', async () => {
  const r = rig();
  r.session.start();
  await stateIs(r, 'connected');
  assert.equal(r.hooks.states, ['opening', 'sim', 'registering', 'connecting', 'connected']);
  assert.is(r.hooks.linkUps.length, 1);
  const [s] = r.hooks.linkUps[0];
  assert.is(r.hooks.linkUps[0].length, 1);
  assert.is(s.family, 4);
  assert.is(s.apn, 'internet');
  assert.equal(r.factory.devices, ['/dev/cdc-wdm0']);
  const m = r.factory.latest;
  assert.equal(m.callsOf('connect').map((c) => c.args[0]), [{ family: 4, apn: 'internet', auth: undefined, username: undefined, password: undefined, profile: undefined, autoconnect: undefined, pdptype: 'ipv4' }]);
  assert.is(m.count('verifyPin'), 0);
  assert.ok(m.methods.indexOf('setOnline') < m.methods.indexOf('registration'), 'radio on before waiting for registration');
  const snap = r.session.snapshot();
  assert.is(snap.state, 'connected');
  assert.is(snap.ipv4?.address, s.settings.address);
  assert.is(snap.apn, 'internet');
  await until(() => r.session.snapshot().modem !== undefined, 'modem identity in the snapshot');
  assert.is(r.session.snapshot().modem?.imei, '867698040000001');
  assert.is(snap.protocol, 'qmi');
  assert.is(snap.reconnects, 0);
  assert.match(snap.reason, /Telekom\.de/);
  assert.is(r.hooks.errors.length, 0);
  await r.session.stop();
});

test('ipv4v6: two sessions (v6 on v6apn and v6profile), both passed to linkUp', async () => {
  const r = rig({ pdptype: 'ipv4v6', v6apn: 'ims6', profile: 1, v6profile: 3 });
  r.session.start();
  await stateIs(r, 'connected');
  const reqs = r.factory.latest.callsOf('connect').map((c) => c.args[0] as { family: number; apn: string; profile: number });
  assert.equal(reqs.map((q) => [q.family, q.apn, q.profile]), [[4, 'internet', 1], [6, 'ims6', 3]]);
  assert.equal(r.hooks.linkUps[0].map((s) => s.family), [4, 6]);
  assert.ok(r.session.snapshot().ipv6?.address?.startsWith('2001:db8'));
  await r.session.stop();
  assert.is(r.factory.latest.count('disconnect'), 2);
});

test('ipv4v6 with IPv6 refused: connected on IPv4 alone', async () => {
  const r = rig({ pdptype: 'ipv4v6' }, modemWith((m) => m.failConnect('unknown-pdp-type', 6)));
  r.session.start();
  await stateIs(r, 'connected');
  assert.equal(r.hooks.linkUps[0].map((s) => s.family), [4]);
  await r.session.stop();
});

test('option delay waits on the clock before touching the modem', async () => {
  const r = rig({ delayMs: 3000 });
  r.session.start();
  await stateIs(r, 'opening');
  await settle();
  assert.is(r.factory.opens, 0);
  assert.match(r.session.snapshot().reason, /option delay/);
  await r.clock.advance(2999);
  assert.is(r.factory.opens, 0);
  await r.clock.advance(1);
  await stateIs(r, 'connected');
  await r.session.stop();
});

// ---- PIN ----

test('PIN required + good pincode: verifyPin once, then connected', async () => {
  const r = rig({ pincode: '1234' }, modemWith((m) => { m.sim = { state: 'pin-required', pinRetries: 3, pukRetries: 10 }; }));
  r.session.start();
  await stateIs(r, 'connected');
  const m = r.factory.latest;
  assert.equal(m.callsOf('verifyPin').map((c) => c.args[0]), ['1234']);
  assert.is(r.session.snapshot().sim?.state, 'ready');
  await r.session.stop();
});

test('PIN required, no pincode: PIN_NOT_SPECIFIED permanent, failed, verifyPin never called', async () => {
  const r = rig({}, modemWith((m) => { m.sim = { state: 'pin-required', pinRetries: 3 }; }));
  r.session.start();
  await stateIs(r, 'failed');
  assert.equal(r.hooks.errors.map((e) => [e.code, e.permanent]), [['PIN_NOT_SPECIFIED', true]]);
  const m = r.factory.latest;
  assert.is(m.count('verifyPin'), 0);
  assert.is(m.count('connect'), 0);
  assert.is(m.count('close'), 1, 'modem released');
  const snap = r.session.snapshot();
  assert.is(snap.reason, 'SIM PIN required but pincode not set');
  assert.is(snap.lastError?.code, 'PIN_NOT_SPECIFIED');
  assert.equal(r.hooks.states, ['opening', 'sim', 'failed']);
  // nothing is retried on its own
  await r.clock.advance(600_000);
  assert.is(r.factory.opens, 1);
  assert.is(r.session.currentState, 'failed');
});

test('wrong PIN: PIN_FAILED once; start() again and a new Session with the same ledger never resend it', async () => {
  const sim = { state: 'pin-required' as const, pinRetries: 3, pukRetries: 10 };
  const r = rig({ pincode: '0000' }, modemWith((m) => { m.sim = { ...sim }; }));
  r.session.start();
  await stateIs(r, 'failed');
  assert.equal(r.hooks.errors.map((e) => [e.code, e.permanent]), [['PIN_FAILED', true]]);
  assert.equal(r.factory.modems[0].callsOf('verifyPin').map((c) => c.args[0]), ['0000']);
  assert.equal(r.session.snapshot().sim, { state: 'pin-required', pinRetries: 2, pukRetries: 10 });

  r.session.start();
  await until(() => r.factory.opens === 2, 'second open');
  await stateIs(r, 'failed');
  assert.is(r.factory.modems[1].count('simStatus'), 1);
  assert.is(r.factory.modems[1].count('verifyPin'), 0, 'PIN not sent again');
  assert.equal(r.hooks.errors.map((e) => e.code), ['PIN_FAILED', 'PIN_FAILED']);
  assert.match(r.session.snapshot().reason, /rejected before/);

  // what the daemon does on the next ifup: a new Session sharing the ledger
  const r2 = rig({ pincode: '0000' }, modemWith((m) => { m.sim = { ...sim, pinRetries: 2 }; }), r.ledger);
  r2.session.start();
  await stateIs(r2, 'failed');
  assert.is(r2.factory.latest.count('verifyPin'), 0);
  assert.equal(r2.hooks.errors.map((e) => e.code), ['PIN_FAILED']);

  // a changed pincode is a config change: tried once
  const r3 = rig({ pincode: '1234' }, modemWith((m) => { m.sim = { ...sim, pinRetries: 2 }; }), r.ledger);
  r3.session.start();
  await stateIs(r3, 'connected');
  assert.equal(r3.factory.latest.callsOf('verifyPin').map((c) => c.args[0]), ['1234']);
  await r3.session.stop();
});

test('PIN retries 1 or unknown: PIN_TRIES_BELOW_LIMIT, never verifies', async () => {
  for (const pinRetries of [1, undefined]) {
    const r = rig({ pincode: '1234' }, modemWith((m) => { m.sim = { state: 'pin-required', pinRetries }; }));
    r.session.start();
    await stateIs(r, 'failed');
    assert.equal(r.hooks.errors.map((e) => [e.code, e.permanent]), [['PIN_TRIES_BELOW_LIMIT', true]], `retries ${pinRetries}`);
    assert.is(r.factory.latest.count('verifyPin'), 0);
  }
});

test('PUK required: PUK_NEEDED permanent', async () => {
  const r = rig({ pincode: '1234' }, modemWith((m) => { m.sim = { state: 'puk-required', pinRetries: 0, pukRetries: 9 }; }));
  r.session.start();
  await stateIs(r, 'failed');
  assert.equal(r.hooks.errors.map((e) => [e.code, e.permanent]), [['PUK_NEEDED', true]]);
  assert.is(r.factory.latest.count('verifyPin'), 0);
  assert.match(r.session.snapshot().reason, /9 PUK tries/);
});

test('SIM initialising: waits for a sim event, then goes on', async () => {
  const r = rig({}, modemWith((m) => { m.sim = { state: 'initializing' }; }));
  r.session.start();
  await stateIs(r, 'sim');
  await settle();
  assert.match(r.session.snapshot().reason, /initialising/);
  const m = r.factory.latest;
  m.sim = { state: 'ready', pinRetries: 3 };
  m.emit({ type: 'sim', sim: m.sim });
  await stateIs(r, 'connected');
  assert.is(m.count('simStatus'), 2);
  await r.session.stop();
});

// ---- retries ----

test('never registers: NETWORK_REGISTRATION_FAILED after the timeout, not permanent, retried after backoff', async () => {
  const r = rig({ registrationTimeoutMs: 30_000 }, modemWith((m) => { m.registrationState.state = 'searching'; m.registrationState.psAttached = false; }));
  r.session.start();
  await stateIs(r, 'registering');
  r.factory.latest.emitRegistration('searching');
  await r.clock.advance(12_000);
  r.factory.latest.emitRegistration('searching');
  await settle();
  assert.match(r.session.snapshot().reason, /waiting for registration: searching, 12 s of 30 s/);
  await r.clock.advance(17_999);
  assert.is(r.session.currentState, 'registering');
  assert.is(r.hooks.errors.length, 0);
  await r.clock.advance(1);
  await stateIs(r, 'reconnecting');
  assert.equal(r.hooks.errors.map((e) => [e.code, e.permanent, e.data]), [['NETWORK_REGISTRATION_FAILED', false, ['searching']]]);
  assert.match(r.session.snapshot().reason, /retrying in 1 s/);
  assert.is(r.factory.latest.count('close'), 0, 'the modem is kept');
  const regCalls = r.factory.latest.count('registration');
  await r.clock.advance(999);
  assert.is(r.factory.latest.count('registration'), regCalls);
  await r.clock.advance(1);
  await stateIs(r, 'registering');
  assert.is(r.factory.latest.count('registration'), regCalls + 1);
  // second failure backs off longer (2 s)
  await r.clock.advance(30_000);
  await stateIs(r, 'reconnecting');
  assert.match(r.session.snapshot().reason, /retrying in 2 s/);
  // now the network comes
  r.factory.latest.registrationState.state = 'registered';
  r.factory.latest.registrationState.psAttached = true;
  await r.clock.advance(2000);
  await stateIs(r, 'connected');
  assert.equal(r.hooks.states, ['opening', 'sim', 'registering', 'reconnecting', 'sim', 'registering', 'reconnecting', 'sim', 'registering', 'connecting', 'connected']);
  assert.is(r.factory.opens, 1);
  assert.is(r.session.snapshot().lastError, undefined, 'cleared once connected');
  await r.session.stop();
});

test('registers after N registration indications', async () => {
  const r = rig({}, modemWith((m) => { m.registrationState.state = 'not-registered'; m.registerAfterEvents = 3; }));
  r.session.start();
  await stateIs(r, 'registering');
  r.factory.latest.emitRegistration();
  r.factory.latest.emitRegistration();
  await settle();
  assert.is(r.session.currentState, 'registering');
  r.factory.latest.emitRegistration();
  await stateIs(r, 'connected');
  await r.session.stop();
});

test('APN rejected: CALL_FAILED with the reason in data, retried after backoff', async () => {
  const r = rig({}, modemWith((m) => m.failConnect('missing-or-unknown-apn')));
  r.session.start();
  await stateIs(r, 'reconnecting');
  assert.equal(r.hooks.errors.map((e) => [e.code, e.permanent, e.data]), [['CALL_FAILED', false, ['missing-or-unknown-apn']]]);
  assert.is(r.hooks.linkUps.length, 0);
  assert.is(r.session.snapshot().lastError?.data[0], 'missing-or-unknown-apn');
  await r.clock.advance(1000);
  await stateIs(r, 'connected');
  assert.is(r.factory.latest.count('connect'), 2);
  assert.is(r.hooks.linkUps.length, 1);
  await r.session.stop();
});

test('modem open fails NO_DEVICE: reported, retried with growing backoff', async () => {
  const r = rig();
  r.factory.failures.push(new ModemError('NO_DEVICE', 'no such file /dev/cdc-wdm0'), new ModemError('NO_DEVICE', 'still gone'));
  r.session.start();
  await stateIs(r, 'reconnecting');
  assert.equal(r.hooks.errors.map((e) => [e.code, e.permanent]), [['NO_DEVICE', false]]);
  await r.clock.advance(1000);
  await until(() => r.factory.opens === 2, 'second open');
  await settle();
  assert.is(r.session.currentState, 'reconnecting');
  await r.clock.advance(1999);
  assert.is(r.factory.opens, 2);
  await r.clock.advance(1);
  await stateIs(r, 'connected');
  assert.is(r.factory.opens, 3);
  await r.session.stop();
});

test('a request timeout that escaped mapping is a hang (MODEM_UNRESPONSIVE in status): the modem is reopened at once, netifd not bothered yet', async () => {
  const r = rig({}, (i) => { const m = new FakeModem(); if (i === 0) m.simStatus = async () => { throw new QmiTimeoutError('uim Get Card Status', 10_000); }; return m; });
  r.session.start();
  await stateIs(r, 'connected');
  assert.is(r.factory.modems[0].count('close'), 1);
  assert.is(r.factory.opens, 2);
  assert.equal(r.hooks.errors.map((e) => e.code), [], 'first rung of the ladder: not reported');
  await r.session.stop();
});

test('linkUp fails (NO_IFACE): the started data session is stopped before the retry', async () => {
  const r = rig();
  r.hooks.linkUpFailures.push(new ModemError('NO_IFACE', 'no network device found'));
  r.session.start();
  await stateIs(r, 'reconnecting');
  assert.equal(r.hooks.errors.map((e) => e.code), ['NO_IFACE']);
  const m = r.factory.latest;
  assert.is(m.active.size, 0, 'no data session left up on the modem while waiting');
  await r.clock.advance(1000);
  await stateIs(r, 'connected');
  assert.equal(r.hooks.errors.map((e) => e.code), ['NO_IFACE'], 'the retry connects (no NoEffect CALL_FAILED)');
  assert.is(m.active.size, 1);
  await r.session.stop();
  assert.is(m.active.size, 0);
});

// ---- watching a connected session ----

test('session-down while connected: linkDown, reconnecting, connects again on the same modem (reconnects 1)', async () => {
  const r = rig();
  r.session.start();
  await stateIs(r, 'connected');
  const m = r.factory.latest;
  const first = r.hooks.linkUps[0][0];
  m.emitSessionDown(4, 'regular-deactivation');
  await until(() => r.hooks.linkUps.length === 2, 'second linkUp');
  await stateIs(r, 'connected');
  assert.equal(r.hooks.linkDowns.length, 1);
  assert.match(r.hooks.linkDowns[0], /IPv4 dropped: regular-deactivation/);
  assert.equal(r.hooks.states, ['opening', 'sim', 'registering', 'connecting', 'connected', 'reconnecting', 'sim', 'registering', 'connecting', 'connected']);
  assert.ok(r.hooks.log.indexOf('linkDown') < r.hooks.log.indexOf('state:reconnecting'));
  assert.is(r.session.snapshot().reconnects, 1);
  assert.is(r.factory.opens, 1, 'modem kept');
  assert.equal(m.callsOf('disconnect').map((c) => (c.args[0] as DataSession).handle), [first.handle]);
  assert.is(m.count('connect'), 2);
  await r.session.stop();
});

test('session-down of a family not in use is ignored', async () => {
  const r = rig();
  r.session.start();
  await stateIs(r, 'connected');
  r.factory.latest.emit({ type: 'session-down', family: 6 });
  await settle();
  assert.is(r.session.currentState, 'connected');
  assert.is(r.hooks.linkDowns.length, 0);
  await r.session.stop();
});

test('registration lost shorter than the grace period: no reconnect', async () => {
  const r = rig({ registrationGraceMs: 5000 });
  r.session.start();
  await stateIs(r, 'connected');
  const m = r.factory.latest;
  m.emitRegistration('searching');
  await settle();
  assert.match(r.session.snapshot().reason, /holding the link for 5 s/);
  await r.clock.advance(4999);
  m.emitRegistration('registered');
  await r.clock.advance(60_000);
  assert.is(r.session.currentState, 'connected');
  assert.is(r.hooks.linkDowns.length, 0);
  assert.is(r.session.snapshot().reconnects, 0);
  assert.is(r.session.snapshot().reason, 'registration back');
  await r.session.stop();
});

test('registration lost longer than the grace period: linkDown, modem reopened, connected again', async () => {
  const r = rig({ registrationGraceMs: 5000 });
  r.session.start();
  await stateIs(r, 'connected');
  const m = r.factory.latest;
  m.emitRegistration('searching');
  await r.clock.advance(3000);
  m.emitRegistration('denied'); // still lost: the grace timer is not restarted
  m.active.clear(); // and the network took the bearer down with it
  await r.clock.advance(1999);
  assert.is(r.session.currentState, 'connected');
  await r.clock.advance(1);
  await until(() => r.hooks.linkUps.length === 2, 'second linkUp');
  assert.equal(r.hooks.linkDowns, ['registration lost (denied) for 5 s and the data session is down']);
  assert.is(m.count('close'), 1);
  assert.is(m.count('disconnect'), 1);
  assert.is(r.factory.opens, 2);
  assert.is(r.session.snapshot().reconnects, 1);
  assert.equal(r.hooks.states.slice(5), ['reconnecting', 'opening', 'sim', 'registering', 'connecting', 'connected']);
  await r.session.stop();
});

test('registration lost longer than the grace period with the call still up (Packet Service Status connected): kept, checked each grace period', async () => {
  const r = rig({ registrationGraceMs: 5000 });
  r.session.start();
  await stateIs(r, 'connected');
  const m = r.factory.latest;
  m.emitRegistration('searching');
  await r.clock.advance(5000);
  await settle(5);
  assert.is(r.session.currentState, 'connected');
  assert.match(r.session.snapshot().reason, /registration lost \(searching\) for 5 s; the data session is still up/);
  await r.clock.advance(5000);
  await settle(5);
  assert.is(m.count('isConnected'), 2, 'asked again after another grace period');
  m.active.clear();
  await r.clock.advance(5000);
  await until(() => r.hooks.linkDowns.length === 1, 'link down once the call is gone');
  assert.match(r.hooks.linkDowns[0], /registration lost \(searching\) for 15 s and the data session is down/);
  assert.is(m.count('close'), 1, 'then reopened');
  await r.session.stop();
});

test('signal indications while connected update the snapshot', async () => {
  const r = rig();
  r.session.start();
  await stateIs(r, 'connected');
  r.factory.latest.emit({ type: 'signal', signal: { rat: 'nr5g', rsrp: -80, bars: 4 } });
  await settle();
  assert.equal(r.session.snapshot().signal, { rat: 'nr5g', rsrp: -80, bars: 4 });
  await r.session.stop();
});

test('modem gone while connected: linkDown, modem closed and reopened; open failing reports NO_DEVICE', async () => {
  const r = rig();
  r.session.start();
  await stateIs(r, 'connected');
  const m = r.factory.latest;
  r.factory.failures.push(new ModemError('NO_DEVICE', 'open /dev/cdc-wdm0: ENOENT'));
  m.emitGone('USB disconnect');
  await until(() => r.hooks.errors.length === 1, 'error reported');
  assert.equal(r.hooks.linkDowns, ['modem gone: USB disconnect']);
  assert.is(m.count('close'), 1);
  assert.equal(r.hooks.errors.map((e) => [e.code, e.permanent]), [['NO_DEVICE', false]]);
  assert.is(r.session.currentState, 'reconnecting');
  await r.clock.advance(1000);
  await stateIs(r, 'connected');
  assert.is(r.factory.opens, 3);
  assert.is(r.factory.modems.length, 2);
  await r.session.stop();
});

test('modem gone while waiting for registration: NO_DEVICE, closed, reopened after backoff', async () => {
  const r = rig({}, modemWith((m) => { m.registrationState.state = 'searching'; }));
  r.session.start();
  await stateIs(r, 'registering');
  const m = r.factory.latest;
  m.emitGone('USB disconnect');
  await stateIs(r, 'reconnecting');
  assert.equal(r.hooks.errors.map((e) => [e.code, e.permanent]), [['NO_DEVICE', false]]);
  assert.is(m.count('close'), 1);
  await r.clock.advance(1000);
  await until(() => r.factory.opens === 2, 'reopen');
  assert.is(r.factory.modems.length, 2);
  await r.session.stop();
});

// ---- stop ----

async function stopAndCheck(r: Rig, opened: boolean, disconnects: number): Promise<void> {
  await r.session.stop('interface down');
  assert.is(r.session.currentState, 'down');
  assert.equal(r.hooks.states.slice(-2), ['disconnecting', 'down']);
  assert.is(r.session.snapshot().reason, 'interface down');
  if (opened) {
    const m = r.factory.latest;
    assert.is(m.count('close'), 1, 'close() called once');
    assert.is(m.count('disconnect'), disconnects);
    assert.is(m.active.size, 0, 'no data session left up');
    assert.is(m.listenerCount, 0, 'no event listener left');
  } else {
    assert.is(r.factory.modems.length, 0);
  }
  const opens = r.factory.opens;
  await r.clock.advance(600_000);
  assert.is(r.factory.opens, opens, 'nothing runs after stop');
  assert.is(r.session.currentState, 'down');
}

test('stop() while opening (the port open hangs)', async () => {
  const r = rig();
  r.factory.hold = true;
  r.session.start();
  await until(() => r.factory.opens === 1, 'open');
  assert.is(r.session.currentState, 'opening');
  await stopAndCheck(r, false, 0);
});

test('stop() during option delay', async () => {
  const r = rig({ delayMs: 10_000 });
  r.session.start();
  await stateIs(r, 'opening');
  await stopAndCheck(r, false, 0);
  assert.is(r.factory.opens, 0);
});

test('stop() while waiting for the SIM', async () => {
  const r = rig({}, modemWith((m) => { m.sim = { state: 'initializing' }; }));
  r.session.start();
  await stateIs(r, 'sim');
  await stopAndCheck(r, true, 0);
});

test('stop() mid-registration wait', async () => {
  const r = rig({}, modemWith((m) => { m.registrationState.state = 'searching'; }));
  r.session.start();
  await stateIs(r, 'registering');
  await r.clock.advance(10_000);
  await stopAndCheck(r, true, 0);
  assert.is(r.hooks.errors.length, 0, 'stopping is not an error');
});

test('stop() while registration() itself is pending', async () => {
  const r = rig({}, modemWith((m) => { m.holdRegistration = true; }));
  r.session.start();
  await stateIs(r, 'registering');
  await stopAndCheck(r, true, 0);
});

test('stop() while connecting (IPv4 up, IPv6 pending): the IPv4 session is stopped', async () => {
  const r = rig({ pdptype: 'ipv4v6' }, modemWith((m) => m.holdConnect.add(6)));
  r.session.start();
  await stateIs(r, 'connecting');
  await until(() => r.factory.latest.count('connect') === 2, 'second connect');
  assert.is(r.factory.latest.active.size, 1);
  await stopAndCheck(r, true, 1);
  assert.is(r.hooks.linkUps.length, 0);
});

test('stop() when connected: disconnect each session, close', async () => {
  const r = rig({ pdptype: 'ipv4v6' });
  r.session.start();
  await stateIs(r, 'connected');
  await stopAndCheck(r, true, 2);
  assert.equal(r.factory.latest.methods.slice(-3), ['disconnect', 'disconnect', 'close']);
});

test('stop() while reconnecting (backoff)', async () => {
  const r = rig({}, modemWith((m) => m.failConnect('network-failure')));
  r.session.start();
  await stateIs(r, 'reconnecting');
  await stopAndCheck(r, true, 0);
  assert.is(r.factory.latest.count('connect'), 1);
});

test('stop() when failed, and stop() twice', async () => {
  const r = rig({}, modemWith((m) => { m.sim = { state: 'error' }; }));
  r.session.start();
  await stateIs(r, 'failed');
  assert.equal(r.hooks.errors.map((e) => e.code), ['SIM_ILLEGAL_STATE']);
  await stopAndCheck(r, true, 0);
  const n = r.hooks.snapshots.length;
  await r.session.stop();
  assert.is(r.hooks.snapshots.length, n, 'second stop is a no-op');
});

test('stop() before start() is a no-op; start() after stop() connects again', async () => {
  const r = rig();
  await r.session.stop();
  assert.is(r.session.currentState, 'down');
  assert.is(r.hooks.snapshots.length, 0);
  r.session.start();
  await stateIs(r, 'connected');
  await r.session.stop();
  r.session.start();
  await stateIs(r, 'connected');
  assert.is(r.factory.opens, 2);
  await r.session.stop();
});

test('start() twice runs one flow', async () => {
  const r = rig();
  r.session.start();
  r.session.start();
  await stateIs(r, 'connected');
  await settle();
  assert.is(r.factory.opens, 1);
  assert.is(r.hooks.linkUps.length, 1);
  await r.session.stop();
});

// ---- reconnect ----

test('reconnect() when connected: linkDown, sessions stopped, modem reopened, connected again', async () => {
  const r = rig();
  r.session.start();
  await stateIs(r, 'connected');
  const m = r.factory.latest;
  await r.session.reconnect();
  await stateIs(r, 'connected');
  assert.equal(r.hooks.linkDowns, ['reconnect requested']);
  assert.is(m.count('disconnect'), 1);
  assert.is(m.count('close'), 1);
  assert.is(r.factory.opens, 2);
  assert.is(r.hooks.linkUps.length, 2);
  assert.is(r.session.snapshot().reconnects, 1);
  assert.equal(r.hooks.states.slice(5), ['reconnecting', 'opening', 'sim', 'registering', 'connecting', 'connected']);
  await r.session.stop();
});

test('reconnect() from failed starts over (the SIM was fixed meanwhile)', async () => {
  const r = rig({}, (i) => { const m = new FakeModem(); if (i === 0) m.sim = { state: 'puk-required', pukRetries: 10 }; return m; });
  r.session.start();
  await stateIs(r, 'failed');
  await r.session.reconnect();
  await stateIs(r, 'connected');
  assert.equal(r.hooks.states, ['opening', 'sim', 'failed', 'opening', 'sim', 'registering', 'connecting', 'connected']);
  await r.session.stop();
});

test('reconnect() mid-registration and when down', async () => {
  const r = rig({}, (i) => { const m = new FakeModem(); if (i === 0) m.registrationState.state = 'searching'; return m; });
  await r.session.reconnect();
  assert.is(r.session.currentState, 'down');
  assert.is(r.factory.opens, 0);
  r.session.start();
  await stateIs(r, 'registering');
  await r.session.reconnect();
  await stateIs(r, 'connected');
  assert.is(r.factory.modems[0].count('close'), 1);
  await r.session.stop();
});

test('a registration answer arriving after the timeout does not overwrite the reason', async () => {
  const r = rig({ registrationTimeoutMs: 10_000 }, modemWith((m) => { m.holdRegistration = true; m.registrationState.state = 'searching'; }));
  r.session.start();
  await stateIs(r, 'registering');
  await r.clock.advance(10_000);
  await stateIs(r, 'reconnecting');
  const reason = r.session.snapshot().reason;
  assert.match(reason, /retrying in 1 s/);
  r.factory.latest.releaseRegistration();
  await settle();
  assert.is(r.session.snapshot().reason, reason);
  await r.session.stop();
});

test('refresh() reads counters when connected at most once a second, signal only while unknown; nothing otherwise', async () => {
  const r = rig();
  await r.session.refresh();
  r.session.start();
  await stateIs(r, 'connected');
  const m = r.factory.latest;
  const before = m.count('counters');
  await r.session.refresh();
  assert.is(m.count('counters'), before + 1, 'first status: read (and waited for)');
  assert.equal(r.session.snapshot().counters, { txBytes: 1000, rxBytes: 5000, txPackets: 10, rxPackets: 20 });
  const signals = m.count('signal');
  for (let i = 0; i < 50; i++) await r.session.refresh();
  assert.is(m.count('counters'), before + 1, 'inside the second-window: from the cache');
  assert.is(m.count('signal'), signals, 'signal known: never asked again');
  await r.clock.advance(1000);
  await r.session.refresh();
  await settle(2);
  assert.is(m.count('counters'), before + 2, 'next window: one read, in the background');
  m.emit({ type: 'signal', signal: { rat: 'lte', rssi: -90, bars: 2 } });
  assert.equal(r.session.snapshot().signal, { rat: 'lte', rssi: -90, bars: 2 }, 'signal from the indication');
  await r.session.stop();
  await r.session.refresh();
  assert.is(m.count('counters'), before + 2);
});

test.run();
