// SIM file decoders (src/modem/sim-files.ts): EF_ICCID, EF_IMSI, EF_AD; round trips with the encoders the simulator uses.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { efOfIccid, efOfImsi, iccidOfEf, imsiOfEf, mncLengthOfEfAd, spnOfEf } from '../../../src/modem/sim-files';

test('EF_ICCID: swapped-nibble BCD with a filler', () => {
  // 8944 1100 1234 5678 901F → bytes 98 44 11 00 21 43 65 87 09 F1
  assert.is(iccidOfEf([0x98, 0x44, 0x11, 0x00, 0x21, 0x43, 0x65, 0x87, 0x09, 0xf1]), '8944110012345678901');
  assert.is(iccidOfEf([0x98, 0x44, 0x11, 0xff]), undefined, 'too short');
  assert.is(iccidOfEf([0x98, 0x4a, 0x11, 0x00, 0x21, 0x43, 0x65, 0x87, 0x09, 0x10]), undefined, 'a nibble above 9');
});

test('EF_IMSI: length, parity nibble, digits (3GPP TS 31.102 4.2.2 example layout)', () => {
  // IMSI 234101234567890 (15 digits, odd): 08 29 43 01 21 43 65 87 09
  assert.equal(efOfImsi('234101234567890'), [0x08, 0x29, 0x43, 0x01, 0x21, 0x43, 0x65, 0x87, 0x09]);
  assert.is(imsiOfEf([0x08, 0x29, 0x43, 0x01, 0x21, 0x43, 0x65, 0x87, 0x09]), '234101234567890');
  assert.is(imsiOfEf([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), undefined, 'an empty file');
  assert.is(imsiOfEf([0x08, 0x2a, 0x43, 0x01, 0x21, 0x43, 0x65, 0x87, 0x09]), undefined, 'not an IMSI identity type');
  assert.is(imsiOfEf([0x08, 0x29]), undefined, 'shorter than its length byte');
});

test('EF_AD: byte 4 low nibble = MNC length', () => {
  assert.is(mncLengthOfEfAd([0x00, 0x00, 0x00, 0x02]), 2);
  assert.is(mncLengthOfEfAd([0x80, 0x00, 0x00, 0xf3]), 3);
  assert.is(mncLengthOfEfAd([0x00, 0x00, 0x00]), undefined);
  assert.is(mncLengthOfEfAd([0x00, 0x00, 0x00, 0x0f]), undefined);
});

test('EF_SPN: GSM default alphabet with 0xFF padding, UCS2 after 0x80; other codings unknown', () => {
  const gsm = [0x01, ...[...'giffgaff'].map((c) => c.charCodeAt(0)), ...new Array(8).fill(0xff)];
  assert.is(spnOfEf(gsm), 'giffgaff');
  // '@' is septet 0x00 and 'è' 0x04 in the default alphabet (3GPP TS 23.038 §6.2.1).
  assert.is(spnOfEf([0x00, 0x41, 0x00, 0x04, 0xff]), 'A@è');
  assert.is(spnOfEf([0x00, 0x80, 0x00, 0x56, 0x00, 0xe9, 0xff, 0xff]), 'Vé');
  assert.is(spnOfEf([0x00, 0x81, 0x02, 0x10, 0x41]), undefined);
  assert.is(spnOfEf(new Array(17).fill(0xff)), undefined, 'an empty file');
  assert.is(spnOfEf([0x00]), undefined);
});

test('property: encode → decode is the identity for every IMSI and ICCID', () => {
  fc.assert(fc.property(fc.stringMatching(/^[0-9]{6,15}$/), (imsi) => imsiOfEf(efOfImsi(imsi)) === imsi));
  fc.assert(fc.property(fc.stringMatching(/^[0-9]{18,20}$/), (iccid) => iccidOfEf(efOfIccid(iccid)) === iccid));
});

test('property: the decoders never throw on any bytes', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 20 }), (b) => { imsiOfEf(b); iccidOfEf(b); mncLengthOfEfAd(b); spnOfEf(b); return true; }));
});

test.run();
