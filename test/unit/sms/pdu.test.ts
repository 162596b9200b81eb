// SMS PDU codec against published vectors: the 7-bit packing example of 3GPP TS 23.038 §6.1.2.1.1 and received
// PDUs with their decoded fields as ModemManager's test-sms-part-3gpp.c lists them (facts: bytes and meanings).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  SmsDecodeError, SmsDeliver, SmsSubmit, decodePdu, encodeSmscAddress, encodeSubmit, encodeTpAddress, mergeParts,
  packSeptets, splitText, textToSeptets, timestampToIso, unpackSeptets,
} from '../../../src/sms';

const hex = (h: string): Uint8Array => Uint8Array.from(h.replace(/\s+/g, '').match(/../g)!.map((b) => parseInt(b, 16)));
const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const deliver = (h: string): SmsDeliver => { const p = decodePdu(hex(h)); assert.is(p.type, 'deliver'); return p as SmsDeliver; };

test('TS 23.038 §6.1.2.1.1: "hellohello" packs to E8 32 9B FD 46 97 D9 EC 37', () => {
  const s = textToSeptets('hellohello')!;
  assert.is(toHex(packSeptets(s)), 'e8329bfd4697d9ec37');
  assert.equal(unpackSeptets(hex('e8329bfd4697d9ec37'), 10), s);
});

test('DELIVER with extension characters, international numbers, zone -05:00', () => {
  const p = deliver(`07912104442961f4040b91617195729 1f800001120821105050a
    6ac8b2bc7c9a83c220f6db7d2ecb41edf27c1e3e97411bde06754fd3d1a0f9bb5d0695f1f4b29b5c2683c6e8b03c3ca697e5f34d6ae303d1
    d1f2f7dd0d4abb59a0797d8c0685e7a00028ec26832a960b28ec2683be6050780eba97d96c17`.replace(/ /g, ''));
  assert.is(p.smsc, '+12404492164');
  assert.is(p.sender.address, '+16175927198');
  assert.is(timestampToIso(p.timestamp), '2011-02-28T11:50:50-05:00');
  assert.is(p.text, "Here's a longer message [{with some extended characters}] thrown in, such as £ and ΩΠΨ and §¿ as well.");
  assert.is(p.coding.encoding, 'gsm7');
});

test('DELIVER from an alphanumeric sender in UCS-2, zone +04:00', () => {
  const p = deliver('07919730071111f10414d04937bd2c7797e9d3e61400081130929102406108044204350441 0442'.replace(/ /g, ''));
  assert.is(p.smsc, '+79037011111');
  assert.is(p.sender.address, 'InternetSMS');
  assert.is(p.sender.ton, 5);
  assert.is(p.text, 'тест');
  assert.is(timestampToIso(p.timestamp), '2011-03-29T19:20:04+04:00');
});

test('DELIVER "hellohello"; national number keeps no plus; 8-bit data stays data', () => {
  const base = '07912143658709f1040b918100551512f2000011101021436500 0ae8329bfd4697d9ec37'.replace(/ /g, '');
  const p = deliver(base);
  assert.is(p.text, 'hellohello');
  assert.is(p.sender.address, '+18005551212');
  assert.is(timestampToIso(p.timestamp), '2011-01-01T12:34:56+00:00');
  assert.is(p.moreMessages, false);
  assert.is(deliver(base.replace('040b91', '000b91')).moreMessages, true);
  assert.is(deliver(base.replace('0b918100', '0b818100')).sender.address, '18005551212');
  const data = deliver(base.replace('f2000011', 'f2000411') + 'de');
  assert.is(data.text, undefined);
  assert.is(toHex(data.data!), 'e8329bfd4697d9ec37de');
  assert.is(toHex(deliver(base.replace('f2000011', 'f200f411') + 'de').data!), 'e8329bfd4697d9ec37de');
});

test('DELIVER with DCS group F (class 1), 160 septets, zone +02:00', () => {
  const p = deliver(`07913306091093f0040485810000f1116042318051 80a049b7f90d9a1aa5a01668f8769bd3e4b29b9e2eb359a03fc85d06a9c3ed707a0ea2cbc3ee79bb4ca7cbcba056
    43617da7c76990fd4d979741ee77dd5e0ed741ed371d442e83e0e1f9bc0cd281e677d9b84c06c1df7539e85c9097e520fb9b2e2f83c6ef369c5e064d8d52d0bc2e07ddef77d7dc2c7799e5a0771d040fcb41f402bb0047bfdd6550b80ecad966`.replace(/\s+/g, ''));
  assert.is(p.sender.address, '1800');
  assert.is(p.coding.messageClass, 1);
  assert.is(timestampToIso(p.timestamp), '2011-06-24T13:08:15+02:00');
  assert.is(p.text, 'Info SFR - Confidentiel, à ne jamais transmettre -\r\nVoici votre nouveau mot de passe : sw2ced pour gérer votre compte SFR sur www.sfr.fr ou par téléphone au 963');
});

