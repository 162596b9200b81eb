// Tests for sendAtCommand: the exchange with an injected fake port (replies, errors, timeout, abort, close).
// Runs on Node and QuickJS; the Node platform's serialport loading is tested in at-port-node.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock, settle } from '../../helpers/fake-clock';
import { rejects } from '../../helpers/rejects';
import {
  AtCommandError, AtPortError, AtRefusedError, AtStream, MAX_AT_RESPONSE, sendAtCommand,
} from '../../../src/device/at-port';
import { Emitter } from '../../../src/util/emitter';
import { encodeLatin1 } from '../../../src/util/utf8';
import { AbortedError, WaitTimeoutError } from '../../../src/util/wait';

/** A fake tty: records writes and close, and answers each write with the scripted chunks. */
class FakePort extends Emitter implements AtStream {
  written: string[] = [];
  closed = 0;
  constructor(private readonly reply: (cmd: string, port: FakePort) => void = () => {}) { super(); }
  write(chunk: string, cb: (err?: Error | null) => void): boolean {
    this.written.push(chunk);
    queueMicrotask(() => { cb(null); this.reply(chunk, this); });
    return true;
  }
  close(cb?: (err?: Error | null) => void): void { this.closed++; cb?.(null); }
  feed(...chunks: string[]): void { for (const c of chunks) this.emit('data', encodeLatin1(c)); }
}

test('ATI: command written with CR, echo stripped, information lines returned, port closed', async () => {
  const port = new FakePort((cmd, p) => p.feed(cmd, '\r\nQuectel\r\nEC25\r\n', 'Revision: EC25EFAR06A06M4G\r\n\r\nOK\r\n'));
  const out = await sendAtCommand('/dev/ttyUSB2', 'ati', { open: async () => port, timeoutMs: 1000 });
  assert.is(out, 'Quectel\nEC25\nRevision: EC25EFAR06A06M4G');
  assert.equal(port.written, ['ATI\r']);
  assert.is(port.closed, 1);
});

test('reply split into single bytes still completes', async () => {
  const port = new FakePort((_c, p) => p.feed(...'\r\n+CSQ: 20,99\r\n\r\nOK\r\n'.split('')));
  assert.is(await sendAtCommand('/dev/ttyUSB2', 'AT+CSQ', { open: async () => port }), '+CSQ: 20,99');
});

test('+CME ERROR is AtCommandError with the final line; port closed', async () => {
  const port = new FakePort((_c, p) => p.feed('AT+CPIN?\r\r\n+CME ERROR: 10\r\n'));
  const e = await rejects(sendAtCommand('/dev/ttyUSB2', 'AT+CPIN?', { open: async () => port }), AtCommandError) as AtCommandError;
  assert.is(e.final, '+CME ERROR: 10');
  assert.is(e.code, 'AT_ERROR');
  assert.is(port.closed, 1);
});

test('refused commands and paths never open anything', async () => {
  let opened = 0;
  const open = async () => { opened++; return new FakePort(); };
  await rejects(sendAtCommand('/dev/ttyUSB2', 'AT+CGDCONT=1,"IP","x"', { open }), AtRefusedError, /command not allowed/);
  await rejects(sendAtCommand('/dev/ttyUSB2', 'ATI\r\nAT+CFUN=0', { open }), AtRefusedError);
  await rejects(sendAtCommand('ttyUSB2', 'ATI', { open }), AtRefusedError, /absolute device path/);
  assert.is(opened, 0);
});

test('silent modem: WaitTimeoutError after timeoutMs on fake time, port closed', async () => {
  const clock = new FakeClock();
  const port = new FakePort();
  const p = sendAtCommand('/dev/ttyUSB2', 'AT', { open: async () => port, timeoutMs: 3000, clock });
  const caught = p.catch((e: unknown) => e);
  await clock.advance(2999);
  await settle();
  assert.is(port.closed, 0);
  await clock.advance(1);
  assert.instance(await caught, WaitTimeoutError);
  assert.is(port.closed, 1);
});

test('abort: AbortedError, port closed; an already-aborted signal opens nothing', async () => {
  const port = new FakePort();
  const ac = new AbortController();
  const p = sendAtCommand('/dev/ttyUSB2', 'AT', { open: async () => port, signal: ac.signal });
  await settle();
  assert.equal(port.written, ['AT\r']);
  ac.abort();
  await rejects(p, AbortedError);
  assert.is(port.closed, 1);
  let opened = 0;
  await rejects(sendAtCommand('/dev/ttyUSB2', 'AT', { open: async () => { opened++; return port; }, signal: ac.signal }), AbortedError);
  await settle();
  assert.is(opened, 0);
});

test('an open that completes after abort closes the late port', async () => {
  const port = new FakePort();
  const ac = new AbortController();
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const p = sendAtCommand('/dev/ttyUSB2', 'AT', { open: async () => { await gate; return port; }, signal: ac.signal });
  ac.abort();
  await rejects(p, AbortedError);
  release();
  await settle();
  assert.equal(port.written, []);
  assert.is(port.closed, 1);
});

test('port errors: open failure, write failure, close mid-response, runaway output', async () => {
  await rejects(sendAtCommand('/dev/ttyUSB9', 'AT', { open: async (path) => { throw new AtPortError(path, 'open failed: ENOENT'); } }), AtPortError, /ttyUSB9: open failed/);
  const wfail = new FakePort();
  wfail.write = (_c, cb) => { queueMicrotask(() => cb(new Error('EIO'))); return false; };
  await rejects(sendAtCommand('/dev/ttyUSB2', 'AT', { open: async () => wfail }), AtPortError, /write failed: EIO/);
  const gone = new FakePort((_c, p) => { p.feed('\r\nQuec'); p.emit('close'); });
  await rejects(sendAtCommand('/dev/ttyUSB2', 'ATI', { open: async () => gone }), AtPortError, /closed before the response ended/);
  const err = new FakePort((_c, p) => p.emit('error', new Error('device disconnected')));
  await rejects(sendAtCommand('/dev/ttyUSB2', 'ATI', { open: async () => err }), AtPortError, /device disconnected/);
  const flood = new FakePort((_c, p) => { for (let i = 0; i < 70; i++) p.feed('x'.repeat(1023) + '\n'); });
  await rejects(sendAtCommand('/dev/ttyUSB2', 'ATI', { open: async () => flood }), AtPortError, new RegExp(`longer than ${MAX_AT_RESPONSE}`));
  assert.is(flood.closed, 1);
});

test.run();
