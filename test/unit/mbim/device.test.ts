// Tests for MbimDevice over an in-memory port: OPEN/CLOSE, transaction matching, status/function errors, timeouts, abort, close, fragments, indications.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Emitter } from '../../../src/util/emitter';
import type { ControlPort } from '../../../src/device/control-port';
import { encodeReply } from '../../../src/mbim/cid';
import { MbimDevice } from '../../../src/mbim/device';
import {
  MbimAbortedError, MbimDecodeError, MbimFragmentError, MbimFunctionError, MbimStatusError, MbimTimeoutError, MbimTransportError,
  MbimWrongStateError,
} from '../../../src/mbim/errors';
import { FragmentCollector } from '../../../src/mbim/fragment';
import { MbimMessage, decodeMessage, encodeMessage, splitFragments } from '../../../src/mbim/message';
import { basicConnect as bc, qmi } from '../../../src/mbim/services';
import { ServiceUuid } from '../../../src/mbim/uuid';
import type { Clock } from '../../../src/util/wait';
import { LIBMBIM_PARSER, ORACLE } from './fixtures';
import { ManualClock } from './manual-clock';
import { concat, copy, hex, toHexStr } from '../../helpers/bytes';

const tick = () => new Promise<void>((r) => setImmediate(r));

/** A control port in memory: records writes; the test plays the modem by emitting 'data'. */
class FakePort extends Emitter implements ControlPort {
  readonly path = '/dev/fake-wdm0';
  closed = false;
  failWrites = false;
  readonly written: Uint8Array[] = [];

  write(message: Uint8Array): Promise<void> {
    if (this.failWrites) return Promise.reject(new Error('EIO'));
    this.written.push(copy(message));
    return Promise.resolve();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', undefined);
  }

  /** The last message written, decoded (must be unfragmented). */
  last(): MbimMessage { return decodeMessage(this.written[this.written.length - 1]); }

  /** Sends a message from the modem side. */
  send(m: MbimMessage): void { this.emit('data', encodeMessage(m)); }

  /** Answers the last COMMAND with COMMAND_DONE carrying `buffer` and `status`. */
  answer(buffer: Uint8Array, status = 0, over: Partial<{ tid: number; cid: number }> = {}): void {
    const req = this.last();
    if (req.type !== 'command') throw new Error(`last written is ${req.type}`);
    this.send({ type: 'command-done', tid: over.tid ?? req.tid, service: req.service, cid: over.cid ?? req.cid, status, buffer });
  }
}

/** Real timers, but referenced so uvu does not exit mid-test (systemClock unrefs them). */
const refClock: Clock = { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };

function setup(opts: { timeoutMs?: number; maxControlTransfer?: number; fragmentGapMs?: number; clock?: Clock } = {}): { port: FakePort; dev: MbimDevice } {
  const port = new FakePort();
  return { port, dev: new MbimDevice(port, { timeoutMs: opts.timeoutMs ?? 1000, clock: opts.clock ?? refClock, maxControlTransfer: opts.maxControlTransfer, fragmentGapMs: opts.fragmentGapMs }) };
}

async function opened(opts: Parameters<typeof setup>[0] = {}): Promise<{ port: FakePort; dev: MbimDevice }> {
  const s = setup(opts);
  const p = s.dev.open();
  s.port.emit('data', hex(ORACLE.openDone));
  await p;
  return s;
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try { await p; } catch (e) { return e as Error; }
  assert.unreachable('resolved');
  throw new Error('unreachable');
}

test('open() sends the OPEN mbimcli sends and accepts its OPEN_DONE; then Device Caps query is byte-identical too', async () => {
  const { port, dev } = setup();
  const p = dev.open();
  assert.is(dev.state, 'opening');
  assert.is(toHexStr(port.written[0]), ORACLE.open);
  port.emit('data', hex(ORACLE.openDone));
  await p;
  assert.is(dev.state, 'open');
  const q = dev.command(bc.DeviceCaps, 'query', {});
  assert.is(toHexStr(port.written[1]), ORACLE.deviceCapsQuery);
  port.emit('data', hex(LIBMBIM_PARSER.deviceCaps));
  const caps = await q;
  assert.is(caps.deviceId, '353613048804622');
  assert.is(caps.firmwareInfo, '11.810.09.00.00');
  assert.instance(await rejection(dev.open()), MbimWrongStateError);
});

