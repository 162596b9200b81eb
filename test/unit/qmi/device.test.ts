// Tests for QmiDevice over an in-memory port: transaction ids, response matching, errors, timeouts, abort, close, indications.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Emitter } from '../../../src/util/emitter';
import type { ControlPort } from '../../../src/device/control-port';
import { PortError } from '../../../src/device/control-port';
import { QmiDevice } from '../../../src/qmi/device';
import {
  QmiAbortedError, QmiDecodeError, QmiProtocolError, QmiTimeoutError, QmiTransportError, QmiWrongStateError,
} from '../../../src/qmi/errors';
import { QmiFrame, decodeFrame, encodeFrame } from '../../../src/qmi/frame';
import { ctl, dms, wds } from '../../../src/qmi/services';
import type { Clock } from '../../../src/util/wait';
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

  /** The last request written, decoded. */
  last(): QmiFrame { return decodeFrame(this.written[this.written.length - 1]); }

  /** Answers a request frame with a response of the given TLV block (hex). */
  answer(req: QmiFrame, tlvHex: string, over: Partial<QmiFrame> = {}): void {
    this.emit('data', encodeFrame({ ...req, kind: 'response', tlvs: hex(tlvHex), ...over }));
  }

  /** Sends an indication. */
  indicate(service: number, cid: number, messageId: number, tlvHex: string): void {
    this.emit('data', encodeFrame({ service, cid, kind: 'indication', txn: 0, messageId, tlvs: hex(tlvHex) }));
  }
}

const OK = '02 0400 0000 0000';

/**
 * Real timers, but referenced: systemClock unrefs its timers (a real port keeps the process
 * alive), and with an in-memory port nothing else would keep uvu from exiting mid-test.
 */
const refClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

function setup(timeoutMs = 1000): { port: FakePort; dev: QmiDevice } {
  const port = new FakePort();
  return { port, dev: new QmiDevice(port, { timeoutMs, clock: refClock }) };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  assert.unreachable('resolved');
  throw new Error('unreachable');
}

test('the first CTL request is byte-identical to qmicli (qmicli 1.32.2 capture: Allocate CID DMS, txn 1)', async () => {
  const { port, dev } = setup();
  const p = dev.allocateCid('dms');
  assert.is(toHexStr(port.written[0]), '010f0000000000012200040001010002');
  // a reply qmicli 1.32.2 accepted: Allocate CID (DMS → cid 1).
  port.emit('data', hex('011700800000010122000c00020400000000000102000201'));
  assert.is(await p, 1);
});

test('WDS Start Network is byte-identical to qmicli and its captured reply resolves it (qmicli 1.32.2 capture)', async () => {
  const { port, dev } = setup();
  const p = dev.request(wds.StartNetwork, 1, { apn: 'internet', ipFamilyPreference: 4 });
  assert.is(toHexStr(port.written[0]), '011b0000010100010020000f0019010004140800696e7465726e6574');
  port.emit('data', hex('011a0080010102010020000e000204000000000001040078563412'));
  assert.equal(await p, { packetDataHandle: 0x12345678 });
});

test('CTL transaction ids are u8: start at 1, wrap from 255 to 1, never 0', async () => {
  const { port, dev } = setup();
  const seen: number[] = [];
  for (let i = 0; i < 258; i++) {
    const p = dev.request(ctl.Sync, 0, {});
    const f = port.last();
    seen.push(f.txn);
    port.answer(f, OK);
    await p;
  }
  assert.equal(seen.slice(0, 3), [1, 2, 3]);
  assert.equal(seen.slice(253), [254, 255, 1, 2, 3]);
  assert.not.ok(seen.includes(0));
});

