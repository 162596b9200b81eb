// Modem strings entering the Modem model: valid Unicode, no C0/C1/format controls, at most 256 UTF-8 bytes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MODEM_STRING_MAX_BYTES, sanitizeIdentity, sanitizeModemString, sanitizeRegistration } from '../../../src/modem/modem-strings';
import { toRegistration } from '../../../src/modem/mbim-mapping';
import { encodeUtf8 } from '../../../src/util/utf8';

const utf8 = (s: string) => encodeUtf8(s).length; // our codec: QuickJS has no TextEncoder

test('a forged log line, ESC/BEL/NUL and C1 CSI are gone; the readable text stays', () => {
  assert.is(sanitizeModemString('Telekom\n[wdm0] connected: 6.6.6.6'), 'Telekom [wdm0] connected: 6.6.6.6');
  assert.is(sanitizeModemString('\x1b[2J\x1b]0;pwned\x07Op\0er\x9b31mator\x7f'), '[2J]0;pwnedOper31mator');
  assert.is(sanitizeModemString('a\u202eb\u2066c\u200bd\ufeff'), 'abcd');
  assert.is(sanitizeModemString('  Vodafone.de\r\n'), 'Vodafone.de');
});

test('lone surrogates become U+FFFD (encodable as UTF-8); pairs stay', () => {
  assert.is(sanitizeModemString('a\ud800b\udc00c'), 'a\ufffdb\ufffdc');
  assert.is(sanitizeModemString('📶 net'), '📶 net');
});

test('bounded to 256 UTF-8 bytes on a code point boundary', () => {
  const big = 'x'.repeat(65536);
  assert.is(sanitizeModemString(big)!.length, MODEM_STRING_MAX_BYTES);
  const wide = '€'.repeat(200); // 3 bytes each
  const cut = sanitizeModemString(wide)!;
  assert.ok(utf8(cut) <= MODEM_STRING_MAX_BYTES && utf8(cut) > MODEM_STRING_MAX_BYTES - 3);
  assert.is(cut, '€'.repeat(85));
  assert.is(sanitizeModemString('😀'.repeat(100))!, '😀'.repeat(64));
});

test('empty or only controls → undefined; identity and registration drop such fields', () => {
  assert.is(sanitizeModemString(''), undefined);
  assert.is(sanitizeModemString('\x1b\x07\0'), undefined);
  assert.equal(sanitizeIdentity({ manufacturer: '\0', model: 'EC25\x1b', imei: '8679620412345670' }), { model: 'EC25', imei: '8679620412345670' });
  assert.equal(sanitizeRegistration({ state: 'registered', roaming: false, psAttached: true, rat: 'lte', mcc: '262', mnc: '01', operator: '\x07' }),
    { state: 'registered', roaming: false, psAttached: true, rat: 'lte', mcc: '262', mnc: '01' });
});

test('MBIM Register State provider name is sanitized where it is mapped', () => {
  const r = toRegistration({ nwError: 0, registerState: 3, availableDataClasses: 0, providerId: '26201', providerName: 'Tele\nkom\x1b[2J' });
  assert.is(r.operator, 'Tele kom[2J');
});

test.run();