test('OPEN is resent after retryMs with a new tid; a late OPEN_DONE to the first attempt also completes it', async () => {
  const clock = new ManualClock();
  const { port, dev } = setup({ clock });
  const p = dev.open({ retryMs: 5000, timeoutMs: 30_000 });
  await clock.advance(4999);
  assert.is(port.written.length, 1);
  await clock.advance(1);
  const opens = port.written.map((b) => decodeMessage(b));
  assert.equal(opens.map((m) => [m.type, m.tid]), [['open', 1], ['open', 2]]);
  port.send({ type: 'open-done', tid: 1, status: 0 });
  await p;
  assert.is(dev.state, 'open');
  assert.is(dev.consecutiveTimeouts, 0, 'OPEN retries are not hang timeouts');
});

test('open() gives up after timeoutMs with MbimTimeoutError; an OPEN_DONE failure is MbimStatusError', async () => {
  const clock = new ManualClock();
  const a = setup({ clock });
  const op = a.dev.open();
  const done = rejection(op);
  await clock.advance(30_000);
  const e = await done;
  assert.instance(e, MbimTimeoutError);
  assert.is(a.dev.state, 'closed');
  assert.is(a.port.written.length, 6, 'mbimcli: OPEN every 5 s for 30 s');
  assert.is(clock.pending, 0, 'no timer left behind');
  const b = setup();
  const p = b.dev.open();
  b.port.send({ type: 'open-done', tid: 1, status: 2 });
  const se = await rejection(p);
  assert.instance(se, MbimStatusError);
  assert.is((se as MbimStatusError).mbimName, 'Failure');
  assert.is(b.dev.state, 'closed');
});

test('an unexpected CLOSE_DONE while opening: CLOSE, then OPEN again (libmbim close-before-open)', async () => {
  const { port, dev } = setup();
  const p = dev.open({ retryMs: 500 });
  port.send({ type: 'close-done', tid: 77, status: 0 });
  await tick();
  const close = port.last();
  assert.is(close.type, 'close');
  port.send({ type: 'close-done', tid: close.tid, status: 0 });
  await tick();
  const open2 = port.last();
  assert.is(open2.type, 'open');
  port.send({ type: 'open-done', tid: open2.tid, status: 0 });
  await p;
  assert.is(dev.state, 'open');
});

test('replies are matched by (type, tid): strangers, wrong types and late replies are ignored', async () => {
  const { port, dev } = await opened();
  const a = dev.command(bc.RadioState, 'query', {});
  const b = dev.command(bc.SignalState, 'query', {});
  await tick();
  const [ta, tb] = port.written.slice(-2).map((w) => decodeMessage(w).tid);
  assert.is(tb, ta + 1);
  let aDone = false;
  void a.then(() => { aDone = true; });
  port.send({ type: 'open-done', tid: tb, status: 0 });
  port.send({ type: 'command-done', tid: 999, service: ServiceUuid.basicConnect, cid: 11, status: 0, buffer: new Uint8Array(20) });
  port.answer(encodeReply(bc.SignalState, 'response', { rssi: 20, errorRate: 99, signalStrengthInterval: 0, rssiThreshold: 0, errorRateThreshold: 0 }));
  assert.is((await b).rssi, 20);
  await tick();
  assert.is(aDone, false);
  port.send({ type: 'command-done', tid: ta, service: ServiceUuid.basicConnect, cid: 3, status: 0, buffer: encodeReply(bc.RadioState, 'response', { hwRadioState: 1, swRadioState: 1 }) });
  assert.equal(await a, { hwRadioState: 1, swRadioState: 1 });
  port.send({ type: 'command-done', tid: ta, service: ServiceUuid.basicConnect, cid: 3, status: 0, buffer: new Uint8Array(8) });
});

