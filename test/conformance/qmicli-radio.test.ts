// qmicli judges the radio picture: what `qmicli --nas-get-system-info`, `--nas-get-cell-location-info`,
// `--nas-get-rf-band-info`, `--nas-get-lte-cphy-ca-info` and `--nas-get-signal-info` print against
// the simulator agrees with what the daemon's QmiModem.radio() reads and `qmi4g status` shows.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { QmiModem } from '../../src/modem/qmi-modem';
import type { ModemEvent } from '../../src/modem/modem';
import type { RadioInfo } from '../../src/modem/radio';
import { radioReply } from '../../src/daemon/status-radio';
import { QmiSimulator, Scenario, startQmiSimulator } from '../../src/sim';
import { waitFor } from '../../src/util/wait';
import { ok, qmicli, registered, tempDir } from './sim-helpers';

/** Not the defaults: a UK operator on B3 with an n78 EN-DC leg, an intra- and an inter-frequency neighbour, B20 aggregated. */
const NSA: Scenario = {
  registration: { delayMs: 10, mcc: 234, mnc: 15, operator: 'Vodafone UK', rat: 'lte', cellId: 28547331, tac: 1234 },
  radio: {
    pci: 211, earfcn: 1617, band: 3, bandwidthMhz: 15,
    nr5g: { mode: 'nsa', pci: 733, arfcn: 632544, band: 78, bandwidthMhz: 100, rsrp: -88, rsrq: -10, snr: 21.5 },
    neighbours: [{ pci: 212, rsrp: -101.5, rsrq: -13, rssi: -71 }, { pci: 97, earfcn: 6300, rsrp: -108, rsrq: -15.5, rssi: -80 }],
    carriers: [{ pci: 97, earfcn: 6300, band: 20, bandwidthMhz: 10 }],
    networkTime: { utc: '2026-07-04T09:30:15Z', offsetMinutes: 60, dstHours: 1 },
  },
};

const tmp = tempDir();
const sims: QmiSimulator[] = [];

async function sim(name: string, scenario: Scenario): Promise<{ s: QmiSimulator; port: string }> {
  const port = path.join(tmp.dir, name);
  const s = await startQmiSimulator({ path: port, scenario });
  sims.push(s);
  return { s, port };
}

async function daemonRadio(port: string): Promise<{ radio: RadioInfo; events: ModemEvent[]; modem: QmiModem }> {
  const modem = await QmiModem.open(port, { timeoutMs: 3000 });
  const events: ModemEvent[] = [];
  modem.onEvent((e) => events.push(e));
  return { radio: await modem.radio(), events, modem };
}

/** The value qmicli prints after `label: '` (first match after `from`). */
function field(out: string, label: string, from = 0): string {
  const m = new RegExp(`${label.replace(/[()[\]]/g, '\\$&')}:\\s+'([^']*)'`).exec(out.slice(from));
  assert.ok(m, `${label} in:\n${out.slice(from)}`);
  return m![1];
}

test.after(async () => {
  for (const s of sims) await s.close();
  tmp.cleanup();
});

