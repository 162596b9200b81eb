// The LuCI Status > Cellular page rendered by headless Chromium from recorded `qmi4g status` replies: text a person must see, and screenshots.
//
// Screenshots go to a temporary directory; with QMI4G_UPDATE_SCREENSHOTS=1 they replace docs/luci-status-*.png.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium, harnessPage, runChromium } from '../helpers/luci-harness';
import { STATUS_REPLIES } from '../helpers/luci-status-fixtures';

const VIEW = 'view.status.qmi4g';
const DOCS = join(__dirname, '..', '..', 'docs');
const UPDATE = process.env.QMI4G_UPDATE_SCREENSHOTS === '1';
const shotDir = UPDATE ? DOCS : mkdtempSync(join(tmpdir(), 'qmi4g-shots-'));

const chromium = findChromium();

function browser(): string {
  assert.ok(chromium, 'chromium is installed (node scripts/ensure-deps.mjs chromium)');
  return chromium!;
}

interface Rendered { text: string; html: string; polls: number[]; calls: string[] }

function decode(s: string): string {
  return s.replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** Renders the page and returns what a person reads in #maincontent, plus what the page recorded. */
function render(replies: Record<string, unknown>, opts: { writable?: boolean; thenReplies?: Record<string, unknown> } = {}): Rendered {
  const dom = runChromium(browser(), harnessPage(VIEW, replies, opts), ['--dump-dom']);
  const rendered = /data-rendered="([^"]*)"/.exec(dom)?.[1];
  assert.is(rendered, 'ok', `view rendered: ${rendered}`);
  const start = dom.indexOf('<div id="maincontent">');
  const main = dom.slice(start, dom.indexOf('<script', start));
  const text = decode(main.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<br>/g, '\n').replace(/<\/(td|tr|h2|h3|div)>/g, '\n').replace(/<[^>]+>/g, ''))
    .replace(/[ \t]+/g, ' ').replace(/\n\s*/g, '\n');
  const attr = (name: string) => JSON.parse(decode(new RegExp(`data-${name}="([^"]*)"`).exec(dom)?.[1] ?? '[]')) as never;
  return { text, html: main, polls: attr('polls'), calls: attr('calls') };
}

function sees(r: Rendered, expected: (string | RegExp)[]): void {
  for (const e of expected) {
    if (typeof e === 'string') assert.ok(r.text.includes(e), `page shows ${JSON.stringify(e)}\n--- page text ---\n${r.text}`);
    else assert.match(r.text, e);
  }
}