test('service transaction ids are u16 per (service, cid), wrapping from 0xFFFF to 1', async () => {
  const { port, dev } = setup();
  const txnOf = async (cid: number, def: typeof wds.GetPacketServiceStatus | typeof dms.GetIds) => {
    const p = dev.request(def, cid, {});
    const f = port.last();
    port.answer(f, def === dms.GetIds ? OK : `${OK} 01 0100 02`);
    await p;
    return f.txn;
  };
  assert.is(await txnOf(1, wds.GetPacketServiceStatus), 1);
  assert.is(await txnOf(1, wds.GetPacketServiceStatus), 2);
  assert.is(await txnOf(2, wds.GetPacketServiceStatus), 1, 'another WDS cid has its own counter');
  assert.is(await txnOf(1, dms.GetIds), 1, 'another service has its own counter');
  const wrapped: number[] = [];
  for (let i = 3; i <= 0xffff + 2; i++) {
    const p = dev.request(wds.GetPacketServiceStatus, 1, {});
    const f = port.last();
    if (i >= 0xfffe) wrapped.push(f.txn);
    port.answer(f, `${OK} 01 0100 02`);
    await p;
  }
  assert.equal(wrapped, [0xfffe, 0xffff, 1, 2]);
});

test('responses are matched by (service, cid, txn); strangers are ignored', async () => {
  const { port, dev } = setup();
  const a = dev.request(wds.GetPacketServiceStatus, 1, {});
  const fa = port.last();
  const b = dev.request(wds.GetPacketServiceStatus, 2, {});
  const fb = port.last();
  assert.is(fa.txn, fb.txn, 'same txn on two cids');
  let aDone = false;
  void a.then(() => { aDone = true; });
  port.answer(fb, `${OK} 01 0100 02`, { txn: 99 });
  port.answer(fb, `${OK} 01 0100 02`, { service: 2 });
  port.answer(fb, `${OK} 01 0100 03`);
  assert.equal(await b, { connectionStatus: 3 });
  await tick();
  assert.is(aDone, false, 'cid 1 still waits');
  port.answer(fa, `${OK} 01 0100 02`);
  assert.equal(await a, { connectionStatus: 2 });
  port.answer(fa, `${OK} 01 0100 01`);
});

test('a response with another message id (a stray reply) is ignored and counted; the real answer still resolves the request (issue 12 item 5)', async () => {
  const { port, dev } = setup();
  const p = dev.request(dms.GetIds, 1, {});
  const req = port.last();
  port.answer(req, OK, { messageId: 0x0022 });
  await tick();
  assert.is(dev.strayCount, 1);
  port.answer(req, `${OK} 11 0f00 383637393632303431323334353637`);
  assert.equal(await p, { imei: '867962041234567' });
});

test('a failure result is a QmiProtocolError with its code, libqmi name and decoded extra TLVs', async () => {
  const { port, dev } = setup();
  const p = dev.request(wds.StartNetwork, 1, { apn: 'internet' });
  // Result failure CallFailed (14), call end reason 1003 (network end), verbose 3GPP (6) reason 27 (unknown APN).
  port.answer(port.last(), '02 0400 0100 0e00  10 0200 eb03  11 0400 0600 1b00');
  const e = await rejection(p);
  assert.instance(e, QmiProtocolError);
  const pe = e as QmiProtocolError;
  assert.is(pe.code, 14);
  assert.is(pe.qmiName, 'CallFailed');
  assert.equal(pe.response, { callEndReason: 1003, verboseCallEndReason: { type: 6, reason: 27 } });
  assert.match(pe.message, /Start Network/);
});

test('a failure result without its required TLVs still gives the protocol error', async () => {
  const { port, dev } = setup();
  const p = dev.request(dms.GetModel, 1, {});
  port.answer(port.last(), '02 0400 0100 4700');
  const e = await rejection(p);
  assert.instance(e, QmiProtocolError);
  assert.is((e as QmiProtocolError).qmiName, 'InvalidQmiCommand');
});

