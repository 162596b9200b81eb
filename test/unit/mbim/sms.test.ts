// MBIM SMS service layouts (src/mbim/services/sms.ts) against byte vectors written out by hand from libmbim's
// data/mbim-service-sms.json: Read query/response (ref-struct-array of MbimSmsPduReadRecord, each record's PDU
// offset counted from the record's start), Send set (inline MbimSmsPduSendRecord), Delete, Message Store Status,
// Configuration; and the PDU inside a record decoded by our GSM 03.40 codec. The installed mbimcli 1.28 has no SMS
// commands (`mbimcli --help-all` lists none), so these vectors and the e2e test (test/e2e/sms-mbim.test.ts) judge.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeCommandBuffer, decodeNotification, decodeResponse, encodeCommandBuffer, encodeReply } from '../../../src/mbim/cid';
import { MbimDecodeError } from '../../../src/mbim/errors';
import { sms } from '../../../src/mbim/services';
import { MbimSmsFlag, MbimSmsFormat, MbimSmsStatus, MbimSmsStatusFlag } from '../../../src/mbim/services/sms';
import { ServiceUuid } from '../../../src/mbim/uuid';
import { partOfRecord } from '../../../src/modem/mbim-sms';
import { hex, toHexStr } from '../../helpers/bytes';

const le = (...words: number[]) => words.map((w) => toHexStr(new Uint8Array(new Uint32Array([w]).buffer))).join('');

/** A well-known SMS-DELIVER (SMSC +31624000000, from +31641600986, GSM 7-bit "How are you?"), 39 bytes. */
const DELIVER = '07911326040000f0040b911346610089f60000208062917314080cc8f71d14969741f977fd07';

test('the service: UUID 533fbeeb-14fe-4467-9f90-33a223e56c3f, CIDs 1–5', () => {
  assert.is(sms.Configuration.service, ServiceUuid.sms);
  assert.equal([sms.Configuration, sms.Read, sms.Send, sms.Delete, sms.MessageStoreStatus].map((d) => d.cid), [1, 2, 3, 4, 5]);
});

test('Read query: Format, Flag, MessageIndex as three guint32', () => {
  assert.is(toHexStr(encodeCommandBuffer(sms.Read, 'query', { format: MbimSmsFormat.pdu, flag: MbimSmsFlag.index, messageIndex: 9 })), le(0, 1, 9));
  assert.equal(decodeCommandBuffer(sms.Read, 'query', hex(le(0, 0, 0))), { format: 0, flag: 0, messageIndex: 0 });
});

test('Read response, two records by hand: offsets/sizes, each PDU offset from its record; our encoder writes the same bytes', () => {
  const pduA = hex('00112233445566778899aabb'); // 12 bytes
  const pduB = hex('0102030405060708'); // 8 bytes
  const recA = le(3, MbimSmsStatus.new, 16, 12) + toHexStr(pduA); // 28 bytes
  const recB = le(4, MbimSmsStatus.old, 16, 8) + toHexStr(pduB); // 24 bytes
  // format, count, then (offset, size) × 2 = 24 bytes of fixed part; records follow.
  const buf = le(MbimSmsFormat.pdu, 2, 24, 28, 52, 24) + recA + recB;
  const r = decodeResponse(sms.Read, hex(buf));
  assert.is(r.format, MbimSmsFormat.pdu);
  assert.equal(r.pduMessages.map((m) => [m.messageIndex, m.messageStatus, toHexStr(m.pduData)]), [[3, 0, toHexStr(pduA)], [4, 1, toHexStr(pduB)]]);
  const ours = encodeReply(sms.Read, 'response', { format: 0, pduMessages: [{ messageIndex: 3, messageStatus: 0, pduData: pduA }, { messageIndex: 4, messageStatus: 1, pduData: pduB }] });
  assert.is(toHexStr(ours), buf);
  // The notification has the same layout.
  assert.equal(decodeNotification(sms.Read, hex(buf)).pduMessages.length, 2);
});

test('Read response with no messages; a record pointing past the buffer is a decode error', () => {
  assert.equal(decodeResponse(sms.Read, hex(le(0, 0))), { format: 0, pduMessages: [] });
  assert.throws(() => decodeResponse(sms.Read, hex(le(0, 1, 16, 64) + le(1, 0, 16, 8))), (e: unknown) => e instanceof MbimDecodeError);
});

test('Send set: Format, then the inline PDU record (offset from the buffer start, size), PDU padded to 4', () => {
  const pdu = hex('0011000b916407281553f80000aa0ae8329bfd4697d9ec37'); // 24 bytes
  const odd = hex('00010203040506'); // 7 bytes
  assert.is(toHexStr(encodeCommandBuffer(sms.Send, 'set', { format: 0, pduData: pdu })), le(0, 12, 24) + toHexStr(pdu));
  assert.is(toHexStr(encodeCommandBuffer(sms.Send, 'set', { format: 0, pduData: odd })), `${le(0, 12, 7)}${toHexStr(odd)}00`);
  assert.equal(decodeCommandBuffer(sms.Send, 'set', hex(le(0, 12, 7) + toHexStr(odd) + '00')), { format: 0, pduData: odd });
  assert.equal(decodeResponse(sms.Send, hex(le(42))), { messageReference: 42 });
});

test('Delete set, Message Store Status, Configuration (string ScAddress in UTF-16LE)', () => {
  assert.is(toHexStr(encodeCommandBuffer(sms.Delete, 'set', { flag: MbimSmsFlag.index, messageIndex: 5 })), le(1, 5));
  assert.equal(decodeNotification(sms.MessageStoreStatus, hex(le(MbimSmsStatusFlag.newMessage, 7))), { flag: 2, messageIndex: 7 });
  const sc = '+4917'; // 5 characters, 10 bytes UTF-16LE, padded to 12
  const utf16 = [...sc].map((c) => toHexStr(new Uint8Array([c.charCodeAt(0), 0]))).join('');
  const buf = le(1, 0, 50, 0, 24, 10) + utf16 + '0000'; // fixed part: 4 guint32 + (offset, size)
  assert.equal(decodeResponse(sms.Configuration, hex(buf)), { smsStorageState: 1, format: 0, maxMessages: 50, cdmaShortMessageSize: 0, scAddress: sc });
  assert.is(toHexStr(encodeReply(sms.Configuration, 'response', { smsStorageState: 1, format: 0, maxMessages: 50, cdmaShortMessageSize: 0, scAddress: sc })), buf);
});

test('a Read record with a real SMS-DELIVER decodes through our codec; an undecodable PDU keeps its error', () => {
  const pdu = hex(DELIVER);
  const buf = le(0, 1, 16, 16 + pdu.length) + le(2, MbimSmsStatus.new, 16, pdu.length) + DELIVER + '00';
  const [rec] = decodeResponse(sms.Read, hex(buf)).pduMessages;
  const part = partOfRecord(rec);
  assert.is(part.store, 'device');
  assert.is(part.index, 2);
  assert.is(part.status, 'unread');
  assert.is(part.pdu?.type, 'deliver');
  if (part.pdu?.type !== 'deliver') return;
  assert.is(part.pdu.sender.address, '+31641600986');
  assert.is(part.pdu.smsc, '+31624000000');
  const bad = partOfRecord({ messageIndex: 1, messageStatus: MbimSmsStatus.old, pduData: hex('07') });
  assert.is(bad.status, 'read');
  assert.ok(bad.error && !bad.pdu, 'error kept, no PDU');
});

test.run();
