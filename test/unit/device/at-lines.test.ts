// Tests for the AT allowlist and the response scanner: echo, blank lines, final result codes, partial input.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { normalizeAtCommand, scanAtResponse } from '../../../src/device/at-lines';

test('allowlist: identification, status queries and AT+CFUN pass, upper-cased and trimmed', () => {
  const ok: [string, string][] = [
    ['AT', 'AT'], ['ati', 'ATI'], ['ATI0', 'ATI0'], [' AT+CGMI ', 'AT+CGMI'], ['AT+CGMM', 'AT+CGMM'], ['AT+CGSN', 'AT+CGSN'],
    ['AT+CFUN=1,1', 'AT+CFUN=1,1'], ['AT+CFUN=0', 'AT+CFUN=0'], ['at+cfun?', 'AT+CFUN?'], ['AT+CFUN=?', 'AT+CFUN=?'],
    ['AT+CSQ', 'AT+CSQ'], ['AT+COPS?', 'AT+COPS?'], ['AT+CEREG?', 'AT+CEREG?'], ['AT+CPIN?', 'AT+CPIN?'],
  ];
  for (const [input, out] of ok) assert.is(normalizeAtCommand(input), out, input);
});

test('allowlist refuses everything else: writes, chaining, quotes, control bytes, shell text', () => {
  for (const bad of [
    '', 'A', 'AT+CGDCONT=1,"IP","x"', 'AT+CPIN=1234', 'AT+CFUN=1;+CGMI', 'AT+CFUN=1\rAT+CPIN=0000', 'AT+CFUN=1,2',
    'AT+CFUN=1234', 'ATD123;', 'AT$(reboot)', 'AT`id`', 'AT+QCFG="usbnet",1', 'AT^RESET', 'AT+CGMI\n', 'AT+CGMI\u0000',
    'ATI10', 'AT+COPS=0', 'AT+CREG=2', 'AT' + '+CSQ'.repeat(20), 'AT&F', 'ATZ',
  ]) {
    assert.is(normalizeAtCommand(bad), undefined, JSON.stringify(bad));
  }
});

test('OK ends the response; echo and blank lines dropped; information lines kept in order', () => {
  const r = scanAtResponse('ATI\r\r\nQuectel\r\nEC25\r\nRevision: EC25EFAR06A06M4G\r\n\r\nOK\r\n', 'ATI');
  assert.equal(r, { state: 'ok', lines: ['Quectel', 'EC25', 'Revision: EC25EFAR06A06M4G'] });
  assert.equal(scanAtResponse('\r\nOK\r\n', 'AT+CFUN=1,1'), { state: 'ok', lines: [] }, 'echo off');
  assert.equal(scanAtResponse('at+csq\r\n+CSQ: 20,99\r\nOK\r\n', 'AT+CSQ'), { state: 'ok', lines: ['+CSQ: 20,99'] }, 'echo case differs');
});

test('error finals: ERROR, +CME ERROR, +CMS ERROR, NO CARRIER', () => {
  assert.equal(scanAtResponse('AT+CPIN?\r\r\n+CME ERROR: 10\r\n', 'AT+CPIN?'), { state: 'error', final: '+CME ERROR: 10', lines: [] });
  assert.equal(scanAtResponse('\r\nERROR\r\n', 'AT+CGMI'), { state: 'error', final: 'ERROR', lines: [] });
  assert.equal(scanAtResponse('\r\n+CMS ERROR: 500\r\n', 'AT+CSQ'), { state: 'error', final: '+CMS ERROR: 500', lines: [] });
  assert.equal(scanAtResponse('x\r\nNO CARRIER\r\n', 'AT'), { state: 'error', final: 'NO CARRIER', lines: ['x'] });
});

test('pending until the final line is terminated; byte-by-byte arrival gives the same result', () => {
  const whole = 'AT+CGMI\r\r\nQuectel\r\n\r\nOK\r\n';
  assert.equal(scanAtResponse('AT+CGMI\r\r\nQuectel\r\n\r\nOK', 'AT+CGMI'), { state: 'pending' });
  assert.equal(scanAtResponse('AT+CGMI\r\r\nQuec', 'AT+CGMI'), { state: 'pending' });
  assert.equal(scanAtResponse('', 'AT'), { state: 'pending' });
  let first: unknown;
  for (let i = 1; i <= whole.length; i++) {
    const r = scanAtResponse(whole.slice(0, i), 'AT+CGMI');
    if (r.state !== 'pending') { first = { at: i, r }; break; }
  }
  assert.equal(first, { at: whole.length - 1, r: { state: 'ok', lines: ['Quectel'] } }, 'done at the CR after OK');
});

test('a line that merely contains OK or ERROR is information, not a final result', () => {
  assert.equal(scanAtResponse('+COPS: 0,0,"OK Mobile",7\r\nERRORS: 0\r\nOK\r\n', 'AT+COPS?'), { state: 'ok', lines: ['+COPS: 0,0,"OK Mobile",7', 'ERRORS: 0'] });
});

test.run();
