// Property-based fuzzing of the QMI decoders (reassembler, frames, TLV blocks, every message definition), for the unit test and `npm run fuzz`.
import * as fc from 'fast-check';
import { QmiDecodeError } from '../../src/qmi/errors';
import { QmiFrame, QmuxReassembler, decodeFrame, encodeFrame } from '../../src/qmi/frame';
import { MessageDef, TlvSet, TlvValues, decodeTlvs, encodeTlvs, splitTlvs } from '../../src/qmi/message';
import * as services from '../../src/qmi/services';
import { ctl, nas, uim, wds } from '../../src/qmi/services';
import { concat, copy, equal, hex, writeU16 } from './bytes';
import { canonicalIpv6 } from './ipv6-text';

/**
 * Seeds for mutation: frames qmicli 1.32.2 wrote against a pty and replies it accepted, and a
 * libqmi test vector (test-message.c).
 */
export const CAPTURED_FRAMES: readonly Uint8Array[] = [
  '010b00000000000121000000', // CTL Get Version Info
  '010f0000000000012200040001010002', // CTL Allocate CID (DMS)
  '011700800000010122000c00020400000000000102000201', // Allocate CID reply (DMS → cid 1)
  '010c0000020100010025000000', // DMS Get IDs, cid 1 txn 1
  '010c0000020100ffff25000000', // DMS Get IDs, cid 1 txn 0xFFFF (libqmi test vector)
  '0110000000000002230005000102000201', // CTL Release CID
  '011b0000010100010020000f0019010004140800696e7465726e6574', // WDS Start Network apn=internet ip-type=4
  '011a0080010102010020000e000204000000000001040078563412', // Start Network reply, handle 0x12345678
  '011400000000000126000900100200020001010000', // CTL Set Data Format raw-ip
].map((h) => hex(h));

/** One TLV set of one message definition, named for failure reports. */
export interface NamedSet { readonly name: string; readonly set: TlvSet; readonly service: string; readonly id: number }

function isMessageDef(v: unknown): v is MessageDef {
  return typeof v === 'object' && v !== null && 'service' in v && 'id' in v && 'request' in v && 'response' in v;
}

/** Every request, response and indication TLV set defined under src/qmi/services. */
export function allTlvSets(): NamedSet[] {
  const out: NamedSet[] = [];
  for (const [svc, mod] of Object.entries(services)) {
    for (const [exportName, def] of Object.entries(mod as Record<string, unknown>)) {
      if (!isMessageDef(def)) continue;
      const base = { service: def.service, id: def.id };
      out.push({ ...base, name: `${svc}.${exportName}.request`, set: def.request });
      out.push({ ...base, name: `${svc}.${exportName}.response`, set: def.response });
      if (def.indication) out.push({ ...base, name: `${svc}.${exportName}.indication`, set: def.indication });
    }
  }
  return out;
}

/** Runs `fn`; an exception other than QmiDecodeError (QmiFramingError is one) fails the property. */
function typedOrResult<T>(what: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof QmiDecodeError) return undefined;
    throw new Error(`${what} threw ${(e as Error)?.name ?? typeof e}: ${(e as Error)?.message ?? String(e)}`);
  }
}

function frameSize(f: QmiFrame): number { return 1 + 5 + (f.service === 0 ? 6 : 7) + f.tlvs.length; }

/** The largest QMUX frame: a u16 length plus the marker. */
const MAX_FRAME = 0xffff + 1;

/** Feeds chunks to a reassembler and checks it never throws, accounts for every byte and stays bounded. */
function checkReassembly(chunks: Uint8Array[]): void {
  const r = new QmuxReassembler();
  let total = 0, framed = 0, skipped = 0;
  for (const c of chunks) {
    total += c.length;
    const out = r.push(copy(c));
    for (const f of out.frames) {
      framed += frameSize(f);
      const again = decodeFrame(encodeFrame(f));
      if (!(again.service === f.service && again.cid === f.cid && again.kind === f.kind && again.txn === f.txn
        && again.messageId === f.messageId && equal(again.tlvs, f.tlvs))) {
        throw new Error('a reassembled frame does not survive encode/decode');
      }
      typedOrResult('splitTlvs', () => splitTlvs(f.tlvs));
    }
    for (const s of out.skipped) {
      if (!(s.bytes > 0)) throw new Error(`skipped run of ${s.bytes} bytes`);
      skipped += s.bytes;
    }
    if (r.pending() >= MAX_FRAME) throw new Error(`reassembler holds ${r.pending()} bytes`);
  }
  if (framed + skipped + r.pending() !== total) {
    throw new Error(`bytes unaccounted: ${total} in, ${framed} framed + ${skipped} skipped + ${r.pending()} pending`);
  }
}