test('a malformed success response rejects with QmiDecodeError', async () => {
  const { port, dev } = setup();
  const p1 = dev.request(dms.GetModel, 1, {});
  port.answer(port.last(), OK);
  assert.instance(await rejection(p1), QmiDecodeError);
  const p2 = dev.request(dms.GetModel, 1, {});
  port.answer(port.last(), '01 0500 61');
  assert.instance(await rejection(p2), QmiDecodeError);
  const p3 = dev.request(dms.GetModel, 1, {});
  port.answer(port.last(), '01 0100 61');
  assert.instance(await rejection(p3), QmiDecodeError, 'no Result TLV');
});

test('timeouts: QmiTimeoutError, consecutiveTimeouts counts, any response resets it', async () => {
  const { port, dev } = setup(10);
  const events: number[] = [];
  dev.on('timeout', (n: number) => events.push(n));
  const e1 = await rejection(dev.request(dms.GetIds, 1, {}));
  assert.instance(e1, QmiTimeoutError);
  assert.is((e1 as QmiTimeoutError).timeoutMs, 10);
  await rejection(dev.request(dms.GetIds, 1, {}, { timeoutMs: 5 }));
  assert.is(dev.consecutiveTimeouts, 2);
  assert.equal(events, [1, 2]);
  const p = dev.request(dms.GetIds, 1, {});
  port.answer(port.last(), OK);
  await p;
  assert.is(dev.consecutiveTimeouts, 0);
});

test('a late response after a timeout is harmless', async () => {
  const { port, dev } = setup(5);
  const p = dev.request(dms.GetIds, 1, {});
  const late = port.last();
  assert.instance(await rejection(p), QmiTimeoutError);
  port.answer(late, `${OK} 11 0300 313233`);
  const q = dev.request(dms.GetIds, 1, {}, { timeoutMs: 1000 });
  port.answer(port.last(), `${OK} 11 0300 343536`);
  assert.equal(await q, { imei: '456' });
  assert.is(dev.consecutiveTimeouts, 0);
});

test('AbortSignal: QmiAbortedError, already-aborted signals reject at once, a later response is harmless', async () => {
  const { port, dev } = setup();
  const ac = new AbortController();
  const p = dev.request(dms.GetIds, 1, {}, { signal: ac.signal });
  const f = port.last();
  ac.abort();
  assert.instance(await rejection(p), QmiAbortedError);
  port.answer(f, OK);
  const before = port.written.length;
  assert.instance(await rejection(dev.request(dms.GetIds, 1, {}, { signal: ac.signal })), QmiAbortedError);
  assert.is(port.written.length, before, 'an aborted request is not sent');
  assert.is(dev.consecutiveTimeouts, 0);
});

test('the port closing rejects every pending request with QmiTransportError, and later requests too', async () => {
  const { port, dev } = setup();
  const closes: unknown[] = [];
  dev.on('close', (err: unknown) => closes.push(err));
  const a = dev.request(dms.GetIds, 1, {});
  const b = dev.request(ctl.Sync, 0, {});
  const c = dev.request(wds.GetPacketServiceStatus, 5, {});
  port.closed = true;
  port.emit('close', new PortError('/dev/fake-wdm0: device closed', 'EIO', '/dev/fake-wdm0'));
  for (const p of [a, b, c]) {
    const e = await rejection(p);
    assert.instance(e, QmiTransportError);
    assert.match(e.message, /device closed/);
  }
  assert.is(closes.length, 1);
  assert.ok(dev.isClosed);
  assert.instance(await rejection(dev.request(dms.GetIds, 1, {})), QmiTransportError);
  assert.throws(() => dev.assertOpen(), (e: unknown) => e instanceof QmiWrongStateError);
});

test('close() closes the port once and rejects pending requests', async () => {
  const { port, dev } = setup();
  const p = dev.request(dms.GetIds, 1, {});
  dev.close();
  dev.close();
  assert.ok(port.closed);
  assert.instance(await rejection(p), QmiTransportError);
});

test('a failed write rejects with QmiTransportError', async () => {
  const { port, dev } = setup();
  port.failWrites = true;
  const e = await rejection(dev.request(dms.GetIds, 1, {}));
  assert.instance(e, QmiTransportError);
  assert.match(e.message, /write failed/);
});