test('LTE + 5G NSA: serving cell, NR5G leg, neighbours, bands and CA agree with qmicli', async () => {
  const { s, port } = await sim('nsa', NSA);
  await registered(s.model);
  const sys = ok(await qmicli(port, ['--nas-get-system-info']), 'system info');
  const cell = ok(await qmicli(port, ['--nas-get-cell-location-info']), 'cell location');
  const rf = ok(await qmicli(port, ['--nas-get-rf-band-info']), 'rf band');
  const ca = ok(await qmicli(port, ['--nas-get-lte-cphy-ca-info']), 'ca info');
  const sig = ok(await qmicli(port, ['--nas-get-signal-info']), 'signal info');
  const { radio, modem } = await daemonRadio(port);
  try {
    assert.is(radio.systemMode, 'nr5g-nsa');
    assert.equal({ utc: radio.networkTime?.utc, off: radio.networkTime?.utcOffsetMinutes }, { utc: '2026-07-04T09:30:15Z', off: 60 }, 'Get Network Time');
    assert.is(field(sys, 'Status'), radio.serviceStatus);
    assert.is(field(sys, '5G NSA Available'), 'yes');
    const c = radio.serving!;
    assert.is(String(c.cellId), field(sys, 'Cell ID'));
    assert.is(c.mcc, field(sys, 'MCC'));
    assert.is(c.mnc, field(sys, 'MNC'));
    assert.is(String(c.tac), field(sys, 'Tracking Area Code'));
    assert.is(String(c.pci), field(cell, 'Serving Cell ID'));
    assert.is(String(c.earfcn), field(cell, 'EUTRA Absolute RF Channel Number'));
    assert.is(c.enodebId, Math.floor(28547331 / 256));
    assert.is(c.band, `B${/eutran-(\d+)/.exec(field(rf, 'Active Band Class'))![1]}`);
    assert.is(String(c.bandwidthMhz), field(rf, 'Bandwidth'));
    // NR5G leg: cell location's 5GNR part and the extended RF band list.
    const nrAt = cell.indexOf('5GNR cell information');
    assert.is(String(radio.nr5g!.pci), field(cell, 'Physical Cell ID', nrAt));
    assert.is(radio.nr5g!.rsrp!.toFixed(1), /^(-?[\d.]+)/.exec(field(cell, 'RSRP', nrAt))![1]);
    assert.is(radio.nr5g!.snr!.toFixed(1), /^(-?[\d.]+)/.exec(field(cell, 'SNR', nrAt))![1]);
    assert.is(String(radio.nr5g!.arfcn), field(cell, '5GNR ARFCN'));
    assert.is(radio.nr5g!.band, `n${/nr5g-(\d+)/.exec(field(rf, 'Active Band Class', rf.indexOf('5gnr')))![1]}`);
    const sig5g = sig.indexOf('5G:');
    assert.is(`${radio.nr5g!.rsrp} dBm`, field(sig, 'RSRP', sig5g));
    // Neighbours: every qmicli cell but the serving one, with its measurements.
    const pcis = [...cell.matchAll(/Physical Cell ID: '(\d+)'/g)].map((m) => Number(m[1])).slice(0, -1).filter((p) => p !== c.pci);
    assert.equal(radio.neighbours.map((n) => n.pci).sort(), pcis.sort());
    const inter = radio.neighbours.find((n) => !n.intraFrequency)!;
    assert.is(String(inter.earfcn), field(cell, 'EUTRA Absolute RF Channel Number', cell.indexOf('Interfrequency')));
    assert.is(inter.rsrq!.toFixed(1), field(cell, 'RSRQ', cell.indexOf('Interfrequency')).replace(/ dB$/, ''));
    // Carrier aggregation.
    assert.is(radio.carriers.length, 2);
    assert.is(String(radio.carriers[0].pci), field(ca, 'Physical Cell ID', ca.indexOf('Primary Cell')));
    const sc = ca.indexOf('Secondary Cell 1');
    assert.is(String(radio.carriers[1].earfcn), field(ca, 'RX Channel', sc));
    assert.is(String(radio.carriers[1].bandwidthMhz), field(ca, 'DL Bandwidth', sc));
    assert.is(radio.carriers[1].band, `B${/eutran-(\d+)/.exec(field(ca, 'LTE Band', sc))![1]}`);
    assert.is(radio.carriers[1].state, field(ca, 'State', sc));
    // What `qmi4g status` makes of it.
    const st = radioReply({ interface: 'wdm0', device: port, state: 'connected', since: 0, reason: '', reconnects: 0, radio });
    assert.is(st.system_mode, 'nr5g-nsa');
    assert.is((st.cell as Record<string, unknown>).pci, 211);
    assert.is((st.carriers as unknown[]).length, 2);
  } finally { await modem.close(); }
});

