// mbimcli judges the MBIM radio picture: `mbimcli --ms-query-base-stations-info` against the
// simulator agrees with what MbimModem.radio() reads (MS Basic Connect Extensions Base Stations Info),
// and `mbimcli --ms-query-nitz` with its network time (MS Voice Extensions NITZ).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { MbimModem } from '../../src/modem/mbim-modem';
import { MbimSimulator, Scenario, startMbimSimulator } from '../../src/sim';
import { mbimcli, ok, registered, tempDir } from './sim-helpers';

/**
 * One neighbour: mbimcli up to libmbim 1.28 steps through an ms-struct-array by the element's
 * fixed size only (libmbim commit 07a8dff, 1.29.7, fixed it), so it reads only the first element
 * of a list whose elements carry strings right; the multi-element layout is checked in
 * test/unit/mbim/ms-struct.test.ts.
 */
const SCENARIO: Scenario = {
  registration: { delayMs: 10, mcc: 234, mnc: 15, operator: 'Vodafone UK', rat: 'lte', cellId: 28547331, tac: 1234 },
  signal: { rsrp: -97, rsrq: -11 },
  radio: {
    pci: 211, earfcn: 1617, nr5g: { mode: 'nsa' }, neighbours: [{ pci: 97, earfcn: 6300, rsrp: -108, rsrq: -15 }],
    networkTime: { utc: '2026-07-04T09:30:15Z', offsetMinutes: 60, dstHours: 1 },
  },
};

const tmp = tempDir();
let sim: MbimSimulator;

test.after(async () => {
  await sim?.close();
  tmp.cleanup();
});

function field(out: string, label: string, from = 0): string {
  const m = new RegExp(`${label}: (.*)`).exec(out.slice(from));
  assert.ok(m, `${label} in:\n${out}`);
  return m![1].trim();
}

test('--ms-query-base-stations-info and --ms-query-nitz agree with MbimModem.radio(): system type, LTE cell, neighbour, network time', async () => {
  const port = path.join(tmp.dir, 'mbim0');
  sim = await startMbimSimulator({ path: port, scenario: SCENARIO });
  await registered(sim.model);
  const out = ok(await mbimcli(port, ['--ms-query-base-stations-info', '--no-close']), 'base stations');
  assert.match(out, /System type: lte, 5g-nsa/);
  const nitz = ok(await mbimcli(port, ['--ms-query-nitz', '--no-close']), 'nitz');
  const m = await MbimModem.open(port, { timeoutMs: 3000 });
  try {
    const r = await m.radio();
    assert.is(r.systemMode, 'nr5g-nsa');
    const at = out.indexOf('LTE Serving cell');
    const c = r.serving!;
    assert.is(`${c.mcc}${c.mnc}`, field(out, 'Provider id', at));
    assert.is(String(c.cellId), field(out, 'Cell id', at));
    assert.is(String(c.earfcn), field(out, 'EARFCN', at));
    assert.is(String(c.pci), field(out, 'Physical cell id', at));
    assert.is(String(c.tac), field(out, 'TAC', at));
    assert.is(c.enodebId, Math.floor(28547331 / 256));
    const nAt = out.indexOf('Neighboring cell [1]');
    assert.ok(nAt > 0, out);
    assert.is(r.neighbours.length, 1);
    const n = r.neighbours[0];
    assert.is(String(n.pci), field(out, 'Physical cell id', nAt));
    assert.is(String(n.earfcn), field(out, 'EARFCN', nAt));
    assert.is(`${n.rsrp} dBm`, field(out, 'RSRP', nAt));
    assert.is(`${n.rsrq} dBm`, field(out, 'RSRQ', nAt), 'mbimcli prints RSRQ with a dBm unit');
    assert.is(n.intraFrequency, false);
    // NITZ: what mbimcli prints is what status shows.
    const [d, mo, y] = field(nitz, 'Date').split('/');
    assert.is(r.networkTime?.utc, `${y}-${mo}-${d}T${field(nitz, 'Time')}Z`);
    assert.is(String(r.networkTime?.utcOffsetMinutes), field(nitz, 'Time zone offset minutes'));
    assert.is(String((r.networkTime?.dstHours ?? 0) * 60), field(nitz, 'Daylight saving time offset minutes'));
  } finally { await m.close(); }
});

test.run();
