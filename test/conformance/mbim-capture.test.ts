// Byte-exact: what mbimcli writes on the pty equals what src/mbim encodes for the same request (and the bytes mbimcli 1.28.2 wrote in a capture against a pty).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { encodeCommandBuffer } from '../../src/mbim/cid';
import { encodeMessage } from '../../src/mbim/message';
import { Connect, DeviceCaps } from '../../src/mbim/services/basic-connect';
import { CapturedMbimMessage, MbimSimulator, startMbimSimulator } from '../../src/sim';
import { mbimcli, tempDir } from './sim-helpers';

const tmp = tempDir();
let sim: MbimSimulator;
let port: string;

test.before(async () => {
  port = path.join(tmp.dir, 'wdm0');
  sim = await startMbimSimulator({ path: port, scenario: { registration: { delayMs: 0 } } });
});

test.after(async () => {
  await sim?.close();
  tmp.cleanup();
});

/** Runs mbimcli and returns the messages it wrote, checking each is in the raw bytes read from the pty. */
async function capture(args: string[]): Promise<CapturedMbimMessage[]> {
  const n = sim.stats.captured.length;
  const rawBefore = sim.stats.rawInput.length;
  const r = await mbimcli(port, args);
  assert.is(r.code, 0, `mbimcli ${args.join(' ')}: ${r.stderr}`);
  const msgs = sim.stats.captured.slice(n);
  const raw = Buffer.concat(sim.stats.rawInput.slice(rawBefore));
  for (const m of msgs) assert.ok(raw.includes(m.bytes), `${m.name} bytes are what mbimcli wrote`);
  return msgs;
}

function one(msgs: CapturedMbimMessage[], name: string): CapturedMbimMessage {
  const f = msgs.filter((x) => x.name === name);
  assert.is(f.length, 1, `one ${name} in ${msgs.map((x) => x.name).join(', ')}`);
  return f[0];
}

test('OPEN, Device Caps query and CLOSE', async () => {
  const msgs = await capture(['--query-device-caps']);
  const open = one(msgs, 'OPEN');
  assert.is(open.bytes.toString('hex'), Buffer.from(encodeMessage({ type: 'open', tid: open.tid, maxControlTransfer: 4096 })).toString('hex'));
  assert.is(open.bytes.toString('hex'), '01000000100000000100000000100000', 'mbimcli 1.28.2 capture');
  const caps = one(msgs, 'Device Caps query');
  const ours = encodeMessage({ type: 'command', tid: caps.tid, service: DeviceCaps.service, cid: DeviceCaps.cid, commandType: 'query', buffer: encodeCommandBuffer(DeviceCaps, 'query', {}) });
  assert.is(caps.bytes.toString('hex'), Buffer.from(ours).toString('hex'));
  assert.is(caps.bytes.toString('hex'), '0300000030000000020000000100000000000000a289cc33bcbb8b4fb6b0133ec2aae6df010000000000000000000000', 'mbimcli 1.28.2 capture');
  const close = one(msgs, 'CLOSE');
  assert.is(close.bytes.toString('hex'), Buffer.from(encodeMessage({ type: 'close', tid: close.tid })).toString('hex'));
  assert.is(close.bytes.toString('hex'), '020000000c00000003000000', 'mbimcli 1.28.2 capture');
});

test('Connect set (access-string=internet, and with ip-type=ipv4)', async () => {
  const plain = one(await capture(['--connect=access-string=internet']), 'Connect set');
  const ours = (tid: number, ipType: number) => Buffer.from(encodeMessage({
    type: 'command', tid, service: Connect.service, cid: Connect.cid, commandType: 'set',
    buffer: encodeCommandBuffer(Connect, 'set', { activationCommand: 1, accessString: 'internet', ipType }),
  })).toString('hex');
  assert.is(plain.bytes.toString('hex'), ours(plain.tid, 0));
  // mbimcli 1.28.2 capture: header, then the info buffer as captured, word by word.
  const oracle = '030000007c000000020000000100000000000000a289cc33bcbb8b4fb6b0133ec2aae6df0c000000010000004c000000'
    + ['00000000', '01000000', '3c000000', '10000000', '00000000', '00000000', '00000000', '00000000', '00000000', '00000000', '00000000'].join('')
    + '7e5e2a7e4e6f7272736b656e7e5e2a7e' + '69006e007400650072006e0065007400';
  assert.is(plain.bytes.toString('hex'), oracle, 'mbimcli 1.28.2 capture');
  assert.ok(await mbimcli(port, ['--disconnect']).then((r) => r.code === 0));
  const v4 = one(await capture(['--connect=access-string=internet,ip-type=ipv4']), 'Connect set');
  assert.is(v4.bytes.toString('hex'), ours(v4.tid, 1));
});

test.run();