/** Cuts a byte string into chunks at the given (sorted, deduplicated) offsets. */
function cut(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const at = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const o of at) { out.push(bytes.subarray(prev, o)); prev = o; }
  out.push(bytes.subarray(prev));
  return out;
}

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; n: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 4 }) }),
);

function mutate(src: Uint8Array, muts: Mutation[]): Uint8Array {
  let b = copy(src);
  for (const m of muts) {
    const at = b.length ? m.at % b.length : 0;
    if (m.kind === 'flip' && b.length) b[at] ^= 1 << m.bit;
    else if (m.kind === 'truncate') b = b.subarray(0, at);
    else if (m.kind === 'insert') b = concat(b.subarray(0, at), copy(m.bytes), b.subarray(at));
    else if (m.kind === 'delete') b = concat(b.subarray(0, at), b.subarray(at + m.n));
  }
  return b;
}

/** A TLV block built from TLVs whose ids are mostly the set's own, with a length that may lie. */
function tlvBlockArb(ids: number[]): fc.Arbitrary<Uint8Array> {
  const id = ids.length ? fc.oneof(fc.constantFrom(...ids), fc.integer({ min: 0, max: 255 })) : fc.integer({ min: 0, max: 255 });
  const tlv = fc.record({ type: id, value: fc.uint8Array({ maxLength: 48 }), lie: fc.option(fc.integer({ min: 0, max: 0xffff }), { freq: 8 }) });
  return fc.oneof(
    fc.array(tlv, { maxLength: 8 }).map((ts) => concat(...ts.map((t) => {
      const h = new Uint8Array(3);
      h[0] = t.type;
      writeU16(h, t.lie ?? t.value.length, 1);
      return concat(h, copy(t.value));
    }))),
    fc.uint8Array({ maxLength: 64 }).map((a) => copy(a)),
  );
}

const SETS = allTlvSets();

