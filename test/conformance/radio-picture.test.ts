// qmicli/mbimcli judge the radio picture: band preference, network scan and packet statistics as the daemon's modem layer reads and writes them on the simulator.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { MbimModem } from '../../src/modem/mbim-modem';
import { QmiModem } from '../../src/modem/qmi-modem';
import { MbimSimulator, QmiSimulator, Scenario, startMbimSimulator, startQmiSimulator } from '../../src/sim';
import { mbimcli, ok, qmicli, registered, runTool, tempDir } from './sim-helpers';

/** Not the defaults: a Swiss modem with its own bands, scan result and error counters, so hard-coded values fail. */
const SCENARIO: Scenario = {
  registration: { delayMs: 50, mcc: 228, mnc: 1, operator: 'Swisscom', rat: 'lte' },
  radio: {
    bands: { lte: [1, 3, 7, 20, 28, 66], nr5g: [1, 28, 78] },
    scan: {
      delayMs: 1500,
      networks: [
        { mcc: 228, mnc: 1, operator: 'Swisscom', status: 'current', rat: 'lte' },
        { mcc: 228, mnc: 3, operator: 'Salt', status: 'available', rat: 'nr5g' },
        { mcc: 228, mnc: 2, operator: 'Sunrise', status: 'forbidden', rat: 'umts' },
        { mcc: 310, mnc: 410, mncDigits: 3, operator: 'AT&T', status: 'available', rat: 'lte' },
      ],
    },
    packetErrors: { txErrors: 3, rxErrors: 5, txOverflows: 1, rxOverflows: 2, txDropped: 7, rxDropped: 11 },
  },
};

const tmp = tempDir();
let sim: QmiSimulator;

test.before(async () => {
  sim = await startQmiSimulator({ path: path.join(tmp.dir, 'wdm0'), scenario: SCENARIO });
  await registered(sim.model);
});

test.after(async () => {
  await sim?.close();
  tmp.cleanup();
});

/** The daemon's modem layer on the port for `fn` only: one reader of the pty at a time (qmicli runs in between). */
async function withModem<T>(fn: (m: QmiModem) => Promise<T>): Promise<T> {
  const m = await QmiModem.open(sim.path, { timeoutMs: 5000 });
  try { return await fn(m); } finally { await m.close(); }
}

/** qmicli's RAT words (qmi_nas_radio_interface_get_string) in the Modem interface's words. */
const RAT_WORD: Record<string, string> = { gsm: 'gsm', umts: 'umts', lte: 'lte', '5gnr': 'nr5g' };

/** The band lists qmicli prints for `label` (e.g. "LTE band preference (extended)"). */
function bandsIn(out: string, label: string): number[] | undefined {
  const m = new RegExp(`${label.replace(/[()]/g, '\\$&')}: '([0-9, ]*)'`).exec(out);
  return m ? (m[1] === '' ? [] : m[1]!.split(', ').map(Number)) : undefined;
}

test('--nas-get-system-selection-preference shows the scenario bands; lte_band/nr5g_band written are what qmicli reads back', async () => {
  const before = ok(await qmicli(sim.path, ['--nas-get-system-selection-preference']), 'get ssp');
  assert.equal(bandsIn(before, 'LTE band preference (extended)'), [1, 3, 7, 20, 28, 66]);
  assert.equal(bandsIn(before, 'NR5G SA band preference'), [1, 28, 78]);
  await withModem((m) => m.setRadioPreferences({ lteBands: [3, 7, 20, 71], nr5gBands: [78, 258] }));
  assert.is(sim.model.radio.bandWrites, 1);
  const after = ok(await qmicli(sim.path, ['--nas-get-system-selection-preference']), 'get ssp');
  assert.equal(bandsIn(after, 'LTE band preference (extended)'), [3, 7, 20, 71]);
  assert.equal(bandsIn(after, 'NR5G SA band preference'), [78, 258]);
  assert.equal(bandsIn(after, 'NR5G NSA band preference'), [78, 258]);
  assert.equal(bandsIn(after, 'LTE band preference'), [3, 7, 20], 'the 64-bit mask holds the bands up to 64');
});

