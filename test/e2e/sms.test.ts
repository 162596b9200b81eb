// SMS through qmi4gd on the real OpenWrt stack (real ubusd and netifd, the daemon as its own process): sms_list,
// sms_read, sms_delete and sms_send over ubus on a QMI interface agree with the simulator's store, which OpenWrt's
// uqmi reads the same way (uqmi runs before the daemon holds the port: two processes on one port collide);
// event qmi4g.sms is checked with the real `ubus listen`; message content never reaches the log at info level.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { owrtDir, realTest } from '../helpers/owrt-env';
import type { OwrtStack } from '../helpers/owrt-stack';
import { ifupUntil, settled, waitStatus, withStack } from '../helpers/owrt-suite';
import { SmsSubmit, decodePdu, mergeParts } from '../../src/sms';
import { runTool } from '../conformance/sim-helpers';
import { listenEvents } from '../helpers/ubus-listen';
import { eventually } from '../helpers/eventually';

const rtest = realTest(test);
const UQMI = path.join(owrtDir(), 'root/usr/sbin/uqmi');

const LONG = 'Ihre Rechnung für November ist da: 23,95 EUR. Abbuchung am 15.12. Fragen? Rufen Sie uns an. '.repeat(2);
const SECRET = 'Ihr Code lautet 604217';

/** The daemon's log lines above debug level (the stack runs it with log_level debug). */
const infoLines = (s: OwrtStack) => s.daemonLog.filter((l) => !/(^|\s)debug: /.test(l));

