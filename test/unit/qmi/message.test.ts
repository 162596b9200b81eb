// Tests for TLV blocks driven by message definitions: captured request bytes, unknown/missing TLVs, the Result TLV, redaction.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Writer } from '../../../src/qmi/codec';
import { QmiDecodeError } from '../../../src/qmi/errors';
import { decodeResult, decodeTlvs, encodeResult, encodeTlvs, redactValues, splitTlvs } from '../../../src/qmi/message';
import { ctl, dms, nas, uim, wds } from '../../../src/qmi/services';
import { concat, hex, toHexStr } from '../../helpers/bytes';


function decodeError(fn: () => unknown): QmiDecodeError {
  try {
    fn();
  } catch (e) {
    assert.instance(e, QmiDecodeError);
    return e as QmiDecodeError;
  }
  assert.unreachable('decoded without error');
  throw new Error('unreachable');
}

// TLV blocks cut out of frames captured from qmicli 1.32.2 (libqmi-utils) against a pty: requests it wrote
// and replies it accepted; everything after the QMI header.
const START_NETWORK_REQ_TLVS = '19 0100 04  14 0800 696e7465726e6574';
const START_NETWORK_REPLY_TLVS = '02 0400 0000 0000  01 0400 78563412';
const SET_DATA_FORMAT_REQ_TLVS = '10 0200 0200  01 0100 00';
const ALLOCATE_CID_DMS_REQ_TLVS = '01 0100 02';
const ALLOCATE_CID_WDS_REQ_TLVS = '01 0100 01';
const ALLOCATE_CID_REPLY_TLVS = '02 0400 0000 0000  01 0200 0201';
const RELEASE_CID_REQ_TLVS = '01 0200 0201';

test('Start Network apn=internet, IP family 4 encodes to the captured TLV block (0x19 before 0x14)', () => {
  const b = encodeTlvs(wds.StartNetwork.request, { apn: 'internet', ipFamilyPreference: 4 });
  assert.is(toHexStr(b), toHexStr(hex(START_NETWORK_REQ_TLVS)));
});

test('CTL requests encode to the captured TLV blocks', () => {
  assert.is(toHexStr(encodeTlvs(ctl.SetDataFormat.request, { format: 0, protocol: 2 })), toHexStr(hex(SET_DATA_FORMAT_REQ_TLVS)));
  assert.is(toHexStr(encodeTlvs(ctl.AllocateCid.request, { service: 2 })), toHexStr(hex(ALLOCATE_CID_DMS_REQ_TLVS)));
  assert.is(toHexStr(encodeTlvs(ctl.AllocateCid.request, { service: 1 })), toHexStr(hex(ALLOCATE_CID_WDS_REQ_TLVS)));
  assert.is(toHexStr(encodeTlvs(ctl.ReleaseCid.request, { releaseInfo: { service: 2, cid: 1 } })), toHexStr(hex(RELEASE_CID_REQ_TLVS)));
  assert.is(encodeTlvs(dms.GetIds.request, {}).length, 0);
});

test('captured requests decode back to their values', () => {
  assert.equal(decodeTlvs(wds.StartNetwork.request, hex(START_NETWORK_REQ_TLVS)), { apn: 'internet', ipFamilyPreference: 4 });
  assert.equal(decodeTlvs(ctl.SetDataFormat.request, hex(SET_DATA_FORMAT_REQ_TLVS)), { format: 0, protocol: 2 });
  assert.equal(decodeTlvs(ctl.ReleaseCid.request, hex(RELEASE_CID_REQ_TLVS)), { releaseInfo: { service: 2, cid: 1 } });
});

