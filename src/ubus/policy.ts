// Method argument policies: the SIGNATURE ubusd stores (what `ubus -v list` shows) and validation of incoming arguments.
import { BlobWriter, BlobmsgEntry, BlobmsgType, BlobmsgValue, decodeBlobmsgEntries, writeBlobmsg } from './blob';
import { UbusError, UbusStatus } from './errors';
import { UbusJson, blobmsgToJson } from './json';

/** Argument types a policy can name; each maps to one blobmsg type (ubus.md §5.2). */
export type PolicyType = 'string' | 'int8' | 'int16' | 'int32' | 'int64' | 'bool' | 'table' | 'array' | 'double' | 'unspec';

/** An argument: its type, optionally required (ubus policies have no "required"; ours adds it). */
export type ArgSpec = PolicyType | { readonly type: PolicyType; readonly required?: boolean };

/** Argument name → spec, for one method. */
export type MethodPolicy = Readonly<Record<string, ArgSpec>>;

/** Policy type → blobmsg type number written into the signature (blobmsg.h; ubus.md §5.2). */
export const POLICY_BLOBMSG_TYPE: Readonly<Record<PolicyType, BlobmsgType>> = Object.freeze({
  unspec: BlobmsgType.UNSPEC, array: BlobmsgType.ARRAY, table: BlobmsgType.TABLE, string: BlobmsgType.STRING,
  int64: BlobmsgType.INT64, int32: BlobmsgType.INT32, int16: BlobmsgType.INT16, int8: BlobmsgType.INT8,
  bool: BlobmsgType.INT8, double: BlobmsgType.DOUBLE,
});

const TYPE_BY_NUMBER: readonly PolicyType[] = ['unspec', 'array', 'table', 'string', 'int64', 'int32', 'int16', 'bool', 'double'];

const INT_BITS: Partial<Record<PolicyType, number>> = { int8: 8, int16: 16, int32: 32, int64: 64 };

function specOf(s: ArgSpec): { type: PolicyType; required: boolean } {
  return typeof s === 'string' ? { type: s, required: false } : { type: s.type, required: s.required ?? false };
}

/**
 * SIGNATURE payload for ADD_OBJECT: one blobmsg TABLE per method (name = method), holding one
 * INT32 per argument whose value is the blobmsg type number (ubus.md §5.2, §6 capture).
 */
export function encodeSignature(methods: Readonly<Record<string, MethodPolicy>>): Uint8Array {
  const w = new BlobWriter();
  for (const [method, policy] of Object.entries(methods)) {
    const args: BlobmsgEntry[] = Object.entries(policy).map(([name, s]) => ({
      name, value: { type: BlobmsgType.INT32, value: POLICY_BLOBMSG_TYPE[specOf(s).type] },
    }));
    writeBlobmsg(w, method, { type: BlobmsgType.TABLE, value: args });
  }
  return w.finish();
}

/**
 * Reads a SIGNATURE payload (from LOOKUP) back into method → argument → type name
 * (INT8 reads as 'bool', unknown numbers as 'unspec'). Throws UbusDecodeError on malformed bytes.
 */
export function decodeSignature(buf: Uint8Array): Record<string, Record<string, PolicyType>> {
  const out: Record<string, Record<string, PolicyType>> = {};
  for (const m of decodeBlobmsgEntries(buf)) {
    const args: Record<string, PolicyType> = {};
    if (m.value.type === BlobmsgType.TABLE) {
      for (const a of m.value.value) {
        const n = a.value.type === BlobmsgType.INT32 ? a.value.value : 0;
        Object.defineProperty(args, a.name, { value: TYPE_BY_NUMBER[n] ?? 'unspec', enumerable: true, writable: true, configurable: true });
      }
    }
    Object.defineProperty(out, m.name, { value: args, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function isInt(v: BlobmsgValue): boolean {
  return v.type === BlobmsgType.INT8 || v.type === BlobmsgType.INT16 || v.type === BlobmsgType.INT32 || v.type === BlobmsgType.INT64;
}

function fits(v: BlobmsgValue, bits: number): boolean {
  const n = v.type === BlobmsgType.INT64 ? v.value : BigInt(v.value as number);
  return n >= -(1n << BigInt(bits - 1)) && n < (1n << BigInt(bits));
}

/** The argument's JSON value when `v` satisfies `type`, else undefined. */
function accept(type: PolicyType, v: BlobmsgValue): UbusJson | undefined {
  switch (type) {
    case 'unspec': return blobmsgToJson(v);
    case 'string': return v.type === BlobmsgType.STRING ? v.value : undefined;
    case 'table': return v.type === BlobmsgType.TABLE ? blobmsgToJson(v) : undefined;
    case 'array': return v.type === BlobmsgType.ARRAY ? blobmsgToJson(v) : undefined;
    case 'bool': return isInt(v) ? Number(v.value) !== 0 : undefined;
    case 'double':
      if (v.type === BlobmsgType.DOUBLE) return v.value;
      return isInt(v) ? Number(v.value) : undefined;
    default: {
      if (!isInt(v) || !fits(v, INT_BITS[type] ?? 64)) return undefined;
      if (v.type === BlobmsgType.INT64) { const n = Number(v.value); return Number.isSafeInteger(n) ? n : v.value; }
      return v.value as number;
    }
  }
}

/**
 * Checks incoming arguments against a method policy and returns them as a plain object.
 * Integer arguments accept any integer width whose value fits the declared one (the ubus CLI
 * sends INT32 for small numbers even where INT64 is declared); `bool` accepts integers
 * (non-zero = true); `double` accepts integers. Arguments not in the policy pass through
 * unchanged. Throws UbusError INVALID_ARGUMENT naming the wrong or missing argument.
 */
export function validateArgs(policy: MethodPolicy, entries: readonly BlobmsgEntry[]): Record<string, UbusJson> {
  const out: Record<string, UbusJson> = {};
  for (const e of entries) {
    const spec = Object.prototype.hasOwnProperty.call(policy, e.name) ? policy[e.name] : undefined;
    let v: UbusJson | undefined;
    if (spec === undefined) v = blobmsgToJson(e.value);
    else {
      const { type } = specOf(spec);
      v = accept(type, e.value);
      if (v === undefined) throw new UbusError(UbusStatus.INVALID_ARGUMENT, '', `argument ${e.name} must be ${type}`);
    }
    Object.defineProperty(out, e.name, { value: v, enumerable: true, writable: true, configurable: true });
  }
  for (const [name, s] of Object.entries(policy)) {
    if (specOf(s).required && !Object.prototype.hasOwnProperty.call(out, name)) {
      throw new UbusError(UbusStatus.INVALID_ARGUMENT, '', `argument ${name} is required`);
    }
  }
  return out;
}
