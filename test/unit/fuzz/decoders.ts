// Fuzz targets for every decoder (QMUX/TLV, MBIM, ubus/blobmsg, uci, netifd JSON config), shared by the unit test and `npm run fuzz`.
import * as fc from 'fast-check';
import { ConfigError, parseInterfaceConfig } from '../../../src/daemon/config';
import { CidDef, decodeCommandBuffer } from '../../../src/mbim/cid';
import { MbimDecodeError } from '../../../src/mbim/errors';
import { FragmentCollector, MbimStreamFramer } from '../../../src/mbim/fragment';
import { decodeMessage as decodeMbimMessage } from '../../../src/mbim/message';
import * as mbimServices from '../../../src/mbim/services';
import { BlobmsgType, decodeBlobmsg, decodeBlobmsgEntries } from '../../../src/ubus/blob';
import { UbusDecodeError, UbusError } from '../../../src/ubus/errors';
import { decodeJsonTable, encodeJsonTable } from '../../../src/ubus/json';
import { UbusAttr, UbusFramer, UbusMsgType, decodeMessage as decodeUbusMessage, encodeMessage as encodeUbusMessage } from '../../../src/ubus/message';
import { decodeSignature, encodeSignature, validateArgs } from '../../../src/ubus/policy';
import { UciParseError, parseUci } from '../../../src/uci';
import { allTlvSets, fuzzQmiDecoders, ROUND_TRIPS } from '../../helpers/qmi-fuzz';
import { LIBMBIM_PARSER, ORACLE } from '../mbim/fixtures';
import { HOSTILE_TARGETS } from './hostile-targets';
import { concat, copy, hex } from '../../helpers/bytes';
import { iccidOfEf, imsiOfEf, mncLengthOfEfAd } from '../../../src/modem/sim-files';
import { ApnTableError, decodeApnTable } from '../../../src/apn/apn-table';

/** Longest a single decoder call may take before it counts as a hang, ms. */
export const MAX_CALL_MS = 1000;

/** One fuzz target: a decoder family, the only error classes it may throw, and its properties. */
export interface FuzzTarget {
  readonly name: string;
  /** Error class names a decoder may throw (anything else is a crash). */
  readonly allowed: readonly string[];
  /** Runs the properties `numRuns` times each with `seed`; returns executions done. Throws on a crash. */
  run(numRuns: number, seed: number): number;
}

/** Calls `fn`; an error of an allowed class is a valid outcome, anything else (or a call over MAX_CALL_MS) is a crash (thrown). */
export function typed(what: string, allowed: readonly (abstract new (...a: never[]) => Error)[], fn: () => unknown): void {
  const t0 = performance.now();
  try {
    fn();
  } catch (e) {
    if (!allowed.some((c) => e instanceof c)) throw new Error(`${what} threw ${(e as Error)?.name ?? typeof e}: ${(e as Error)?.message ?? String(e)}`);
  }
  const ms = performance.now() - t0;
  if (ms > MAX_CALL_MS) throw new Error(`${what} took ${ms.toFixed(0)} ms (hang)`);
}

function check(prop: fc.IRawProperty<unknown[]>, numRuns: number, seed: number): number {
  fc.assert(prop as fc.IRawProperty<unknown[], boolean>, { numRuns, seed });
  return numRuns;
}

/** Byte-level mutations of a seed: overwrite, truncate, insert, duplicate. */
function mutated(seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat({ max: 64 }), fc.uint8Array({ maxLength: 16 }), fc.integer({ min: 0, max: 3 }))
    .map(([seed, edits, cut, extra, mode]) => {
      let b = copy(seed);
      for (const [at, v] of edits) if (b.length) b[at % b.length] = v;
      if (mode === 1) b = b.subarray(0, Math.max(0, b.length - cut));
      else if (mode === 2) { const at = b.length ? cut % b.length : 0; b = concat(b.subarray(0, at), copy(extra), b.subarray(at)); }
      else if (mode === 3) b = concat(b, b);
      return b;
    });
}

function bytesOr(seeds: readonly Uint8Array[], max = 300): fc.Arbitrary<Uint8Array> {
  return fc.oneof(fc.uint8Array({ maxLength: max }).map((u) => copy(u)), mutated(seeds));
}

// ---- QMUX/TLV -------------------------------------------------------------------------------

/** Executions one fuzzQmiDecoders(n) call performs (it runs fixed property counts; see qmi-fuzz.ts). */
export function qmiExecutions(n: number): number {
  return 4 * n + allTlvSets().length * Math.max(1, Math.ceil(n / 4)) + ROUND_TRIPS.length * Math.max(1, Math.ceil(n / 2));
}

