// qmicli and mbimcli judge the simulator's FCC-locked radio and its Sierra USB composition (issue 14).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { MbimSimulator, QmiSimulator, Scenario, startMbimSimulator, startQmiSimulator } from '../../src/sim';
import { mbimcli, ok, qmicli, runTool, tempDir } from './sim-helpers';
import { createHash } from 'node:crypto';
import { foxconnV2Hash } from '../../src/modem/fcc-unlock';

const tmp = tempDir();
const sims: (QmiSimulator | MbimSimulator)[] = [];
let n = 0;

async function qmiSim(scenario: Scenario): Promise<QmiSimulator> {
  const s = await startQmiSimulator({ path: path.join(tmp.dir, `wdm${n++}`), scenario });
  sims.push(s);
  return s;
}

async function mbimSim(scenario: Scenario): Promise<MbimSimulator> {
  const s = await startMbimSimulator({ path: path.join(tmp.dir, `wdm${n++}`), scenario });
  sims.push(s);
  return s;
}

const qmiOverMbim = (port: string, args: string[]) => runTool('qmicli', ['-d', port, '--device-open-mbim', ...args], 15_000);

test.after(async () => {
  for (const s of sims) await s.close();
  tmp.cleanup();
});

test('MBIM, Sierra lock: radio on refused; qmicli --device-open-mbim --dms-set-fcc-authentication; then radio on', async () => {
  const sim = await mbimSim({ identity: { manufacturer: 'Sierra Wireless, Incorporated', model: 'EM7455' }, fccLock: { method: 'sierra' } });
  const before = ok(await mbimcli(sim.path, ['--query-radio-state']), 'query radio state');
  assert.match(before, /Software radio state: 'off'/);
  const refused = await mbimcli(sim.path, ['--set-radio-state=on']);
  assert.is.not(refused.code, 0, `radio on must be refused while locked:\n${refused.stdout}`);
  assert.match(refused.stderr + refused.stdout, /OperationNotAllowed|not allowed/i);
  ok(await qmiOverMbim(sim.path, ['--dms-set-fcc-authentication']), 'set FCC authentication over MBIM');
  assert.equal(sim.model.vendor.fccAttempts, [{ method: 'sierra' }]);
  ok(await mbimcli(sim.path, ['--set-radio-state=on']), 'radio on after unlock');
  assert.match(ok(await mbimcli(sim.path, ['--query-radio-state']), 'query radio state'), /Software radio state: 'on'/);
});

test('MBIM, Foxconn lock that answers "stays off": the Sierra message is unknown, the Foxconn one unlocks', async () => {
  const sim = await mbimSim({ identity: { manufacturer: 'Foxconn', model: 'T99W175' }, fccLock: { method: 'foxconn', value: 0, mbimAnswer: 'stays-off' } });
  const set = ok(await mbimcli(sim.path, ['--set-radio-state=on']), 'set radio (succeeds, stays off)');
  assert.match(set, /Software radio state: 'off'/);
  const sierra = await qmiOverMbim(sim.path, ['--dms-set-fcc-authentication']);
  assert.is.not(sierra.code, 0);
  assert.match(sierra.stderr, /InvalidQmiCommand|invalid-qmi-command|Invalid QMI command/i);
  ok(await qmiOverMbim(sim.path, ['--dms-foxconn-set-fcc-authentication=0']), 'Foxconn FCC authentication over MBIM');
  assert.match(ok(await mbimcli(sim.path, ['--set-radio-state=on']), 'radio on'), /Software radio state: 'on'/);
});

test('QMI, Foxconn lock: online refused (InvalidTransition); a wrong value refused; --dms-foxconn-set-fcc-authentication=7 unlocks', async () => {
  const sim = await qmiSim({ identity: { manufacturer: 'Foxconn', model: 'T77W968' }, fccLock: { method: 'foxconn', value: 7 } });
  assert.match(ok(await qmicli(sim.path, ['--dms-get-operating-mode']), 'get operating mode'), /Mode: 'low-power'/);
  const refused = await qmicli(sim.path, ['--dms-set-operating-mode=online']);
  assert.is.not(refused.code, 0);
  assert.match(refused.stderr, /InvalidTransition|invalid-transition|Invalid transition/i);
  const wrong = await qmicli(sim.path, ['--dms-foxconn-set-fcc-authentication=0']);
  assert.is.not(wrong.code, 0);
  ok(await qmicli(sim.path, ['--dms-foxconn-set-fcc-authentication=7']), 'Foxconn FCC authentication');
  ok(await qmicli(sim.path, ['--dms-set-operating-mode=online']), 'online after unlock');
  assert.match(ok(await qmicli(sim.path, ['--dms-get-operating-mode']), 'get operating mode'), /Mode: 'online'/);
  assert.equal(sim.model.vendor.fccAttempts, [{ method: 'foxconn', value: 0 }, { method: 'foxconn', value: 7 }]);
});

