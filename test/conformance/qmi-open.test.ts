// QmiModem.open against slow and wrong ports: a modem silent for its first 5 s opens; a port answering non-QMI is DEVICE_NOT_SUPPORTED; silence is MODEM_UNRESPONSIVE.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { ModemError } from '../../src/modem/modem-errors';
import { QmiModem } from '../../src/modem/qmi-modem';
import { QmiSimulator, startQmiSimulator } from '../../src/sim';
import { SimPty } from '../../src/sim/pty';
import { tempDir } from './sim-helpers';

const tmp = tempDir();
const closers: (() => Promise<void>)[] = [];
let n = 0;
test.after(async () => { for (const c of closers) await c(); tmp.cleanup(); });

async function errorOf(p: Promise<unknown>): Promise<ModemError> {
  try { await p; } catch (e) { assert.instance(e, ModemError); return e as ModemError; }
  throw new Error('expected a ModemError');
}

test('a modem silent for its first 5 s (cold boot) opens: Get Version Info retried once a second', async () => {
  const sim: QmiSimulator = await startQmiSimulator({ path: path.join(tmp.dir, `wdm${n++}`), scenario: { silentForMs: 5000 } });
  closers.push(() => sim.close());
  const t0 = Date.now();
  const m = await QmiModem.open(sim.path, { timeoutMs: 3000 });
  closers.push(() => m.close());
  const took = Date.now() - t0;
  assert.ok(took >= 4500 && took < 8000, `opened after ${took} ms`);
  assert.ok(sim.stats.dropped >= 4, `${sim.stats.dropped} requests went unanswered while booting`);
  assert.ok(sim.stats.requests['ctl Sync'] >= 1, 'CTL Sync once the modem listens');
});

test('a port that answers something that is not QMI (an AT port) is DEVICE_NOT_SUPPORTED at once', async () => {
  const pty = await SimPty.open({ path: path.join(tmp.dir, `ttyUSB${n++}`) });
  closers.push(() => pty.close());
  pty.on('data', () => { void pty.write(Buffer.from('\r\nERROR\r\n')); });
  const t0 = Date.now();
  const e = await errorOf(QmiModem.open(pty.path, { timeoutMs: 3000 }));
  assert.is(e.code, 'DEVICE_NOT_SUPPORTED');
  assert.ok(Date.now() - t0 < 3000, 'no 20 s wait');
});

test('a port that stays silent is MODEM_UNRESPONSIVE after the open timeout, not DEVICE_NOT_SUPPORTED', async () => {
  const pty = await SimPty.open({ path: path.join(tmp.dir, `wdm${n++}`) });
  closers.push(() => pty.close());
  const e = await errorOf(QmiModem.open(pty.path, { timeoutMs: 3000, openTimeoutMs: 2500 }));
  assert.is(e.code, 'MODEM_UNRESPONSIVE');
  assert.is(e.permanent, false);
});

test.run();
