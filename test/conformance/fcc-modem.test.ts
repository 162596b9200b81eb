// QmiModem/MbimModem.setOnline against FCC-locked simulated modems: the unlock is sent natively on QMI and as QMI over MBIM, by fcc_auth.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { MbimModem } from '../../src/modem/mbim-modem';
import { ModemError } from '../../src/modem/modem-errors';
import { QmiModem } from '../../src/modem/qmi-modem';
import { MbimSimulator, QmiSimulator, Scenario, startMbimSimulator, startQmiSimulator } from '../../src/sim';
import { mbimcli, ok, tempDir } from './sim-helpers';

const tmp = tempDir();
const closers: (() => Promise<void>)[] = [];
let n = 0;
test.after(async () => { for (const c of closers.reverse()) await c(); tmp.cleanup(); });

async function qmi(scenario: Scenario): Promise<{ sim: QmiSimulator; modem: QmiModem }> {
  const sim = await startQmiSimulator({ path: path.join(tmp.dir, `wdm${n++}`), scenario });
  closers.push(() => sim.close());
  const modem = await QmiModem.open(sim.path, { timeoutMs: 3000 });
  closers.push(() => modem.close());
  return { sim, modem };
}

async function mbim(scenario: Scenario): Promise<{ sim: MbimSimulator; modem: MbimModem }> {
  const sim = await startMbimSimulator({ path: path.join(tmp.dir, `wdm${n++}`), scenario });
  closers.push(() => sim.close());
  const modem = await MbimModem.open(sim.path, { timeoutMs: 3000 });
  closers.push(() => modem.close());
  return { sim, modem };
}

async function errorOf(p: Promise<unknown>): Promise<ModemError> {
  try { await p; } catch (e) { assert.instance(e, ModemError); return e as ModemError; }
  throw new Error('expected a ModemError');
}

test('QMI, auto: a Dell DW5821e (Foxconn, v1 lock) gets v2 with the derived hash (refused), then Foxconn Set FCC Authentication 0, and goes online', async () => {
  const { sim, modem } = await qmi({ identity: { manufacturer: 'Dell Inc.', model: 'DW5821e Snapdragon X20 LTE' }, fccLock: { method: 'foxconn' } });
  assert.is(sim.model.operatingMode, 'low-power');
  await modem.setOnline({});
  assert.is(sim.model.operatingMode, 'online');
  assert.equal(sim.model.vendor.fccAttempts.map((a) => a.method), ['foxconn-v2', 'foxconn']);
  assert.equal(sim.model.vendor.fccAttempts[1], { method: 'foxconn', value: 0 });
  assert.equal(modem.fcc?.tried, [{ method: 'foxconn-v2', answer: 'InvalidArgument' }, { method: 'foxconn', answer: 'ok' }]);
  assert.is(modem.fcc?.result, 'unlocked');
  assert.is(modem.fcc?.method, 'foxconn');
});

test('QMI, auto: a Foxconn T99W175 (SDX55) with a v2 lock and no fcc_auth_magic: the magic derived from firmware versions and IMEI unlocks it', async () => {
  const { sim, modem } = await qmi({
    identity: { manufacturer: 'Foxconn', model: 'T99W175', imei: '351234567890128' },
    fccLock: { method: 'foxconn-v2', firmwareMcfg: 'T99W175.F0.6.0.0.6.CC.005.015.1', firmwareApps: '019' },
  });
  await modem.setOnline({});
  assert.is(sim.model.operatingMode, 'online');
  assert.equal(modem.fcc?.tried, [{ method: 'foxconn-v2', answer: 'ok' }]);
  const sent = sim.model.vendor.fccAttempts[0];
  assert.is(sent.magicNumber, 48);
  assert.match(String(sent.magicString), /^salt[0-9a-f]{32}$/);
  assert.is(sent.magicString, sim.model.vendor.expectedMagic);
});

