// Tests for the MBIM message codec: captured mbimcli 1.28.2 bytes, decode round trips, header errors, fragment splitting.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeCommandBuffer } from '../../../src/mbim/cid';
import { MbimDecodeError } from '../../../src/mbim/errors';
import { MbimMessage, decodeMessage, encodeMessage, readHeader, splitFragments } from '../../../src/mbim/message';
import { basicConnect as bc, qmi } from '../../../src/mbim/services';
import { ServiceUuid } from '../../../src/mbim/uuid';
import { ORACLE } from './fixtures';
import { concat, equal, filled, hex, readU32, toHexStr } from '../../helpers/bytes';


test('OPEN with max control transfer 4096, tid 1, is byte-identical to mbimcli', () => {
  assert.is(toHexStr(encodeMessage({ type: 'open', tid: 1, maxControlTransfer: 4096 })), ORACLE.open);
  assert.equal(decodeMessage(hex(ORACLE.open)), { type: 'open', tid: 1, maxControlTransfer: 4096 });
});

test('the OPEN_DONE mbimcli accepted decodes as status 0 for tid 1, and re-encodes to the same bytes', () => {
  const m = decodeMessage(hex(ORACLE.openDone));
  assert.equal(m, { type: 'open-done', tid: 1, status: 0 });
  assert.is(toHexStr(encodeMessage(m)), ORACLE.openDone);
});

test('Device Caps query (tid 2) is byte-identical to mbimcli', () => {
  const m: MbimMessage = { type: 'command', tid: 2, service: bc.DeviceCaps.service, cid: 1, commandType: 'query', buffer: encodeCommandBuffer(bc.DeviceCaps, 'query', {}) };
  assert.is(toHexStr(encodeMessage(m)), ORACLE.deviceCapsQuery);
  assert.equal(decodeMessage(hex(ORACLE.deviceCapsQuery)), m);
});

test('Connect set access-string=internet: header and information buffer byte-identical to mbimcli', () => {
  const buffer = encodeCommandBuffer(bc.Connect, 'set', { activationCommand: bc.MbimActivationCommand.activate, accessString: 'internet' });
  assert.is(toHexStr(buffer), ORACLE.connectSetBuffer);
  const bytes = encodeMessage({ type: 'command', tid: 2, service: ServiceUuid.basicConnect, cid: bc.Connect.cid, commandType: 'set', buffer });
  assert.is(toHexStr(bytes.subarray(0, 48)), ORACLE.connectSetHeader);
  assert.is(bytes.length, 0x7c);
});

test('CLOSE (tid 3) is the 12 bytes mbimcli sends', () => {
  assert.is(toHexStr(encodeMessage({ type: 'close', tid: 3 })), ORACLE.close);
  assert.equal(decodeMessage(hex(ORACLE.close)), { type: 'close', tid: 3 });
});

test('QMI over MBIM: the QMUX frame is the whole, unpadded information buffer (qmicli --device-open-mbim)', () => {
  const frame = hex('010c0000020100010025000000');
  const bytes = encodeMessage({ type: 'command', tid: 4, service: qmi.Msg.service, cid: 1, commandType: 'set', buffer: encodeCommandBuffer(qmi.Msg, 'set', { qmiMsg: frame }) });
  assert.is(toHexStr(bytes), ORACLE.qmiOverMbim);
  const back = decodeMessage(bytes);
  assert.ok(back.type === 'command' && equal(back.buffer, frame));
});

test('every message kind round-trips', () => {
  const uuid = ServiceUuid.basicConnect;
  const msgs: MbimMessage[] = [
    { type: 'open', tid: 7, maxControlTransfer: 512 },
    { type: 'close', tid: 0xffffffff },
    { type: 'command', tid: 9, service: uuid, cid: 12, commandType: 'query', buffer: Uint8Array.of(1, 2) },
    { type: 'host-error', tid: 9, error: 2 },
    { type: 'open-done', tid: 7, status: 0 },
    { type: 'close-done', tid: 8, status: 2 },
    { type: 'command-done', tid: 9, service: uuid, cid: 12, status: 18, buffer: new Uint8Array(36).fill(1) },
    { type: 'function-error', tid: 10, error: 5 },
    { type: 'indicate-status', tid: 11, service: ServiceUuid.qmi, cid: 1, buffer: Uint8Array.of(1) },
  ];
  for (const m of msgs) assert.equal(decodeMessage(encodeMessage(m)), m, m.type);
  const ind = encodeMessage(msgs[8]);
  assert.is(ind.length, 44 + 1, 'INDICATE_STATUS buffer starts at 44');
});

test('libmbim test vector: a Connect COMMAND_DONE with status 2 and an empty buffer decodes (test-message-parser.c connect_short)', () => {
  const m = decodeMessage(hex('03000080 30000000 1a0d0000 01000000 00000000 a289cc33bcbb8b4fb6b0133ec2aae6df 0c000000 02000000 00000000'));
  assert.equal(m, { type: 'command-done', tid: 0xd1a, service: ServiceUuid.basicConnect, cid: 12, status: 2, buffer: new Uint8Array(0) });
});

test('header problems are MbimDecodeError: short, length mismatch, unknown type, buffer past the end, fragment', () => {
  const bad = [
    '0100000010000000',
    '01000000110000000100000000100000',
    '05000000100000000100000000000000',
    '01000000100000000100000000',
    '030000803000000002000000010000000000000000000000000000000000000000000000010000000000000004000000',
    '030000803000000002000000020000000000000000000000000000000000000000000000010000000000000000000000',
    '03000000300000000200000001000000000000000000000000000000000000000000000001000000070000000000000000',
    '0100000010000000010000',
  ];
  for (const h of bad) {
    assert.throws(() => decodeMessage(hex(h)), (e: unknown) => e instanceof MbimDecodeError, h);
  }
  assert.throws(() => readHeader(new Uint8Array(11)), (e: unknown) => e instanceof MbimDecodeError);
});

test('splitFragments: total/current, same type and tid, payload after the 20-byte prefix, ≤ max transfer', () => {
  const m = encodeMessage({ type: 'command', tid: 5, service: ServiceUuid.basicConnect, cid: 19, commandType: 'set', buffer: filled(200, 0xab) });
  const frags = splitFragments(m, 64);
  const per = 64 - 20;
  assert.is(frags.length, Math.ceil((m.length - 20) / per));
  frags.forEach((f, i) => {
    assert.ok(f.length <= 64);
    assert.is(readU32(f, 0), 3);
    assert.is(readU32(f, 4), f.length);
    assert.is(readU32(f, 8), 5);
    assert.is(readU32(f, 12), frags.length);
    assert.is(readU32(f, 16), i);
  });
  assert.ok(equal(concat(...frags.map((f) => f.subarray(20))), m.subarray(20)));
  assert.equal(splitFragments(m, 4096), [m], 'fits: unchanged');
  assert.throws(() => splitFragments(m, 20), RangeError);
});

test.run();