test('transaction ids wrap from 0xFFFFFFFF to 1, never 0', async () => {
  const { port, dev } = await opened();
  (dev as unknown as { tid: number }).tid = 0xfffffffe;
  const tids: number[] = [];
  for (let i = 0; i < 3; i++) {
    const p = dev.command(bc.RadioState, 'query', {});
    tids.push(port.last().tid);
    port.answer(new Uint8Array(8));
    await p;
  }
  assert.equal(tids, [0xffffffff, 1, 2]);
});

test('a non-zero status is MbimStatusError with its libmbim name and the buffer decoded (PIN attempts left)', async () => {
  const { port, dev } = await opened();
  const p = dev.command(bc.Pin, 'set', { pinType: bc.MbimPinType.pin1, pinOperation: bc.MbimPinOperation.enter, pin: '0000' });
  port.answer(encodeReply(bc.Pin, 'response', { pinType: 2, pinState: 1, remainingAttempts: 2 }), 2);
  const e = await rejection(p);
  assert.instance(e, MbimStatusError);
  const se = e as MbimStatusError;
  assert.is(se.code, 2);
  assert.is(se.mbimName, 'Failure');
  assert.equal(se.response, { pinType: 2, pinState: 1, remainingAttempts: 2 });
  assert.not.match(se.message, /0000/, 'no PIN in the message');
  const q = dev.command(bc.SubscriberReadyStatus, 'query', {});
  port.answer(new Uint8Array(0), 3);
  const e2 = (await rejection(q)) as MbimStatusError;
  assert.is(e2.mbimName, 'SimNotInserted');
  assert.equal(e2.response, {});
  const c = dev.command(bc.Connect, 'set', { activationCommand: 1, accessString: 'bad' });
  port.answer(new Uint8Array(0), 18);
  assert.is(((await rejection(c)) as MbimStatusError).mbimName, 'InvalidAccessString');
});

test('a reply for another CID is a desync; a malformed success buffer is MbimDecodeError', async () => {
  const { port, dev } = await opened();
  const p = dev.command(bc.RadioState, 'query', {});
  port.answer(new Uint8Array(8), 0, { cid: 4 });
  assert.match((await rejection(p)).message, /desync/);
  const q = dev.command(bc.RadioState, 'query', {});
  port.answer(new Uint8Array(4));
  assert.instance(await rejection(q), MbimDecodeError);
});

test('FUNCTION_ERROR NotOpened rejects the request, marks the device closed, and reopen() sends CLOSE then OPEN', async () => {
  const { port, dev } = await opened();
  let notOpened = 0;
  dev.on('not-opened', () => notOpened++);
  const p = dev.command(bc.RadioState, 'query', {});
  port.send({ type: 'function-error', tid: port.last().tid, error: 5 });
  const e = await rejection(p);
  assert.instance(e, MbimFunctionError);
  assert.is((e as MbimFunctionError).mbimName, 'NotOpened');
  assert.is(notOpened, 1);
  assert.is(dev.state, 'closed');
  const r = dev.reopen({ retryMs: 500 });
  const close = port.last();
  assert.is(close.type, 'close');
  port.send({ type: 'close-done', tid: close.tid, status: 0 });
  await tick();
  const open = port.last();
  assert.is(open.type, 'open');
  port.send({ type: 'open-done', tid: open.tid, status: 0 });
  await r;
  assert.is(dev.state, 'open');
});

test('timeouts: MbimTimeoutError, consecutiveTimeouts counts with a timeout event, any reply resets it', async () => {
  const clock = new ManualClock();
  const { port, dev } = await opened({ timeoutMs: 10_000, clock });
  const seen: number[] = [];
  dev.on('timeout', (n: number) => seen.push(n));
  const t1 = rejection(dev.command(bc.RadioState, 'query', {}));
  await clock.advance(9999);
  assert.equal(seen, []);
  await clock.advance(1);
  assert.instance(await t1, MbimTimeoutError);
  const t2 = rejection(dev.command(bc.RadioState, 'query', {}, { timeoutMs: 5 }));
  await clock.advance(5);
  assert.instance(await t2, MbimTimeoutError);
  assert.equal(seen, [1, 2]);
  assert.is(dev.consecutiveTimeouts, 2);
  port.answer(new Uint8Array(8), 0);
  const p = dev.command(bc.RadioState, 'query', {});
  port.answer(new Uint8Array(8));
  await p;
  assert.is(dev.consecutiveTimeouts, 0);
});

