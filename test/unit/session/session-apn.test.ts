// The Session with apn_by_iccid / apn auto (src/session/apn-step.ts) on a FakeModem: the APN the
// modem is asked for, the attach profile, status, credentials only where unset, and the error.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ConnectRequest, DataSession, Modem } from '../../../src/modem/modem';
import type { NetifdErrorCode } from '../../../src/modem/modem-errors';
import { PinLedger } from '../../../src/session/pin-policy';
import { Session } from '../../../src/session/session';
import type { SessionConfig, SessionHooks, SessionSnapshot } from '../../../src/session/session-types';
import { FakeClock, settle } from '../../helpers/fake-clock';
import { FakeModem, FakeModemFactory } from '../../helpers/fake-modem';

class Hooks implements SessionHooks {
  readonly errors: { code: NetifdErrorCode; message: string; data: string[]; permanent: boolean }[] = [];
  async linkUp(_s: DataSession[], _m: Modem): Promise<void> {}
  async linkDown(): Promise<void> {}
  async error(code: NetifdErrorCode, message: string, data: string[], permanent: boolean): Promise<void> { this.errors.push({ code, message, data, permanent }); }
  stateChanged(_s: SessionSnapshot): void {}
}

function run(over: Partial<SessionConfig>, tweak: (m: FakeModem) => void = () => undefined) {
  const hooks = new Hooks();
  const factory = new FakeModemFactory(() => {
    const m = new FakeModem();
    // The attach profile step (QMI modems have it; the shared FakeModem does not).
    const attach: Modem['setAttachProfile'] = async (p) => { m.calls.push({ method: 'setAttachProfile', args: [p] }); return 'written'; };
    Object.assign(m, { setAttachProfile: attach });
    tweak(m);
    return m;
  });
  const config: SessionConfig = { device: '/dev/cdc-wdm0', pdptype: 'ipv4', radio: {}, registrationTimeoutMs: 60_000, delayMs: 0, registrationGraceMs: 5000, ...over };
  const session = new Session('wdm0', config, { openModem: factory.open, hooks, pinLedger: new PinLedger(), clock: new FakeClock(), random: () => 0.5, deviceExists: () => true });
  return { session, hooks, factory };
}

async function until(pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 50; i++) { if (pred()) return; await settle(1); }
  assert.unreachable(`never happened: ${what}`);
}

const asked = (m: FakeModem) => m.callsOf('connect').map((c) => c.args[0] as ConnectRequest);

test('apn auto: the table APN of the IMSI MCC/MNC (Swisscom 22801) goes to the attach profile and Start Network', async () => {
  const r = run({ apn: 'auto', pdptype: 'ipv4v6' }, (m) => { m.subscriberInfo = { iccid: '8941010000000000000', imsi: '228011234567890' }; });
  r.session.start();
  await until(() => r.session.currentState === 'connected', 'connected');
  const m = r.factory.latest;
  assert.equal(asked(m).map((q) => [q.family, q.apn]), [[4, 'gprs.swisscom.ch'], [6, 'gprs.swisscom.ch']]);
  assert.equal(m.callsOf('setAttachProfile').map((c) => (c.args[0] as { apn: string }).apn), ['gprs.swisscom.ch']);
  const snap = r.session.snapshot();
  assert.equal(snap.apnChoice, { apn: 'gprs.swisscom.ch', source: 'auto:22801', provider: 'Swisscom' });
  await r.session.stop();
});

test('apn auto on a Vodafone DE SIM (26202, whose table list starts with an MVNO): the SPN picks Vodafone web.vodafone.de', async () => {
  const r = run({ apn: 'auto' }, (m) => { m.subscriberInfo = { imsi: '262021234567890', spn: 'Vodafone.de' }; });
  r.session.start();
  await until(() => r.session.currentState === 'connected', 'connected');
  assert.equal(asked(r.factory.latest).map((q) => q.apn), ['web.vodafone.de']);
  assert.equal(r.session.snapshot().apnChoice, { apn: 'web.vodafone.de', source: 'auto:26202', provider: 'Vodafone' });
  await r.session.stop();
});

test('apn_by_iccid: the first matching rule wins over apn; no match falls back to apn', async () => {
  const rules = [{ prefixes: ['8931'], apn: 'nl.apn' }, { prefixes: ['8949', '8944'], apn: 'de.apn' }];
  const a = run({ apn: 'catchall', apnByIccid: rules });
  a.session.start();
  await until(() => a.session.currentState === 'connected', 'connected');
  assert.equal(asked(a.factory.latest).map((q) => q.apn), ['de.apn']);
  assert.equal(a.session.snapshot().apnChoice, { apn: 'de.apn', source: 'apn_by_iccid[1]', provider: undefined });
  await a.session.stop();
  const b = run({ apn: 'catchall', apnByIccid: rules }, (m) => { m.subscriberInfo = { iccid: '8933000000000000000' }; });
  b.session.start();
  await until(() => b.session.currentState === 'connected', 'connected');
  assert.equal(asked(b.factory.latest).map((q) => q.apn), ['catchall']);
  assert.is(b.session.snapshot().apnChoice?.source, 'apn');
  await b.session.stop();
});