const qmux: FuzzTarget = {
  name: 'qmux',
  allowed: ['QmiDecodeError', 'QmiFramingError'],
  run(n, seed) { fuzzQmiDecoders(n, { seed }); return qmiExecutions(n); },
};

// ---- MBIM -----------------------------------------------------------------------------------

const MBIM_SEEDS = [...Object.values(ORACLE), ...Object.values(LIBMBIM_PARSER)].map((h) => hex(h));

interface Layout { readonly name: string; readonly def: CidDef; readonly which: 'set' | 'query' | 'response' | 'notification' }

/** Every set/query/response/notification layout of every CID definition under src/mbim/services. */
export function allMbimLayouts(): Layout[] {
  const out: Layout[] = [];
  for (const [svc, mod] of Object.entries(mbimServices)) {
    for (const [exportName, def] of Object.entries(mod as Record<string, unknown>)) {
      if (typeof def !== 'object' || def === null || !('service' in def && 'cid' in def && 'source' in def)) continue;
      const d = def as CidDef;
      for (const which of ['set', 'query', 'response', 'notification'] as const) if (d[which]) out.push({ name: `${svc}.${exportName}.${which}`, def: d, which });
    }
  }
  return out;
}

const MBIM_ERR = [MbimDecodeError];
const LAYOUTS = allMbimLayouts();

const mbimMessage: FuzzTarget = {
  name: 'mbim-message',
  allowed: ['MbimDecodeError'],
  run(n, seed) {
    return check(fc.property(bytesOr(MBIM_SEEDS), (b) => typed('mbim decodeMessage', MBIM_ERR, () => decodeMbimMessage(b))), n, seed);
  },
};

const mbimStream: FuzzTarget = {
  name: 'mbim-fragments',
  allowed: ['MbimDecodeError', 'MbimFragmentError'],
  run(n, seed) {
    return check(fc.property(fc.array(bytesOr(MBIM_SEEDS), { maxLength: 6 }), fc.nat({ max: 3000 }), (chunks, gap) => {
      const framer = new MbimStreamFramer(4096);
      const c = new FragmentCollector({ maxPartials: 2, maxMessageBytes: 8192 });
      let now = 0;
      for (const ch of chunks) {
        typed('MbimStreamFramer.push', MBIM_ERR, () => {
          for (const m of framer.push(ch).messages) {
            const r = c.push(m, now);
            for (const e of r.errors) if (!(e instanceof MbimDecodeError)) throw new Error(`collector reported ${e}`);
            if (r.message) typed('mbim decodeMessage (reassembled)', MBIM_ERR, () => decodeMbimMessage(r.message!));
          }
        });
        if (framer.pending() > 4096) throw new Error(`framer holds ${framer.pending()} bytes`);
        now += gap;
        c.expire(now, 1250);
      }
      c.expire(now + 10_000, 1250);
      if (c.pending() !== 0) throw new Error(`collector holds ${c.pending()} partial messages after expiry`);
    }), n, seed);
  },
};

const mbimCid: FuzzTarget = {
  name: 'mbim-cid',
  allowed: ['MbimDecodeError'],
  run(n, seed) {
    return check(fc.property(fc.constantFrom(...LAYOUTS), bytesOr(MBIM_SEEDS), (l, b) => {
      const layout = l.def[l.which]!;
      typed(l.name, MBIM_ERR, () => layout.decodeAlone(b, l.name));
      typed(`${l.name} (after header)`, MBIM_ERR, () => layout.decodeAlone(b.subarray(Math.min(48, b.length)), l.name));
      if (l.which === 'set' || l.which === 'query') typed(`${l.name} decodeCommandBuffer`, MBIM_ERR, () => decodeCommandBuffer(l.def, l.which as 'set' | 'query', b));
    }), n * 2, seed);
  },
};

// ---- ubus / blobmsg -------------------------------------------------------------------------

