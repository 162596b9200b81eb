// The LuCI Status > Cellular radio page in headless Chromium: cell, NR5G leg, bands, carriers,
// neighbours, reject cause and the SVG signal graph, from replies the daemon's own code produced
// (statusReply of a snapshot, SignalHistory filled as the session fills it).
//
// With QMI4G_UPDATE_SCREENSHOTS=1 the screenshot replaces docs/luci-radio.png.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium, harnessPage, runChromium } from '../helpers/luci-harness';
import { statusReply } from '../../src/daemon/status';
import { SignalHistory } from '../../src/session/signal-history';
import type { SessionSnapshot } from '../../src/session/session-types';

const VIEW = 'view.status.qmi4g-radio';
const DOCS = join(__dirname, '..', '..', 'docs');
const UPDATE = process.env.QMI4G_UPDATE_SCREENSHOTS === '1';
const shotDir = UPDATE ? DOCS : mkdtempSync(join(tmpdir(), 'qmi4g-shots-'));
const chromium = findChromium();

const NOW = Date.now();

const NSA: SessionSnapshot = {
  interface: 'wdm0', device: '/dev/cdc-wdm0', protocol: 'qmi', state: 'connected', since: NOW - 3_600_000, reason: 'connected via Vodafone UK (lte)', reconnects: 0,
  registration: { state: 'registered', roaming: false, psAttached: true, rat: 'lte', mcc: '234', mnc: '15', operator: 'Vodafone UK', tac: 1234, cellId: 28547331 },
  signal: { rat: 'nr5g', rssi: -67, rsrp: -88, rsrq: -10, snr: 21.5, bars: 4 },
  radio: {
    systemMode: 'nr5g-nsa', serviceStatus: 'available',
    serving: { rat: 'lte', mcc: '234', mnc: '15', tac: 1234, cellId: 28547331, enodebId: 111513, pci: 211, earfcn: 1617, band: 'B3', bandwidthMhz: 15 },
    nr5g: { pci: 733, arfcn: 632544, band: 'n78', rsrp: -88, rsrq: -10, snr: 21.5 },
    neighbours: [{ rat: 'lte', earfcn: 1617, pci: 212, rsrp: -101.5, rsrq: -13, rssi: -71, intraFrequency: true }, { rat: 'lte', earfcn: 6300, pci: 97, rsrp: -108, rsrq: -15.5, rssi: -80, intraFrequency: false }],
    bands: [{ rat: 'lte', band: 'B3', channel: 1617, bandwidthMhz: 15 }, { rat: 'nr5g', band: 'n78', channel: 632544, bandwidthMhz: 100 }],
    carriers: [{ role: 'pcell', pci: 211, earfcn: 1617, band: 'B3', bandwidthMhz: 15 }, { role: 'scell', pci: 97, earfcn: 6300, band: 'B20', bandwidthMhz: 10, state: 'activated' }],
  },
  networkTime: { utc: '2026-07-04T09:30:15Z', utcOffsetMinutes: 60, dstHours: 1, at: NOW },
};

const REJECTED: SessionSnapshot = {
  interface: 'wan2', device: '/dev/cdc-wdm1', protocol: 'qmi', state: 'registering', since: NOW - 20_000, reason: 'waiting for registration: denied', reconnects: 0,
  registration: { state: 'denied', roaming: false, psAttached: false, rat: 'lte' },
  radio: { systemMode: 'lte', serviceStatus: 'limited', neighbours: [], bands: [], carriers: [], reject: { cause: 11, causeName: 'plmn-not-allowed', domain: 'ps', rat: 'lte' } },
};

/** The last hour as the session records it: a change every 5 minutes, a 10-minute gap with the modem closed. */
function history(): unknown[] {
  const h = new SignalHistory();
  const start = NOW - 3_590_000;
  for (let i = 0; i < 12; i++) {
    const t = start + i * 300_000;
    if (i === 6) { h.update(t, undefined); continue; }
    if (i === 7) continue;
    h.update(t, { rat: 'lte', rssi: -70 - i, rsrp: -95 - i, rsrq: -9, snr: 15 - i, bars: 3 });
  }
  return h.samples(NOW);
}

function browser(): string {
  assert.ok(chromium, 'chromium is installed (node scripts/ensure-deps.mjs chromium)');
  return chromium!;
}

