// Tests for QMUX framing: captured frames decode and re-encode byte for byte; the reassembler copes with split, coalesced and garbage input.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { QmiFrame, QmuxReassembler, decodeFrame, encodeFrame } from '../../../src/qmi/frame';
import { QmiFramingError } from '../../../src/qmi/errors';
import { concat, copy, hex, readU16, toHexStr, writeU16 } from '../../helpers/bytes';

/**
 * Captured frames with provenance. "qmicli capture" = written by qmicli 1.32.2 against a pty;
 * "qmicli accepted" = replies it parsed; "libqmi test vector" = libqmi test-message.c.
 */
interface Fixture { name: string; source: string; bytes: Uint8Array; expect: Omit<QmiFrame, 'tlvs'> & { tlvs: string } }

const FIXTURES: Fixture[] = [
  {
    name: 'CTL Get Version Info request', source: 'qmicli capture',
    bytes: hex('010b00000000000121000000'),
    expect: { service: 0, cid: 0, kind: 'request', txn: 1, messageId: 0x21, tlvs: '' },
  },
  {
    name: 'CTL Allocate CID (DMS) request', source: 'qmicli capture',
    bytes: hex('010f0000000000012200040001010002'),
    expect: { service: 0, cid: 0, kind: 'request', txn: 1, messageId: 0x22, tlvs: '01010002' },
  },
  {
    name: 'CTL Allocate CID (WDS) request', source: 'qmicli capture; libqmi test vector with TT = 01',
    bytes: hex('010f0000000000012200040001010001'),
    expect: { service: 0, cid: 0, kind: 'request', txn: 1, messageId: 0x22, tlvs: '01010001' },
  },
  {
    name: 'CTL Allocate CID (DMS → cid 1) reply', source: 'qmicli accepted',
    bytes: hex('011700800000010122000c00020400000000000102000201'),
    expect: { service: 0, cid: 0, kind: 'response', txn: 1, messageId: 0x22, tlvs: '020400000000000102000201' },
  },
  {
    name: 'DMS Get IDs request (cid 1, txn 1)', source: 'qmicli capture (also inside the QMI-over-MBIM capture)',
    bytes: hex('010c0000020100010025000000'),
    expect: { service: 2, cid: 1, kind: 'request', txn: 1, messageId: 0x25, tlvs: '' },
  },
  {
    name: 'DMS Get IDs request (cid 1, txn 0xFFFF)', source: 'libqmi test vector',
    bytes: hex('010c00000201 00ffff25000000'),
    expect: { service: 2, cid: 1, kind: 'request', txn: 0xffff, messageId: 0x25, tlvs: '' },
  },
  {
    name: 'CTL Release CID (DMS cid 1, txn 2) request', source: 'qmicli capture',
    bytes: hex('0110000000000002230005000102000201'),
    expect: { service: 0, cid: 0, kind: 'request', txn: 2, messageId: 0x23, tlvs: '0102000201' },
  },
  {
    name: 'WDS Start Network apn=internet,ip-type=4 request', source: 'qmicli capture',
    bytes: hex('011b0000010100010020000f0019010004140800696e7465726e6574'),
    expect: { service: 1, cid: 1, kind: 'request', txn: 1, messageId: 0x20, tlvs: '19010004140800696e7465726e6574' },
  },
  {
    name: 'WDS Start Network reply (handle 0x12345678)', source: 'qmicli accepted',
    bytes: hex('011a0080010102010020000e000204000000000001040078563412'),
    expect: { service: 1, cid: 1, kind: 'response', txn: 1, messageId: 0x20, tlvs: '0204000000000001040078563412' },
  },
  {
    name: 'CTL Set Data Format (raw-ip, no QoS header) request', source: 'qmicli capture',
    bytes: hex('011400000000000126000900100200020001010000'),
    expect: { service: 0, cid: 0, kind: 'request', txn: 1, messageId: 0x26, tlvs: '100200020001010000' },
  },
];

const byName = (prefix: string): Uint8Array => {
  const f = FIXTURES.find((x) => x.name.startsWith(prefix));
  if (!f) throw new Error(`no fixture ${prefix}`);
  return f.bytes;
};
const ALLOC_REPLY = byName('CTL Allocate CID (DMS → cid 1) reply');
const START_REPLY = byName('WDS Start Network reply');
const GET_IDS = byName('DMS Get IDs request (cid 1, txn 1)');

function plain(f: QmiFrame): Record<string, unknown> { return { ...f, tlvs: toHexStr(f.tlvs) }; }

function framingError(fn: () => unknown): QmiFramingError {
  try {
    fn();
  } catch (e) {
    assert.instance(e, QmiFramingError);
    return e as QmiFramingError;
  }
  assert.unreachable('decoded without error');
  throw new Error('unreachable');
}

