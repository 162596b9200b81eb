// Declarative MBIM command definitions (one per service UUID + CID) and the information-buffer encode/decode they drive.
import { Decoded, Input } from './codec';
import { MbimDecodeError } from './errors';
import type { CommandKind } from './message';
import { Struct } from './struct';
import type { Uuid } from './uuid';

/**
 * One MBIM command: service UUID, CID, name as libmbim spells it, and the information-buffer
 * layouts it allows (libmbim JSON "set"/"query"/"response"/"notification"; an absent layout =
 * not allowed, an empty struct = empty buffer). One definition serves client, simulator and docs.
 */
export interface CidDef {
  readonly service: Uuid;
  /** Service name as libmbim spells it, e.g. "Basic Connect". */
  readonly serviceName: string;
  readonly cid: number;
  /** Command name as libmbim spells it, e.g. "Device Caps". */
  readonly name: string;
  readonly set?: Struct<any>;
  readonly query?: Struct<any>;
  readonly response?: Struct<any>;
  readonly notification?: Struct<any>;
  /** Source of the facts, e.g. "libmbim mbim-service-basic-connect.json: Connect". */
  readonly source: string;
}

/** Defines a command; the literal types of its layouts carry through to inputs and results. */
export function defineCid<const D extends CidDef>(def: D): D { return def; }

/** Values accepted by `kind` ('set' or 'query') of a definition. */
export type InputOf<D extends CidDef, K extends CommandKind> = D[K] extends Struct<infer F> ? Input<F> : never;
/** Decoded COMMAND_DONE information buffer of a definition. */
export type ResponseOf<D extends CidDef> = D['response'] extends Struct<infer F> ? Decoded<F> : Record<string, never>;
/** Decoded INDICATE_STATUS information buffer of a definition. */
export type NotificationOf<D extends CidDef> = D['notification'] extends Struct<infer F> ? Decoded<F> : never;
/** The kinds ('set' | 'query') a definition allows. */
export type KindsOf<D extends CidDef> = { [K in CommandKind]: D[K] extends Struct<any> ? K : never }[CommandKind];

/** "Basic Connect Connect" style label for logs and errors. */
export function cidLabel(def: CidDef): string { return `${def.serviceName} ${def.name}`; }

/** Encodes the information buffer of a set or query; throws RangeError when the kind is not allowed or values do not fit. */
export function encodeCommandBuffer<D extends CidDef, K extends KindsOf<D>>(def: D, kind: K, values: InputOf<D, K>): Uint8Array {
  const layout = def[kind] as Struct<any> | undefined;
  if (!layout) throw new RangeError(`${cidLabel(def)}: ${kind} not supported`);
  try {
    return layout.encodeAlone(values);
  } catch (e) {
    throw new RangeError(`${cidLabel(def)} ${kind}: ${(e as Error).message}`);
  }
}

/** Decodes a set/query information buffer (the simulator's side); throws MbimDecodeError. */
export function decodeCommandBuffer(def: CidDef, kind: CommandKind, buffer: Uint8Array): Record<string, unknown> {
  const layout = def[kind];
  if (!layout) throw new MbimDecodeError(`${cidLabel(def)}: ${kind} not supported`);
  return layout.decodeAlone(buffer, `${cidLabel(def)} ${kind}`) as Record<string, unknown>;
}

/** Decodes a COMMAND_DONE information buffer; `{}` for a definition without response layout. Throws MbimDecodeError. */
export function decodeResponse<D extends CidDef>(def: D, buffer: Uint8Array): ResponseOf<D> {
  if (!def.response) return {} as ResponseOf<D>;
  return def.response.decodeAlone(buffer, `${cidLabel(def)} response`) as ResponseOf<D>;
}

/** Decodes an INDICATE_STATUS information buffer; throws MbimDecodeError (also when the CID has no notification). */
export function decodeNotification<D extends CidDef>(def: D, buffer: Uint8Array): NotificationOf<D> {
  if (!def.notification) throw new MbimDecodeError(`${cidLabel(def)}: has no notification`);
  return def.notification.decodeAlone(buffer, `${cidLabel(def)} notification`) as NotificationOf<D>;
}

/** Encodes a response or notification buffer (the simulator's side); throws RangeError. */
export function encodeReply<D extends CidDef, W extends 'response' | 'notification'>(def: D, which: W, values: D[W] extends Struct<infer F> ? Input<F> : never): Uint8Array {
  const layout = def[which] as Struct<any> | undefined;
  if (!layout) throw new RangeError(`${cidLabel(def)}: no ${which} layout`);
  return layout.encodeAlone(values);
}