test('DELIVER with a user data header (8-bit concatenation reference)', () => {
  const p = deliver(`07911356131313F64004850120390011609232239180A006080400100201D7327BFD6EB340E232
    1BF46E83EA7790F59D1E97DBE1341B442F83C465763D3DA797E56537C81D0ECB41AB59CC1693C1
    6031D96C064241E5656838AF03A96230982A269BCD462917C8FA4E8FCBED709A0D7ABBE9F6B0FB
    5C7683D27350984D4FABC9A0B33C4C4FCF5D20EBFB2D079DCB62793DBD06D9C36E50FB2D4E97D9
    A0B49B5E96BBCB`.replace(/\s+/g, ''));
  assert.is(p.sender.address, '1002');
  assert.equal(p.concat, { reference: 0x10, total: 2, sequence: 1, referenceBits: 16 });
  assert.is(p.text, 'Welkom, bel om uw Voicemail te beluisteren naar +31612001233 (PrePay: *100*1233#). Voicemail ontvangen is altijd gratis. Voor gebruik van mobiel interne');
});

const PART1 = `07912160130320F5440B916171056429F5000021405291650569A00500034C0201A9E8F41C949E
  83C2207B599E07B1DFEE33885E9ED341E4F23C7D7697C920FA1B54C697E5E3F4BC0C6AD7D9F434
  081E96D341E3303C2C4EB3D3F4BC0B94A483E6E8779D4D06CDD1EF3BA80E0785E7A0B7BB0C6A97
  E7F3F0B9CC02B9DF7450780EA2DFDF2C50780EA2A3CBA0BA9B5C96B3F369F71954768FDFE4B4FB
  0C9297E1F2F2BCECA6CF41`.replace(/\s+/g, '');
const PART2 = `07912160130320F6440B916171056429F5000021405291651569320500034C0202E9E8301D4447
  9741F0B09C3E0785E56590BCCC0ED3CB6410FD0D7ABBCBA0B0FB4D4797E52E10`.replace(/\s+/g, '');

test('two parts of a concatenated message merge by reference, whatever their order', () => {
  const a = deliver(PART1), b = deliver(PART2);
  assert.equal(a.concat, { reference: 0x4c, total: 2, sequence: 1, referenceBits: 8 });
  assert.is(timestampToIso(b.timestamp), '2012-04-25T19:56:51-04:00');
  const merged = mergeParts([{ key: 'b', pdu: b }, { key: 'a', pdu: a }]);
  assert.is(merged.length, 1);
  assert.equal(merged[0].keys, ['a', 'b']);
  assert.equal(merged[0].missing, []);
  assert.is(merged[0].text, 'This is a very long test designed to exercise multi part capability. It should show up as one message, not as two, as the underlying encoding represents that the parts are related to one another. ');
  const half = mergeParts([{ key: 'b', pdu: b }]);
  assert.equal(half[0].missing, [1]);
});

test('a stored SUBMIT without SMSC in UCS-2', () => {
  const p = decodePdu(hex('002100098136397339F70008224F60597D4F60597D4F60597D4F60597D4F60597D4F60597D4F60597D4F60597D4F60')) as SmsSubmit;
  assert.is(p.type, 'submit');
  assert.is(p.smsc, undefined);
  assert.is(p.recipient.address, '639337937');
  assert.is(p.statusReportRequest, true);
  assert.is(p.text, '你好你好你好你好你好你好你好你好你');
});

test('address encodings: SMSC and TP-DA, international and unknown', () => {
  assert.is(toHex(encodeSmscAddress('+19037029920')), '0791913007922' + '9f0');
  assert.is(toHex(encodeSmscAddress('9037029920')), '06810973209902');
  assert.is(toHex(encodeTpAddress('+19037029920', false)), '0b91913007922' + '9f0');
  assert.is(toHex(encodeTpAddress('9037029920', false)), '0a810973209902');
  assert.throws(() => encodeTpAddress('Hello', false), /not a phone number/);
});

test('SUBMIT in UCS-2 with SMSC and relative validity encodes as ModemManager builds it', () => {
  const text = 'Да здравствует король, детка!';
  const split = splitText(text);
  assert.is(split.encoding, 'ucs2');
  const pdu = encodeSubmit({ smsc: '+19037029920', recipient: '+15555551234', userData: split.parts[0], validityMinutes: 5 });
  assert.ok(toHex(pdu).startsWith('07919130079229f011000b915155551532f4000800 3a04140430'.replace(/ /g, '')), toHex(pdu));
  const back = decodePdu(pdu) as SmsSubmit;
  assert.is(back.text, text);
  assert.is(back.validityMinutes, 5);
});

test('bad PDUs give SmsDecodeError naming the field', () => {
  const short = '07912143658709f1040b918100551512f2000011101021436500 0be8329bfd4697d9ec37'.replace(/ /g, '');
  assert.throws(() => decodePdu(hex(short)), (e: unknown) => e instanceof SmsDecodeError && /TP-UD/.test((e as Error).message));
  assert.throws(() => decodePdu(hex('07912143658709f1')), (e: unknown) => e instanceof SmsDecodeError);
  assert.throws(() => decodePdu(hex('00020b91')), (e: unknown) => e instanceof SmsDecodeError);
  assert.throws(() => decodePdu(new Uint8Array(0)), (e: unknown) => e instanceof SmsDecodeError);
});

test.run();