/** Canonical IPv6 text from 8 groups, by a formatter independent of the codec (test/helpers/ipv6-text.ts, itself checked against the WHATWG URL serialiser). */
const ipv6Arb = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }).map((g) => canonicalIpv6(g));
const u8 = fc.integer({ min: 0, max: 0xff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const i8 = fc.integer({ min: -128, max: 127 });
const i16 = fc.integer({ min: -32768, max: 32767 });
const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const text = fc.string({ unit: 'binary', maxLength: 60 });
const opt = { requiredKeys: [] as never[] };

interface RoundTrip { readonly name: string; readonly set: TlvSet; readonly arb: fc.Arbitrary<Record<string, unknown>> }
function roundTrip<S extends TlvSet>(name: string, set: S, arb: fc.Arbitrary<TlvValues<S>>): RoundTrip {
  return { name, set, arb: arb as unknown as fc.Arbitrary<Record<string, unknown>> };
}

/** Representative messages whose every codec gets arbitrary values: decode(encode(v)) must equal v. */
export const ROUND_TRIPS: readonly RoundTrip[] = [
  roundTrip('wds Start Network request', wds.StartNetwork.request, fc.record({
    primaryDnsAddressPreference: fc.ipV4(), secondaryDnsAddressPreference: fc.ipV4(), primaryNbnsAddressPreference: fc.ipV4(),
    secondaryNbnsAddressPreference: fc.ipV4(), apn: text, ipv4AddressPreference: fc.ipV4(), authenticationPreference: u8,
    username: text, password: text, ipFamilyPreference: u8, technologyPreference: u8, profileIndex3gpp: u8, profileIndex3gpp2: u8,
    enableAutoconnect: fc.boolean(), extendedTechnologyPreference: u16, callType: u8,
  }, opt)),
  roundTrip('wds Start Network response', wds.StartNetwork.response, fc.record({
    packetDataHandle: u32, callEndReason: u16, verboseCallEndReason: fc.record({ type: u16, reason: i16 }),
  }, opt)),
  roundTrip('wds Get Current Settings response', wds.GetCurrentSettings.response, fc.record({
    profileName: text, pdpType: u8, apnName: text, ipv4PrimaryDnsAddress: fc.ipV4(), ipv4SecondaryDnsAddress: fc.ipV4(),
    username: text, authentication: u8, ipv4Address: fc.ipV4(), profileId: fc.record({ profileType: u8, profileIndex: u8 }),
    ipv4GatewayAddress: fc.ipV4(), ipv4GatewaySubnetMask: fc.ipV4(),
    ipv6Address: fc.record({ address: ipv6Arb, prefixLength: u8 }), ipv6GatewayAddress: fc.record({ address: ipv6Arb, prefixLength: u8 }),
    ipv6PrimaryDnsAddress: ipv6Arb, ipv6SecondaryDnsAddress: ipv6Arb, mtu: u32,
    domainNameList: fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { maxLength: 5 }), ipFamily: u8,
  }, opt)),
  roundTrip('wds Get Packet Statistics response', wds.GetPacketStatistics.response, fc.record({
    txPacketsOk: u32, rxPacketsOk: u32, txPacketsError: u32, rxPacketsError: u32, txOverflows: u32, rxOverflows: u32,
    txBytesOk: u64, rxBytesOk: u64, lastCallTxBytesOk: u64, lastCallRxBytesOk: u64, txPacketsDropped: u32, rxPacketsDropped: u32,
  }, opt)),
  roundTrip('wds Packet Service Status indication', wds.GetPacketServiceStatus.indication!, fc.record({
    connectionStatus: fc.record({ status: u8, reconfigurationRequired: fc.boolean() }), callEndReason: u16,
    verboseCallEndReason: fc.record({ type: u16, reason: i16 }), ipFamily: u8,
  }, { requiredKeys: ['connectionStatus'] })),
  roundTrip('nas Get Signal Strength response', nas.GetSignalStrength.response, fc.record({
    signalStrength: fc.record({ strength: i8, radioInterface: i8 }),
    strengthList: fc.array(fc.record({ strength: i8, radioInterface: i8 }), { maxLength: 6 }),
    rssiList: fc.array(fc.record({ rssi: u8, radioInterface: i8 }), { maxLength: 6 }),
    ecioList: fc.array(fc.record({ ecio: u8, radioInterface: i8 }), { maxLength: 6 }),
    io: u32, sinr: u8, rsrq: fc.record({ rsrq: i8, radioInterface: i8 }), lteSnr: i16, lteRsrp: i16,
  }, opt)),
  roundTrip('nas Serving System indication', nas.GetServingSystem.indication!, fc.record({
    servingSystem: fc.record({
      registrationState: u8, csAttachState: u8, psAttachState: u8, selectedNetwork: u8, radioInterfaces: fc.array(i8, { maxLength: 8 }),
    }),
    roamingIndicator: u8, dataServiceCapability: fc.array(u8, { maxLength: 8 }),
    currentPlmn: fc.record({ mcc: u16, mnc: u16, description: text }), lac3gpp: u16, cid3gpp: u32, lteTac: u16,
    mncPcsDigitIncludeStatus: fc.record({ mcc: u16, mnc: u16, includesPcsDigit: fc.boolean() }),
  }, { requiredKeys: ['servingSystem'] })),
  roundTrip('uim Get Card Status response', uim.GetCardStatus.response, fc.record({
    cardStatus: fc.record({
      indexGwPrimary: u16, index1xPrimary: u16, indexGwSecondary: u16, index1xSecondary: u16,
      cards: fc.array(fc.record({
        cardState: u8, upinState: u8, upinRetries: u8, upukRetries: u8, errorCode: u8,
        applications: fc.array(fc.record({
          type: u8, state: u8, personalizationState: u8, personalizationFeature: u8, personalizationRetries: u8,
          personalizationUnblockRetries: u8, applicationIdentifier: fc.array(u8, { maxLength: 16 }), upinReplacesPin1: fc.boolean(),
          pin1State: u8, pin1Retries: u8, puk1Retries: u8, pin2State: u8, pin2Retries: u8, puk2Retries: u8,
        }), { maxLength: 3 }),
      }), { maxLength: 2 }),
    }),
  }, opt)),
  roundTrip('ctl Get Version Info response', ctl.GetVersionInfo.response, fc.record({
    serviceList: fc.array(fc.record({ service: u8, majorVersion: u16, minorVersion: u16 }), { maxLength: 20 }),
  })),
];

/** Options of a fuzz run. */
export interface FuzzOptions { seed?: number; verbose?: boolean }

/**
 * Runs every decoder property `numRuns` times (fast-check); throws with a counterexample on the
 * first failure. Properties: random bytes and mutated captured frames into QmuxReassembler.push
 * (never throws, every byte framed, skipped or pending, bounded) and decodeFrame/splitTlvs, random
 * TLV blocks into decodeTlvs for every TLV set of every message (only QmiDecodeError or a result),
 * and decode(encode(v)) = v for representative messages.
 */
export function fuzzQmiDecoders(numRuns: number, opts: FuzzOptions = {}): void {
  const params = { numRuns, seed: opts.seed, verbose: opts.verbose };

  fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 6 }), (chunks) => {
    checkReassembly(chunks);
    for (const c of chunks) typedOrResult('decodeFrame', () => decodeFrame(copy(c)));
  }), params);

  // Random bytes that start like a frame, so the header checks are reached, not just the marker.
  fc.assert(fc.property(
    fc.constantFrom(0x00, 0x80, 0x40), fc.constantFrom(0x00, 0x01, 0x02, 0x03, 0x0b, 0x1a, 0xff), fc.uint8Array({ maxLength: 40 }),
    fc.array(fc.nat(), { maxLength: 4 }),
    (flags, service, tail, offsets) => {
      const body = concat(new Uint8Array([0x01, (tail.length + 2) & 0xff, 0, flags, service]), copy(tail));
      typedOrResult('decodeFrame', () => decodeFrame(body));
      checkReassembly(cut(body, offsets));
    }), params);

  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 255 }).filter((b) => b !== 0x01), { maxLength: 300 }), fc.array(fc.nat(), { maxLength: 5 }), (garbage, offsets) => {
    const r = new QmuxReassembler();
    let skipped = 0;
    for (const c of cut(Uint8Array.from(garbage), offsets)) {
      const out = r.push(copy(c));
      if (out.frames.length) throw new Error('a frame out of marker-free garbage');
      skipped += out.skipped.reduce((n, s) => n + s.bytes, 0);
      if (r.pending() !== 0) throw new Error(`garbage kept: ${r.pending()} bytes pending`);
    }
    if (skipped !== garbage.length) throw new Error(`skipped ${skipped} of ${garbage.length}`);
  }), params);

  fc.assert(fc.property(
    fc.constantFrom(...CAPTURED_FRAMES), fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
    fc.constantFrom(...CAPTURED_FRAMES), fc.array(fc.nat(), { maxLength: 4 }),
    (seed, muts, next, offsets) => {
      const bad = mutate(seed, muts);
      const f = typedOrResult('decodeFrame', () => decodeFrame(bad));
      if (f) {
        const raw = typedOrResult('splitTlvs', () => splitTlvs(f.tlvs));
        for (const s of SETS) {
          typedOrResult(`decodeTlvs ${s.name}`, () => decodeTlvs(s.set, f.tlvs, s.name));
          if (raw) typedOrResult(`decodeTlvs ${s.name} (raw)`, () => decodeTlvs(s.set, raw, s.name));
        }
      }
      checkReassembly(cut(concat(bad, next), offsets));
    }), params);

  for (const s of SETS) {
    const ids = Object.values(s.set).map((d) => d.id);
    fc.assert(fc.property(tlvBlockArb(ids), (block) => {
      typedOrResult(`decodeTlvs ${s.name}`, () => decodeTlvs(s.set, block, s.name));
    }), { ...params, numRuns: Math.max(1, Math.ceil(numRuns / 4)) });
  }

  for (const rt of ROUND_TRIPS) {
    fc.assert(fc.property(rt.arb, (v) => {
      const back = decodeTlvs(rt.set, encodeTlvs(rt.set, v as never, rt.name), rt.name);
      return deepEqual(back, v);
    }), { ...params, numRuns: Math.max(1, Math.ceil(numRuns / 2)) });
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (a === null || b === null || typeof a !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object), kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