test('QMI, auto: an unknown modem gets the Sierra message (InvalidQmiCommand), then the Foxconn one', async () => {
  const { sim, modem } = await qmi({ identity: { manufacturer: 'Acme', model: 'X1' }, fccLock: { method: 'foxconn', value: 3 } });
  const e = await errorOf(modem.setOnline({ fccAuth: { mode: 'auto' } }));
  assert.is(e.code, 'NETWORK_REGISTRATION_FAILED');
  assert.is(e.data[0], 'fcc-locked');
  assert.equal(modem.fcc?.tried, [{ method: 'sierra', answer: 'InvalidQmiCommand' }, { method: 'foxconn', answer: 'InvalidArgument' }]);
  assert.is(sim.model.operatingMode, 'low-power');
  await modem.setOnline({ fccAuth: { mode: 'auto', value: 3 } });
  assert.is(sim.model.operatingMode, 'online');
  assert.is(modem.fcc?.method, 'foxconn');
});

test('QMI, fcc_auth 0: nothing is sent; the error names the FCC lock and the option', async () => {
  const { sim, modem } = await qmi({ identity: { manufacturer: 'Sierra Wireless, Incorporated', model: 'EM7455' }, fccLock: { method: 'sierra' } });
  const e = await errorOf(modem.setOnline({ fccAuth: { mode: 'off' } }));
  assert.is(e.data[0], 'fcc-locked');
  assert.match(e.message, /FCC-locked.*fcc_auth is 0/);
  assert.equal(sim.model.vendor.fccAttempts, []);
  assert.is(modem.fcc?.result, 'locked');
});

test('QMI, fcc_auth foxconn-v2 with its magic: only v2 is sent', async () => {
  const { sim, modem } = await qmi({ fccLock: { method: 'foxconn-v2', magicString: 'S3cr3t', magicNumber: 9 } });
  await modem.setOnline({ fccAuth: { mode: 'foxconn-v2', magic: { string: 'S3cr3t', number: 9 } } });
  assert.equal(sim.model.vendor.fccAttempts, [{ method: 'foxconn-v2', magicString: 'S3cr3t', magicNumber: 9 }]);
  assert.is(sim.model.operatingMode, 'online');
});

test('QMI, an unlocked modem: no FCC message, no fcc outcome', async () => {
  const { sim, modem } = await qmi({ operatingMode: 'low-power' });
  await modem.setOnline({});
  assert.is(sim.model.operatingMode, 'online');
  assert.equal(sim.model.vendor.fccAttempts, []);
  assert.is(modem.fcc, undefined);
});

test('MBIM, Sierra EM7355 (OperationNotAllowed): DMS Set FCC Authentication as QMI over MBIM; mbimcli sees the radio off before, on after', async () => {
  const sim = await startMbimSimulator({ path: path.join(tmp.dir, `wdm${n++}`), scenario: { identity: { manufacturer: 'Sierra Wireless, Incorporated', model: 'EM7355' }, fccLock: { method: 'sierra' } } });
  closers.push(() => sim.close());
  assert.match(ok(await mbimcli(sim.path, ['--query-radio-state']), 'radio before'), /Software radio state: 'off'/);
  const modem = await MbimModem.open(sim.path, { timeoutMs: 3000 });
  await modem.setOnline({});
  assert.equal(sim.model.vendor.fccAttempts, [{ method: 'sierra' }]);
  assert.is(modem.fcc?.method, 'sierra');
  assert.is(sim.stats.qmi.requests['dms Set FCC Authentication'], 1, 'sent through the QMI tunnel');
  await modem.close();
  assert.match(ok(await mbimcli(sim.path, ['--query-radio-state']), 'radio after'), /Software radio state: 'on'/);
});

test('MBIM, Foxconn SDX55 that keeps the radio off: Foxconn message, then radio on', async () => {
  const { sim, modem } = await mbim({ identity: { manufacturer: 'Foxconn', model: 'T99W175' }, fccLock: { method: 'foxconn', mbimAnswer: 'stays-off' } });
  await modem.setOnline({});
  assert.is(sim.model.operatingMode, 'online');
  assert.is(modem.fcc?.method, 'foxconn');
  assert.equal(sim.model.vendor.fccAttempts.map((a) => a.method), ['foxconn-v2', 'foxconn'], 'v2 (derived magic, refused by this v1 lock), then v1');
});

test.run();