test('captured replies decode: Allocate CID → DMS cid 1, Start Network → handle 0x12345678', () => {
  const alloc = splitTlvs(hex(ALLOCATE_CID_REPLY_TLVS));
  assert.equal(decodeResult(alloc), { status: 0, error: 0 });
  assert.equal(decodeTlvs(ctl.AllocateCid.response, alloc), { allocationInfo: { service: 2, cid: 1 } });
  const start = hex(START_NETWORK_REPLY_TLVS);
  assert.equal(decodeResult(splitTlvs(start)), { status: 0, error: 0 });
  assert.equal(decodeTlvs(wds.StartNetwork.response, start), { packetDataHandle: 0x12345678 });
});

test('encodeResult writes the Result TLV as captured', () => {
  const w = new Writer();
  encodeResult(w, { status: 0, error: 0 });
  assert.is(toHexStr(w.result()), '020400' + '00000000');
  const f = new Writer();
  encodeResult(f, { status: 1, error: 14 });
  assert.is(toHexStr(f.result()), '020400' + '01000e00');
});

test('decodeResult: failure with its error code; absent or short Result TLV is a decode error', () => {
  assert.equal(decodeResult(splitTlvs(hex('02 0400 0100 0e00'))), { status: 1, error: 14 });
  assert.equal(decodeResult(splitTlvs(hex('01 0100 05  02 0400 0100 4700'))), { status: 1, error: 0x47 });
  assert.match(decodeError(() => decodeResult(splitTlvs(hex('01 0100 05')))).message, /Result TLV/);
  decodeError(() => decodeResult(splitTlvs(hex('02 0300 000000'))));
});

test('unknown TLVs are skipped wherever they are', () => {
  const block = hex('7f 0300 aabbcc  02 0400 0000 0000  01 0400 78563412  e0 0000');
  assert.equal(decodeTlvs(wds.StartNetwork.response, block), { packetDataHandle: 0x12345678 });
});

test('a TLV repeated: the first one wins', () => {
  assert.equal(decodeTlvs(wds.StartNetwork.response, hex('01 0400 01000000  01 0400 02000000')), { packetDataHandle: 1 });
});

test('a missing required TLV is a QmiDecodeError naming it', () => {
  const e = decodeError(() => decodeTlvs(dms.GetModel.response, hex('02 0400 0000 0000'), 'dms Get Model'));
  assert.match(e.message, /model/);
  assert.match(e.message, /0x1/);
  decodeError(() => decodeTlvs(nas.GetServingSystem.response, hex('10 0100 01')));
  decodeError(() => decodeTlvs(wds.GetPacketServiceStatus.indication!, hex('12 0100 04')));
});

test('an optional value too short for its codec is left out and reported (issue 12 item 8); trailing bytes are accepted', () => {
  const skipped: string[] = [];
  assert.equal(decodeTlvs(wds.StartNetwork.response, hex('01 0200 7856'), 'wds Start Network', (e) => skipped.push(e.message)), {});
  assert.equal(decodeTlvs(ctl.AllocateCid.response, hex('01 0100 02'), 'ctl Allocate CID', (e) => skipped.push(e.message)), {});
  assert.is(skipped.length, 2);
  assert.match(skipped[0]!, /wds Start Network TLV packetDataHandle/);
  // A 3-byte IPv4 DNS TLV (0x15) drops only that field of Get Current Settings.
  const settings = decodeTlvs(wds.GetCurrentSettings.response, hex('1e 0400 0200400a  15 0300 08 08 08  16 0400 04040808'), 'wds Get Current Settings', () => undefined);
  assert.is(settings.ipv4PrimaryDnsAddress, undefined);
  assert.is(settings.ipv4SecondaryDnsAddress, '8.8.4.4');
  assert.is(settings.ipv4Address, '10.64.0.2');
  assert.equal(decodeTlvs(ctl.AllocateCid.response, hex('01 0300 0201ff')), { allocationInfo: { service: 2, cid: 1 } });
});