test('abort: MbimAbortedError at once, pre-aborted signals never write, a late reply is harmless', async () => {
  const { port, dev } = await opened();
  const ac = new AbortController();
  const p = dev.command(bc.RadioState, 'query', {}, { signal: ac.signal });
  ac.abort();
  assert.instance(await rejection(p), MbimAbortedError);
  port.answer(new Uint8Array(8));
  const n = port.written.length;
  assert.instance(await rejection(dev.command(bc.RadioState, 'query', {}, { signal: ac.signal })), MbimAbortedError);
  assert.is(port.written.length, n);
  const o = setup();
  const ac2 = new AbortController();
  const op = o.dev.open({ signal: ac2.signal });
  ac2.abort();
  assert.instance(await rejection(op), MbimAbortedError);
  assert.is(o.dev.state, 'closed');
});

test('port close rejects every pending request with MbimTransportError; later calls fail the same way', async () => {
  const { port, dev } = await opened();
  const a = dev.command(bc.RadioState, 'query', {});
  const b = dev.command(bc.PacketService, 'set', { packetServiceAction: bc.MbimPacketServiceAction.attach });
  let closed = 0;
  dev.on('close', () => closed++);
  port.close();
  assert.instance(await rejection(a), MbimTransportError);
  assert.instance(await rejection(b), MbimTransportError);
  assert.is(closed, 1);
  assert.ok(dev.isClosed);
  assert.instance(await rejection(dev.command(bc.RadioState, 'query', {})), MbimTransportError);
  dev.dispose();
  const w = setup();
  w.port.failWrites = true;
  assert.instance(await rejection(w.dev.command(bc.RadioState, 'query', {})), MbimTransportError);
});

test('indications: decoded, delivered after the read path returns, unsubscribe works, malformed ones reported', async () => {
  const { port, dev } = await opened();
  const got: unknown[] = [];
  const raw: number[] = [];
  const off = dev.onIndication(bc.RegisterState, (v) => got.push(v));
  dev.onAnyIndication((m) => raw.push(m.cid));
  const values = { nwError: 0, registerState: bc.MbimRegisterState.home, registerMode: 1, availableDataClasses: 0x20, currentCellularClass: 1, providerId: '26201', providerName: 'T', roamingText: '', registrationFlag: 0 };
  port.send({ type: 'indicate-status', tid: 5, service: ServiceUuid.basicConnect, cid: 9, buffer: encodeReply(bc.RegisterState, 'notification', values) });
  assert.equal(got, [], 'not re-entrant');
  await tick();
  assert.equal(got, [values]);
  port.send({ type: 'indicate-status', tid: 6, service: ServiceUuid.qmi, cid: 1, buffer: hex('010b0080010104000100') });
  const garbage: unknown[] = [];
  dev.on('garbage', (g) => garbage.push(g));
  port.send({ type: 'indicate-status', tid: 7, service: ServiceUuid.basicConnect, cid: 9, buffer: new Uint8Array(6) });
  await tick();
  assert.is(garbage.length, 1);
  off();
  port.send({ type: 'indicate-status', tid: 8, service: ServiceUuid.basicConnect, cid: 9, buffer: encodeReply(bc.RegisterState, 'notification', values) });
  await tick();
  assert.is(got.length, 1);
  assert.equal(raw, [9, 1, 9, 9]);
});

