// The simulator knobs of issue 11: defaults, validation, and the model behaviour they switch on (no pty needed).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ModemModel, ScenarioError, resolveScenario } from '../../../src/sim';

function refused(input: unknown, key: string): void {
  try { resolveScenario(input); } catch (e) { assert.instance(e, ScenarioError); assert.is((e as ScenarioError).key, key); return; }
  assert.unreachable(`${JSON.stringify(input)} accepted`);
}

test('defaults: both data formats, no boot silence, stored selection all modes/any roaming, profile 1 empty IPv4v6', () => {
  const s = resolveScenario({});
  assert.equal(s.dataFormats, ['802.3', 'raw-ip']);
  assert.is(s.silentForMs, 0);
  assert.equal(s.selection, { modePreference: 0x7f, roamingPreference: 0xff });
  assert.equal(s.profile, { apn: '', pdpType: 'ipv4v6' });
  assert.is(s.registration.psAttach, 'attached');
  assert.is(s.signal.indicationsNeedConfig, true);
});

test('dataFormats: the initial format follows the list; a format outside it is refused', () => {
  assert.is(resolveScenario({ dataFormats: ['802.3'] }).dataFormat, '802.3');
  refused({ dataFormats: ['802.3'], dataFormat: 'raw-ip' }, 'dataFormats');
  refused({ dataFormats: [] }, 'dataFormats');
  refused({ sim: { verifyErrors: ['busy'] } }, 'sim.verifyErrors');
  refused({ registration: { psAttach: 'maybe' } }, 'registration.psAttach');
  refused({ profile: { pdpType: 'ppp' } }, 'profile.pdpType');
});

test('model: raw-IP-only modem keeps raw-IP; traffic passes only with the matching driver flag and a session', () => {
  const m = new ModemModel(resolveScenario({ dataFormats: ['raw-ip'], registration: { delayMs: 0 } }));
  assert.is(m.selectDataFormat('802.3'), 'raw-ip');
  assert.is(m.trafficPasses(true), false, 'no session yet');
  m.close();
});

test('model: singlePdn refuses another APN (55) and IPv6 on an IPv4 attach (50)', async () => {
  const m = new ModemModel(resolveScenario({ profile: { apn: 'internet', pdpType: 'ipv4' }, data: { singlePdn: true }, registration: { delayMs: 0 } }));
  await new Promise((r) => setTimeout(r, 5));
  assert.is(m.registration.state, 'registered');
  const other = m.startSession({ owner: 'wds:1', apn: 'ims', family: 4 });
  assert.equal(other.ok ? undefined : other.end.verboseReason, 55);
  const v6 = m.startSession({ owner: 'wds:2', apn: 'internet', family: 6 });
  assert.equal(v6.ok ? undefined : v6.end.verboseReason, 50);
  const v4 = m.startSession({ owner: 'wds:3', apn: 'internet', family: 4 });
  assert.ok(v4.ok);
  m.close();
});

test('model: lossKeepsCalls keeps the calls through registered → searching while online, not through low power or denial; off, a loss ends them', async () => {
  const registered = async (m: ModemModel) => {
    m.setRegistration({ state: 'registered' });
    await new Promise((r) => setTimeout(r, 5));
    assert.is(m.registration.state, 'registered');
  };
  const keep = new ModemModel(resolveScenario({ registration: { delayMs: 0, lossKeepsCalls: true } }));
  await registered(keep);
  const call = keep.startSession({ owner: 'wds:1', apn: 'internet', family: 4 });
  assert.ok(call.ok);
  for (let i = 0; i < 50; i++) { keep.setRegistration({ state: 'searching' }); keep.setRegistration({ state: 'registered' }); }
  assert.is(keep.listSessions().length, 1, 'a flap keeps the call');
  keep.setRegistration({ state: 'searching' });
  assert.is(keep.listSessions().length, 1, 'searching keeps it');
  await registered(keep);
  keep.setRegistration({ denied: true });
  assert.is(keep.listSessions().length, 0, 'denied ends it');
  await registered(keep);
  assert.ok(keep.startSession({ owner: 'wds:2', apn: 'internet', family: 4 }).ok);
  assert.ok(keep.setOperatingMode('low-power'));
  assert.is(keep.listSessions().length, 0, 'radio off ends it');
  keep.close();
  const drop = new ModemModel(resolveScenario({ registration: { delayMs: 0 } }));
  await registered(drop);
  assert.ok(drop.startSession({ owner: 'wds:1', apn: 'internet', family: 4 }).ok);
  drop.setRegistration({ state: 'searching' });
  assert.is(drop.listSessions().length, 0, 'default: a loss ends the call');
  drop.close();
});

test('registration.keepSessions (its old second name) is refused with a pointer to lossKeepsCalls', () => {
  refused({ registration: { keepSessions: true } }, 'registration.keepSessions');
  assert.is(resolveScenario({ registration: { lossKeepsCalls: true } }).registration.lossKeepsCalls, true);
});

test.run();
