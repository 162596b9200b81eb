// mbimcli judges MBIMEx 3.0 on the simulator: `--ms-query-version` agrees 3.0 with a 3.0 function,
// `--device-open-ms-mbimex-v3 --ms-query-base-stations-info` prints the NR serving cell and NR
// neighbour the simulator sends (libmbim mbim-service-ms-basic-connect-extensions-v3.json), and
// MbimModem (which asks for 3.0 at open) reads the same cells into its RadioInfo; the other 3.0
// layouts qmi4g and the simulator use (Subscriber Ready Status, Packet Service, Connect) as libmbim
// builds and reads them (mbim-service-ms-basic-connect-v3.json): libmbim's Connect set bytes equal ours.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { MbimModem } from '../../src/modem/mbim-modem';
import { encodeCommandBuffer } from '../../src/mbim/cid';
import { decodeMessage } from '../../src/mbim/message';
import { ConnectV3 } from '../../src/mbim/services/ms-basic-connect-v3';
import { MbimSimulator, Scenario, startMbimSimulator } from '../../src/sim';
import { mbimcli, ok, registered, tempDir } from './sim-helpers';

/** One NR neighbour: mbimcli up to 1.28 steps through an ms-struct-array by the fixed size only (see mbimcli-radio.test.ts). */
const SCENARIO: Scenario = {
  mbim: { mbimex: '3.0' },
  registration: { delayMs: 10, mcc: 262, mnc: 1, operator: 'Telekom.de', rat: 'nr5g', cellId: 28547331, tac: 1234 },
  signal: { rsrp: -97, rsrq: -11 },
  radio: {
    pci: 211, earfcn: 1617,
    nr5g: { mode: 'nsa', pci: 433, arfcn: 643296, cellId: 0x9abcdef12, tac: 0x4e21, rsrp: -88, rsrq: -12, snr: 17 },
    nrNeighbours: [{ pci: 77, rsrp: -101, rsrq: -14, sinr: 6 }],
  },
};

const tmp = tempDir();
let sim: MbimSimulator;

test.after(async () => {
  await sim?.close();
  tmp.cleanup();
});

const hexOf = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

function field(out: string, label: string, from = 0): string {
  const m = new RegExp(`${label}: (.*)`).exec(out.slice(from));
  assert.ok(m, `${label} in:\n${out}`);
  return m![1].trim().replace(/^'|'$/g, '');
}

test('--ms-query-version: a 3.0 function agrees to MBIMEx 3.0; a 2.0 host gets 2.0', async () => {
  const port = path.join(tmp.dir, 'mbim0');
  sim = await startMbimSimulator({ path: port, scenario: SCENARIO });
  try {
    const v3 = ok(await mbimcli(port, ['--ms-query-version=1.0,3.0', '--no-close']), 'version 3.0');
    assert.match(v3, /MBIM extended version\s*: 3\.00/);
    const v2 = ok(await mbimcli(port, ['--ms-query-version=1.0,2.0', '--no-close']), 'version 2.0');
    assert.match(v2, /MBIM extended version\s*: 2\.00/);
  } finally { await sim.close(); }
});

