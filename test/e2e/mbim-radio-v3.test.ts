// `qmi4g status` over MBIM with an MBIMEx 3.0 modem, through handler (mbim.sh), ubus and the
// in-process daemon on the simulator: the daemon agrees to 3.0 at open, connects with the 3.0
// Connect layout, and status shows the NR5G leg (NSA) or NR serving cell (SA) and the NR
// neighbours from Base Stations Info v3, the text status grouping LTE and NR neighbours.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { startHarness } from '../../src/sim/harness';
import type { Scenario } from '../../src/sim';
import { formatStatus } from '../../src/daemon/status';

const BUNDLE = path.resolve(__dirname, '../../dist/qmi4g.js');

const NR_CELL = { pci: 733, arfcn: 632544, cellId: 0x12345678a, tac: 0x4e21, rsrp: -88, rsrq: -10, snr: 21 };

const NSA: Scenario = {
  mbim: { mbimex: '3.0' },
  registration: { delayMs: 20, mcc: 234, mnc: 15, operator: 'Vodafone UK', rat: 'lte', cellId: 28547331, tac: 1234 },
  radio: {
    pci: 211, earfcn: 1617,
    nr5g: { mode: 'nsa', ...NR_CELL },
    neighbours: [{ pci: 212, rsrp: -101, rsrq: -13 }],
    nrNeighbours: [{ pci: 734, rsrp: -95, rsrq: -12, sinr: 9 }, { pci: 735, rsrp: -110, rsrq: -16, sinr: 1 }],
  },
};

const SA: Scenario = {
  ...NSA,
  registration: { ...NSA.registration, rat: 'nr5g' },
  radio: { ...NSA.radio, nr5g: { mode: 'sa', ...NR_CELL }, neighbours: [] },
};

async function statusOf(scenario: Scenario): Promise<{ st: Record<string, any>; text: string; requests: Record<string, number> }> {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process', protocol: 'mbim', scenario });
  try {
    const up = h.waitState('wwan', (s) => s.state === 'connected' || s.state === 'failed');
    assert.is((await h.handler('setup', 'wwan', { device: h.devicePath, apn: 'internet' })).status, 0);
    const s = await up;
    assert.is(s.state, 'connected', s.reason);
    const st = (await h.client.call('qmi4g', 'status', { interface: 'wwan' })) as Record<string, any>;
    return { st, text: formatStatus(st), requests: { ...h.sim.stats.requests } };
  } finally { await h.close(); }
}

test('MBIMEx 3.0, 5G NSA: status has the LTE cell, the NR5G leg and NR neighbours; text groups LTE and NR neighbours', async () => {
  const { st, text, requests } = await statusOf(NSA);
  assert.ok((requests['MS Version'] ?? 0) >= 1, JSON.stringify(requests));
  assert.is(st.system_mode, 'nr5g-nsa');
  assert.equal({ rat: st.cell?.rat, pci: st.cell?.pci, earfcn: st.cell?.earfcn }, { rat: 'lte', pci: 211, earfcn: 1617 });
  assert.equal(st.nr5g, { pci: 733, arfcn: 632544, cell_id: 0x12345678a, gnodeb_id: Math.floor(0x12345678a / 4096), tac: 0x4e21, rsrp: -88, rsrq: -10, snr: 21 });
  assert.equal(st.neighbours.map((n: any) => [n.rat, n.pci, n.rsrp]), [['nr5g', 734, -95], ['lte', 212, -101], ['nr5g', 735, -110]], 'strongest first');
  for (const l of [
    '           |       NR5G leg: PCI 733, NR-ARFCN 632544, RSRP -88 dBm, RSRQ -10 dB, SNR 21 dB',
    '           |     neighbours: LTE PCI 212, EARFCN 1617, RSRP -101 dBm, RSRQ -13 dB',
    '           |  NR neighbours: NR5G PCI 734, RSRP -95 dBm, RSRQ -12 dB',
    `           |${' '.repeat(15)}: NR5G PCI 735, RSRP -110 dBm, RSRQ -16 dB`,
    '           |    system mode: 5G NSA (EN-DC)',
  ]) assert.ok(text.includes(l), `${l}\n${text}`);
});

test('MBIMEx 3.0, 5G SA: the NR cell is the serving cell (NR-ARFCN, NCI, gNodeB id) and the NR5G leg', async () => {
  const { st, text } = await statusOf(SA);
  assert.is(st.system_mode, 'nr5g-sa');
  assert.equal(st.cell, { rat: 'nr5g', mcc: '234', mnc: '15', tac: 0x4e21, cell_id: 0x12345678a, gnodeb_id: Math.floor(0x12345678a / 4096), pci: 733, nrarfcn: 632544 });
  assert.is(st.nr5g?.pci, 733);
  assert.equal(st.neighbours.map((n: any) => n.pci), [734, 735]);
  assert.ok(text.includes('    system mode: 5G SA'), text);
});

test('an MBIM 1.0 modem (no MBIMEx): no Version exchange, the 1.0 Base Stations Info, no NR leg', async () => {
  const { st, requests } = await statusOf({ ...NSA, mbim: { mbimex: '1.0' } });
  assert.is(requests['MS Version'] ?? 0, 0);
  assert.is(st.system_mode, 'nr5g-nsa');
  assert.is(st.nr5g, undefined);
  assert.equal(st.neighbours.map((n: any) => n.pci), [212]);
});

test.run();