test('splitTlvs: TLVs in wire order; a TLV running past the block is a QmiDecodeError', () => {
  const raw = splitTlvs(hex(START_NETWORK_REQ_TLVS));
  assert.equal(raw.map((t) => [t.type, toHexStr(t.value)]), [[0x19, '04'], [0x14, '696e7465726e6574']]);
  assert.equal(splitTlvs(new Uint8Array(0)), []);
  assert.equal(splitTlvs(hex('05 0000')).map((t) => t.value.length), [0]);
  decodeError(() => splitTlvs(hex('01')));
  decodeError(() => splitTlvs(hex('01 01')));
  decodeError(() => splitTlvs(hex('01 0200 aa')));
  decodeError(() => splitTlvs(hex('01 0100 aa  02 ffff')));
});

test('encodeTlvs refuses a missing required TLV or a value out of range (RangeError, nothing sent)', () => {
  assert.throws(() => encodeTlvs(ctl.AllocateCid.request, {} as never), (e: unknown) => e instanceof RangeError && /service/.test((e as Error).message));
  assert.throws(() => encodeTlvs(ctl.AllocateCid.request, { service: 256 }), (e: unknown) => e instanceof RangeError);
  assert.throws(() => encodeTlvs(wds.StartNetwork.request, { primaryDnsAddressPreference: '1.2.3' }), (e: unknown) => e instanceof RangeError);
});

test('nested structures decode: UIM card status with one card and one USIM application', () => {
  // Layout per libqmi qmi-service-uim.json (Get Card Status, TLV 0x10); values written field by field here.
  const value = [
    '0000', 'ffff', 'ffff', 'ffff', // GW primary = slot 0 app 0; the rest: no session
    '01', // one card
    '01', '00', '00', '00', '00', // present, UPIN not initialised, 0 retries, 0 PUK retries, error 0
    '01', // one application
    '02', '07', '00', '00', '00', '00', // USIM, ready, perso state/feature/retries/unblock retries
    '03', 'a00000', // AID: 3 bytes
    '00', // UPIN does not replace PIN1
    '02', '03', '0a', // PIN1 enabled-verified, 3 retries, 10 PUK retries
    '03', '03', '0a', // PIN2 disabled, 3 retries, 10 PUK2 retries
  ];
  const body = hex(value.join(''));
  const block = concat(hex('10'), new Uint8Array([body.length & 0xff, body.length >> 8]), body);
  const v = decodeTlvs(uim.GetCardStatus.response, block);
  assert.ok(v.cardStatus);
  assert.is(v.cardStatus.indexGwPrimary, 0);
  assert.is(v.cardStatus.cards.length, 1);
  const app = v.cardStatus.cards[0].applications[0];
  assert.equal(app.applicationIdentifier, [0xa0, 0, 0]);
  assert.is(app.state, 7);
  assert.is(app.pin1State, 2);
  assert.is(app.pin1Retries, 3);
  assert.is(app.puk1Retries, 10);
  const skipped: Error[] = [];
  assert.equal(decodeTlvs(uim.GetCardStatus.response, concat(hex('10'), new Uint8Array([body.length - 1, 0]), body.subarray(0, -1)), 'uim', (e) => skipped.push(e)), {});
  assert.is(skipped.length, 1);
});

test('redactValues hides secret TLVs (password, username, PIN) and keeps the rest', () => {
  const req = { apn: 'internet', username: 'alice', password: 's3cret', ipFamilyPreference: 4 };
  const red = redactValues(wds.StartNetwork.request, req);
  assert.equal(red, { apn: 'internet', username: '***', password: '***', ipFamilyPreference: 4 });
  assert.is(JSON.stringify(red).includes('s3cret'), false);
  const pin = redactValues(dms.UimVerifyPin.request, { info: { pinId: 1, pin: '1234' } });
  assert.equal(pin, { info: '***' });
  const upin = redactValues(uim.VerifyPin.request, { session: { sessionType: 0, applicationIdentifier: [] }, info: { pinId: 1, pin: '0000' } });
  assert.equal(upin, { session: { sessionType: 0, applicationIdentifier: [] }, info: '***' });
  assert.equal(req.password, 's3cret', 'the input is not modified');
});

test.run();
