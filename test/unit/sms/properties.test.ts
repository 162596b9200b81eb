// Property tests of the SMS codec: septet packing, alphabets, addresses, time stamps, PDU round trips, splitting
// into concatenated parts and merging them back in any order; arbitrary bytes never throw anything but SmsDecodeError.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fc from 'fast-check';
import {
  DEFAULT_ALPHABET, DEFAULT_EXTENSION, NationalLanguage, SmsDecodeError, SmsDeliver, SmsSubmit, decodePdu, decodeTimestamp,
  encodeDeliver, encodeSubmit, encodeTimestamp, lockingShiftTable, mergeParts, packSeptets, septetsToText, singleShiftTable,
  splitText, textToSeptets, unpackSeptets,
} from '../../../src/sms';

const gsmChars = [...DEFAULT_ALPHABET].filter((c) => c !== '\x1b').concat(Object.values(DEFAULT_EXTENSION));
const gsmText = fc.array(fc.constantFrom(...gsmChars), { maxLength: 700 }).map((a) => a.join(''));
const anyText = fc.string({ unit: 'grapheme', maxLength: 400 });
const phone = fc.tuple(fc.boolean(), fc.stringMatching(/^[0-9]{1,15}$/)).map(([intl, d]) => (intl ? `+${d}` : d));
const timestamp = fc.record({
  year: fc.integer({ min: 2000, max: 2099 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }),
  hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }), second: fc.integer({ min: 0, max: 59 }),
  zoneMinutes: fc.integer({ min: -79, max: 79 }).map((q) => q * 15 || 0),
}).map((r) => ({ ...r }));

test('septets pack and unpack after any fill', () => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 127 }), { maxLength: 200 }), fc.integer({ min: 0, max: 6 }), (s, fill) => {
    assert.equal(unpackSeptets(packSeptets(s, fill), s.length, fill), s);
  }));
});

test('GSM text survives septets (default and national tables)', () => {
  fc.assert(fc.property(gsmText, (t) => { assert.is(septetsToText(textToSeptets(t)!), t); }));
  for (const lang of Object.values(NationalLanguage)) {
    const tables = { locking: lang === NationalLanguage.spanish ? 0 : lang, single: lang };
    const chars = [...lockingShiftTable(tables.locking)].filter((c, i) => i !== 0x1b && c !== '\x1b')
      .concat(Object.values(singleShiftTable(lang)));
    fc.assert(fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 200 }), (a) => {
      const t = a.join('');
      assert.is(septetsToText(textToSeptets(t, tables)!, tables), t);
    }));
  }
});

test('time stamps round trip with their zone', () => {
  fc.assert(fc.property(timestamp, (ts) => { assert.equal(decodeTimestamp(encodeTimestamp(ts), 0), ts); }));
});

test('any text becomes parts that decode and merge back to it (DELIVER, parts shuffled)', () => {
  fc.assert(fc.property(anyText, phone, fc.option(phone, { nil: undefined }), timestamp, fc.integer({ min: 0, max: 255 }),
    fc.constantFrom<8 | 16>(8, 16), fc.integer({ min: 0, max: 1000 }), (text, sender, smsc, ts, ref, bits, seed) => {
      const split = splitText(text, { reference: ref, referenceBits: bits, nationalLanguages: [1, 2, 3] });
      const pdus = split.parts.map((ud) => decodePdu(encodeDeliver({ smsc, sender, timestamp: ts, userData: ud })) as SmsDeliver);
      for (const p of pdus) {
        assert.is(p.sender.address, sender);
        assert.is(p.smsc, smsc && smsc.length ? smsc : undefined);
        assert.equal(p.timestamp, ts);
      }
      const shuffled = pdus.map((pdu, i) => ({ key: i, pdu })).sort((a, b) => ((a.key * 7919 + seed) % 101) - ((b.key * 7919 + seed) % 101));
      const merged = mergeParts(shuffled);
      assert.is(merged.length, 1);
      assert.is(merged[0].text, text);
      assert.equal(merged[0].keys, pdus.map((_, i) => i));
      if (pdus.length > 1) assert.ok(pdus.every((p) => p.concat?.referenceBits === bits && p.concat.reference === ref));
    }), { numRuns: 300 });
});

test('SUBMIT round trip: recipient, validity, text', () => {
  fc.assert(fc.property(anyText.filter((t) => t.length > 0), phone, fc.option(fc.integer({ min: 5, max: 60 * 24 * 7 * 63 }), { nil: undefined }), (text, to, vp) => {
    const split = splitText(text, { reference: 7 });
    const back = split.parts.map((ud) => decodePdu(encodeSubmit({ recipient: to, userData: ud, validityMinutes: vp })) as SmsSubmit);
    assert.is(back.map((p) => p.text).join(''), text);
    for (const p of back) {
      assert.is(p.recipient.address, to);
      if (vp !== undefined) assert.ok(p.validityMinutes! >= vp);
    }
  }), { numRuns: 200 });
});

test('part sizes: 160 septets or 70 UCS-2 characters in one SMS, 153/67 per part beyond', () => {
  assert.is(splitText('a'.repeat(160)).parts.length, 1);
  assert.is(splitText('a'.repeat(161)).parts.length, 2);
  assert.is(splitText('a'.repeat(153 * 3)).parts.length, 3);
  assert.is(splitText('€'.repeat(80)).parts.length, 1);
  assert.is(splitText('€'.repeat(81)).parts.length, 2);
  assert.is(splitText('ж'.repeat(70)).parts.length, 1);
  assert.is(splitText('ж'.repeat(71)).parts.length, 2);
  assert.is(splitText('ж'.repeat(67 * 2)).parts.length, 2);
  assert.is(splitText('ğ').encoding, 'ucs2');
  assert.is(splitText('ğ', { nationalLanguages: [NationalLanguage.turkish] }).encoding, 'gsm7');
  assert.throws(() => splitText('a'.repeat(161), { maxParts: 1 }), /at most 1/);
});

test('arbitrary bytes decode or throw SmsDecodeError, nothing else', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (b, withSmsc) => {
    try { decodePdu(b, withSmsc); } catch (e) { if (!(e instanceof SmsDecodeError)) throw e; }
  }), { numRuns: 3000 });
});

test.run();
