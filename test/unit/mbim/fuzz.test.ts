// Property tests for the MBIM decoders: random and mutated bytes give a result or a typed decode error, never a crash or a hang.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fc from 'fast-check';
import { CidDef, decodeCommandBuffer, encodeCommandBuffer } from '../../../src/mbim/cid';
import { MbimDecodeError } from '../../../src/mbim/errors';
import { FragmentCollector, MbimStreamFramer } from '../../../src/mbim/fragment';
import { decodeMessage, encodeMessage, splitFragments } from '../../../src/mbim/message';
import * as services from '../../../src/mbim/services';
import { basicConnect as bc } from '../../../src/mbim/services';
import { Struct } from '../../../src/mbim/struct';
import { ContextType } from '../../../src/mbim/uuid';
import { LIBMBIM_PARSER, ORACLE } from './fixtures';
import { copy, equal, hex, writeU32 } from '../../helpers/bytes';

interface Layout { readonly name: string; readonly layout: Struct<any> }

function isCidDef(v: unknown): v is CidDef {
  return typeof v === 'object' && v !== null && 'service' in v && 'cid' in v && 'source' in v;
}

/** Every set/query/response/notification layout under src/mbim/services. */
function allLayouts(): Layout[] {
  const out: Layout[] = [];
  for (const [svc, mod] of Object.entries(services)) {
    for (const [exportName, def] of Object.entries(mod as Record<string, unknown>)) {
      if (!isCidDef(def)) continue;
      for (const which of ['set', 'query', 'response', 'notification'] as const) {
        const l = def[which];
        if (l) out.push({ name: `${svc}.${exportName}.${which}`, layout: l });
      }
    }
  }
  return out;
}

const SEEDS: Uint8Array[] = [...Object.values(ORACLE), ...Object.values(LIBMBIM_PARSER)].map((h) => hex(h));

function typed(what: string, fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof MbimDecodeError) return;
    throw new Error(`${what} threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
  }
}

const mutated = fc.tuple(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat({ max: 64 }))
  .map(([seed, edits, cut]) => {
    const b = copy(seed);
    for (const [at, v] of edits) b[at % b.length] = v;
    return cut % 3 === 0 ? b.subarray(0, Math.max(0, b.length - cut)) : b;
  });
const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 300 }).map((u) => copy(u)), mutated);

test('the fuzzer covers every CID definition and layout kind', () => {
  const names = allLayouts().map((l) => l.name);
  for (const n of ['basicConnect.Connect.set', 'basicConnect.IpConfiguration.notification', 'basicConnect.DeviceServices.response', 'qmi.Msg.set', 'basicConnect.Pin.response']) {
    assert.ok(names.includes(n), n);
  }
  assert.ok(names.length >= 35, `${names.length} layouts`);
});

test('fuzz: decodeMessage, framer and collector take any bytes with typed errors only', () => {
  const t0 = Date.now();
  fc.assert(fc.property(fc.array(anyBytes, { maxLength: 6 }), (chunks) => {
    const framer = new MbimStreamFramer(4096);
    const c = new FragmentCollector({ maxPartials: 2, maxMessageBytes: 8192 });
    for (const ch of chunks) {
      typed('decodeMessage', () => decodeMessage(ch));
      const { messages } = framer.push(ch);
      for (const m of messages) {
        const r = c.push(m, 0);
        for (const e of r.errors) assert.instance(e, MbimDecodeError);
        if (r.message) typed('decodeMessage(reassembled)', () => decodeMessage(r.message!));
      }
      assert.ok(framer.pending() <= 4096);
    }
    c.expire(10_000, 1250);
    assert.is(c.pending(), 0);
  }), { numRuns: 1500 });
  // A hang guard, not a speed target (benchmarks measure speed): generous for QuickJS on a loaded machine or under qemu.
  assert.ok(Date.now() - t0 < 60_000, `took ${Date.now() - t0} ms`);
});

test('fuzz: every information-buffer layout decodes any bytes with typed errors only, quickly', () => {
  const layouts = allLayouts();
  const t0 = Date.now();
  fc.assert(fc.property(fc.constantFrom(...layouts), anyBytes, (l, b) => {
    typed(l.name, () => l.layout.decodeAlone(b, l.name));
    typed(`${l.name} (message)`, () => l.layout.decodeAlone(b.subarray(Math.min(48, b.length)), l.name));
  }), { numRuns: 4000 });
  // A hang guard, not a speed target (benchmarks measure speed): generous for QuickJS on a loaded machine or under qemu.
  assert.ok(Date.now() - t0 < 60_000, `took ${Date.now() - t0} ms`);
});

test('fuzz: hostile counts and offsets in a 64 KiB buffer stay bounded', () => {
  const l = bc.DeviceServices.response;
  const b = new Uint8Array(65536);
  // Every element reference points at the same element whose CID count is the rest of the buffer.
  writeU32(b, 8000, 0);
  for (let i = 0; i < 8000; i++) { writeU32(b, 64008, 8 + i * 8); writeU32(b, 28, 12 + i * 8); }
  writeU32(b, 300, 64008 + 24);
  const t0 = Date.now();
  assert.throws(() => l.decodeAlone(b, 'hostile'), (e: unknown) => e instanceof MbimDecodeError && /too many elements/.test(e.message));
  assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
});

test('property: Connect set round-trips any strings, and split/reassemble is the identity at any max transfer', () => {
  const text = fc.string({ unit: 'grapheme', maxLength: 40 });
  fc.assert(fc.property(text, text, text, fc.integer({ min: 0, max: 4 }), (apn, user, pass, ipType) => {
    const v = { sessionId: 0, activationCommand: 1, accessString: apn, userName: user, password: pass, compression: 0, authProtocol: 1, ipType, contextType: ContextType.internet };
    const b = encodeCommandBuffer(bc.Connect, 'set', v);
    assert.is(b.length % 4, 0);
    assert.equal(decodeCommandBuffer(bc.Connect, 'set', b), v);
  }), { numRuns: 300 });
  fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 21, max: 600 }), fc.nat(), (payload, max, tid) => {
    const whole = encodeMessage({ type: 'indicate-status', tid, service: ContextType.internet, cid: 9, buffer: copy(payload) });
    const c = new FragmentCollector();
    let out: Uint8Array | undefined;
    for (const f of splitFragments(whole, max)) { assert.ok(f.length <= max); const r = c.push(f, 0); assert.equal(r.errors, []); out = r.message ?? out; }
    assert.ok(out !== undefined && equal(out, whole));
  }), { numRuns: 300 });
});

test.run();