test('QMI, Foxconn v2 lock: --dms-foxconn-set-fcc-authentication-v2 with the magic string and number unlocks', async () => {
  const sim = await qmiSim({ fccLock: { method: 'foxconn-v2', magicString: 'WWAN-UNLOCK', magicNumber: 42 } });
  assert.is.not((await qmicli(sim.path, ['--dms-foxconn-set-fcc-authentication-v2=WWAN-UNLOCK,41'])).code, 0);
  ok(await qmicli(sim.path, ['--dms-foxconn-set-fcc-authentication-v2=WWAN-UNLOCK,42']), 'Foxconn FCC authentication v2');
  ok(await qmicli(sim.path, ['--dms-set-operating-mode=online']), 'online after unlock');
  assert.equal(sim.model.vendor.fccAttempts.at(-1), { method: 'foxconn-v2', magicString: 'WWAN-UNLOCK', magicNumber: 42 });
});

test('QMI, Foxconn v2 lock with the derived magic: qmicli reads the firmware versions and IMEI, the hash computed as ModemManager does unlocks', async () => {
  const sim = await qmiSim({ identity: { imei: '358765432109874' }, fccLock: { method: 'foxconn-v2', firmwareMcfg: 'T99W373.F0.1.0.0.3.CC.001.002.3', firmwareApps: '007' } });
  const version = async (t: string) => /Version: '([^']*)'/.exec(ok(await qmicli(sim.path, [`--dms-foxconn-get-firmware-version=${t}`]), t))![1];
  const mcfg = (await version('firmware-mcfg')).replace(/\.[^.]*\.[^.]*$/, '');
  const apps = await version('apps');
  const imei = /IMEI: '([^']*)'/.exec(ok(await qmicli(sim.path, ['--dms-get-ids']), 'ids'))![1];
  assert.is(mcfg, 'T99W373.F0.1.0.0.3.CC.001');
  const hash = `salt${createHash('md5').update(`${mcfg}${apps}${imei}saltfoxc`).digest('hex')}`;
  assert.is(hash, foxconnV2Hash('T99W373.F0.1.0.0.3.CC.001.002.3', '007', '358765432109874'), 'the daemon derives the same magic');
  assert.is.not((await qmicli(sim.path, ['--dms-foxconn-set-fcc-authentication-v2=salt0000,48'])).code, 0);
  ok(await qmicli(sim.path, [`--dms-foxconn-set-fcc-authentication-v2=${hash},48`]), 'v2 with the derived magic');
  ok(await qmicli(sim.path, ['--dms-set-operating-mode=online']), 'online after unlock');
});

test('--dms-swi-get-usb-composition / --dms-swi-set-usb-composition; the reset applies it and re-enumerates as MBIM', async () => {
  const sim = await qmiSim({ identity: { manufacturer: 'Sierra Wireless, Incorporated', model: 'MC7455' }, usbComposition: { current: 6, supported: [6, 8, 9, 14] } });
  const got = ok(await qmicli(sim.path, ['--dms-swi-get-usb-composition']), 'get USB composition');
  assert.match(got, /Current:\s*'6'|\[\*\] USB composition 6/i);
  for (const c of [8, 9, 14]) assert.match(got, new RegExp(`USB composition ${c}:`), `supported ${c} listed:\n${got}`);
  assert.is.not((await qmicli(sim.path, ['--dms-swi-set-usb-composition=3'])).code, 0, 'an unsupported composition is refused');
  ok(await qmicli(sim.path, ['--dms-swi-set-usb-composition=8']), 'set USB composition 8');
  const seen: unknown[] = [];
  sim.model.on('reenumerate', (r) => seen.push(r));
  ok(await qmicli(sim.path, ['--dms-set-operating-mode=reset']), 'reset');
  assert.equal(seen, [{ composition: 8, protocol: 'mbim' }]);
});

test('a modem without Sierra USB composition answers InvalidQmiCommand', async () => {
  const sim = await qmiSim({});
  const r = await qmicli(sim.path, ['--dms-swi-get-usb-composition']);
  assert.is.not(r.code, 0);
  assert.match(r.stderr, /InvalidQmiCommand|invalid-qmi-command|Invalid QMI command/i);
});

test.run();
