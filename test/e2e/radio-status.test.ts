// The whole radio picture through handler, ubus and the in-process daemon on the simulator:
// `qmi4g status` shows cell, NR5G leg, bands, CA, neighbours, network time and ASU from a cache
// (no round trips per call), `qmi4g signal_history` the samples, a refused registration its cause.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { Harness, startHarness } from '../../src/sim/harness';
import type { Scenario } from '../../src/sim';
import { formatStatus } from '../../src/daemon/status';
import { rejects } from '../helpers/rejects';
import { eventually } from '../helpers/eventually';

const BUNDLE = path.resolve(__dirname, '../../dist/qmi4g.js');

const NSA: Scenario = {
  registration: { delayMs: 20, mcc: 234, mnc: 15, operator: 'Vodafone UK', rat: 'lte', cellId: 28547331, tac: 1234 },
  radio: {
    pci: 211, earfcn: 1617, band: 3, bandwidthMhz: 15,
    nr5g: { mode: 'nsa', pci: 733, arfcn: 632544, band: 78, bandwidthMhz: 100, rsrp: -88, rsrq: -10, snr: 21.5 },
    neighbours: [{ pci: 212, rsrp: -101.5, rsrq: -13, rssi: -71 }],
    carriers: [{ pci: 97, earfcn: 6300, band: 20, bandwidthMhz: 10 }],
    networkTime: { utc: '2026-07-04T09:30:15Z', offsetMinutes: 60, dstHours: 1 },
  },
};

async function ifup(scenario: Scenario, until: (s: { state: string }) => boolean, config: Record<string, unknown> = {}): Promise<Harness> {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process', scenario });
  try {
    const waited = h.waitState('wdm0', until, 15_000);
    const r = await h.handler('setup', 'wdm0', { wdmif: h.devicePath, apn: 'internet', ...config });
    assert.is(r.status, 0, r.output);
    await waited;
    return h;
  } catch (e) {
    await h.close();
    throw e;
  }
}

const status = (h: Harness) => h.client.call('qmi4g', 'status', { interface: 'wdm0' }) as Promise<Record<string, any>>;

test('connected on LTE + NR5G NSA with CA: status shows the radio picture, 100 calls cost no radio read', async () => {
  const h = await ifup(NSA, (s) => s.state === 'connected' || s.state === 'failed');
  try {
    const st = await status(h); // the first call waits for the first radio read
    assert.is(st.state, 'connected', st.reason);
    assert.is(st.system_mode, 'nr5g-nsa');
    assert.is(st.service_status, 'available');
    assert.equal(st.cell, { rat: 'lte', mcc: '234', mnc: '15', tac: 1234, cell_id: 28547331, enodeb_id: 111513, pci: 211, earfcn: 1617, band: 'B3', bandwidth_mhz: 15 });
    assert.equal(st.nr5g, { pci: 733, arfcn: 632544, band: 'n78', cell_id: 0x12345678a, gnodeb_id: Math.floor(0x12345678a / 4096), tac: 0x4e21, rsrp: -88, rsrq: -10, snr: 21.5 });
    assert.equal(st.bands.map((b: any) => b.band), ['B3', 'n78']);
    assert.equal(st.carriers.map((c: any) => [c.role, c.band, c.bandwidth_mhz]), [['pcell', 'B3', 15], ['scell', 'B20', 10]]);
    assert.equal(st.neighbours, [{ rat: 'lte', earfcn: 1617, pci: 212, rsrp: -101.5, rsrq: -13, rssi: -71, intra_frequency: true }]);
    assert.is(st.asu, 52);
    const before = h.sim.stats.roundTrips;
    for (let i = 0; i < 100; i++) await status(h);
    assert.ok(h.sim.stats.roundTrips - before <= 1, `${h.sim.stats.roundTrips - before} round trips for 100 status calls`);
    const text = formatStatus(await status(h));
    for (const l of ['  Cell     |        serving: PCI 211, EARFCN 1617, B3, 15 MHz', '           |    system mode: 5G NSA (EN-DC)']) assert.ok(text.includes(l), `${l}\n${text}`);
    const hist = (await h.client.call('qmi4g', 'signal_history', { interface: 'wdm0' })) as Record<string, any>;
    assert.is(hist.interval_s, 10);
    assert.ok(hist.samples.length >= 1, 'a sample');
    assert.is(hist.samples[hist.samples.length - 1].rsrp, -88, 'the NR5G RSRP the modem indicated');
    assert.ok(Math.abs(hist.samples[hist.samples.length - 1].t - Date.now() / 1000) < 20, 'recent');
    await rejects(h.client.call('qmi4g', 'signal_history', { interface: 'nope' }), Error, /NOT_FOUND|not found/i);
  } finally { await h.close(); }
});