test('invalid request values reject with RangeError and send nothing', async () => {
  const { port, dev } = setup();
  const e = await rejection(dev.request(ctl.AllocateCid, 0, { service: 300 }));
  assert.instance(e, RangeError);
  assert.is(port.written.length, 0);
});

test('indications are delivered after the read returns, to the right cid and to broadcast cid 0xFF', async () => {
  const { port, dev } = setup();
  const got: string[] = [];
  dev.onIndication(wds.GetPacketServiceStatus, 1, (v, f) => got.push(`cid1:${f.cid}:${v.connectionStatus.status}`));
  dev.onIndication(wds.GetPacketServiceStatus, 2, (v, f) => got.push(`cid2:${f.cid}:${v.connectionStatus.status}`));
  const offAny = dev.onIndication(wds.GetPacketServiceStatus, 'any', (v, f) => got.push(`any:${f.cid}:${v.connectionStatus.status}`));
  dev.onIndication(dms.GetIds, 1, () => got.push('wrong message'));

  port.indicate(1, 1, 0x22, '01 0200 0200');
  assert.equal(got, [], 'not delivered re-entrantly from the data event');
  await tick();
  assert.equal(got.sort(), ['any:1:2', 'cid1:1:2']);

  got.length = 0;
  port.indicate(1, 0xff, 0x22, '01 0200 0100  10 0200 0200');
  await tick();
  assert.equal(got.sort(), ['any:255:1', 'cid1:255:1', 'cid2:255:1']);

  got.length = 0;
  offAny();
  port.indicate(1, 3, 0x22, '01 0200 0200');
  port.indicate(2, 1, 0x22, '01 0200 0200');
  await tick();
  assert.equal(got, [], 'cid 3 has no subscriber; service DMS with the same id is another message');
});

test('an indication decoded with its indication TLV set, not the response one', async () => {
  const { port, dev } = setup();
  let values: unknown;
  dev.onIndication(wds.GetPacketServiceStatus, 1, (v) => { values = v; });
  port.indicate(1, 1, 0x22, '01 0200 0201  10 0200 0200  12 0100 06');
  await tick();
  assert.equal(values, { connectionStatus: { status: 2, reconfigurationRequired: true }, callEndReason: 2, ipFamily: 6 });
});

test('a malformed indication is reported as garbage, never thrown; a throwing handler does not break the device', async () => {
  const { port, dev } = setup();
  const garbage: { reason: string; bytes: number }[] = [];
  dev.on('garbage', (g: { reason: string; bytes: number }) => garbage.push(g));
  let calls = 0;
  dev.onIndication(wds.GetPacketServiceStatus, 1, () => { calls++; throw new Error('handler bug'); });
  port.indicate(1, 1, 0x22, '12 0100 04');
  port.indicate(1, 1, 0x22, '01 0500 02');
  await tick();
  assert.is(calls, 0);
  assert.is(garbage.length, 2);
  assert.match(garbage[0].reason, /connectionStatus/);
  port.indicate(1, 1, 0x22, '01 0200 0200');
  await tick();
  assert.is(calls, 1);
  const p = dev.request(dms.GetIds, 1, {});
  port.answer(port.last(), OK);
  assert.equal(await p, {});
});

test('non-QMUX bytes on the port are reported as garbage and the next frame still matches', async () => {
  const { port, dev } = setup();
  const garbage: { reason: string; bytes: number }[] = [];
  dev.on('garbage', (g: { reason: string; bytes: number }) => garbage.push(g));
  const p = dev.request(dms.GetIds, 1, {});
  const f = port.last();
  const reply = encodeFrame({ ...f, kind: 'response', tlvs: hex(OK) });
  port.emit('data', concat(hex('fffe'), reply.subarray(0, 4)));
  port.emit('data', reply.subarray(4));
  assert.equal(await p, {});
  assert.equal(garbage.map((g) => g.bytes), [2]);
});

test.run();