function decode(s: string): string {
  return s.replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

function render(replies: Record<string, unknown>): { text: string; html: string; calls: string[] } {
  const dom = runChromium(browser(), harnessPage(VIEW, replies), ['--dump-dom']);
  assert.is(/data-rendered="([^"]*)"/.exec(dom)?.[1], 'ok', 'view rendered');
  const start = dom.indexOf('<div id="maincontent">');
  const html = dom.slice(start, dom.indexOf('<script', start));
  const text = decode(html.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<svg[\s\S]*?<\/svg>/g, '').replace(/<\/(td|th)>/g, ' ').replace(/<\/(tr|h2|h3|h4|div)>/g, '\n').replace(/<[^>]+>/g, ' '))
    .replace(/[ \t]+/g, ' ').replace(/ ?\n\s*/g, '\n');
  return { text, html, calls: JSON.parse(decode(/data-calls="([^"]*)"/.exec(dom)?.[1] ?? '[]')) };
}

test('NSA with CA: serving cell, NR5G leg, bands, carriers, neighbours, network time and the signal graph', () => {
  const samples = history();
  const r = render({ 'qmi4g.status': { interfaces: [statusReply(NSA, NOW)] }, 'qmi4g.signal_history': { interface: 'wdm0', interval_s: 10, samples } });
  for (const s of [
    'wdm0 – /dev/cdc-wdm0', '5G NSA (EN-DC: LTE anchor with an NR leg)', 'Full service', 'Vodafone UK, MCC 234 MNC 15',
    'cell id 28547331, eNodeB 111513, TAC 1234, PCI 211, EARFCN 1617, B3, 15 MHz', 'PCI 733, NR-ARFCN 632544, n78, RSRP -88 dBm · RSRQ -10 dB · SNR 21.5 dB',
    'ASU 52', '2026-07-04T09:30:15Z, UTC offset 60 min, DST +1 h',
    'Bands in use', 'n78', 'Carrier aggregation', 'secondary B20 97 6300 10 activated', 'Neighbour cells', '212 1617 -101.5 -13 -71 same', '97 6300 -108 -15.5 -80 other',
  ]) assert.ok(r.text.includes(s), `page shows ${JSON.stringify(s)}\n${r.text}`);
  assert.equal(r.calls, ['qmi4g.status', 'qmi4g.signal_history']);
  // Three charts; the modem-closed gap splits each line in two.
  for (const m of ['rsrp', 'rssi', 'snr']) {
    const pts = Number(new RegExp(`data-metric="${m}" data-points="(\\d+)"`).exec(r.html)?.[1]);
    assert.ok(pts > 200 && pts <= samples.length, `${m}: ${pts} points of ${samples.length} samples`);
  }
  assert.is((r.html.match(/<polyline/g) ?? []).length, 6, 'two line pieces per chart');
  const file = join(shotDir, 'luci-radio.png');
  runChromium(browser(), harnessPage(VIEW, { 'qmi4g.status': { interfaces: [statusReply(NSA, NOW)] }, 'qmi4g.signal_history': { samples } }), [`--screenshot=${file}`, '--window-size=900,1250']);
  const png = readFileSync(file);
  assert.equal([...png.subarray(1, 4)], [0x50, 0x4e, 0x47], 'PNG');
  assert.ok(png.length > 20_000, `a screenshot with content (${png.length} bytes)`);
});

test('registration refused: limited service and the reject cause in words; no samples yet', () => {
  const r = render({ 'qmi4g.status': { interfaces: [statusReply(REJECTED, NOW)] }, 'qmi4g.signal_history': { samples: [] } });
  for (const s of ['Limited service (emergency calls only)', 'plmn-not-allowed (cause 11), ps', 'No signal samples yet.']) assert.ok(r.text.includes(s), `${s}\n${r.text}`);
  assert.not.ok(r.html.includes('<polyline'), 'no graph without samples');
});

test('signal_history refused (old daemon, no ACL): the rest of the page still renders', () => {
  const r = render({ 'qmi4g.status': { interfaces: [statusReply(NSA, NOW)] }, 'qmi4g.signal_history': { __rpcError: [-32002, 'Access denied'] } });
  assert.ok(r.text.includes('No signal samples yet.'));
  assert.ok(r.text.includes('EARFCN 1617'));
});

test.after(() => {
  if (!UPDATE) rmSync(shotDir, { recursive: true, force: true });
});

test.run();