test('network time (NITZ) arrives as an indication after registration and is in status', async () => {
  const h = await ifup(NSA, (s) => s.state === 'connected' || s.state === 'failed');
  try {
    h.sim.model.setRegistration({ state: 'searching' });
    h.sim.model.setRegistration({ state: 'registered' });
    const st = await eventually('network time', () => status(h), (x) => x.network_time?.utc !== undefined);
    assert.equal({ utc: st.network_time?.utc, off: st.network_time?.utc_offset_min, dst: st.network_time?.dst_h }, { utc: '2026-07-04T09:30:15Z', off: 60, dst: 1 });
    assert.ok((h.sim.stats.indications['nas Network Time'] ?? 0) >= 1, 'came as NAS Network Time indication');
  } finally { await h.close(); }
});

test('registration refused (PLMN not allowed): while registering, status says limited service and why', async () => {
  const h = await ifup({ registration: { delayMs: 20 }, radio: { reject: { cause: 11, domain: 'cs-ps' } } }, (s) => s.state === 'registering', { timeout: '3' });
  try {
    let st = await status(h);
    for (let i = 0; i < 50 && !st.registration_reject; i++) { await new Promise((r) => setTimeout(r, 100)); st = await status(h); }
    assert.is(st.state, 'registering');
    assert.is(st.service_status, 'limited');
    assert.equal({ cause: st.registration_reject?.cause, name: st.registration_reject?.cause_name }, { cause: 11, name: 'plmn-not-allowed' });
    assert.match(formatStatus(st), /reject cause: plmn-not-allowed \(11\)/);
    // When the registration wait (option timeout) runs out, the error says why.
    for (let i = 0; i < 60 && !st.last_error; i++) { await new Promise((r) => setTimeout(r, 100)); st = await status(h); }
    assert.is(st.last_error?.code, 'NETWORK_REGISTRATION_FAILED');
    assert.match(st.last_error?.message, /the network refused it: plmn-not-allowed \(11\)/);
    assert.ok(st.last_error?.data.includes('reject: plmn-not-allowed (11)'), JSON.stringify(st.last_error));
  } finally { await h.close(); }
});

test('MBIM: status shows the LTE cell and neighbours from Base Stations Info, from the cache', async () => {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process', protocol: 'mbim', scenario: NSA });
  try {
    const up = h.waitState('wwan', (s) => s.state === 'connected' || s.state === 'failed');
    assert.is((await h.handler('setup', 'wwan', { device: h.devicePath, apn: 'internet' })).status, 0);
    assert.is((await up).state, 'connected');
    const call = () => h.client.call('qmi4g', 'status', { interface: 'wwan' }) as Promise<Record<string, any>>;
    const st = await call();
    assert.is(st.system_mode, 'nr5g-nsa');
    assert.equal({ pci: st.cell?.pci, earfcn: st.cell?.earfcn, cell_id: st.cell?.cell_id, mcc: st.cell?.mcc, mnc: st.cell?.mnc }, { pci: 211, earfcn: 1617, cell_id: 28547331, mcc: '234', mnc: '15' });
    assert.equal(st.neighbours.map((n: any) => n.pci), [212]);
    assert.equal({ utc: st.network_time?.utc, off: st.network_time?.utc_offset_min }, { utc: '2026-07-04T09:30:15Z', off: 60 }, 'MS Voice Extensions NITZ');
    const before = h.sim.stats.roundTrips;
    for (let i = 0; i < 50; i++) await call();
    assert.ok(h.sim.stats.roundTrips - before <= 1, `${h.sim.stats.roundTrips - before} round trips for 50 calls`);
  } finally { await h.close(); }
});

test.run();