test('the same bands again: read, found equal, nothing written (mode and roaming untouched)', async () => {
  const mode = sim.model.selection.modePreference;
  await withModem((m) => m.setRadioPreferences({ lteBands: [20, 7, 3, 71], nr5gBands: [258, 78] }));
  assert.is(sim.model.radio.bandWrites, 1, 'no second write');
  assert.is(sim.model.selection.modePreference, mode);
  assert.ok((sim.stats.requests['nas Set System Selection Preference'] ?? 0) === 1, 'one Set in all');
});

test('--nas-network-scan and the daemon scan agree: MCC, MNC, names, status, RAT', async () => {
  const t0 = Date.now();
  const ours = await withModem((m) => m.scan({ timeoutMs: 10_000 }));
  assert.ok(Date.now() - t0 >= 1400, 'the scan takes the scenario delay');
  const out = ok(await qmicli(sim.path, ['--nas-network-scan'], 20_000), 'network scan');
  const info = [...out.matchAll(/Network \[(\d+)\]:\s+MCC: '(\d+)'\s+MNC: '(\d+)'\s+Status: '([^']*)'\s+Description: '([^']*)'/g)];
  const rats = [...out.matchAll(/Network \[(\d+)\]:\s+MCC: '(\d+)'\s+MNC: '(\d+)'\s+RAT: '([^']*)'/g)];
  assert.is(info.length, 4, out);
  assert.is(rats.length, 4, out);
  assert.equal(ours.map((n) => [Number(n.mcc), Number(n.mnc), n.operator]), info.map((m) => [Number(m[2]), Number(m[3]), m[5]]));
  assert.equal(ours.map((n) => n.rat), rats.map((m) => RAT_WORD[m[4]!]));
  assert.equal(ours.map((n) => n.status), info.map((m) => (m[4]!.includes('current-serving') ? 'current' : m[4]!.includes('forbidden') && !m[4]!.includes('not-forbidden') ? 'forbidden' : 'available')));
  assert.equal(ours[3], { mcc: '310', mnc: '410', operator: 'AT&T', status: 'available', rat: 'lte' });
  assert.match(out, /Network scan result: success/);
});

test('--wds-get-packet-statistics and the daemon counters agree on errors, overflows and drops', async () => {
  const out = ok(await qmicli(sim.path, ['--wds-get-packet-statistics']), 'packet statistics');
  const num = (label: string) => Number(new RegExp(`${label}: (\\d+)`).exec(out)?.[1]);
  const c = await withModem((m) => m.counters());
  assert.equal(
    [c.txErrors, c.rxErrors, c.txOverflows, c.rxOverflows, c.txDropped, c.rxDropped],
    [num('TX packets error'), num('RX packets error'), num('TX overflows'), num('RX overflows'), num('TX packets dropped'), num('RX packets dropped')],
  );
  assert.equal([c.txErrors, c.rxErrors, c.txOverflows, c.rxOverflows, c.txDropped, c.rxDropped], [3, 5, 1, 2, 7, 11]);
});