const UBUS_ERR = [UbusDecodeError];
const sampleTable = encodeJsonTable({ interface: 'wdm0', config: { wdmif: '/dev/cdc-wdm0', apn: 'internet', dns: ['1.1.1.1'], n: 5, b: true } });
const UBUS_SEEDS: Uint8Array[] = [
  encodeUbusMessage(UbusMsgType.INVOKE, 7, 0x1234, [[UbusAttr.OBJID, 0x1234], [UbusAttr.METHOD, 'status'], [UbusAttr.DATA, sampleTable], [UbusAttr.USER, 'root'], [UbusAttr.GROUP, 'root']]),
  encodeUbusMessage(UbusMsgType.LOOKUP, 1, 0, [[UbusAttr.OBJPATH, 'qmi4g']]),
  encodeUbusMessage(UbusMsgType.STATUS, 3, 9, [[UbusAttr.STATUS, 4], [UbusAttr.OBJID, 9]]),
  encodeUbusMessage(UbusMsgType.NOTIFY, 2, 5, [[UbusAttr.OBJID, 5], [UbusAttr.ACTIVE, true], [UbusAttr.SUBSCRIBERS, [1, 2, 3]]]),
  encodeUbusMessage(UbusMsgType.DATA, 4, 6, [[UbusAttr.OBJID, 6], [UbusAttr.SIGNATURE, encodeSignature({ up: { interface: 'string', config: 'table' }, status: {} })]]),
];
const BLOB_SEEDS: Uint8Array[] = [sampleTable, encodeSignature({ up: { interface: 'string', config: 'table' }, at: { command: 'string', n: 'int32' } }), encodeJsonTable({ a: [1, 'x', [2, { b: null }]], c: 1.5, d: 2 ** 40 })];

const ubusMessage: FuzzTarget = {
  name: 'ubus-message',
  allowed: ['UbusDecodeError'],
  run(n, seed) {
    return check(fc.property(bytesOr(UBUS_SEEDS), (b) => {
      typed('ubus decodeMessage', UBUS_ERR, () => decodeUbusMessage(b));
      typed('ubus decodeMessage anyVersion', UBUS_ERR, () => decodeUbusMessage(b, { anyVersion: true }));
    }), n, seed);
  },
};

const ubusFramer: FuzzTarget = {
  name: 'ubus-framer',
  allowed: ['UbusDecodeError'],
  run(n, seed) {
    return check(fc.property(fc.array(bytesOr(UBUS_SEEDS, 64), { maxLength: 8 }), (chunks) => {
      const f = new UbusFramer(4096);
      for (const c of chunks) {
        let threw = false;
        typed('UbusFramer.push', UBUS_ERR, () => {
          try {
            for (const m of f.push(c)) typed('ubus decodeMessage (framed)', UBUS_ERR, () => decodeUbusMessage(m));
          } catch (e) { threw = true; throw e; }
        });
        if (threw) f.reset();
        if (f.pending > 4096 + 64 * 8) throw new Error(`framer holds ${f.pending} bytes`);
      }
    }), n, seed);
  },
};

const blobmsg: FuzzTarget = {
  name: 'blobmsg',
  allowed: ['UbusDecodeError', 'UbusError(INVALID_ARGUMENT)'],
  run(n, seed) {
    const policy = { interface: { type: 'string', required: true }, config: 'table', n: 'int32', b: 'bool', d: 'double', a: 'array' } as const;
    return check(fc.property(bytesOr(BLOB_SEEDS), (b) => {
      typed('decodeBlobmsgEntries', UBUS_ERR, () => decodeBlobmsgEntries(b));
      typed('decodeBlobmsg', UBUS_ERR, () => decodeBlobmsg(b));
      typed('decodeJsonTable', UBUS_ERR, () => decodeJsonTable(b));
      typed('decodeSignature', UBUS_ERR, () => decodeSignature(b));
      let entries;
      try { entries = decodeBlobmsgEntries(b); } catch { return; }
      typed('validateArgs', [UbusError], () => {
        try { validateArgs(policy, entries); } catch (e) { if (e instanceof UbusError && e.code !== 2) throw new Error(`validateArgs gave ${e.name}`); throw e; }
      });
      for (const e of entries) if (e.value.type > BlobmsgType.DOUBLE) throw new Error(`decoded unknown type ${e.value.type}`);
    }), n, seed);
  },
};

// ---- uci ------------------------------------------------------------------------------------