/** Screenshot of the page; checks it is a PNG of the window size with real content. */
function screenshot(name: keyof typeof STATUS_REPLIES, height: number): void {
  const file = join(shotDir, `luci-status-${name}.png`);
  runChromium(browser(), harnessPage(VIEW, { 'qmi4g.status': STATUS_REPLIES[name] }), [`--screenshot=${file}`, `--window-size=900,${height}`]);
  const png = readFileSync(file);
  assert.equal([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.is(png.readUInt32BE(16), 900, 'width');
  assert.is(png.readUInt32BE(20), height, 'height');
  assert.ok(png.length > 20_000, `${name}: a screenshot with content (${png.length} bytes)`);
}

test('connected LTE with good signal: state, operator, RAT, signal, SIM, IP, counters', () => {
  const r = render({ 'qmi4g.status': STATUS_REPLIES.connected });
  sees(r, [
    'wdm0 – /dev/cdc-wdm0 (QMI)', 'Connected', 'since 2024-03-14 07:21:28 (2h 05m)', 'connected via Telekom.de (lte)',
    'Network\nRegistered – Telekom.de (262 01)\n', 'LTE (4G)', '4/4', 'RSSI -61 dBm', 'RSRP -88 dBm', 'RSRQ -8 dB', 'SNR 17.5 dB',
    'Ready, 3 PIN attempts left, 10 PUK attempts left', 'internet.telekom', '10.64.38.2/30', 'Gateway: 10.64.38.1',
    'DNS: 10.74.210.210, 10.74.210.211', '2a01:598:a1:7c3::1/64', 'Received 1.4 GiB (1130442 packets), sent 46.0 MiB (402113 packets)',
    'Quectel EC25 (EC25EFAR06A06M4G), IMEI 867698040000001', 'Reconnect',
  ]);
  assert.not.ok(r.text.includes('Last error'), 'no error row when there is none');
  assert.is((r.html.match(/qmi4g-bar qmi4g-bar-on/g) ?? []).length, 4, 'four lit bars');
  assert.equal(r.calls, ['qmi4g.status']);
  screenshot('connected', 700);
});

test('an APN chosen by the SIM says by which rule; a plain apn has no note', () => {
  const connected = STATUS_REPLIES.connected.interfaces[0];
  const auto = { ...connected, apn: 'gprs.swisscom.ch', apn_choice: { value: 'gprs.swisscom.ch', source: 'auto:22801', provider: 'Swisscom' } };
  sees(render({ 'qmi4g.status': { interfaces: [auto] } }), ['gprs.swisscom.ch (chosen by auto:22801, Swisscom)']);
  const plain = { ...connected, apn_choice: { value: connected.apn, source: 'apn' } };
  const r = render({ 'qmi4g.status': { interfaces: [plain] } });
  assert.not.ok(r.text.includes('chosen by'), 'no note for option apn');
  sees(r, [String(connected.apn)]);
});

test('searching: the state and why, weak signal', () => {
  const r = render({ 'qmi4g.status': STATUS_REPLIES.searching });
  sees(r, ['Searching for a network', 'since 2024-03-14 09:26:28 (12s)', 'waiting for registration: searching, 12 s of 60 s',
    'Network\nSearching\n', '1/4', 'RSRP -121 dBm', 'SNR -3 dB', 'Ready, 3 PIN attempts left']);
  assert.is((r.html.match(/qmi4g-bar qmi4g-bar-on/g) ?? []).length, 1, 'one lit bar');
  assert.not.ok(r.text.includes('Received'), 'no counters before a connection');
  screenshot('searching', 440);
});

test('PIN required: SIM state, PIN retries left, the error in words, not retried', () => {
  const r = render({ 'qmi4g.status': STATUS_REPLIES['pin-required'] });
  sees(r, ['wwan – /dev/cdc-wdm0 (MBIM)', 'Failed', 'SIM PIN required but pincode not set', 'PIN required, 3 PIN attempts left',
    'PIN_NOT_SPECIFIED: The SIM card needs a PIN but none is configured', 'Not retried automatically',
    'Sierra Wireless EM7455, IMEI 359072060000002']);
  screenshot('pin-required', 420);
});

test('call failed: reconnecting, the error, the network reason, roaming', () => {
  const r = render({ 'qmi4g.status': STATUS_REPLIES['call-failed'] });
  sees(r, ['Reconnecting', 'call failed, retrying in 22 s (attempt 3)', 'CALL_FAILED: The mobile network refused the data connection',
    'Details: the network refused the data session', 'Reported: 3gpp: unknown-apn (27)', 'At 2024-03-14 09:26:32',
    'Registered – Magenta (232 03), roaming', 'internet.wrong', 'Reconnects\n3']);
  assert.not.ok(r.text.includes('Not retried automatically'), 'CALL_FAILED is retried');
  screenshot('call-failed', 580);
});

test('refreshes by a poll of at least 5 s', () => {
  const r = render({ 'qmi4g.status': STATUS_REPLIES.searching });
  assert.ok(r.polls.length >= 1, 'a poll is registered');
  for (const p of r.polls) assert.ok(p >= 5, `poll interval ${p} s ≥ 5 s`);
  sees(r, ['refreshes every 5 seconds']);
});

test('daemon not running, read-only user, no interface', () => {
  // LuCI's rpc.js error carries a stack with code locations: the page shows a sentence, never that.
  const down = render({});
  sees(down, ['qmi4gd is not running: /etc/init.d/qmi4g start', 'Trying again every 5 seconds.']);
  for (const raw of ['rpc.js', 'handleCallReply', ' at ', 'RPC call to', '-32000']) assert.not.ok(down.text.includes(raw), `no ${JSON.stringify(raw)} on the page`);
  assert.ok(down.polls.length >= 1 && down.polls.every((p) => p >= 5), 'it keeps polling');
  sees(render({ 'qmi4g.status': { __rpcError: [-32002, 'Access denied'] } }), ['No permission to read the qmi4g status']);
  // The next poll after the daemon came up shows the modems.
  const back = render({}, { thenReplies: { 'qmi4g.status': STATUS_REPLIES.connected } });
  sees(back, ['wdm0 – /dev/cdc-wdm0 (QMI)', 'Connected']);
  assert.not.ok(back.text.includes('not running'), 'the warning is gone');
  assert.equal(back.calls, ['qmi4g.status', 'qmi4g.status'], 'the poll called status again');
  const ro = render({ 'qmi4g.status': STATUS_REPLIES.connected }, { writable: false });
  assert.match(ro.html, /<button[^>]*disabled=""[^>]*>Reconnect<\/button>/, 'reconnect needs write access');
  const rw = render({ 'qmi4g.status': STATUS_REPLIES.connected });
  assert.not.match(rw.html, /<button[^>]*disabled/, 'enabled with write access');
  sees(render({ 'qmi4g.status': { interfaces: [] } }), ['No qmi4g or mbim interface is configured or started.']);
});

test.after(() => {
  if (!UPDATE) rmSync(shotDir, { recursive: true, force: true });
});

test.run();
