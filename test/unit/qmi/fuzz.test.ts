// Property tests for the QMI decoders: random and mutated input gives a result or a typed decode error, never a crash or a hang.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { QmuxReassembler } from '../../../src/qmi/frame';
import { CAPTURED_FRAMES, ROUND_TRIPS, allTlvSets, fuzzQmiDecoders } from '../../helpers/qmi-fuzz';
import { filled, hex, readU16, writeU16 } from '../../helpers/bytes';

test('the fuzzer covers every message definition and every TLV set kind', () => {
  const sets = allTlvSets();
  const names = sets.map((s) => s.name);
  for (const svc of ['ctl', 'dms', 'nas', 'wds', 'wda', 'uim']) assert.ok(names.some((n) => n.startsWith(`${svc}.`)), svc);
  assert.ok(names.includes('wds.StartNetwork.request'));
  assert.ok(names.includes('wds.GetPacketServiceStatus.indication'));
  assert.ok(names.includes('uim.CardStatus.indication'));
  assert.ok(names.includes('ctl.Sync.indication'));
  assert.ok(ROUND_TRIPS.length >= 5);
});

test('a frame header claiming 64 KiB holds at most one frame worth of bytes, then resyncs', () => {
  const r = new QmuxReassembler();
  // WDS response header with QMUX length 0xFFFF and a consistent TLV length (0xFFFF - 5 - 7).
  const head = hex('01ffff8001010200000000' + '0000');
  writeU16(head, 0xffff - 12, 11);
  let maxPending = 0;
  const frames = [];
  let skipped = 0;
  r.push(head);
  for (let i = 0; i < 40; i++) {
    const out = r.push(filled(2000, 0xaa));
    frames.push(...out.frames);
    skipped += out.skipped.reduce((n, s) => n + s.bytes, 0);
    maxPending = Math.max(maxPending, r.pending());
  }
  assert.ok(maxPending < 65536, `pending reached ${maxPending}`);
  assert.is(frames.length, 1);
  assert.is(frames[0].tlvs.length, 0xffff - 12);
  assert.is(skipped, head.length + 80000 - 65536, 'the bytes after the huge frame are garbage');
  assert.is(r.pending(), 0);
});

test('fuzz: reassembler, decodeFrame, splitTlvs, decodeTlvs for every message; round trips', () => {
  const t0 = Date.now();
  fuzzQmiDecoders(1000);
  // A hang guard, not a speed target (benchmarks measure speed): generous for QuickJS on a loaded machine or under qemu.
  assert.ok(Date.now() - t0 < 60_000, `took ${Date.now() - t0} ms`);
});

test('fuzz seeds are the captured frames', () => {
  assert.is(CAPTURED_FRAMES.length, 9);
  for (const f of CAPTURED_FRAMES) assert.is(readU16(f, 1), f.length - 1);
});

test.run();
