// `qmi4g sim send-sms` (the bundle, as a person runs it) makes a running `qmi4g sim` receive a message out of
// order; uqmi reads the parts back from the simulated QMI modem; on `qmi4g sim --mbim` our MbimDevice reads them
// with MBIM SMS Read (mbimcli 1.28 has no SMS commands) and the SMS Read notification carries each part.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { decodePdu, mergeParts } from '../../src/sms';
import { openControlPort } from '../../src/device/control-port';
import { MbimDevice } from '../../src/mbim/device';
import { basicConnect as bc, sms as mbimSms } from '../../src/mbim/services';
import { ServiceUuid } from '../../src/mbim/uuid';
import { waitFor } from '../../src/util/wait';
import { runTool, tempDir } from './sim-helpers';

const BUNDLE = path.resolve(__dirname, '../../dist/qmi4g.js');
const UQMI = path.join(path.resolve(__dirname, '../..', process.env.QMI4G_OWRT ?? '../shared/owrt'), 'root/usr/sbin/uqmi');

test('qmi4g sim send-sms delivers a three-part message 2, 3, 1; uqmi lists and reads it', async () => {
  const tmp = tempDir();
  const port = path.join(tmp.dir, 'wdm0');
  const sim = spawn(process.execPath, [BUNDLE, 'sim', '--qmi', port], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    for (let i = 0; i < 100 && !existsSync(`${port}.ctl`); i++) await new Promise((r) => setTimeout(r, 50));
    const text = 'Gruss aus Wien! '.repeat(25);
    const r = await runTool(process.execPath, [BUNDLE, 'sim', 'send-sms', port, '--from', '+436641234567', '--text', text, '--order', '2,3,1'], 10_000);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, /delivered 3 part\(s\)/);
    const list = await runTool(UQMI, ['-d', port, '--list-messages'], 15_000);
    const indexes = JSON.parse(list.stdout) as number[];
    assert.equal(indexes, [0, 1, 2]);
    const parts = [];
    for (const i of indexes) {
      const got = JSON.parse((await runTool(UQMI, ['-d', port, '--get-message', String(i)], 15_000)).stdout) as Record<string, unknown>;
      assert.is(got.sender, '+436641234567');
      const raw = JSON.parse((await runTool(UQMI, ['-d', port, '--get-raw-message', String(i)], 15_000)).stdout) as string;
      parts.push({ key: got.concat_part, pdu: decodePdu(Buffer.from(raw.replace(/ /g, ''), 'hex')) });
    }
    assert.equal(parts.map((p) => p.key), [2, 3, 1], 'stored in arrival order');
    assert.is(mergeParts(parts)[0].text, text);
    const bad = await runTool(process.execPath, [BUNDLE, 'sim', 'send-sms', path.join(tmp.dir, 'nope'), '--from', '1', '--text', 'x'], 10_000);
    assert.is(bad.code, 1);
    assert.match(bad.stderr, /no simulator at/);
  } finally {
    sim.kill('SIGTERM');
    await new Promise((r) => sim.once('exit', r));
    tmp.cleanup();
  }
});

test('qmi4g sim --mbim: send-sms parts 2, 1 arrive as SMS Read notifications and are in the store (MBIM SMS Read)', async () => {
  const tmp = tempDir();
  const port = path.join(tmp.dir, 'wdm0');
  const sim = spawn(process.execPath, [BUNDLE, 'sim', '--mbim', port], { stdio: ['ignore', 'ignore', 'pipe'] });
  let device: MbimDevice | undefined;
  try {
    for (let i = 0; i < 100 && !existsSync(`${port}.ctl`); i++) await new Promise((r) => setTimeout(r, 50));
    device = new MbimDevice(openControlPort(port), { timeoutMs: 5000 });
    await device.open({ timeoutMs: 5000 });
    await device.command(bc.DeviceServiceSubscribeList, 'set', { events: [{ deviceServiceId: ServiceUuid.sms, cids: [mbimSms.Read.cid] }] });
    const notified: number[] = [];
    const d = device;
    const twoNotified = waitFor<void>('two SMS Read notifications', (done) => d.onIndication(mbimSms.Read, (v) => {
      for (const m of v.pduMessages) notified.push(m.messageIndex);
      if (notified.length >= 2) done();
    }), { timeoutMs: 5000 });
    const text = 'Servus aus Graz! '.repeat(12);
    const r = await runTool(process.execPath, [BUNDLE, 'sim', 'send-sms', port, '--from', '+436641234567', '--text', text, '--order', '2,1'], 10_000);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, /delivered 2 part\(s\)/);
    await twoNotified;
    assert.equal(notified, [1, 2], 'one notification per part, MessageIndex 1-based');
    const all = await device.command(mbimSms.Read, 'query', { format: 0, flag: 0, messageIndex: 0 });
    const parts = all.pduMessages.map((m) => ({ key: m.messageIndex, pdu: decodePdu(m.pduData) }));
    assert.equal(parts.map((p) => p.pdu.type === 'deliver' && p.pdu.sender.address), ['+436641234567', '+436641234567']);
    const [merged] = mergeParts(parts);
    assert.equal(merged.keys, [2, 1], 'part 1 stored second');
    assert.is(merged.text, text);
  } finally {
    device?.dispose();
    sim.kill('SIGTERM');
    await new Promise((r) => sim.once('exit', r));
    tmp.cleanup();
  }
});

test.run();
