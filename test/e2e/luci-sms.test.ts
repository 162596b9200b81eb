// The LuCI Status > Cellular SMS page rendered by headless Chromium from recorded `qmi4g sms_list` replies.
// With QMI4G_UPDATE_SCREENSHOTS=1 the screenshot replaces docs/luci-sms.png.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium, harnessPage, runChromium } from '../helpers/luci-harness';

const VIEW = 'view.status.qmi4g-sms';
const UPDATE = process.env.QMI4G_UPDATE_SCREENSHOTS === '1';
const shotDir = UPDATE ? join(__dirname, '..', '..', 'docs') : mkdtempSync(join(tmpdir(), 'qmi4g-shots-'));
const chromium = findChromium();

const STATUS = { interfaces: [{ interface: 'wdm0', state: 'connected' }] };
const INBOX = {
  ok: true,
  messages: [
    { id: 'sim:0', store: 'sim', status: 'read', from: '+4917612345678', text: 'Kommst du heute? {ja|nein}', time: '2024-03-14T08:01:12+01:00', parts: 1, missing: [] },
    { id: 'sim:2,1', store: 'sim', status: 'unread', from: 'Telekom', text: 'Ihre Rechnung für März ist da: 23,95 EUR.', time: '2024-03-14T09:26:28+01:00', parts: 2, missing: [] },
    { id: 'modem:4', store: 'modem', status: 'unread', from: '+436641234567', text: 'Gruss aus Wien! Gruss aus', time: '2024-03-14T10:00:00+01:00', parts: 3, missing: [2, 3] },
  ],
};

function decode(s: string): string {
  return s.replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

function render(replies: Record<string, unknown>, writable = true): { text: string; html: string; calls: string[] } {
  assert.ok(chromium, 'chromium is installed (node scripts/ensure-deps.mjs chromium)');
  const dom = runChromium(chromium!, harnessPage(VIEW, replies, { writable }), ['--dump-dom']);
  assert.is(/data-rendered="([^"]*)"/.exec(dom)?.[1], 'ok');
  const start = dom.indexOf('<div id="maincontent">');
  const main = dom.slice(start, dom.indexOf('<script', start));
  const text = decode(main.replace(/<br>/g, '\n').replace(/<\/(td|tr|h2|h3|h4|p|div)>/g, '\n').replace(/<[^>]+>/g, '')).replace(/[ \t]+/g, ' ').replace(/\n\s*/g, '\n');
  return { text, html: main, calls: JSON.parse(decode(/data-calls="([^"]*)"/.exec(dom)?.[1] ?? '[]')) };
}

test('inbox: sender, time with zone, text, status and store; unread in bold; missing parts named; send form', () => {
  const r = render({ 'qmi4g.status': STATUS, 'qmi4g.sms_list': INBOX });
  for (const s of ['wdm0 – messages', '+4917612345678', '2024-03-14 08:01:12 (UTC+01:00)', 'Kommst du heute? {ja|nein}', 'Read, SIM',
    'Ihre Rechnung für März ist da: 23,95 EUR.', 'Unread, SIM', 'Unread, Modem', 'Part(s) 2, 3 of 3 not received yet', 'Send a message', 'Send']) {
    assert.ok(r.text.includes(s), `page shows ${JSON.stringify(s)}\n${r.text}`);
  }
  assert.match(r.html, /<strong>Telekom<\/strong>/);
  assert.is((r.html.match(/Mark read/g) ?? []).length, 2, 'mark read on unread messages only');
  assert.is((r.html.match(/cbi-button-remove/g) ?? []).length, 3);
  assert.ok(r.html.includes('data-id="sim:2,1"'));
  assert.equal(r.calls, ['qmi4g.status', 'qmi4g.sms_list']);
  const file = join(shotDir, 'luci-sms.png');
  runChromium(chromium!, harnessPage(VIEW, { 'qmi4g.status': STATUS, 'qmi4g.sms_list': INBOX }), [`--screenshot=${file}`, '--window-size=900,600']);
  assert.ok(readFileSync(file).length > 10_000, 'a screenshot with content');
});

test('read-only user: no buttons and no send form; no permission → a sentence', () => {
  const ro = render({ 'qmi4g.status': STATUS, 'qmi4g.sms_list': INBOX }, false);
  assert.not.ok(ro.html.includes('cbi-button'), 'no buttons');
  assert.not.ok(ro.text.includes('Send a message'));
  const denied = render({ 'qmi4g.status': STATUS, 'qmi4g.sms_list': { __rpcError: [-32002, 'Access denied'] } });
  assert.ok(denied.text.includes('No permission to read messages (rpcd ACL luci-proto-qmi4g, write access)'), denied.text);
  assert.not.ok(denied.text.includes('rpc.js'), 'never the stack');
});

test('errors in words: no SMS service, daemon stopped, empty store', () => {
  const none = render({ 'qmi4g.status': STATUS, 'qmi4g.sms_list': { ok: false, error: { code: 'SMS_NOT_SUPPORTED', message: 'x' } } });
  assert.ok(none.text.includes('This modem offers no SMS service'), none.text);
  const stopped = render({});
  assert.ok(stopped.text.includes('qmi4gd is not running: /etc/init.d/qmi4g start'), stopped.text);
  const empty = render({ 'qmi4g.status': STATUS, 'qmi4g.sms_list': { ok: true, messages: [] } });
  assert.ok(empty.text.includes('No messages on the SIM or the modem.'), empty.text);
});

test.run();
