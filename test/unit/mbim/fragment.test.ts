// Tests for the MBIM receive path: stream framing (split, coalesced, garbage) and fragment reassembly with typed errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MbimFragmentError, MbimProtocolErrorCode } from '../../../src/mbim/errors';
import { FragmentCollector, MbimStreamFramer } from '../../../src/mbim/fragment';
import { decodeMessage, encodeMessage, splitFragments } from '../../../src/mbim/message';
import { ServiceUuid } from '../../../src/mbim/uuid';
import { ORACLE } from './fixtures';
import { concat, copy, equal, filled, hex, writeU32 } from '../../helpers/bytes';

function bigResponse(tid = 9, size = 4096): Uint8Array {
  const buffer = new Uint8Array(size);
  for (let i = 0; i < size; i++) buffer[i] = (i * 7) & 0xff;
  return encodeMessage({ type: 'command-done', tid, service: ServiceUuid.basicConnect, cid: 16, status: 0, buffer });
}

test('a 4 KB COMMAND_DONE split at a 64-byte max transfer reassembles to the original message', () => {
  const whole = bigResponse();
  const frags = splitFragments(whole, 64);
  assert.is(frags.length, Math.ceil((whole.length - 20) / 44));
  const framer = new MbimStreamFramer();
  const c = new FragmentCollector();
  const out: Uint8Array[] = [];
  for (const f of frags) {
    const { messages } = framer.push(f);
    for (const m of messages) {
      const r = c.push(m, 0);
      assert.equal(r.errors, []);
      if (r.message) out.push(r.message);
    }
  }
  assert.is(out.length, 1);
  assert.ok(equal(out[0], whole));
  assert.is(c.pending(), 0);
  const m = decodeMessage(out[0]);
  assert.ok(m.type === 'command-done' && m.buffer.length === 4096);
});

test('the same fragments arriving as one coalesced read, and as 7-byte dribbles, reassemble too (pty)', () => {
  const whole = bigResponse(3, 1000);
  const frags = splitFragments(whole, 64);
  const all = concat(...frags);
  for (const chunks of [[all], Array.from({ length: Math.ceil(all.length / 7) }, (_, i) => all.subarray(i * 7, i * 7 + 7))]) {
    const framer = new MbimStreamFramer();
    const c = new FragmentCollector();
    const out: Uint8Array[] = [];
    for (const ch of chunks) for (const m of framer.push(ch).messages) { const r = c.push(m, 0); if (r.message) out.push(r.message); }
    assert.is(out.length, 1);
    assert.ok(equal(out[0], whole));
    assert.is(framer.pending(), 0);
  }
});

test('a fragment out of order is FragmentOutOfSequence and drops the message', () => {
  const frags = splitFragments(bigResponse(), 64);
  const c = new FragmentCollector();
  assert.equal(c.push(frags[0], 0).errors, []);
  const r = c.push(frags[2], 0);
  assert.is(r.message, undefined);
  assert.is(r.errors.length, 1);
  assert.instance(r.errors[0], MbimFragmentError);
  assert.is(r.errors[0].protocolError, MbimProtocolErrorCode.FragmentOutOfSequence);
  assert.is(r.errors[0].protocolName, 'FragmentOutOfSequence');
  assert.is(r.errors[0].tid, 9);
  assert.is(c.pending(), 0);
  for (const f of frags.slice(3)) assert.is(c.push(f, 0).errors.length, 1, 'the rest is out of sequence too, never a message');
});

test('a message starting at fragment 1, a duplicated fragment, and bad fragment headers are typed errors', () => {
  const frags = splitFragments(bigResponse(), 64);
  assert.is(new FragmentCollector().push(frags[1], 0).errors[0].protocolError, MbimProtocolErrorCode.FragmentOutOfSequence);
  const c = new FragmentCollector();
  c.push(frags[0], 0);
  c.push(frags[1], 0);
  assert.is(c.push(frags[1], 0).errors.length, 1, 'duplicate');
  const zero = copy(frags[0]); writeU32(zero, 0, 12);
  assert.is(new FragmentCollector().push(zero, 0).errors.length, 1, 'total 0');
  const past = copy(frags[0]); writeU32(past, 5, 16); writeU32(past, 5, 12);
  assert.is(new FragmentCollector().push(past, 0).errors.length, 1, 'current = total');
});

test('a missing last fragment is TimeoutFragment after the gap (expire), not a hang', () => {
  const frags = splitFragments(bigResponse(), 64);
  const c = new FragmentCollector();
  for (const f of frags.slice(0, -1)) c.push(f, 1000);
  assert.is(c.pending(), 1);
  assert.is(c.nextDeadline(1250), 2250);
  assert.equal(c.expire(2000, 1250), []);
  const errs = c.expire(2250, 1250);
  assert.is(errs.length, 1);
  assert.is(errs[0].protocolError, MbimProtocolErrorCode.TimeoutFragment);
  assert.is(c.pending(), 0);
  assert.is(c.nextDeadline(1250), undefined);
});

test('memory is bounded: too many messages in reassembly evict the oldest; an oversized message is dropped', () => {
  const c = new FragmentCollector({ maxPartials: 2, maxMessageBytes: 2000 });
  c.push(splitFragments(bigResponse(1, 500), 64)[0], 0);
  c.push(splitFragments(bigResponse(2, 500), 64)[0], 0);
  const r = c.push(splitFragments(bigResponse(3, 500), 64)[0], 0);
  assert.is(r.errors.length, 1);
  assert.is(r.errors[0].tid, 1);
  assert.is(c.pending(), 2);
  const big = splitFragments(bigResponse(4, 4000), 1024);
  const c2 = new FragmentCollector({ maxMessageBytes: 2000 });
  const errs = big.flatMap((f) => c2.push(f, 0).errors);
  assert.ok(errs.some((e) => e.protocolError === MbimProtocolErrorCode.LengthMismatch));
  assert.is(c2.pending(), 0);
});

test('single messages and non-fragmentable types pass straight through the collector', () => {
  const c = new FragmentCollector();
  const open = hex(ORACLE.openDone);
  assert.ok(equal(c.push(open, 0).message!, open));
  const one = encodeMessage({ type: 'indicate-status', tid: 1, service: ServiceUuid.basicConnect, cid: 9, buffer: new Uint8Array(8) });
  assert.ok(equal(c.push(one, 0).message!, one));
});

test('framer: two messages in one read, garbage before and between them is skipped and reported', () => {
  const a = hex(ORACLE.openDone);
  const b = hex(ORACLE.close);
  const f = new MbimStreamFramer();
  const r = f.push(concat(hex('deadbeefff'), a, hex('00'), b));
  assert.is(r.messages.length, 2);
  assert.ok(equal(r.messages[0], a) && equal(r.messages[1], b));
  assert.equal(r.skipped.map((s) => s.bytes), [5, 1]);
});

test('framer: a header claiming a huge length is garbage, and the held bytes never exceed one message', () => {
  const f = new MbimStreamFramer(4096);
  const head = hex('03000080ffff0000');
  const r = f.push(concat(head, hex(ORACLE.openDone)));
  assert.is(r.messages.length, 1);
  assert.is(r.skipped[0].bytes, 8);
  const g = new MbimStreamFramer(4096);
  const claim = hex('0300008000100000');
  g.push(claim);
  for (let i = 0; i < 10; i++) { g.push(filled(1000, 0xaa)); assert.ok(g.pending() <= 4096); }
});

test.run();