for (const f of FIXTURES) {
  test(`decodeFrame: ${f.name} (${f.source})`, () => {
    assert.equal(plain(decodeFrame(f.bytes)), f.expect);
  });
  test(`encodeFrame gives the captured bytes back: ${f.name}`, () => {
    assert.is(toHexStr(encodeFrame(decodeFrame(f.bytes))), toHexStr(f.bytes));
    assert.is(toHexStr(encodeFrame({ ...f.expect, tlvs: hex(f.expect.tlvs) })), toHexStr(f.bytes));
  });
}

test('replies carry QMUX flags 0x80 and the response bit of their header kind (CTL 0x01, services 0x02)', () => {
  assert.is(ALLOC_REPLY[3], 0x80);
  assert.is(ALLOC_REPLY[6], 0x01);
  assert.is(START_REPLY[3], 0x80);
  assert.is(START_REPLY[6], 0x02);
});

test('indications: CTL flag 0x02 and service flag 0x04 round trip (libqmi qmi-message.c: CTL and service QMI headers)', () => {
  const ctl = encodeFrame({ service: 0, cid: 0, kind: 'indication', txn: 0, messageId: 0x27, tlvs: new Uint8Array(0) });
  assert.is(toHexStr(ctl), '010b00800000020027000000');
  const nas = encodeFrame({ service: 3, cid: 0xff, kind: 'indication', txn: 0, messageId: 0x24, tlvs: new Uint8Array(0) });
  assert.is(toHexStr(nas), '010c008003ff04000024000000');
  assert.is(decodeFrame(nas).kind, 'indication');
  assert.is(decodeFrame(ctl).kind, 'indication');
});

test('decodeFrame refuses what is not exactly one frame', () => {
  framingError(() => decodeFrame(new Uint8Array(0)));
  framingError(() => decodeFrame(GET_IDS.subarray(0, 11)));
  framingError(() => decodeFrame(GET_IDS.subarray(0, 12)));
  framingError(() => decodeFrame(concat(GET_IDS, hex('00'))));
  const badMarker = copy(GET_IDS); badMarker[0] = 0x02;
  assert.match(framingError(() => decodeFrame(badMarker)).message, /marker/);
  const badLen = copy(GET_IDS); badLen[1] = 0x0d;
  framingError(() => decodeFrame(badLen));
  const badTlvLen = copy(GET_IDS); badTlvLen[11] = 0x01;
  assert.match(framingError(() => decodeFrame(badTlvLen)).message, /TLV length/);
  const badFlags = copy(GET_IDS); badFlags[3] = 0x40;
  assert.match(framingError(() => decodeFrame(badFlags)).message, /flags/);
  const shortLen = copy(ALLOC_REPLY); writeU16(shortLen, 5, 1);
  framingError(() => decodeFrame(shortLen));
});

test('decodeFrame copies the TLV block (no aliasing of the read buffer)', () => {
  const b = copy(ALLOC_REPLY);
  const f = decodeFrame(b);
  b.fill(0);
  assert.is(toHexStr(f.tlvs), '020400000000000102000201');
});

// Reassembly, as libqmi's test-message.c does: tiny, short, complete+short, complete+complete.

test('reassembly: tiny reads, one byte at a time', () => {
  const r = new QmuxReassembler();
  for (let i = 0; i < START_REPLY.length - 1; i++) {
    const out = r.push(START_REPLY.subarray(i, i + 1));
    assert.is(out.frames.length, 0, `frame after ${i + 1} byte(s)`);
    assert.is(out.skipped.length, 0);
    assert.is(r.pending(), i + 1);
  }
  const out = r.push(START_REPLY.subarray(-1));
  assert.is(out.frames.length, 1);
  assert.equal(out.frames[0], decodeFrame(START_REPLY));
  assert.is(r.pending(), 0);
});

test('reassembly: a short read waits for the rest', () => {
  const r = new QmuxReassembler();
  let out = r.push(ALLOC_REPLY.subarray(0, 10));
  assert.equal(out, { frames: [], skipped: [] });
  assert.is(r.pending(), 10);
  out = r.push(ALLOC_REPLY.subarray(10));
  assert.equal(out.frames, [decodeFrame(ALLOC_REPLY)]);
  assert.is(r.pending(), 0);
});

test('reassembly: complete + short in one read, then the rest', () => {
  const r = new QmuxReassembler();
  let out = r.push(concat(ALLOC_REPLY, START_REPLY.subarray(0, 5)));
  assert.equal(out.frames, [decodeFrame(ALLOC_REPLY)]);
  assert.is(r.pending(), 5);
  out = r.push(START_REPLY.subarray(5));
  assert.equal(out.frames, [decodeFrame(START_REPLY)]);
  assert.is(r.pending(), 0);
});