const UCI_SEEDS = [
  "config interface 'wdm0'\n\toption proto 'qmi4g'\n\toption wdmif '/dev/cdc-wdm0'\n\tlist probe_host '8.8.8.8'\n\tlist probe_host \"1.1.1.1\"\n",
  "package network\nconfig interface broadband\n\toption ifname wwan0 # comment\n\toption auto '0'; option x \"a\\\"b\"\nconfig qmi4g\n\toption log_level 'debug'\n",
  "c interface 'lan'\no ipaddr 192.168.1.1\nl dns 'a' \\\n 'b'\no empty ''\n",
];
const uciText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'config option list package \'"\\#;\n\t abc_-.0123'.split('')), maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.tuple(fc.constantFrom(...UCI_SEEDS), fc.nat(), fc.string({ unit: 'binary', maxLength: 8 }), fc.nat()).map(([s, at, ins, cut]) => {
    const i = at % (s.length + 1);
    return (s.slice(0, i) + ins + s.slice(i)).slice(0, Math.max(1, s.length + ins.length - (cut % 10)));
  }),
);

const uci: FuzzTarget = {
  name: 'uci',
  allowed: ['UciParseError'],
  run(n, seed) {
    return check(fc.property(uciText, (t) => typed('parseUci', [UciParseError], () => parseUci(t))), n, seed);
  },
};

// ---- netifd JSON config ---------------------------------------------------------------------

const OPTION_KEYS = ['wdmif', 'device', 'wwanif', 'apn', 'v6apn', 'auth', 'username', 'password', 'pincode', 'pdptype', 'profile', 'v6profile',
  'modes', 'plmn', 'allow_roaming', 'allow_partner', 'timeout', 'mtu', 'dhcp', 'dhcpv6', 'ipv6', 'delay', 'autoconnect', 'zone', 'ip4table',
  'ip6table', 'sourcefilter', 'delegate', 'defaultroute', 'peerdns', 'metric', 'probe_host', 'probe_interval', 'probe_failures', 'atdevice',
  '__proto__', 'constructor', 'toString'];
const scalarArb = fc.oneof(
  fc.string({ maxLength: 30 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
  fc.constantFrom('0', '1', 'auto', 'ipv4v6', 'lte,umts', '/dev/cdc-wdm0', '8.8.8.8', '-c1', '', 'yes', '26202', '$(id)'),
);
const valueArb = fc.oneof(scalarArb, fc.array(scalarArb, { maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }));
const configArb = fc.oneof(
  fc.dictionary(fc.constantFrom(...OPTION_KEYS), valueArb, { maxKeys: 12 }).map((o) => ({ wdmif: '/dev/cdc-wdm0', ...o })),
  fc.dictionary(fc.constantFrom(...OPTION_KEYS), valueArb, { maxKeys: 12 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 60 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
);

const netifdConfig: FuzzTarget = {
  name: 'netifd-config',
  allowed: ['ConfigError'],
  run(n, seed) {
    return check(fc.property(configArb, fc.constantFrom('qmi4g' as const, 'mbim' as const), (input, flavor) => {
      typed('parseInterfaceConfig', [ConfigError], () => parseInterfaceConfig(input, { flavor }));
    }), n, seed);
  },
};

/**
 * The subscriber path of `apn auto`: SIM file contents (EF_ICCID, EF_IMSI, EF_AD) as a modem
 * returns them never throw and give well-formed results; the APN table text decoder
 * (src/apn/apn-table.ts) gives a table or an ApnTableError naming the line.
 */
const simSubscriber: FuzzTarget = {
  name: 'sim-subscriber',
  allowed: ['ApnTableError'],
  run(n, seed) {
    const files = check(fc.property(fc.uint8Array({ maxLength: 32 }), (b) => {
      const imsi = imsiOfEf(b);
      const iccid = iccidOfEf(b);
      const mnc = mncLengthOfEfAd(b);
      return (imsi === undefined || /^\d{6,15}$/.test(imsi)) && (iccid === undefined || /^\d{18,20}$/.test(iccid)) && (mnc === undefined || mnc === 2 || mnc === 3);
    }), n, seed);
    const field = fc.stringMatching(/^[0-9a-z. %^|]{0,12}$/);
    const line = fc.tuple(fc.stringMatching(/^[0-9 ]{0,13}$/), field, fc.array(field, { maxLength: 3 })).map(([a, b, c]) => [a, b, ...c].join('|'));
    const table = check(fc.property(fc.oneof(fc.array(line, { maxLength: 4 }).map((l) => l.join('\n')), fc.string({ maxLength: 80 })), (text) => {
      typed('decodeApnTable', [ApnTableError], () => decodeApnTable(text));
    }), n, seed);
    return files + table;
  },
};

/** Every target, in report order. */
export const FUZZ_TARGETS: readonly FuzzTarget[] = [qmux, mbimMessage, mbimStream, mbimCid, ubusMessage, ubusFramer, blobmsg, uci, netifdConfig, simSubscriber, ...HOSTILE_TARGETS];
