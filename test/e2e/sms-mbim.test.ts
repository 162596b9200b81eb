// SMS through qmi4gd on a proto mbim interface, on the real OpenWrt stack: the ubus methods sms_list, sms_read,
// sms_delete and sms_send against the simulated MBIM function's message store (MBIM SMS service), event qmi4g.sms
// seen by OpenWrt's `ubus listen` (SMS Read notification, parts out of order), a full store, nothing of the content
// at info log level. The installed mbimcli 1.28 has no SMS commands (`mbimcli --help-all` lists none; checked
// below), so the judges are the simulator's store state, our codec, and the MBIM vectors of test/unit/mbim/sms.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { realTest } from '../helpers/owrt-env';
import type { OwrtStack } from '../helpers/owrt-stack';
import { ifupUntil, settled, waitStatus, withStack } from '../helpers/owrt-suite';
import { listenEvents } from '../helpers/ubus-listen';
import { eventually } from '../helpers/eventually';
import { SmsDeliver, SmsSubmit, decodePdu, mergeParts } from '../../src/sms';

const rtest = realTest(test);
const LONG = 'Ihr Datenvolumen ist zu 80 % verbraucht. Buchen Sie jetzt 5 GB für 4,95 EUR dazu: Antwort JA. '.repeat(2);
const SECRET = 'Bestätigungscode 913377';

const infoLines = (s: OwrtStack<'mbim'>) => s.daemonLog.filter((l) => !/(^|\s)debug: /.test(l));
const call = async (s: OwrtStack<'mbim'>, method: string, args: Record<string, unknown>) => (await s.client.call('qmi4g', method, { interface: 'wwan', ...args }))!;

/** The texts of the simulator's SIM store (the MBIM function's store), merged by our codec, by MBIM index list. */
function storeTexts(s: OwrtStack<'mbim'>): Map<string, string> {
  const parts = s.sim.model.sms.list('sim').map((m) => ({ key: m.index + 1, pdu: decodePdu(m.pdu) as SmsDeliver }));
  return new Map(mergeParts(parts).map((m) => [`device:${m.keys.join(',')}`, m.text]));
}

function mbimRun(scenario: Record<string, unknown>, fn: (s: OwrtStack<'mbim'>) => Promise<void>): Promise<void> {
  return withStack<'mbim'>({ protocol: 'mbim', scenario, network: { wwan: { proto: 'mbim', device: '$DEVICE', apn: 'internet', auto: 0 } } }, async (s) => {
    assert.is((await ifupUntil(s, 'wwan', settled)).state, 'connected');
    await fn(s);
  });
}

test('mbimcli 1.28 here has no SMS commands (why the store state and vectors judge)', () => {
  const help = execFileSync('mbimcli', ['--help-all'], { encoding: 'utf8' });
  assert.ok(/--query-device-caps/.test(help), 'mbimcli --help-all works');
  assert.not.ok(/--sms/i.test(help), 'no --sms-* option in this mbimcli');
});