test('--device-open-ms-mbimex-v3 --ms-query-base-stations-info prints the NR serving cell and NR neighbour MbimModem.radio() reads', async () => {
  const port = path.join(tmp.dir, 'mbim1');
  sim = await startMbimSimulator({ path: port, scenario: SCENARIO });
  await registered(sim.model);
  try {
    const out = ok(await mbimcli(port, ['--device-open-ms-mbimex-v3', '--ms-query-base-stations-info', '--no-close']), 'base stations v3');
    assert.match(out, /System type: lte, 5g/);
    assert.match(out, /System subtype: 5g-endc/);
    const at = out.indexOf('Serving NR cells: 1');
    assert.ok(at > 0, out);
    assert.is(field(out, 'Provider id', at), '26201');
    assert.is(field(out, 'NCI', at), String(0x9abcdef12));
    assert.is(field(out, 'Physical cell id', at), '433');
    assert.is(field(out, 'NRARFCN', at), '643296');
    assert.is(field(out, 'TAC', at), String(0x4e21));
    assert.is(field(out, 'RSRP', at), '-88 dBm');
    assert.is(field(out, 'RSRQ', at), '-12 dB');
    assert.is(field(out, 'SINR', at), '17 dB');
    const nAt = out.indexOf('Neighboring NR cells: 1');
    assert.ok(nAt > 0, out);
    assert.is(field(out, 'Physical cell id', nAt), '77');
    assert.is(field(out, 'RSRP', nAt), '-101 dBm');
    const m = await MbimModem.open(port, { timeoutMs: 3000 });
    try {
      assert.is(m.mbimexVersion, 0x0300);
      const r = await m.radio();
      assert.is(r.systemMode, 'nr5g-nsa');
      assert.is(r.serving?.rat, 'lte');
      assert.is(String(r.serving?.pci), field(out, 'Physical cell id', out.indexOf('LTE Serving cell')));
      const nr = r.nr5g!;
      assert.is(String(nr.pci), field(out, 'Physical cell id', at));
      assert.is(String(nr.arfcn), field(out, 'NRARFCN', at));
      assert.is(String(nr.cellId), field(out, 'NCI', at));
      assert.is(nr.gnodebId, Math.floor(0x9abcdef12 / 4096));
      assert.is(`${nr.rsrp} dBm`, field(out, 'RSRP', at));
      assert.is(`${nr.rsrq} dB`, field(out, 'RSRQ', at));
      assert.is(`${nr.snr} dB`, field(out, 'SINR', at));
      const n = r.neighbours.find((x) => x.rat === 'nr5g');
      assert.ok(n, JSON.stringify(r.neighbours));
      assert.is(String(n!.pci), field(out, 'Physical cell id', nAt));
      assert.is(`${n!.rsrp} dBm`, field(out, 'RSRP', nAt));
    } finally { await m.close(); }
  } finally { await sim.close(); }
});

test('3.0 layouts libmbim reads: Subscriber Ready Status (Flags), Packet Service (data subclass, BCD TAI), Connect set/response with a TLV access string', async () => {
  const port = path.join(tmp.dir, 'mbim2');
  sim = await startMbimSimulator({ path: port, scenario: SCENARIO });
  await registered(sim.model);
  const v3 = (args: string[]) => mbimcli(port, ['--device-open-ms-mbimex-v3', ...args, '--no-close']);
  const sub = ok(await v3(['--query-subscriber-ready-status']), 'subscriber ready status');
  assert.match(sub, /SIM ICCID: '89490200001234567890'/);
  assert.match(sub, /Flags: 'sim-removability-known, sim-removable'/);
  const ps = ok(await v3(['--query-packet-service-state']), 'packet service');
  assert.match(ps, /Data sub class: '5g-endc'/);
  assert.match(ps, /TAI PLMN MCC: '262'/);
  assert.match(ps, /TAI PLMN MNC: '01'/);
  assert.match(ps, /TAI  TAC: '1234'/);
  // libmbim builds the 3.0 Connect set; the simulator (with src/mbim's ConnectV3) must read the APN from its TLV.
  ok(await v3(['--connect=access-string=internet.v3,ip-type=ipv4']), 'connect');
  assert.equal(sim.model.listSessions().map((x) => x.apn), ['internet.v3']);
  ok(await v3(['--disconnect']), 'disconnect');
  assert.is(sim.model.listSessions().length, 0);
  // libmbim's 3.0 Connect set, byte for byte, is what src/mbim's ConnectV3 encodes for the same values.
  const libmbimSet = sim.stats.captured.filter((c) => c.name === 'Connect set')[0];
  assert.ok(libmbimSet, sim.stats.captured.map((c) => c.name).join(', '));
  const msg = decodeMessage(new Uint8Array(libmbimSet.bytes));
  assert.is(msg.type, 'command');
  const ours = encodeCommandBuffer(ConnectV3, 'set', { activationCommand: 1, accessString: 'internet.v3', ipType: 1 });
  assert.is(hexOf((msg as { buffer: Uint8Array }).buffer), hexOf(ours), 'libmbim mbim_message_ms_basic_connect_v3_connect_set_new bytes');
  // MbimModem agrees 3.0 and connects with that encoding; the simulator reads its APN.
  const m = await MbimModem.open(port, { timeoutMs: 3000 });
  try {
    assert.is(m.mbimexVersion, 0x0300);
    await m.connect({ family: 4, apn: 'daemon.v3' });
    const apns = sim.model.listSessions().map((x) => x.apn);
    assert.ok(apns.length > 0 && apns.every((a) => a === 'daemon.v3'), apns.join(', '));
  } finally { await m.close(); }
});

test.run();
