// Pure helpers that replace node: APIs: AbortController polyfill, emitter, IP checks, paths, bytes, dev_t split.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isIP } from 'node:net';
import * as nodePath from 'node:path';
import fc from 'fast-check';
import { PolyAbortController, PolyAbortSignal, installAbortGlobals, installAbortTimers } from '../../../src/platform/abort';
import { refuseDevice, splitDevT } from '../../../src/platform/errors';
import { Emitter } from '../../../src/util/emitter';
import { ipFamily } from '../../../src/util/ip';
import { baseName, dirName, joinPath } from '../../../src/util/path';
import { concatBytes, copyBytes, fromHex, putU32le, toHex, u32le } from '../../../src/util/bytes';
import { FakeClock } from '../../helpers/fake-clock';

test('PolyAbortController: listeners once, in order, with the event; reason; remove; late add ignored', () => {
  const ac = new PolyAbortController();
  const seen: string[] = [];
  const a = (ev: { type: string }) => seen.push(`a:${ev.type}`);
  const b = () => seen.push('b');
  ac.signal.addEventListener('abort', a, { once: true });
  ac.signal.addEventListener('abort', b);
  ac.signal.addEventListener('abort', b);
  ac.signal.addEventListener('abort', () => seen.push('removed'));
  const c = () => seen.push('c');
  ac.signal.addEventListener('abort', c);
  ac.signal.removeEventListener('abort', c);
  assert.is(ac.signal.aborted, false);
  ac.abort('why');
  ac.abort('again');
  assert.equal(seen, ['a:abort', 'b', 'removed']);
  assert.is(ac.signal.aborted, true);
  assert.is(ac.signal.reason, 'why');
  const d = new PolyAbortController();
  d.abort();
  assert.is((d.signal.reason as Error).name, 'AbortError');
});

test('PolyAbortSignal.timeout aborts after ms on the installed timer with a TimeoutError', async () => {
  const clock = new FakeClock();
  installAbortTimers((fn, ms) => clock.setTimeout(fn, ms));
  const s = PolyAbortSignal.timeout(500);
  await clock.advance(499);
  assert.is(s.aborted, false);
  await clock.advance(1);
  assert.is(s.aborted, true);
  assert.is((s.reason as Error).name, 'TimeoutError');
});

test('installAbortGlobals fills only what is missing', () => {
  const g: Record<string, unknown> = {};
  assert.is(installAbortGlobals(g), true);
  assert.is(g.AbortController, PolyAbortController);
  assert.is(installAbortGlobals({ AbortController, AbortSignal }), false);
});

test('Emitter: on/once/off, snapshot during emit, unheard error throws', () => {
  const e = new Emitter();
  const got: unknown[] = [];
  const f = (v: unknown) => got.push(v);
  e.on('x', f);
  e.once('x', (v: unknown) => got.push(`once ${v}`));
  e.emit('x', 1);
  e.emit('x', 2);
  e.off('x', f);
  assert.is(e.emit('x', 3), false);
  assert.equal(got, [1, 'once 1', 2]);
  assert.throws(() => e.emit('error', new Error('boom')), /boom/);
  e.on('error', () => {});
  assert.is(e.emit('error', new Error('heard')), true);
});

test('ipFamily agrees with node:net isIP', () => {
  const samples = ['1.2.3.4', '255.255.255.255', '256.1.1.1', '01.2.3.4', '1.2.3', '::', '::1', '2001:db8::1', '2001:db8:0:0:0:0:2:1', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9',
    '1::2::3', '::ffff:1.2.3.4', '64:ff9b::192.0.2.33', 'fe80::1%eth0', 'gggg::1', '', 'dns.google', '1:2:3:4:5:6:7::', '::1:2:3:4:5:6:7', '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:7:1.2.3.4'];
  for (const s of samples) assert.is(ipFamily(s), isIP(s), s);
  fc.assert(fc.property(fc.ipV4(), (s) => ipFamily(s) === 4));
  fc.assert(fc.property(fc.ipV6(), (s) => ipFamily(s) === 6));
});

test('joinPath/baseName/dirName match node:path (posix)', () => {
  const cases: string[][] = [['/sys', 'class', 'net'], ['/a/', '/b'], ['a', '..', 'b'], ['/a', '..', '..', 'b'], ['/etc/config', 'network'], ['x', '.', 'y/']];
  for (const c of cases) assert.is(joinPath(...c), nodePath.posix.join(...c).replace(/(.)\/$/, '$1'), c.join(','));
  for (const p of ['/dev/cdc-wdm0', '/a/b/', 'b', '/a', '/']) {
    assert.is(baseName(p), nodePath.posix.basename(p), p);
    assert.is(dirName(p), nodePath.posix.dirname(p), p);
  }
});

test('bytes helpers: hex, u32, concat, copies that never alias', () => {
  assert.is(toHex(fromHex('00 ff:10')), '00ff10');
  assert.throws(() => fromHex('abc'), RangeError);
  const b = new Uint8Array(4);
  putU32le(b, 0, 0xdeadbeef);
  assert.is(u32le(b, 0), 0xdeadbeef);
  assert.throws(() => u32le(b, 1), RangeError);
  assert.is(toHex(concatBytes([Uint8Array.of(1), Uint8Array.of(2, 3)])), '010203');
  const src = Buffer.from('010203', 'hex');
  const c = copyBytes(src, 1);
  src[1] = 9;
  assert.is(c[0], 2);
  assert.is(Object.getPrototypeOf(c), Uint8Array.prototype);
});

test('splitDevT follows glibc; refuseDevice refuses non-char and memory devices', () => {
  assert.equal(splitDevT((1 << 8) | 3), { major: 1, minor: 3 });
  assert.equal(splitDevT((180 << 8) | 176), { major: 180, minor: 176 });
  assert.equal(splitDevT(136 * 256 + 5), { major: 136, minor: 5 });
  assert.equal(splitDevT(0x00000abcdef12345), { major: 0x123, minor: 0xabcdef45 });
  assert.equal(splitDevT(0x12345 * 2 ** 32 + 0x00000100), { major: 0x12001, minor: 0x34500000 });
  assert.is(refuseDevice('/tmp/x', false, { major: 0, minor: 0 })?.code, 'ENOTCHR');
  assert.is(refuseDevice('/dev/null', true, { major: 1, minor: 3 })?.code, 'EMEMDEV');
  assert.is(refuseDevice('/dev/cdc-wdm0', true, { major: 180, minor: 176 }), undefined);
});

test.run();
