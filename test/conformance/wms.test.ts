// OpenWrt's uqmi (its own PDU decoder) and qmicli judge the simulator's WMS service and our SMS codec: stored
// messages listed, read, raw-read, deleted and sent; routes set and read back; multipart arrivals out of order;
// a full store. qmicli 1.32 has no --wms-list-messages/--wms-raw-read (libqmi's qmicli never had them), so uqmi
// (--list-messages, --get-message, --get-raw-message) is the judge for the message store.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { QmiSimulator, Scenario, startQmiSimulator } from '../../src/sim';
import { SmsDeliver, decodePdu, mergeParts } from '../../src/sms';
import { ok, qmicli, runTool, tempDir } from './sim-helpers';

const REPO = path.resolve(__dirname, '../..');
const UQMI = path.join(path.resolve(REPO, process.env.QMI4G_OWRT ?? '../shared/owrt'), 'root/usr/sbin/uqmi');

const SCENARIO: Scenario = {
  sms: {
    simCapacity: 6, modemCapacity: 10,
    stored: [
      { from: '+4917612345678', text: 'Treffen um 18 Uhr? [Ecke] {Markt} 5€', read: true },
      { from: 'InternetSMS', text: 'Ihr Guthaben: 12,40 EUR. '.repeat(8) },
    ],
  },
};

const tmp = tempDir();
let sim: QmiSimulator;
let port: string;

async function uqmi(args: string[]): Promise<string> {
  return ok(await runTool(UQMI, ['-d', port, ...args], 15_000), `uqmi ${args.join(' ')}`);
}

test.before(async () => {
  assert.ok(existsSync(UQMI), `uqmi at ${UQMI} (env QMI4G_OWRT)`);
  port = path.join(tmp.dir, 'wdm0');
  sim = await startQmiSimulator({ path: port, scenario: SCENARIO });
});

test.after(async () => {
  await sim?.close();
  tmp.cleanup();
});

test('uqmi --list-messages lists the unread messages of the SIM store; --get-message decodes each as our codec does', async () => {
  const indexes = JSON.parse(await uqmi(['--list-messages'])) as number[];
  assert.equal(indexes, sim.model.sms.list('sim', 'mt-not-read').map((m) => m.index));
  assert.equal(indexes, [1, 2]);
  for (const i of [0, ...indexes]) {
    const theirs = JSON.parse(await uqmi(['--get-message', String(i)])) as Record<string, unknown>;
    const ours = decodePdu(sim.model.sms.read('sim', i)!.pdu) as SmsDeliver;
    assert.is(theirs.sender, ours.sender.address);
    assert.is(theirs.smsc, ours.smsc);
    assert.is(theirs.text, ours.text);
    if (ours.concat) {
      assert.is(theirs.concat_ref, ours.concat.reference);
      assert.is(theirs.concat_part, ours.concat.sequence);
      assert.is(theirs.concat_parts, ours.concat.total);
    }
  }
});

test('uqmi --get-raw-message shows the stored PDU byte for byte', async () => {
  const raw = JSON.parse(await uqmi(['--get-raw-message', '1'])) as string;
  assert.is(raw.replace(/ /g, ''), Buffer.from(sim.model.sms.read('sim', 1)!.pdu).toString('hex'));
});

test('uqmi --send-message: the simulator gets an SMS-SUBMIT our codec reads', async () => {
  await uqmi(['--send-message', 'Bin gleich da', '--send-message-target', '+4915112345678']);
  const sent = sim.model.sms.sent.at(-1)!;
  assert.is(sent.submit.recipient.address, '+4915112345678');
  assert.is(sent.submit.text, 'Bin gleich da');
});

test('qmicli --wms-set-routes sends new messages to the modem store; --wms-get-routes reads it back', async () => {
  ok(await qmicli(port, ['--wms-set-routes=type=point,class=none,storage=nv,receipt-action=store-and-notify']), 'set routes');
  assert.equal(sim.model.sms.route, { action: 'store-and-notify', storage: 'modem' });
  assert.match(ok(await qmicli(port, ['--wms-get-routes']), 'get routes'), /Storage Type: nv\s+Receipt Action: store-and-notify/);
  sim.model.sms.arrive({ from: '+491609876543', text: 'Neu im Modem', afterMs: 0 });
  assert.equal(JSON.parse(await uqmi(['--list-messages', '--storage', 'me'])), [0]);
  const got = JSON.parse(await uqmi(['--get-message', '0', '--storage', 'me'])) as Record<string, unknown>;
  assert.is(got.text, 'Neu im Modem');
  ok(await qmicli(port, ['--wms-set-routes=type=point,class=none,storage=uim,receipt-action=store-and-notify']), 'set routes back');
});

test('a three-part message arriving 3, 1, 2 merges by reference into the text', async () => {
  const text = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(7);
  const before = new Set(sim.model.sms.list('sim').map((m) => m.index));
  assert.is(sim.model.sms.arrive({ from: '+436641234567', text, afterMs: 0, order: [3, 1, 2] }), 3);
  const indexes = (JSON.parse(await uqmi(['--list-messages'])) as number[]).filter((i) => !before.has(i));
  assert.is(indexes.length, 3);
  const parts = [];
  for (const i of indexes) {
    const theirs = JSON.parse(await uqmi(['--get-message', String(i)])) as Record<string, number>;
    parts.push({ key: i, pdu: decodePdu(Buffer.from(JSON.parse(await uqmi(['--get-raw-message', String(i)])).replace(/ /g, ''), 'hex')), part: theirs.concat_part });
  }
  assert.equal(parts.map((p) => p.part), [3, 1, 2]);
  const merged = mergeParts(parts);
  assert.is(merged.length, 1);
  assert.is(merged[0].text, text);
  assert.equal(merged[0].missing, []);
});

test('uqmi --delete-message frees the slot; a full store loses new messages and counts them', async () => {
  assert.ok((JSON.parse(await uqmi(['--list-messages'])) as number[]).includes(1));
  await uqmi(['--delete-message', '1']);
  assert.not.ok((JSON.parse(await uqmi(['--list-messages'])) as number[]).includes(1));
  assert.is(sim.model.sms.read('sim', 1), undefined);
  const free = sim.model.sms.capacity('sim') - sim.model.sms.list('sim').length;
  for (let i = 0; i < free; i++) sim.model.sms.arrive({ from: '+4930123456', text: `Nr. ${i}`, afterMs: 0 });
  assert.is(sim.model.sms.rejectedFull, 0);
  sim.model.sms.arrive({ from: '+4930123456', text: 'zu viel', afterMs: 0 });
  assert.is(sim.model.sms.rejectedFull, 1);
  assert.is(sim.model.sms.list('sim').length, sim.model.sms.capacity('sim'));
  assert.is((JSON.parse(await uqmi(['--list-messages'])) as number[]).length, sim.model.sms.capacity('sim') - 1, 'all but the read one');
});

test.run();
