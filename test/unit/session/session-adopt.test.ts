// Session.start(saved) on fake time: taking a previous daemon's running call over, watching it (indications, liveness), and the fallbacks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Adopted, DataSession, Modem } from '../../../src/modem/modem';
import { AdoptionError } from '../../../src/modem/qmi-adopt';
import { NetifdErrorCode } from '../../../src/modem/modem-errors';
import type { SavedSession } from '../../../src/session/adopt';
import { PinLedger } from '../../../src/session/pin-policy';
import { Session } from '../../../src/session/session';
import type { SessionConfig, SessionHooks, SessionSnapshot } from '../../../src/session/session-types';
import { AbortedError } from '../../../src/util/wait';
import { FakeClock, settle } from '../../helpers/fake-clock';
import { FakeModem, FakeModemFactory, settingsFor } from '../../helpers/fake-modem';

class Hooks implements SessionHooks {
  readonly log: string[] = [];
  networkDevice?: string = 'wwan0';
  async linkUp(_s: DataSession[], _m: Modem): Promise<void> { this.log.push('up'); }
  async linkDown(): Promise<void> { this.log.push('down'); }
  async error(code: NetifdErrorCode): Promise<void> { this.log.push(`error:${code}`); }
  resume(s: DataSession[], _m: Modem, ifname?: string): void { this.log.push(`resume:${s.map((x) => x.handle).join(',')}:${ifname}`); }
  stateChanged(_s: SessionSnapshot): void { /* log only */ }
}

const RUNNING: DataSession = { family: 4, handle: 0x2001, apn: 'internet', settings: settingsFor(4) };
const SAVED: SavedSession = {
  handoff: { protocol: 'qmi', path: '/dev/cdc-wdm0', cids: { dms: 1, nas: 2, wds4: 3 }, dataFormat: '802.3' },
  sessions: [RUNNING], connectedSince: 1_699_999_000_000, ifname: 'wwan0',
};

function rig(adopt: (saved: DataSession[], signal: AbortSignal) => Promise<Adopted>) {
  const hooks = new Hooks();
  const clock = new FakeClock();
  const factory = new FakeModemFactory();
  const persisted: SavedSession[] = [];
  const config: SessionConfig = { device: '/dev/cdc-wdm0', pdptype: 'ipv4', apn: 'internet', radio: {}, registrationTimeoutMs: 60_000, delayMs: 0, registrationGraceMs: 5000,
    reconnectMinMs: 2000, reconnectMaxMs: 30_000, livenessIntervalMs: 60_000, livenessTimeoutMs: 10_000 };
  const session = new Session('wdm0', config, {
    openModem: factory.open, hooks, pinLedger: new PinLedger(), clock, random: () => 0.5, deviceExists: () => true,
    adoptModem: (_h, saved, signal) => adopt(saved, signal), persist: (s) => persisted.push(s),
  });
  return { session, hooks, clock, factory, persisted };
}

/** The modem as the previous daemon left it: the call up. */
function runningModem(): FakeModem {
  const m = new FakeModem();
  m.active.set(RUNNING.handle, { ...RUNNING });
  return m;
}

async function until(pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 60; i++) { if (pred()) return; await settle(1); }
  assert.unreachable(`never happened: ${what}`);
}

test('adopted: connected at once, netifd not told anything, no open/connect; status keeps the old connectedSince; persisted again', async () => {
  const m = runningModem();
  const r = rig(async (saved) => ({ modem: m, sessions: saved, registration: m.registrationState }));
  r.session.start(SAVED);
  await until(() => r.session.currentState === 'connected', 'connected');
  assert.equal(r.hooks.log, ['resume:8193:wwan0'], 'only remembered, nothing sent');
  assert.is(r.factory.opens, 0);
  assert.is(m.count('connect'), 0);
  const snap = r.session.snapshot();
  assert.is(snap.connectedSince, SAVED.connectedSince);
  assert.is(snap.ipv4?.address, RUNNING.settings.address);
  assert.match(snap.reason, /taken over/);
  assert.is(r.persisted.length, 1);
  assert.equal(r.persisted[0].handoff, m.handoff());
  await r.session.stop();
  assert.is(m.count('disconnect'), 1, 'ifdown stops the adopted call');
});

test('adopted call watched: a drop indication reconnects on the same modem; a lost indication is caught by the liveness check', async () => {
  const m = runningModem();
  const r = rig(async (saved) => ({ modem: m, sessions: saved }));
  r.session.start(SAVED);
  await until(() => r.session.currentState === 'connected', 'connected');
  m.emitSessionDown(4);
  await until(() => r.hooks.log.filter((l) => l === 'up').length === 1, 'reconnected after the drop');
  assert.equal(r.hooks.log.slice(1), ['down', 'up']);
  assert.is(m.count('connect'), 1);
  // The call ends silently (no indication): the next liveness check finds it.
  m.active.clear();
  await r.clock.advance(60_000);
  await until(() => r.hooks.log.filter((l) => l === 'up').length === 2, 'reconnected after the liveness check');
  assert.is(r.factory.opens, 0, 'all on the adopted modem');
  await r.session.stop();
});

test('adoption refused: netifd told the link is down, then a fresh connect and link-up', async () => {
  const r = rig(async () => { throw new AdoptionError('the IPv4 data session is gone (packet service status 1)'); });
  r.session.start(SAVED);
  await until(() => r.session.currentState === 'connected', 'connected');
  assert.equal(r.hooks.log, ['down', 'up']);
  assert.is(r.factory.opens, 1);
  assert.is(r.factory.latest.count('connect'), 1);
  await r.session.stop();
});

test('nothing to adopt (the daemon died before a call was up): a plain connect, no link-down', async () => {
  let asked = 0;
  const r = rig(async () => { asked++; throw new Error('not called'); });
  r.session.start({});
  await until(() => r.session.currentState === 'connected', 'connected');
  assert.is(asked, 0);
  assert.equal(r.hooks.log, ['up']);
  await r.session.stop();
});

test('the previous daemon died before netifd took the link-up (netifdUp false): adopted, then link-up reported', async () => {
  const m = runningModem();
  const r = rig(async (saved) => ({ modem: m, sessions: saved }));
  r.session.start({ ...SAVED, netifdUp: false });
  await until(() => r.session.currentState === 'connected', 'connected');
  assert.equal(r.hooks.log, ['resume:8193:wwan0', 'up']);
  assert.is(m.count('connect'), 0);
  await r.session.stop();
});

test('stop during adoption: aborted, down, nothing opened', async () => {
  const r = rig((_saved, signal) => new Promise<Adopted>((_ok, fail) => signal.addEventListener('abort', () => fail(new AbortedError('adopt')))));
  r.session.start(SAVED);
  await settle();
  assert.is(r.session.currentState, 'opening');
  await r.session.stop();
  assert.is(r.session.currentState, 'down');
  assert.is(r.factory.opens, 0);
});

test.run();
