// fcc-unlock.ts: which FCC authentication a locked modem gets, by fcc_auth and manufacturer/model; uci fcc_auth/fcc_auth_magic mapping; status rendering.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fccLockedError, fccMethodsFor } from '../../../src/modem/fcc-unlock';
import { fccAuthOf } from '../../../src/daemon/session-config';
import { parseInterfaceConfig } from '../../../src/daemon/config';
import { ConfigError } from '../../../src/daemon/config-errors';
import { formatStatus, statusReply } from '../../../src/daemon/status';

test('auto: Sierra modules get the Sierra message only', () => {
  assert.equal(fccMethodsFor({ mode: 'auto' }, { manufacturer: 'Sierra Wireless, Incorporated', model: 'EM7455' }), ['sierra']);
  assert.equal(fccMethodsFor({ mode: 'auto' }, { manufacturer: 'Generic', model: 'MC7355' }), ['sierra']);
});

test('auto: Foxconn and its Dell SKUs get Foxconn (v2 first only when a magic is configured)', () => {
  assert.equal(fccMethodsFor({ mode: 'auto' }, { manufacturer: 'Dell Inc.', model: 'DW5821e Snapdragon X20 LTE' }), ['foxconn']);
  assert.equal(fccMethodsFor({ mode: 'auto' }, { manufacturer: 'FOXCONN', model: 'T99W175' }), ['foxconn']);
  assert.equal(fccMethodsFor({ mode: 'auto', magic: { string: 'x', number: 1 } }, { model: 'T99W373' }), ['foxconn-v2', 'foxconn']);
});

test('auto: Quectel and unknown modems try Sierra, then Foxconn', () => {
  assert.equal(fccMethodsFor({ mode: 'auto' }, { manufacturer: 'Quectel', model: 'EM120R-GL' }), ['sierra', 'foxconn']);
  assert.equal(fccMethodsFor({ mode: 'auto' }, {}), ['sierra', 'foxconn']);
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