test('apn auto: the table user name and password only where the config sets none', async () => {
  // O2 UK 23410 in 20230416-1: mobile.o2.co.uk, user o2web, password password.
  const sub = (m: FakeModem) => { m.subscriberInfo = { imsi: '234101234567890' }; };
  const a = run({ apn: 'auto' }, sub);
  a.session.start();
  await until(() => a.session.currentState === 'connected', 'connected');
  const q = asked(a.factory.latest)[0];
  assert.equal([q.apn, q.username, q.password], ['mobile.o2.co.uk', 'o2web', 'password']);
  await a.session.stop();
  const b = run({ apn: 'auto', username: 'mine', password: 'secret' }, sub);
  b.session.start();
  await until(() => b.session.currentState === 'connected', 'connected');
  const q2 = asked(b.factory.latest)[0];
  assert.equal([q2.username, q2.password], ['mine', 'secret']);
  await b.session.stop();
});

test('apn auto with an MCC/MNC the table lacks: CONFIG_INVALID (permanent) naming them, no data session', async () => {
  const r = run({ apn: 'auto' }, (m) => { m.subscriberInfo = { imsi: '001011234567890' }; });
  r.session.start();
  await until(() => r.hooks.errors.length > 0, 'an error');
  assert.is(r.hooks.errors[0].code, 'CONFIG_INVALID');
  assert.ok(r.hooks.errors[0].permanent);
  assert.equal(r.hooks.errors[0].data, ['apn']);
  assert.match(r.hooks.errors[0].message, /MCC 001 MNC 01 or 011/);
  assert.is(r.factory.latest.count('connect'), 0);
  await r.session.stop();
});

test('a plain apn reads nothing more from the SIM', async () => {
  const r = run({ apn: 'internet' });
  r.session.start();
  await until(() => r.session.currentState === 'connected', 'connected');
  assert.is(r.factory.latest.count('subscriber'), 0);
  assert.equal(r.session.snapshot().apnChoice, { apn: 'internet', source: 'apn' });
  await r.session.stop();
});

test('the choice is persisted with the data session and shown again after a take-over (daemon restart)', async () => {
  const r = run({ apn: 'auto' }, (m) => { m.subscriberInfo = { imsi: '228011234567890' }; });
  r.session.start();
  await until(() => r.session.currentState === 'connected', 'connected');
  const saved = JSON.parse(JSON.stringify(r.session.savedState()));
  assert.equal(saved.apnChoice, { apn: 'gprs.swisscom.ch', source: 'auto:22801', provider: 'Swisscom' });
  const running = r.factory.latest;
  const hooks = new Hooks();
  const next = new Session('wdm0', { device: '/dev/cdc-wdm0', pdptype: 'ipv4', apn: 'auto', radio: {}, registrationTimeoutMs: 60_000, delayMs: 0, registrationGraceMs: 5000 }, {
    openModem: new FakeModemFactory().open, hooks, pinLedger: new PinLedger(), clock: new FakeClock(), random: () => 0.5, deviceExists: () => true,
    adoptModem: async (_h, sessions) => ({ modem: running, sessions, registration: running.registrationState }),
  });
  next.start(saved);
  await until(() => next.currentState === 'connected', 'adopted');
  assert.equal(next.snapshot().apnChoice, { apn: 'gprs.swisscom.ch', source: 'auto:22801', provider: 'Swisscom' });
  assert.is(running.count('subscriber'), 1, 'the take-over reads nothing from the SIM');
  await next.stop();
  // A record with a malformed choice is ignored, not shown.
  const third = new Session('wdm0', { device: '/dev/cdc-wdm0', pdptype: 'ipv4', radio: {}, registrationTimeoutMs: 60_000, delayMs: 0, registrationGraceMs: 5000 }, {
    openModem: new FakeModemFactory().open, hooks, pinLedger: new PinLedger(), clock: new FakeClock(), random: () => 0.5, deviceExists: () => true,
    adoptModem: async (_h, sessions) => ({ modem: running, sessions, registration: running.registrationState }),
  });
  third.start({ ...saved, apnChoice: { source: 42 } });
  await until(() => third.currentState === 'connected', 'adopted');
  assert.is(third.snapshot().apnChoice, undefined);
  await third.stop();
  await r.session.stop();
});

test.run();
