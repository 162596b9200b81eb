// QmiModem.open sets the link-layer format (raw-IP preferred) and reads it back, against the simulator's format knobs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { QmiModem } from '../../src/modem/qmi-modem';
import { QmiSimulator, Scenario, startQmiSimulator } from '../../src/sim';
import { tempDir } from './sim-helpers';

const tmp = tempDir();
const sims: QmiSimulator[] = [];
const modems: QmiModem[] = [];
let n = 0;
test.after(async () => { for (const m of modems) await m.close(); for (const s of sims) await s.close(); tmp.cleanup(); });

async function open(scenario: Scenario): Promise<{ sim: QmiSimulator; modem: QmiModem }> {
  const sim = await startQmiSimulator({ path: path.join(tmp.dir, `wdm${n++}`), scenario });
  sims.push(sim);
  const modem = await QmiModem.open(sim.path, { timeoutMs: 3000 });
  modems.push(modem);
  return { sim, modem };
}

test('a modem at 802.3 that can do raw-IP is switched to raw-IP (WDA Set Data Format), read back', async () => {
  const { sim, modem } = await open({ dataFormat: '802.3', dataFormats: ['802.3', 'raw-ip'] });
  assert.is(modem.dataFormat, 'raw-ip');
  assert.is(sim.model.dataFormat, 'raw-ip');
  assert.is(sim.stats.requests['wda Set Data Format'], 1);
  assert.is(sim.stats.requests['wda Get Data Format'], 1, 'read back');
});

test('a raw-IP-only modem stays raw-IP; an 802.3-only one answers 802.3 and stays so', async () => {
  const r = await open({ dataFormats: ['raw-ip'] });
  assert.is(r.modem.dataFormat, 'raw-ip');
  const e = await open({ dataFormats: ['802.3'] });
  assert.is(e.modem.dataFormat, '802.3');
  assert.is(e.sim.model.dataFormat, '802.3');
});

test('a modem without WDA: CTL Set Data Format asks for raw-IP (TLV 0x10 protocol 2), as uqmi --set-data-format', async () => {
  const { sim, modem } = await open({ wda: false, dataFormat: '802.3' });
  assert.not.ok(modem.hasService(0x1a));
  assert.is(modem.dataFormat, 'raw-ip');
  assert.is(sim.model.dataFormat, 'raw-ip');
  assert.is(sim.stats.requests['ctl Set Data Format'], 1);
  const e = await open({ wda: false, dataFormats: ['802.3'] });
  assert.is(e.modem.dataFormat, '802.3', 'the answer names the format kept');
});

test.run();
