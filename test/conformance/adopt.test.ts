// Adoption against the simulators: a second owner takes the running data session over without CTL Sync / MBIM OPEN, and refuses when it is gone.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { adoptMbimModem } from '../../src/modem/mbim-adopt';
import { MbimModem } from '../../src/modem/mbim-modem';
import type { DataSession, MbimHandoff, ModemEvent, QmiHandoff } from '../../src/modem/modem';
import { AdoptionError, adoptQmiModem } from '../../src/modem/qmi-adopt';
import { QmiModem } from '../../src/modem/qmi-modem';
import { QmiSimulator, MbimSimulator, startMbimSimulator, startQmiSimulator } from '../../src/sim';
import { waitFor } from '../../src/util/wait';
import { qmicli, registered, tempDir } from './sim-helpers';

const tmp = tempDir();
const sims: { close(): Promise<void> }[] = [];
let n = 0;

test.after(async () => { for (const s of sims) await s.close(); tmp.cleanup(); });

async function qmiSim(): Promise<QmiSimulator> {
  const sim = await startQmiSimulator({ path: path.join(tmp.dir, `wdm${n++}`), scenario: { registration: { delayMs: 0 } } });
  sims.push(sim);
  await registered(sim.model);
  return sim;
}

async function mbimSim(): Promise<MbimSimulator> {
  const sim = await startMbimSimulator({ path: path.join(tmp.dir, `mbim${n++}`), scenario: { registration: { delayMs: 0 } } });
  sims.push(sim);
  await registered(sim.model);
  return sim;
}

/** Asserts that adoption is refused with an AdoptionError whose message matches. */
async function refused(p: Promise<unknown>, message: RegExp): Promise<void> {
  try { await p; } catch (e) {
    assert.instance(e, AdoptionError);
    assert.match((e as Error).message, message);
    return;
  }
  assert.unreachable('adoption was not refused');
}

const count = (stats: { requests: Record<string, number> }, name: string) => stats.requests[name] ?? 0;

/** The first owner: opens, connects IPv4, and dies (port closed, nothing released — as kill -9 does). */
async function qmiOwnerDies(sim: QmiSimulator): Promise<{ handoff: QmiHandoff; sessions: DataSession[] }> {
  const m = await QmiModem.open(sim.path, { timeoutMs: 3000 });
  const s = await m.connect({ family: 4, apn: 'internet' });
  const handoff = m.handoff() as QmiHandoff;
  m.detach();
  return { handoff, sessions: [s] };
}

test('QMI: the simulator keeps client ids and the call across the owner\'s exit; the new owner adopts without CTL Sync', async () => {
  const sim = await qmiSim();
  const { handoff, sessions } = await qmiOwnerDies(sim);
  const before = sim.model.listSessions();
  assert.is(before.length, 1, 'the call outlived its owner process');
  assert.ok(sim.stats.cids.wds?.includes(handoff.cids.wds4!), 'the WDS client id is still allocated');
  const syncs = count(sim.stats, 'ctl Sync');
  const allocations = sim.stats.allocations;
  const a = await adoptQmiModem(handoff, sessions, { confirmTimeoutMs: 3000 });
  assert.is(count(sim.stats, 'ctl Sync'), syncs, 'no CTL Sync: it would release the live call\'s client ids');
  assert.is(sim.stats.allocations, allocations, 'no new client ids');
  assert.is(count(sim.stats, 'wds Get Packet Service Status'), 1, 'the call was confirmed with Get Packet Service Status');
  assert.is(count(sim.stats, 'wds Start Network') + count(sim.stats, 'wds Stop Network'), 1, 'only the first owner\'s Start Network');
  assert.equal(sim.model.listSessions().map((s) => s.handle), before.map((s) => s.handle), 'the same call, untouched');
  assert.is(a.sessions[0].handle, sessions[0].handle);
  assert.is(a.sessions[0].settings.address, sessions[0].settings.address);
  assert.is(a.registration?.state, 'registered');
  assert.ok(await a.modem.isConnected(4));
  // Watching resumed: a network drop reaches the new owner as session-down.
  const down = waitFor<ModemEvent>('session-down', (done) => a.modem.onEvent((e) => { if (e.type === 'session-down') done(e); }), { timeoutMs: 3000 });
  sim.dropCall();
  assert.is((await down).type, 'session-down');
  await a.modem.close();
  assert.equal(sim.stats.cids, {}, 'close() released every client id');
});