rtest('MBIM: sms_list/sms_read/sms_delete/sms_send agree with the function\'s store; qmi4g.sms via `ubus listen`; nothing at info', async () => {
  await mbimRun({ sms: { stored: [{ from: '+4917612345678', text: 'Kommst du heute? {ja|nein} €5', read: true }, { from: 'Vodafone', text: LONG }] } }, async (s) => {
    const list = await call(s, 'sms_list', {});
    assert.is(list.ok, true, JSON.stringify(list));
    const messages = list.messages as Record<string, unknown>[];
    const texts = storeTexts(s);
    assert.is(messages.length, 2);
    for (const m of messages) {
      assert.is(m.store, 'device');
      assert.is(m.text, texts.get(String(m.id)), `${m.id} as the store holds it`);
    }
    const long = messages.find((m) => m.from === 'Vodafone')!;
    assert.is(long.parts, 2);
    assert.is(long.status, 'unread', 'the status before this Read');
    assert.is(messages.find((m) => m.from === '+4917612345678')!.status, 'read');
    // MBIM Read makes new messages old on the device (as ModemManager and phones see it).
    assert.ok(s.sim.model.sms.list('sim').every((m) => m.tag === 'mt-read'));

    const listen = await listenEvents(s, 'qmi4g.sms');
    const text = `${SECRET}. `.repeat(10);
    s.sim.model.sms.arrive({ from: '+491771234567', text, afterMs: 0, order: [2, 1] });
    const [ev] = await listen.next((d) => d.from === '+491771234567', 15_000);
    assert.is(ev.interface, 'wwan');
    assert.is(ev.text, text);
    assert.match(String(ev.time), /T\d\d:\d\d:\d\d\+01:00$/);
    const id = String(ev.id);
    assert.match(id, /^device:\d+,\d+$/);
    assert.is(storeTexts(s).get(id), text, 'the event names the parts the store holds');
    s.sim.model.sms.arrive({ from: '+4930123456', text: 'zweite', afterMs: 0 });
    const [second] = await listen.next(() => true, 15_000);
    assert.is(second.from, '+4930123456', 'one event for the two-part message, not two');
    listen.close();

    const read = await call(s, 'sms_read', { id });
    assert.is((read.message as Record<string, unknown>).text, text, JSON.stringify(read));
    const del = await call(s, 'sms_delete', { id });
    assert.equal(del, { ok: true, deleted: 2 });
    for (const i of id.slice('device:'.length).split(',').map(Number)) assert.is(s.sim.model.sms.read('sim', i - 1), undefined);
    assert.is(((await call(s, 'sms_delete', { id })).error as Record<string, unknown>).code, 'SMS_NOT_FOUND');
    assert.is(((await call(s, 'sms_read', { id: 'sim:1' })).error as Record<string, unknown>).code, 'SMS_NOT_FOUND', 'an MBIM modem has no sim store');

    const out = 'Bin gleich da, stehe noch im Stau auf der A9. '.repeat(5);
    const sent = await call(s, 'sms_send', { to: '+4915112345678', text: out });
    assert.is(sent.ok, true, JSON.stringify(sent));
    assert.is(sent.parts, 2);
    const submits = s.sim.model.sms.sent.slice(-2).map((x, i) => ({ key: i, pdu: decodePdu(x.pdu) as SmsSubmit }));
    assert.ok(submits.every((x) => x.pdu.type === 'submit' && x.pdu.recipient.address === '+4915112345678'));
    assert.is(mergeParts(submits)[0].text, out);
    assert.equal(sent.references, s.sim.model.sms.sent.slice(-2).map((x) => x.messageReference));
    assert.ok((s.sim.stats.requests['SMS Send'] ?? 0) >= 2, 'sent with MBIM SMS Send');
    assert.is((await s.client.call('qmi4g', 'status', { interface: 'wwan' }))!.state, 'connected', 'the data session is untouched');

    // kill -9 and respawn: the new daemon adopts the open MBIM function (no OPEN) and still reports new messages.
    const opened = s.sim.stats.opened;
    await s.restartDaemon('SIGKILL');
    await waitStatus(s, 'wwan', (q) => q.state === 'connected', 'connected again after kill -9', 15_000);
    const after = await listenEvents(s, 'qmi4g.sms');
    s.sim.model.sms.arrive({ from: '+4930999999', text: 'nach dem Neustart', afterMs: 0 });
    const [third] = await after.next(() => true, 15_000);
    after.close();
    assert.is(third.from, '+4930999999');
    assert.is(s.sim.stats.opened, opened, 'adopted: no MBIM OPEN');

    const info = infoLines(s);
    assert.ok(info.some((l) => /new SMS device:/.test(l)), 'the arrival is logged (without its content)');
    for (const secret of [SECRET, '+491771234567', 'Stau auf der A9', 'Kommst du heute', 'zweite', 'Datenvolumen', 'nach dem Neustart']) {
      assert.not.ok(info.some((l) => l.includes(secret)), `"${secret}" not logged at info level`);
    }
  });
});

rtest('MBIM: a full store — status sms says full (one warning), the message is lost, Message Store Status says full, the daemon keeps serving; a delete makes room', async () => {
  await mbimRun({ sms: { simCapacity: 2, stored: [{ from: '+4917611111111', text: 'eins' }, { from: '+4917622222222', text: 'zwei' }] } }, async (s) => {
    const full = await eventually('status sms full', () => call(s, 'status', {}), (st) => (st.sms as { full?: boolean } | undefined)?.full === true);
    assert.equal(full.sms, { store: 'device', max: 2, full: true });
    s.sim.model.sms.arrive({ from: '+4917633333333', text: 'drei', afterMs: 0 });
    assert.is(s.sim.model.sms.rejectedFull, 1, 'the simulator had no room');
    await eventually('Message Store Status notification sent and read again', async () => [s.sim.stats.indications['SMS Message Store Status'] ?? 0, s.sim.stats.requests['SMS Message Store Status'] ?? 0],
      ([sent, queries]) => sent >= 1 && queries >= 2);
    const warned = s.daemonLog.filter((l) => /warn: .*SMS store device is full/.test(l));
    assert.is(warned.length, 1, `one warning, not one per notification: ${warned.join(' | ')}`);
    const list = await call(s, 'sms_list', {});
    assert.equal((list.messages as Record<string, unknown>[]).map((m) => m.text), ['eins', 'zwei']);
    const del = await call(s, 'sms_delete', { id: String((list.messages as Record<string, unknown>[])[0].id) });
    assert.equal(del, { ok: true, deleted: 1 });
    assert.is(s.sim.model.sms.list('sim').length, 1, 'room again');
    const room = await eventually('status sms not full', () => call(s, 'status', {}), (st) => (st.sms as { full?: boolean } | undefined)?.full === false);
    assert.equal(room.sms, { store: 'device', max: 2, full: false });
  });
});

test.run();
