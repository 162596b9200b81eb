// Tests for the session's recovery (issue 6) on a FakeModem and fake time: drop backoff, grace, hang ladder, liveness, watchdog, vanished port.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DataSession, Modem } from '../../../src/modem/modem';
import { ModemError, NetifdErrorCode } from '../../../src/modem/modem-errors';
import { PinLedger } from '../../../src/session/pin-policy';
import { Session, SessionDeps } from '../../../src/session/session';
import type { SessionConfig, SessionHooks, SessionSnapshot } from '../../../src/session/session-types';
import { FakeClock, settle } from '../../helpers/fake-clock';
import { FakeModem, FakeModemFactory } from '../../helpers/fake-modem';

class Hooks implements SessionHooks {
  readonly log: string[] = [];
  readonly errors: NetifdErrorCode[] = [];
  networkDevice?: string = 'wwan0';
  async linkUp(_s: DataSession[], _m: Modem): Promise<void> { this.log.push('up'); }
  async linkDown(): Promise<void> { this.log.push('down'); }
  async error(code: NetifdErrorCode): Promise<void> { this.log.push(`error:${code}`); this.errors.push(code); }
  async available(up: boolean): Promise<void> { this.log.push(`available:${up}`); }
  stateChanged(_s: SessionSnapshot): void { /* recorded through log */ }
}

interface Rig { session: Session; hooks: Hooks; clock: FakeClock; factory: FakeModemFactory; recovered: string[]; exists: { v: boolean } }

function rig(over: Partial<SessionConfig> = {}, make?: (i: number) => FakeModem, deps: Partial<SessionDeps> = {}): Rig {
  const hooks = new Hooks();
  const clock = new FakeClock();
  const factory = new FakeModemFactory(make);
  const recovered: string[] = [];
  const exists = { v: true };
  const config: SessionConfig = { device: '/dev/cdc-wdm0', pdptype: 'ipv4', apn: 'internet', radio: {}, registrationTimeoutMs: 60_000, delayMs: 0, registrationGraceMs: 5000, reconnectMinMs: 2000, reconnectMaxMs: 30_000, ...over };
  const session = new Session('wdm0', config, {
    openModem: factory.open, hooks, pinLedger: new PinLedger(), clock, random: () => 0.5, deviceExists: () => exists.v,
    recover: async (action) => { recovered.push(action); }, recoveryAvailable: { modemReset: true, atReset: true }, ...deps,
  });
  return { session, hooks, clock, factory, recovered, exists };
}

async function until(pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 60; i++) { if (pred()) return; await settle(1); }
  assert.unreachable(`never happened: ${what}`);
}
const connected = (r: Rig) => until(() => r.session.currentState === 'connected', `connected (now ${r.session.currentState}: ${r.session.snapshot().reason})`);
const ups = (r: Rig) => r.hooks.log.filter((l) => l === 'up').length;

test('drops: the first reconnects at once, consecutive ones back off (2 s, 4 s), a stable connection resets it', async () => {
  const r = rig();
  r.session.start();
  await connected(r);
  const m = r.factory.latest;
  m.emitSessionDown(4);
  await until(() => ups(r) === 2, 'immediate reconnect');
  m.emitSessionDown(4);
  await until(() => r.session.currentState === 'reconnecting', 'reconnecting');
  assert.match(r.session.snapshot().reason, /retrying in 2 s/);
  await r.clock.advance(1999);
  assert.is(ups(r), 2, 'still waiting');
  await r.clock.advance(1);
  await until(() => ups(r) === 3, 'after 2 s');
  m.emitSessionDown(4);
  await settle();
  await r.clock.advance(3999);
  assert.is(ups(r), 3);
  await r.clock.advance(1);
  await until(() => ups(r) === 4, 'after 4 s');
  await r.clock.advance(60_000); // stable
  m.emitSessionDown(4);
  await until(() => ups(r) === 5, 'at once again after a stable connection');
  assert.equal(r.hooks.log.filter((l) => l === 'up' || l === 'down'), ['up', 'down', 'up', 'down', 'up', 'down', 'up', 'down', 'up'], 'link down to netifd meanwhile, up after');
  assert.is(r.factory.opens, 1, 'drops reconnect on the same modem');
  assert.is(r.session.snapshot().reconnects, 4);
  await r.session.stop();
});

test('registration grace is the configured value: 2 s flap held, longer reconnects', async () => {
  const r = rig({ registrationGraceMs: 2000 });
  r.session.start();
  await connected(r);
  const m = r.factory.latest;
  m.emitRegistration('searching');
  await r.clock.advance(1999);
  m.emitRegistration('registered');
  await r.clock.advance(10_000);
  assert.is(r.hooks.log.includes('down'), false, 'flap shorter than grace: no teardown');
  m.emitRegistration('searching');
  m.active.clear(); // the bearer went with the registration (a live one is kept: session-registration test)
  await r.clock.advance(2000);
  await until(() => ups(r) === 2, 'reconnected');
  assert.is(r.hooks.log.filter((l) => l === 'down').length, 1);
  assert.is(r.factory.opens, 2, 'modem reopened');
  await r.session.stop();
});