test('QMI: CTL Sync (another program opening with --device-open-sync) releases the dead owner\'s ids and call: adoption refused', async () => {
  const sim = await qmiSim();
  const { handoff, sessions } = await qmiOwnerDies(sim);
  const r = await qmicli(sim.path, ['--device-open-sync', '--dms-get-operating-mode']);
  assert.is(r.code, 0, r.stderr);
  assert.is(sim.model.listSessions().length, 0, 'CTL Sync ended the call with its WDS client');
  try {
    await adoptQmiModem(handoff, sessions, { confirmTimeoutMs: 3000 });
    assert.unreachable('adopted released client ids');
  } catch (e) {
    assert.instance(e, AdoptionError);
    assert.match((e as Error).message, /no longer knows the client id|InvalidClientId/);
  }
});

test('QMI: the call ended while nobody watched, or the modem rebooted: adoption refused with the reason', async () => {
  const sim = await qmiSim();
  const first = await qmiOwnerDies(sim);
  sim.dropCall();
  await refused(adoptQmiModem(first.handoff, first.sessions, { confirmTimeoutMs: 3000 }), /is gone/);
  // Clean up the leftover ids as the daemon's fallback open does (CTL Sync), then a reboot.
  const second = await qmiOwnerDies(sim);
  sim.reset();
  await refused(adoptQmiModem(second.handoff, second.sessions, { confirmTimeoutMs: 3000 }), /./);
  // The normal open still works after a refused adoption.
  const m = await QmiModem.open(sim.path, { timeoutMs: 3000 });
  assert.is((await m.connect({ family: 4, apn: 'internet' })).family, 4);
  await m.close();
});

test('QMI: a modem that does not answer is not adopted (bounded by the confirm timeout), and nothing was sent that changes it', async () => {
  const sim = await qmiSim();
  const { handoff, sessions } = await qmiOwnerDies(sim);
  sim.setUnresponsive(true);
  const t0 = Date.now();
  await refused(adoptQmiModem(handoff, sessions, { confirmTimeoutMs: 300 }), /no answer/);
  assert.ok(Date.now() - t0 < 1500, `refused after ${Date.now() - t0} ms`);
  sim.setUnresponsive(false);
  assert.is(sim.model.listSessions().length, 1, 'the call is still there (a later open decides)');
  assert.is(count(sim.stats, 'ctl Sync'), 1);
});

test('MBIM: the function stays open across the owner\'s exit; the new owner adopts without OPEN and watches on', async () => {
  const sim = await mbimSim();
  const m = await MbimModem.open(sim.path, { timeoutMs: 3000 });
  const s = await m.connect({ family: 4, apn: 'internet' });
  const handoff = m.handoff() as MbimHandoff;
  m.detach();
  assert.is(sim.stats.opened, 1);
  const before = sim.model.listSessions().map((x) => x.handle);
  assert.ok(before.length >= 1, 'the session outlived its owner process');
  const a = await adoptMbimModem(handoff, [s], { confirmTimeoutMs: 3000 });
  assert.is(sim.stats.opened, 1, 'no second OPEN');
  assert.is(sim.stats.closed, 0, 'no CLOSE');
  assert.equal(sim.model.listSessions().map((x) => x.handle), before, 'the same session, untouched');
  assert.is(a.sessions[0].settings.address, s.settings.address);
  const down = waitFor<ModemEvent>('session-down', (done) => a.modem.onEvent((e) => { if (e.type === 'session-down') done(e); }), { timeoutMs: 3000 });
  sim.dropCall();
  assert.is((await down).type, 'session-down', 'Connect notifications reach the new owner');
  await a.modem.close();
});

test('MBIM: a rebooted modem (NotOpened) or a deactivated session: adoption refused', async () => {
  const sim = await mbimSim();
  const m = await MbimModem.open(sim.path, { timeoutMs: 3000 });
  const s = await m.connect({ family: 4, apn: 'internet' });
  const handoff = m.handoff() as MbimHandoff;
  m.detach();
  sim.dropCall();
  await refused(adoptMbimModem(handoff, [s], { confirmTimeoutMs: 3000 }), /is gone/);
  sim.reset();
  await refused(adoptMbimModem(handoff, [s], { confirmTimeoutMs: 3000 }), /closed the MBIM function/);
});

test.run();
