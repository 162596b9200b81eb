// The hang ladder's QMI reset against the simulator: a modem that resets only from offline is really reset (offline, then reset).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { resetQmiModem } from '../../src/modem/qmi-reset';
import { QmiSimulator, startQmiSimulator } from '../../src/sim';
import { tempDir } from './sim-helpers';

const tmp = tempDir();
const sims: QmiSimulator[] = [];
let n = 0;
test.after(async () => { for (const s of sims) await s.close(); tmp.cleanup(); });

async function sim(resetNeedsOffline: boolean): Promise<QmiSimulator> {
  const s = await startQmiSimulator({ path: path.join(tmp.dir, `wdm${n++}`), scenario: { resetNeedsOffline } });
  sims.push(s);
  return s;
}

test('modem accepting RESET: one Set Operating Mode reset', async () => {
  const s = await sim(false);
  await resetQmiModem(s.path, { timeoutMs: 3000 });
  assert.is(s.model.resets, 1);
  assert.is(s.stats.requests['dms Set Operating Mode'], 1);
});

test('modem refusing RESET while online (InvalidTransition): offline, then RESET — a reset, not a radio cycle', async () => {
  const s = await sim(true);
  await resetQmiModem(s.path, { timeoutMs: 3000 });
  assert.is(s.model.resets, 1, 'the modem was reset');
  assert.is(s.model.operatingMode, 'offline', 'not put back online (the reset boots it)');
  assert.is(s.stats.requests['dms Set Operating Mode'], 3);
});

test.run();