rtest('QMI: sms_list/sms_read/sms_delete/sms_send over ubus agree with the store and uqmi; qmi4g.sms seen by `ubus listen`; content never logged at info', async () => {
  assert.ok(existsSync(UQMI), `uqmi at ${UQMI} (env QMI4G_OWRT)`);
  await withStack({
    scenario: { sms: { stored: [{ from: '+4917612345678', text: 'Kommst du heute? {ja|nein} €5' }, { from: 'InternetSMS', text: LONG, storage: 'modem' }] } },
    network: { wdm0: { proto: 'qmi4g', wdmif: '$DEVICE', apn: 'internet', auto: 0, dhcp: 0 } },
    daemon: false,
  }, async (s) => {
    // uqmi's reading of the store, before the daemon owns the port.
    const uqmiText: Record<string, string[]> = {};
    for (const [store, flag] of [['sim', 'sim'], ['modem', 'me']] as const) {
      for (const m of s.sim.model.sms.list(store)) {
        const r = await runTool(UQMI, ['-d', s.devicePath, '--get-message', String(m.index), '--storage', flag], 15_000);
        assert.is(r.code, 0, r.stderr);
        const j = JSON.parse(r.stdout) as { sender: string; text: string; concat_part?: number };
        (uqmiText[`${store}|${j.sender}`] ??= [])[(j.concat_part ?? 1) - 1] = j.text;
      }
    }
    await s.startDaemon();
    assert.is((await ifupUntil(s, 'wdm0', settled)).state, 'connected');
    // The store new messages go to (WMS Get Routes: the SIM), read after the connect (Get Store Max Size, List Messages).
    const st = await eventually('status sms', async () => (await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!, (x) => x.sms !== undefined);
    assert.equal(st.sms, { store: 'sim', used: 1, max: 20, full: false });

    const list = (await s.client.call('qmi4g', 'sms_list', { interface: 'wdm0' }))!;
    assert.is(list.ok, true, JSON.stringify(list));
    const messages = list.messages as Record<string, unknown>[];
    assert.is(messages.length, 2);
    for (const m of messages) assert.is(m.text, uqmiText[`${m.store}|${m.from}`].join(''), `${m.id} as uqmi reads it`);
    const long = messages.find((m) => m.from === 'InternetSMS')!;
    assert.is(long.store, 'modem');
    assert.is(long.parts, 2);
    assert.is(long.text, LONG);
    assert.match(String(long.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+01:00$/);

    // A two-part message arrives part 2 first: one event with the whole text, seen by OpenWrt's `ubus listen`.
    const listen = await listenEvents(s, 'qmi4g.sms');
    const text = `${SECRET}. `.repeat(12);
    s.sim.model.sms.arrive({ from: '+491771234567', text, afterMs: 0, order: [2, 1] });
    const [ev] = await listen.next((d) => d.from === '+491771234567', 15_000);
    assert.is(ev.interface, 'wdm0');
    assert.is(ev.text, text);
    assert.match(String(ev.time), /T\d\d:\d\d:\d\d\+01:00$/);
    const id = String(ev.id);
    assert.match(id, /^sim:\d+,\d+$/);
    // One message, one event: a second arrival's event comes next, not a repeat of the first.
    s.sim.model.sms.arrive({ from: '+4930123456', text: 'zweite', afterMs: 0 });
    const [second] = await listen.next(() => true, 15_000);
    assert.is(second.from, '+4930123456', 'no duplicate event for the two-part message');
    listen.close();

    const read = (await s.client.call('qmi4g', 'sms_read', { interface: 'wdm0', id }))!;
    assert.is((read.message as Record<string, unknown>).text, text);
    for (const i of id.slice(4).split(',').map(Number)) assert.is(s.sim.model.sms.read('sim', i)!.tag, 'mt-read');
    const again = (await s.client.call('qmi4g', 'sms_list', { interface: 'wdm0' }))!;
    assert.is((again.messages as Record<string, unknown>[]).find((m) => m.id === id)!.status, 'read');

    const del = (await s.client.call('qmi4g', 'sms_delete', { interface: 'wdm0', id }))!;
    assert.equal(del, { ok: true, deleted: 2 });
    for (const i of id.slice(4).split(',').map(Number)) assert.is(s.sim.model.sms.read('sim', i), undefined);
    const gone = (await s.client.call('qmi4g', 'sms_delete', { interface: 'wdm0', id }))!;
    assert.is((gone.error as Record<string, unknown>).code, 'SMS_NOT_FOUND');

    const out = 'Bin in 10 Minuten da, der Zug hat Verspätung. '.repeat(5);
    const sent = (await s.client.call('qmi4g', 'sms_send', { interface: 'wdm0', to: '+4915112345678', text: out }))!;
    assert.is(sent.ok, true, JSON.stringify(sent));
    assert.is(sent.parts, 2);
    const submits = s.sim.model.sms.sent.slice(-2).map((x, i) => ({ key: i, pdu: decodePdu(x.pdu) as SmsSubmit }));
    assert.ok(submits.every((x) => x.pdu.recipient.address === '+4915112345678'));
    assert.is(mergeParts(submits)[0].text, out);

    // Through the real `ubus` CLI too: bad arguments are refused with ubus's own status.
    const bad = await s.exec(['ubus', 'call', 'qmi4g', 'sms_send', JSON.stringify({ interface: 'wdm0', to: 'Alice', text: 'x' })]);
    assert.ok(bad.status !== 0 && /Command failed: .*\(Invalid argument\)/.test(bad.stderr), `INVALID_ARGUMENT: ${bad.status} ${bad.stderr}`);
    const unknown = await s.exec(['ubus', 'call', 'qmi4g', 'sms_list', '{"interface":"nope"}']);
    assert.ok(unknown.status !== 0 && /Command failed: .*\(Not found\)/.test(unknown.stderr), `NOT_FOUND: ${unknown.status} ${unknown.stderr}`);
    const tooLong = (await s.client.call('qmi4g', 'sms_send', { interface: 'wdm0', to: '+4915112345678', text: 'x'.repeat(153 * 16 + 1) }))!;
    assert.is((tooLong.error as Record<string, unknown>).code, 'SMS_INVALID');
    assert.is((await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!.state, 'connected', 'the data session is untouched');

    // kill -9 and procd's respawn: the new daemon adopts the modem with the WMS client saved in its handoff
    // (no client id allocated, none leaked) and still reports new messages.
    const wmsBefore = [...(s.sim.stats.cids.wms ?? [])];
    assert.is(wmsBefore.length, 1, 'one WMS client');
    const allocations = s.sim.stats.allocations;
    await s.restartDaemon('SIGKILL');
    await waitStatus(s, 'wdm0', (q) => q.state === 'connected', 'connected again after kill -9', 15_000);
    const again2 = await listenEvents(s, 'qmi4g.sms');
    s.sim.model.sms.arrive({ from: '+4930999999', text: 'nach dem Neustart', afterMs: 0 });
    const [third] = await again2.next(() => true, 15_000);
    again2.close();
    assert.is(third.from, '+4930999999');
    assert.equal(s.sim.stats.cids.wms, wmsBefore, 'the same WMS client id after the restart');
    assert.is(s.sim.stats.allocations, allocations, 'no client id allocated by the adopting daemon');

    const info = infoLines(s);
    assert.ok(info.some((l) => /new SMS sim:/.test(l)), 'the arrival is logged (without its content)');
    for (const secret of [SECRET, '+491771234567', 'Verspätung', 'Kommst du heute', 'zweite', 'nach dem Neustart']) {
      assert.not.ok(info.some((l) => l.includes(secret)), `"${secret}" not logged at info level`);
    }
  });
});

test.run();