test('MBIM: --query-visible-providers and --query-packet-statistics agree with MbimModem.scan and counters', async () => {
  const msim: MbimSimulator = await startMbimSimulator({ path: path.join(tmp.dir, 'mbim0'), scenario: { ...SCENARIO, radio: { ...SCENARIO.radio, scan: { ...SCENARIO.radio!.scan, delayMs: 300 } } } });
  try {
    await registered(msim.model);
    const out = ok(await mbimcli(msim.path, ['--query-visible-providers'], 20_000), 'visible providers');
    const cli = [...out.matchAll(/Provider ID: '(\d+)'\s+Provider name: '([^']*)'\s+State: '([^']*)'/g)].map((m) => [m[1], m[2], m[3]]);
    assert.is(cli.length, 4, out);
    const stats = ok(await mbimcli(msim.path, ['--query-packet-statistics']), 'packet statistics');
    const m = await MbimModem.open(msim.path, { timeoutMs: 5000 });
    try {
      const ours = await m.scan({ timeoutMs: 10_000 });
      assert.equal(ours.map((n) => [`${n.mcc}${n.mnc}`, n.operator]), cli.map(([id, name]) => [id, name]));
      assert.equal(ours.map((n) => n.status), cli.map(([, , st]) => (st!.includes('registered') ? 'current' : st!.includes('forbidden') ? 'forbidden' : 'available')));
      const c = await m.counters();
      const val = (label: string) => Number(new RegExp(`${label.replace(/[()]/g, '\\$&')}: '(\\d+)'`).exec(stats)?.[1]);
      assert.equal([c.rxDropped, c.rxErrors, c.txDropped, c.txErrors], [val('Discards (in)'), val('Errors (in)'), val('Discards (out)'), val('Errors (out)')]);
      assert.equal([c.rxDropped, c.rxErrors, c.txDropped, c.txErrors], [11, 5, 7, 3]);
    } finally { await m.close(); }
  } finally { await msim.close(); }
});

test('a modem without the extended LTE mask: a band above 64 is refused by it; modes still applied, its bands kept, status says so', async () => {
  const old = await startQmiSimulator({ path: path.join(tmp.dir, 'wdm-old'), scenario: { radio: { bands: { lte: [1, 3, 7], extendedLte: false, has5g: false } } } });
  try {
    await registered(old.model);
    const m = await QmiModem.open(old.path, { timeoutMs: 5000 });
    try {
      await m.setRadioPreferences({ modes: ['lte'], lteBands: [3, 66], nr5gBands: [78] });
      assert.equal(m.bandPreference, { lte: [1, 3, 7], nr5gSa: undefined, nr5gNsa: undefined }, 'status shows what the modem kept');
      await m.setRadioPreferences({ lteBands: [3, 20] });
      assert.equal(m.bandPreference?.lte, [3, 20], 'bands up to 64 go in the 64-bit mask');
    } finally { await m.close(); }
    assert.is(old.model.selection.modePreference, 0x10, 'modes applied despite the refused bands');
    assert.equal(old.model.radio.bands.lte, [3, 20]);
    const out = ok(await qmicli(old.path, ['--nas-get-system-selection-preference']), 'get ssp');
    assert.equal(bandsIn(out, 'LTE band preference'), [3, 20]);
    assert.is(bandsIn(out, 'LTE band preference (extended)'), undefined);
    assert.is(bandsIn(out, 'NR5G SA band preference'), undefined);
  } finally { await old.close(); }
});

test('MBIM: lte_band goes as QMI NAS over MBIM; qmicli --device-open-mbim reads it back; unchanged bands are not written again', async () => {
  const msim: MbimSimulator = await startMbimSimulator({ path: path.join(tmp.dir, 'mbim1'), scenario: SCENARIO });
  try {
    await registered(msim.model);
    const m = await MbimModem.open(msim.path, { timeoutMs: 5000 });
    try {
      await m.setRadioPreferences({ lteBands: [1, 3, 20], nr5gBands: [78] });
      await m.setRadioPreferences({ lteBands: [1, 3, 20], nr5gBands: [78] });
    } finally { await m.close(); }
    assert.is(msim.model.radio.bandWrites, 1);
    const out = ok(await runTool('qmicli', ['-d', msim.path, '--device-open-mbim', '--nas-get-system-selection-preference'], 15_000), 'qmicli over MBIM');
    assert.equal(bandsIn(out, 'LTE band preference (extended)'), [1, 3, 20]);
    assert.equal(bandsIn(out, 'NR5G SA band preference'), [78]);
  } finally { await msim.close(); }
});

test.run();
