// fcc-unlock.ts: which FCC authentication a locked modem gets, by fcc_auth and manufacturer/model; uci fcc_auth/fcc_auth_magic mapping; status rendering.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fccLockedError, fccMethodsFor, foxconnV2Hash } from '../../../src/modem/fcc-unlock';
import { fccAuthOf } from '../../../src/daemon/session-config';
import { parseInterfaceConfig } from '../../../src/daemon/config';
import { ConfigError } from '../../../src/daemon/config-errors';
import { formatStatus, statusReply } from '../../../src/daemon/status';
import { md5Hex } from '../../../src/util/md5';
import { encodeUtf8 } from '../../../src/util/utf8';

/** `printf '%s' 'T77W968.F0.0.0.2.3.GC011123456789012345saltfoxc' | md5sum` (coreutils). */
const MD5_EXAMPLE = '0f23e392509349c31787dfbe460219b0';

test('auto: Sierra modules get the Sierra message only', () => {
  assert.equal(fccMethodsFor({ mode: 'auto' }, { manufacturer: 'Sierra Wireless, Incorporated', model: 'EM7455' }), ['sierra']);
  assert.equal(fccMethodsFor({ mode: 'auto' }, { manufacturer: 'Generic', model: 'MC7355' }), ['sierra']);
});

test('auto: Foxconn and its Dell SKUs get Foxconn v2 (derived or configured magic), then v1', () => {
  assert.equal(fccMethodsFor({ mode: 'auto' }, { manufacturer: 'Dell Inc.', model: 'DW5821e Snapdragon X20 LTE' }), ['foxconn-v2', 'foxconn']);
  assert.equal(fccMethodsFor({ mode: 'auto' }, { manufacturer: 'FOXCONN', model: 'T99W175' }), ['foxconn-v2', 'foxconn']);
  assert.equal(fccMethodsFor({ mode: 'auto', magic: { string: 'x', number: 1 } }, { model: 'T99W373' }), ['foxconn-v2', 'foxconn']);
});

test('auto: Quectel and unknown modems try Sierra, then Foxconn', () => {
  assert.equal(fccMethodsFor({ mode: 'auto' }, { manufacturer: 'Quectel', model: 'EM120R-GL' }), ['sierra', 'foxconn']);
  assert.equal(fccMethodsFor({ mode: 'auto' }, {}), ['sierra', 'foxconn']);
  assert.equal(fccMethodsFor({ mode: 'auto', magic: { string: 'x', number: 1 } }, {}), ['sierra', 'foxconn-v2', 'foxconn']);
});

test('foxconnV2Hash: "salt" + MD5 of the MCFG version without its last two fields, apps version, IMEI, "salt", "foxc"', () => {
  // MD5("T77W968.F0.0.0.2.3.GC" + "011" + "123456789012345" + "saltfoxc"), computed independently (md5sum).
  assert.is(foxconnV2Hash('T77W968.F0.0.0.2.3.GC.004.011', '011', '123456789012345'), 'salt' + MD5_EXAMPLE);
});

test('md5Hex: RFC 1321 test suite values and block-boundary lengths', () => {
  const cases: [string, string][] = [
    ['', 'd41d8cd98f00b204e9800998ecf8427e'], ['a', '0cc175b9c0f1b6a831c399e269772661'], ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['12345678901234567890123456789012345678901234567890123456789012345678901234567890', '57edf4a22be3c955ac49da2e2107b67a'],
  ];
  for (const [input, hex] of cases) assert.is(md5Hex(encodeUtf8(input)), hex, JSON.stringify(input));
});

test('a method name is sent alone; 0 sends nothing', () => {
  assert.equal(fccMethodsFor({ mode: 'foxconn' }, { manufacturer: 'Sierra Wireless' }), ['foxconn']);
  assert.equal(fccMethodsFor({ mode: 'off' }, { manufacturer: 'Sierra Wireless' }), []);
});

test('uci: fcc_auth defaults to auto, 0/off mean never, the magic is N or STRING,N, bad values are CONFIG_INVALID', () => {
  const base = { device: '/dev/cdc-wdm0' };
  assert.equal(fccAuthOf(parseInterfaceConfig(base)), { mode: 'auto' });
  assert.equal(fccAuthOf(parseInterfaceConfig({ ...base, fcc_auth: '0' })), { mode: 'off' });
  assert.equal(fccAuthOf(parseInterfaceConfig({ ...base, fcc_auth: 'off' })), { mode: 'off' });
  assert.equal(fccAuthOf(parseInterfaceConfig({ ...base, fcc_auth: 'foxconn', fcc_auth_magic: '7' })), { mode: 'foxconn', value: 7 });
  assert.equal(fccAuthOf(parseInterfaceConfig({ ...base, fcc_auth: 'foxconn-v2', fcc_auth_magic: 'S3cr3t,12' })), { mode: 'foxconn-v2', magic: { string: 'S3cr3t', number: 12 } });
  for (const bad of [{ fcc_auth: 'huawei' }, { fcc_auth_magic: 'x' }, { fcc_auth_magic: 'S,256' }, { fcc_auth_magic: 'a,b,1' }]) {
    try { parseInterfaceConfig({ ...base, ...bad }); assert.unreachable(JSON.stringify(bad)); } catch (e) {
      assert.instance(e, ConfigError);
      assert.is((e as ConfigError).option, Object.keys(bad)[0]);
      assert.not.match((e as Error).message, /S,256|a,b/, 'the magic is never echoed');
    }
  }
});

test('the locked error names what was tried and the option', () => {
  const e = fccLockedError({ mode: 'auto' }, { result: 'locked', tried: [{ method: 'sierra', answer: 'InvalidQmiCommand' }], at: 0 }, 'Radio State set on refused');
  assert.is(e.code, 'NETWORK_REGISTRATION_FAILED');
  assert.equal(e.data, ['fcc-locked', 'sierra']);
  assert.match(e.message, /sierra: InvalidQmiCommand.*fcc_auth/);
});

test('status shows the FCC outcome (ubus reply and text)', () => {
  const snap = { interface: 'wwan', device: '/dev/cdc-wdm0', state: 'connected' as const, since: 0, reason: 'x', reconnects: 0,
    fcc: { result: 'unlocked' as const, method: 'foxconn' as const, tried: [{ method: 'sierra' as const, answer: 'InvalidQmiCommand' }, { method: 'foxconn' as const, answer: 'ok' }], at: 5000 } };
  const r = statusReply(snap, 10_000);
  assert.equal(r.fcc, { result: 'unlocked', method: 'foxconn', tried: [{ method: 'sierra', answer: 'InvalidQmiCommand' }, { method: 'foxconn', answer: 'ok' }], at: 5 });
  assert.match(formatStatus(r), /FCC lock:\s+unlocked \(foxconn\)/);
  const locked = statusReply({ ...snap, fcc: { result: 'locked', tried: [], at: 0 } });
  assert.equal(locked.fcc, { result: 'locked', tried: [], at: 0 });
});

test.run();