test('hang ladder: reopen at once → modem reset → AT reset → MODEM_UNRESPONSIVE reported, slow retries; recovers and resets', async () => {
  let hung = true;
  const r = rig({}, () => { const m = new FakeModem(); m.registration = async () => { if (hung) throw new ModemError('MODEM_UNRESPONSIVE', 'get serving system: timed out'); return { state: 'registered', roaming: false, psAttached: true, rat: 'lte' }; }; return m; });
  r.session.start();
  await until(() => r.factory.opens === 2, 'hang 1: reopened at once, no reset');
  await until(() => r.recovered.length === 1, 'hang 2: reset');
  assert.equal(r.recovered, ['modem-reset']);
  await r.clock.advance(2000);
  await until(() => r.recovered.length === 2, 'hang 3');
  assert.equal(r.recovered, ['modem-reset', 'at-reset']);
  assert.equal(r.hooks.errors, [], 'not reported while the ladder has steps');
  assert.is(r.session.snapshot().lastError?.code, 'MODEM_UNRESPONSIVE', 'status shows it');
  await r.clock.advance(4000);
  await until(() => r.hooks.errors.length === 1, 'hang 4: reported');
  assert.equal(r.hooks.errors, ['MODEM_UNRESPONSIVE']);
  assert.is(r.session.currentState, 'reconnecting', 'not failed: keeps trying');
  assert.match(r.session.snapshot().reason, /retrying in 30 s/);
  assert.is(r.factory.modems.every((m) => m.count('close') === 1), true, 'every hung modem closed');
  hung = false;
  await r.clock.advance(30_000);
  await connected(r);
  assert.is(r.factory.opens, 5);
  await r.session.stop();
});

test('a port that answered before and stops answering at open is a hang, not DEVICE_NOT_SUPPORTED', async () => {
  const r = rig();
  r.session.start();
  await connected(r);
  r.factory.failures.push(new ModemError('DEVICE_NOT_SUPPORTED', '/dev/cdc-wdm0 does not answer QMI (CTL Sync timed out)'));
  r.factory.latest.emit({ type: 'unresponsive', reason: '3 requests in a row timed out' });
  await until(() => r.factory.opens === 2, 'reopen (hang 1)');
  await until(() => r.recovered.length === 1, 'hang 2 → modem reset');
  assert.is(r.session.currentState, 'reconnecting');
  await r.clock.advance(2000);
  await connected(r);
  assert.equal(r.hooks.errors, []);
  assert.ok(r.hooks.log.indexOf('down') > 0, 'link reported down');
  await r.session.stop();
});

test('liveness: no answer within the timeout is a hang; "not connected" is a lost drop', async () => {
  const r = rig({ livenessIntervalMs: 30_000, livenessTimeoutMs: 5000 });
  r.session.start();
  await connected(r);
  const m = r.factory.latest;
  m.isConnected = () => new Promise(() => undefined);
  await r.clock.advance(34_999);
  assert.is(r.session.currentState, 'connected');
  await r.clock.advance(1);
  await until(() => r.factory.opens === 2, 'reopened');
  await connected(r);
  const m2 = r.factory.latest;
  m2.active.clear(); // the session ended and its indication never came
  await r.clock.advance(30_000);
  await until(() => ups(r) === 3, 'reconnected after the check');
  assert.is(r.factory.opens, 2, 'a drop: same modem');
  await r.session.stop();
});

test('watchdog: started with the link device while connected, unhealthy feeds the ladder, stopped when leaving', async () => {
  const starts: string[] = [];
  let stops = 0;
  let unhealthy: ((why: string) => void) | undefined;
  const r = rig({}, undefined, { watchdog: { start: (ifname, cb) => { starts.push(ifname); unhealthy = cb; return () => { stops++; }; } } });
  r.session.start();
  await connected(r);
  assert.equal(starts, ['wwan0']);
  unhealthy!('3 rounds without an answer from 8.8.8.8');
  await until(() => ups(r) === 2, 'reconnected');
  assert.is(stops, 1);
  assert.equal(starts, ['wwan0', 'wwan0']);
  assert.is(r.factory.opens, 2, 'hang step 1: reopen');
  await r.session.stop();
  assert.is(stops, 2);
});

test('port vanishes: NO_DEVICE, unavailable, no polling until hotplug; back: available, reconnected', async () => {
  const r = rig({ deviceProbeMs: 60_000 });
  r.session.start();
  await connected(r);
  r.exists.v = false;
  r.factory.failures.push(new ModemError('NO_DEVICE', 'cannot open /dev/cdc-wdm0: ENOENT'));
  r.factory.latest.emitGone('read: EIO');
  await until(() => r.session.waitingForDevice, 'waiting for the device');
  assert.equal(r.hooks.log.slice(1), ['down', 'error:NO_DEVICE', 'available:false']);
  await r.clock.advance(59_000);
  assert.is(r.factory.opens, 2, 'no open attempts while gone');
  r.exists.v = true;
  r.session.deviceAdded();
  await connected(r);
  assert.equal(r.hooks.log.slice(4), ['available:true', 'up']);
  assert.is(r.factory.opens, 3);
  assert.not.ok(r.session.waitingForDevice);
  await r.session.stop();
});

test('port missing at the first open: waits for it the same way; the slow probe finds it without hotplug', async () => {
  const r = rig({ deviceProbeMs: 5000 });
  r.exists.v = false;
  r.factory.failures.push(new ModemError('NO_DEVICE', 'cannot open /dev/cdc-wdm0: ENOENT'));
  r.session.start();
  await until(() => r.session.waitingForDevice, 'waiting');
  r.exists.v = true;
  await r.clock.advance(5000);
  await connected(r);
  assert.equal(r.hooks.log, ['error:NO_DEVICE', 'available:false', 'available:true', 'up']);
  await r.session.stop();
});

test('a drop while link-up is still being reported is not missed', async () => {
  const r = rig();
  let first = true;
  r.hooks.linkUp = async () => {
    r.hooks.log.push('up');
    if (first) { first = false; r.factory.latest.emitSessionDown(4); }
  };
  r.session.start();
  await until(() => ups(r) === 2, 'reconnected after the early drop');
  assert.equal(r.hooks.log, ['up', 'down', 'up']);
  await r.session.stop();
});

test.run();