test('a reply fragmented at 64 bytes is reassembled; a request is fragmented by our max transfer', async () => {
  const { port, dev } = await opened({ maxControlTransfer: 64 });
  const p = dev.command(bc.Connect, 'set', { activationCommand: 1, accessString: 'internet' });
  await tick();
  const frags = port.written.slice(-3);
  assert.equal(frags.map((f) => f.length), [64, 64, 36]);
  const c = new FragmentCollector();
  const whole = frags.map((f) => c.push(f, 0).message).find((m) => m);
  assert.ok(whole);
  const req = decodeMessage(whole!);
  assert.ok(req.type === 'command' && toHexStr(req.buffer) === ORACLE.connectSetBuffer);
  const reply = encodeMessage({ type: 'command-done', tid: req.tid, service: ServiceUuid.basicConnect, cid: 12, status: 0, buffer: concat(encodeReply(bc.Connect, 'response', { sessionId: 0, activationState: 1, voiceCallState: 0, ipType: 1, contextType: bc.Connect.set.fields.contextType.defaultValue!, nwError: 0 }), new Uint8Array(3000)) });
  for (const f of splitFragments(reply, 64)) port.emit('data', f);
  assert.is((await p).activationState, bc.MbimActivationState.activated);
});

test('fragments out of order reject the request with MbimFragmentError and send HOST_ERROR FragmentOutOfSequence', async () => {
  const { port, dev } = await opened();
  const p = dev.command(bc.DeviceServices, 'query', {});
  const tid = port.last().tid;
  const reply = encodeMessage({ type: 'command-done', tid, service: ServiceUuid.basicConnect, cid: 16, status: 0, buffer: new Uint8Array(500) });
  const frags = splitFragments(reply, 128);
  port.emit('data', frags[0]);
  port.emit('data', frags[2]);
  const e = await rejection(p);
  assert.instance(e, MbimFragmentError);
  assert.is((e as MbimFragmentError).protocolName, 'FragmentOutOfSequence');
  await tick();
  assert.equal(port.last(), { type: 'host-error', tid, error: 2 });
});

test('a missing fragment rejects with TimeoutFragment after the gap, and HOST_ERROR TimeoutFragment is sent', async () => {
  const clock = new ManualClock();
  const { port, dev } = await opened({ clock, timeoutMs: 10_000 });
  const p = dev.command(bc.DeviceServices, 'query', {});
  const done = rejection(p);
  const tid = port.last().tid;
  const frags = splitFragments(encodeMessage({ type: 'command-done', tid, service: ServiceUuid.basicConnect, cid: 16, status: 0, buffer: new Uint8Array(500) }), 128);
  port.emit('data', frags[0]);
  await clock.advance(1000);
  port.emit('data', frags[1]);
  await clock.advance(1249);
  assert.is(port.last().type, 'command', 'still waiting');
  await clock.advance(1);
  const e = await done;
  assert.is((e as MbimFragmentError).protocolName, 'TimeoutFragment');
  assert.is(dev.consecutiveTimeouts, 1, 'counted as a timeout, as libmbim does');
  await tick();
  assert.equal(port.last(), { type: 'host-error', tid, error: 1 });
});

test('QMI over MBIM: a QMUX frame goes out as the set buffer and the reply frame comes back', async () => {
  const { port, dev } = await opened();
  const p = dev.command(qmi.Msg, 'set', { qmiMsg: hex('010c0000020100010025000000') });
  const req = port.last();
  assert.ok(req.type === 'command' && req.commandType === 'set' && toHexStr(req.buffer) === '010c0000020100010025000000');
  port.answer(hex('011700800000010122000c00020400000000000102000201'));
  assert.is(toHexStr((await p).qmux), '011700800000010122000c00020400000000000102000201');
});

test('close() sends CLOSE and waits for CLOSE_DONE; the port stays usable until dispose()', async () => {
  const { port, dev } = await opened();
  const p = dev.close();
  const m = port.last();
  assert.is(m.type, 'close');
  port.send({ type: 'close-done', tid: m.tid, status: 0 });
  await p;
  assert.is(dev.state, 'closed');
  assert.not.ok(dev.isClosed);
  dev.dispose();
  assert.ok(port.closed && dev.isClosed);
});

test.run();