test('the Network Time indication arrives on registration and shows time and UTC offset', async () => {
  const { s, port } = await sim('time', NSA);
  await registered(s.model);
  const { events, modem } = await daemonRadio(port);
  try {
    s.model.setRegistration({ state: 'searching' });
    s.model.setRegistration({ state: 'registered' });
    const e = await waitFor<ModemEvent>('network-time', (done) => {
      const t = setInterval(() => { const x = events.find((y) => y.type === 'network-time'); if (x) done(x); }, 10);
      return () => clearInterval(t);
    }, { timeoutMs: 3000 });
    assert.equal((e as { time: { utc: string } }).time.utc, '2026-07-04T09:30:15Z');
    assert.is((e as { time: { utcOffsetMinutes: number } }).time.utcOffsetMinutes, 60);
    assert.is((e as { time: { dstHours: number } }).time.dstHours, 1);
  } finally { await modem.close(); }
});

test('5G SA: system mode nr5g-sa, the NR cell is the serving cell (qmicli agrees)', async () => {
  const { s, port } = await sim('sa', { registration: { delayMs: 10, rat: 'nr5g' }, radio: { nr5g: { mode: 'sa', pci: 404, arfcn: 643334, band: 78, cellId: 0x9abcdef12, tac: 0x010203 } } });
  await registered(s.model);
  const sys = ok(await qmicli(port, ['--nas-get-system-info']), 'system info');
  const cell = ok(await qmicli(port, ['--nas-get-cell-location-info']), 'cell location');
  const { radio, modem } = await daemonRadio(port);
  try {
    assert.match(sys, /5G SA service:\s+Status: 'available'/);
    assert.is(radio.systemMode, 'nr5g-sa');
    assert.is(radio.serving!.rat, 'nr5g');
    assert.is(String(radio.serving!.pci), field(cell, 'Physical Cell ID', cell.indexOf('5GNR cell')));
    assert.is(String(radio.serving!.cellId), field(cell, 'Global Cell ID', cell.indexOf('5GNR cell')));
    assert.is(radio.serving!.gnodebId, Math.floor(0x9abcdef12 / 4096));
    assert.is(radio.serving!.nrarfcn, 643334);
    assert.is(radio.serving!.tac, 0x010203);
    assert.is(radio.nr5g, undefined, 'no separate NR leg in SA');
    assert.equal(radio.carriers, []);
  } finally { await modem.close(); }
});

test('registration refused: limited service with the reject cause (System Info and the Network Reject indication)', async () => {
  const { s, port } = await sim('reject', { registration: { delayMs: 10, mcc: 262, mnc: 3 }, radio: { reject: { cause: 11, domain: 'ps' } } });
  await registered(s.model, 'denied');
  const sys = ok(await qmicli(port, ['--nas-get-system-info']), 'system info');
  assert.match(sys, /Status: 'limited'/);
  assert.match(sys, /Registration reject: 'ps' \(plmn-not-allowed\)/);
  const { radio, events, modem } = await daemonRadio(port);
  try {
    assert.is(radio.serviceStatus, 'limited');
    assert.equal({ cause: radio.reject?.cause, name: radio.reject?.causeName, domain: radio.reject?.domain }, { cause: 11, name: 'plmn-not-allowed', domain: 'ps' });
    s.model.setRegistration({ state: 'searching', denied: false });
    s.model.setRegistration({ denied: true });
    await waitFor<void>('network-reject', (done) => {
      const t = setInterval(() => { if (events.some((y) => y.type === 'network-reject')) done(); }, 10);
      return () => clearInterval(t);
    }, { timeoutMs: 3000 });
    const rej = (events.find((y) => y.type === 'network-reject') as Extract<ModemEvent, { type: 'network-reject' }>).reject;
    assert.equal({ cause: rej.cause, causeName: rej.causeName, domain: rej.domain, mcc: rej.mcc, mnc: rej.mnc }, { cause: 11, causeName: 'plmn-not-allowed', domain: 'ps', mcc: '262', mnc: '03' });
    const st = radioReply({ interface: 'wdm0', device: port, state: 'registering', since: 0, reason: '', reconnects: 0, radio, networkReject: rej });
    assert.is(st.service_status, 'limited');
    assert.is((st.registration_reject as Record<string, unknown>).cause_name, 'plmn-not-allowed');
  } finally { await modem.close(); }
});

test.run();