test('reassembly: complete + complete in one read, in order', () => {
  const r = new QmuxReassembler();
  const out = r.push(concat(START_REPLY, ALLOC_REPLY, GET_IDS));
  assert.equal(out.frames, [decodeFrame(START_REPLY), decodeFrame(ALLOC_REPLY), decodeFrame(GET_IDS)]);
  assert.equal(out.skipped, []);
  assert.is(r.pending(), 0);
});

test('reassembly: garbage before a 0x01 marker is skipped and reported', () => {
  const r = new QmuxReassembler();
  const out = r.push(concat(hex('fffe00ab'), ALLOC_REPLY));
  assert.equal(out.frames, [decodeFrame(ALLOC_REPLY)]);
  assert.is(out.skipped.length, 1);
  assert.is(out.skipped[0].bytes, 4);
  assert.match(out.skipped[0].reason, /marker/);
  assert.is(r.pending(), 0);
});

test('reassembly: a fake 0x01 inside garbage does not hide the real frame', () => {
  const r = new QmuxReassembler();
  // 0x01 followed by plausible QMUX flags 0x80 and service 3: only the TLV length check rejects it.
  const garbage = hex('aa014000800305ff');
  const out = r.push(concat(garbage, ALLOC_REPLY));
  assert.equal(out.frames, [decodeFrame(ALLOC_REPLY)]);
  assert.is(out.skipped.reduce((n, s) => n + s.bytes, 0), garbage.length);
  assert.is(r.pending(), 0);
});

test('reassembly: a fake 0x01 at the end of one read is resolved by the next', () => {
  const r = new QmuxReassembler();
  let out = r.push(hex('ab0140'));
  assert.equal(out.frames, []);
  assert.is(out.skipped[0].bytes, 1);
  assert.is(r.pending(), 2, 'too few bytes to judge the candidate: kept');
  out = r.push(START_REPLY);
  assert.equal(out.frames, [decodeFrame(START_REPLY)]);
  assert.is(out.skipped.reduce((n, s) => n + s.bytes, 0), 2);
  assert.is(r.pending(), 0);
});

test('reassembly: a bad QMUX length is rejected and the stream resyncs on the next frame', () => {
  for (const [what, patch] of [
    ['length one too long', (b: Uint8Array) => writeU16(b, readU16(b, 1) + 1, 1)],
    ['length one too short', (b: Uint8Array) => writeU16(b, readU16(b, 1) - 1, 1)],
    ['length shorter than the headers', (b: Uint8Array) => writeU16(b, 3, 1)],
  ] as const) {
    const bad = copy(ALLOC_REPLY);
    patch(bad);
    const r = new QmuxReassembler();
    const out = r.push(concat(bad, START_REPLY));
    assert.equal(out.frames, [decodeFrame(START_REPLY)], what);
    assert.ok(out.skipped.length >= 1, what);
    assert.match(out.skipped[0].reason, /length/, what);
    assert.is(out.skipped.reduce((n, s) => n + s.bytes, 0), bad.length, what);
    assert.is(r.pending(), 0, what);
  }
});

test('reassembly: frames split at every possible offset', () => {
  for (const f of FIXTURES) {
    for (let i = 1; i < f.bytes.length; i++) {
      const r = new QmuxReassembler();
      const a = r.push(f.bytes.subarray(0, i));
      const b = r.push(f.bytes.subarray(i));
      assert.equal([...a.frames, ...b.frames], [decodeFrame(f.bytes)], `${f.name} split at ${i}`);
      assert.equal([...a.skipped, ...b.skipped], [], `${f.name} split at ${i}`);
      assert.is(r.pending(), 0);
    }
  }
});

test('reassembly: two coalesced frames split at every offset, three reads', () => {
  const both = concat(ALLOC_REPLY, START_REPLY);
  const want = [decodeFrame(ALLOC_REPLY), decodeFrame(START_REPLY)];
  for (let i = 0; i <= both.length; i++) {
    for (let j = i; j <= both.length; j++) {
      const r = new QmuxReassembler();
      const frames = [both.subarray(0, i), both.subarray(i, j), both.subarray(j)].flatMap((c) => r.push(c).frames);
      assert.equal(frames, want, `split at ${i}/${j}`);
      assert.is(r.pending(), 0);
    }
  }
});

test('reassembly: the caller may reuse its read buffer after push', () => {
  const r = new QmuxReassembler();
  const chunk = copy(START_REPLY.subarray(0, 8));
  r.push(chunk);
  chunk.fill(0xee);
  const out = r.push(START_REPLY.subarray(8));
  assert.equal(out.frames, [decodeFrame(START_REPLY)]);
});

test('reset drops a partial frame', () => {
  const r = new QmuxReassembler();
  r.push(START_REPLY.subarray(0, 9));
  r.reset();
  assert.is(r.pending(), 0);
  assert.equal(r.push(ALLOC_REPLY).frames, [decodeFrame(ALLOC_REPLY)]);
});

test.run();
