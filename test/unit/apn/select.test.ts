// The APN choice (src/apn/select.ts): rule order, the catch-all, `auto` by MCC/MNC, errors; and
// properties over random rule lists and SIMs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { decodeApnTable } from '../../../src/apn/apn-table';
import { ApnChoiceError, chooseApn, parseApnRule, spnMatches, type ApnRule } from '../../../src/apn/select';

const TABLE = decodeApnTable('23410|O2|mobile.o2.co.uk^pap^o2web^password|payandgo.o2.co.uk\n310260|T-Mobile|fast.t-mobile.com\n23415|Vodafone UK|internet^^web^web');
const idx = () => TABLE;
const isApn = (a: string) => /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(a);
const O2 = { iccid: '8944110012345678901', imsi: '234101234567890' };

test('parseApnRule: prefixes and APN; problems in words', () => {
  assert.equal(parseApnRule('8944, 8931 =internet.tele2', isApn), { prefixes: ['8944', '8931'], apn: 'internet.tele2' });
  assert.equal(parseApnRule('89=auto', isApn), { prefixes: ['89'], apn: 'auto' });
  assert.match(parseApnRule('8944', isApn) as string, /no '='/);
  assert.match(parseApnRule('89a=x', isApn) as string, /1 to 20 digits/);
  assert.match(parseApnRule('=x', isApn) as string, /1 to 20 digits/);
  assert.match(parseApnRule('89=bad apn', isApn) as string, /invalid APN/);
});

test('the first matching rule wins, its 0-based position is the source', () => {
  const rules: ApnRule[] = [{ prefixes: ['8931'], apn: 'a' }, { prefixes: ['8944', '89441'], apn: 'b' }, { prefixes: ['894411'], apn: 'c' }];
  assert.equal(chooseApn(rules, 'catchall', O2, idx), { apn: 'b', source: 'apn_by_iccid[1]' });
});

test('no rule matches (or no ICCID): option apn is the catch-all; unset: none', () => {
  const rules: ApnRule[] = [{ prefixes: ['8931'], apn: 'a' }];
  assert.equal(chooseApn(rules, 'catchall', O2, idx), { apn: 'catchall', source: 'apn' });
  assert.equal(chooseApn(rules, 'catchall', { imsi: O2.imsi }, idx), { apn: 'catchall', source: 'apn' });
  assert.equal(chooseApn(rules, undefined, O2, idx), { source: 'none' });
});

test('a trailing filler F of the ICCID does not stop a match; case does not matter', () => {
  assert.equal(chooseApn([{ prefixes: ['8944110012345678901'], apn: 'x' }], undefined, { iccid: '8944110012345678901f' }, idx).apn, 'x');
});

test('auto: the first internet APN of the MCC/MNC with the table credentials', () => {
  assert.equal(chooseApn([], 'auto', O2, idx), { apn: 'mobile.o2.co.uk', source: 'auto:23410', provider: 'O2', auth: 'pap', username: 'o2web', password: 'password' });
  assert.equal(chooseApn([], 'auto', { imsi: '310260000000001' }, idx), { apn: 'fast.t-mobile.com', source: 'auto:310260', provider: 'T-Mobile' });
  assert.equal(chooseApn([{ prefixes: ['89'], apn: 'auto' }], 'x', { iccid: '89', imsi: '234150000000001' }, idx),
    { apn: 'internet', source: 'apn_by_iccid[0]:auto:23415', provider: 'Vodafone UK', username: 'web', password: 'web' });
});

test('auto: the SIM service provider name picks its provider among those of the MCC/MNC (MVNOs)', () => {
  const t = decodeApnTable('26202|Bild Mobil|access.vodafone.de|web.vodafone.de\n26202|Vodafone|web.vodafone.de\n26202|1%261|mail.partner.de^^D2^Web');
  const pick = (spn?: string) => chooseApn([], 'auto', { imsi: '262021234567890', spn }, () => t);
  assert.equal([pick().apn, pick().provider], ['access.vodafone.de', 'Bild Mobil'], 'no SPN: the first entry');
  assert.equal([pick('Vodafone.de').apn, pick('Vodafone.de').provider], ['web.vodafone.de', 'Vodafone']);
  assert.equal([pick('1&1').apn, pick('1&1').username], ['mail.partner.de', 'D2']);
  assert.is(pick('Lidl Connect').provider, 'Bild Mobil', 'an SPN naming no provider: the first entry');
  assert.ok(spnMatches('VODAFONE', 'Vodafone'));
  assert.ok(spnMatches('giffgaff', 'giffgaff'));
  assert.not.ok(spnMatches('O2', 'O2 & Friends'), 'a short name only matches exactly');
  assert.not.ok(spnMatches('', 'x'));
});

test('auto: EF_AD says the MNC length', () => {
  // 234 + 3-digit MNC 101: not in the table, even though 23410 is.
  assert.throws(() => chooseApn([], 'auto', { ...O2, mncLength: 3 }, idx), (e: unknown) => e instanceof ApnChoiceError && /MCC 234 MNC 101/.test((e as Error).message));
  assert.is(chooseApn([], 'auto', { ...O2, mncLength: 2 }, idx).source, 'auto:23410');
});

test('auto without IMSI or with an unknown MCC/MNC: a clear error naming them', () => {
  assert.throws(() => chooseApn([], 'auto', { iccid: O2.iccid }, idx), /did not report the SIM's IMSI/);
  assert.throws(() => chooseApn([], 'auto', { imsi: '001011234567890' }, idx), /MCC 001 MNC 01 or 011/);
});

test('the table is only consulted for auto', () => {
  let calls = 0;
  const counting = () => { calls++; return TABLE; };
  chooseApn([{ prefixes: ['89'], apn: 'x' }], 'auto', O2, counting);
  chooseApn([], 'internet', O2, counting);
  assert.is(calls, 0);
});

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
const rule = fc.record({ prefixes: fc.array(digits(1, 4), { minLength: 1, maxLength: 3 }), apn: fc.constantFrom('a', 'b', 'c', 'd') });

test('property: a rule decides iff one of its prefixes starts the ICCID, and it is the first such rule', () => {
  fc.assert(fc.property(fc.array(rule, { maxLength: 6 }), digits(18, 20), fc.option(fc.constantFrom('x', 'y'), { nil: undefined }), (rules, iccid, apn) => {
    const c = chooseApn(rules, apn, { iccid }, idx);
    const first = rules.findIndex((r) => r.prefixes.some((p) => iccid.startsWith(p)));
    if (first >= 0) return c.source === `apn_by_iccid[${first}]` && c.apn === rules[first].apn;
    return apn === undefined ? c.source === 'none' && c.apn === undefined : c.source === 'apn' && c.apn === apn;
  }));
});

test('property: auto either picks an APN the table lists for the IMSI prefix, or throws ApnChoiceError', () => {
  fc.assert(fc.property(fc.constantFrom('23410', '310260', '23415', '00101', '23499'), digits(9, 10), fc.constantFrom(undefined, 2, 3), (plmn, rest, mncLength) => {
    const imsi = (plmn + rest).slice(0, 15);
    try {
      const c = chooseApn([], 'auto', { imsi, mncLength: mncLength as 2 | 3 | undefined }, idx);
      const key = c.source.slice('auto:'.length);
      return imsi.startsWith(key) && TABLE.get(key)![0].apn === c.apn;
    } catch (e) {
      return e instanceof ApnChoiceError;
    }
  }));
});

test.run();
