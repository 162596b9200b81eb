// MBIM control messages: the 12-byte header, the nine message types, encode/decode of whole messages, fragment splitting.
import { concatBytes, copyBytes, putU32le, u32le } from '../util/bytes';
import { MbimDecodeError } from './errors';
import { Uuid, bytesToUuid, uuidToBytes } from './uuid';

/** Message type values (mbim.md §2.2; libmbim MbimMessageType). A *_DONE type is its request's | 0x80000000. */
export const MessageType = Object.freeze({
  open: 0x00000001, close: 0x00000002, command: 0x00000003, hostError: 0x00000004,
  openDone: 0x80000001, closeDone: 0x80000002, commandDone: 0x80000003, functionError: 0x80000004,
  indicateStatus: 0x80000007,
});

/** COMMAND's CommandType: 0 query, 1 set (mbim.md §3). */
export const CommandType = Object.freeze({ query: 0, set: 1 });
/** 'query' or 'set'. */
export type CommandKind = keyof typeof CommandType;

/** Header size: type, length, transaction id (u32 LE each). */
export const HEADER_SIZE = 12;
/** Header + fragment header (total, current): what every fragment repeats (libmbim split_fragments). */
export const FRAGMENT_PREFIX = 20;
/** Offset of the information buffer in COMMAND and COMMAND_DONE (mbim.md §3). */
export const COMMAND_BUFFER_OFFSET = 48;
/** Offset of the information buffer in INDICATE_STATUS (mbim.md §3). */
export const INDICATION_BUFFER_OFFSET = 44;

/** One whole (unfragmented or reassembled) MBIM message. `tid` is the u32 transaction id. */
export type MbimMessage =
  | { readonly type: 'open'; readonly tid: number; readonly maxControlTransfer: number }
  | { readonly type: 'close'; readonly tid: number }
  | { readonly type: 'command'; readonly tid: number; readonly service: Uuid; readonly cid: number; readonly commandType: CommandKind; readonly buffer: Uint8Array }
  | { readonly type: 'host-error'; readonly tid: number; readonly error: number }
  | { readonly type: 'open-done'; readonly tid: number; readonly status: number }
  | { readonly type: 'close-done'; readonly tid: number; readonly status: number }
  | { readonly type: 'command-done'; readonly tid: number; readonly service: Uuid; readonly cid: number; readonly status: number; readonly buffer: Uint8Array }
  | { readonly type: 'function-error'; readonly tid: number; readonly error: number }
  | { readonly type: 'indicate-status'; readonly tid: number; readonly service: Uuid; readonly cid: number; readonly buffer: Uint8Array };

/** The message kind names of MbimMessage. */
export type MbimMessageKind = MbimMessage['type'];

const TYPE_BY_KIND: Readonly<Record<MbimMessageKind, number>> = {
  open: MessageType.open, close: MessageType.close, command: MessageType.command, 'host-error': MessageType.hostError,
  'open-done': MessageType.openDone, 'close-done': MessageType.closeDone, 'command-done': MessageType.commandDone,
  'function-error': MessageType.functionError, 'indicate-status': MessageType.indicateStatus,
};

/** Wire type value of a message kind. */
export function messageTypeValue(kind: MbimMessageKind): number { return TYPE_BY_KIND[kind]; }

/** Message kind of a wire type value, or undefined when unknown. */
export function messageKind(type: number): MbimMessageKind | undefined {
  for (const [k, v] of Object.entries(TYPE_BY_KIND)) if (v === type) return k as MbimMessageKind;
  return undefined;
}

/** True for the types that carry a fragment header (COMMAND, COMMAND_DONE, INDICATE_STATUS). */
export function isFragmentable(type: number): boolean {
  return type === MessageType.command || type === MessageType.commandDone || type === MessageType.indicateStatus;
}

/** The common header of a message or fragment. */
export interface MbimHeader { readonly type: number; readonly length: number; readonly tid: number }

/** Reads the 12-byte header; throws MbimDecodeError when fewer than 12 bytes are given. */
export function readHeader(b: Uint8Array): MbimHeader {
  if (b.length < HEADER_SIZE) throw new MbimDecodeError(`MBIM header needs 12 bytes, got ${b.length}`);
  return { type: u32le(b, 0), length: u32le(b, 4), tid: u32le(b, 8) };
}

function u32Bytes(v: number, what: string): Uint8Array {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`${what}: ${v} is not a u32`);
  const b = new Uint8Array(4);
  putU32le(b, 0, v);
  return b;
}

function withHeader(type: number, tid: number, body: Uint8Array[]): Uint8Array {
  const length = HEADER_SIZE + body.reduce((n, x) => n + x.length, 0);
  return concatBytes([u32Bytes(type, 'type'), u32Bytes(length, 'length'), u32Bytes(tid, 'transaction id'), ...body]);
}

/**
 * Encodes one whole message; COMMAND/COMMAND_DONE/INDICATE_STATUS get fragment header 1/0
 * (split with splitFragments). CLOSE is 12 bytes as libmbim sends it (oracles.md capture).
 * Throws RangeError for values that do not fit (non-u32, bad UUID).
 */
export function encodeMessage(m: MbimMessage): Uint8Array {
  const t = TYPE_BY_KIND[m.type];
  const one = [u32Bytes(1, 'total'), u32Bytes(0, 'current')];
  switch (m.type) {
    case 'open': return withHeader(t, m.tid, [u32Bytes(m.maxControlTransfer, 'max control transfer')]);
    case 'close': return withHeader(t, m.tid, []);
    case 'host-error': case 'function-error': return withHeader(t, m.tid, [u32Bytes(m.error, 'error')]);
    case 'open-done': case 'close-done': return withHeader(t, m.tid, [u32Bytes(m.status, 'status')]);
    case 'command':
      return withHeader(t, m.tid, [...one, uuidToBytes(m.service), u32Bytes(m.cid, 'cid'), u32Bytes(CommandType[m.commandType], 'command type'), u32Bytes(m.buffer.length, 'length'), m.buffer]);
    case 'command-done':
      return withHeader(t, m.tid, [...one, uuidToBytes(m.service), u32Bytes(m.cid, 'cid'), u32Bytes(m.status, 'status'), u32Bytes(m.buffer.length, 'length'), m.buffer]);
    case 'indicate-status':
      return withHeader(t, m.tid, [...one, uuidToBytes(m.service), u32Bytes(m.cid, 'cid'), u32Bytes(m.buffer.length, 'length'), m.buffer]);
  }
}

function need(b: Uint8Array, n: number, what: string): void {
  if (b.length < n) throw new MbimDecodeError(`${what}: needs ${n} bytes, message has ${b.length}`);
}

function infoBuffer(b: Uint8Array, offset: number, what: string): Uint8Array {
  const len = u32le(b, offset - 4);
  if (offset + len > b.length) throw new MbimDecodeError(`${what}: information buffer length ${len} runs past the message (${b.length - offset} left)`);
  return copyBytes(b, offset, offset + len);
}

/**
 * Decodes one whole message: MessageLength must equal the bytes given, a fragment header must
 * be 1/0 (reassemble first), the information buffer must fit. Bytes after a short body are
 * accepted (umbim pads header-only messages to 16). Throws MbimDecodeError, never reads past `b`.
 */
export function decodeMessage(b: Uint8Array): MbimMessage {
  const h = readHeader(b);
  if (h.length !== b.length) throw new MbimDecodeError(`MessageLength ${h.length} but ${b.length} bytes given`);
  const kind = messageKind(h.type);
  if (kind === undefined) throw new MbimDecodeError(`unknown message type 0x${h.type.toString(16)}`);
  const tid = h.tid;
  const what = `MBIM ${kind}`;
  if (isFragmentable(h.type)) {
    need(b, FRAGMENT_PREFIX, what);
    const total = u32le(b, 12);
    const current = u32le(b, 16);
    if (total !== 1 || current !== 0) throw new MbimDecodeError(`${what}: fragment ${current}/${total} (reassemble first)`);
  }
  switch (kind) {
    case 'open': need(b, 16, what); return { type: kind, tid, maxControlTransfer: u32le(b, 12) };
    case 'close': return { type: kind, tid };
    case 'host-error': case 'function-error': need(b, 16, what); return { type: kind, tid, error: u32le(b, 12) };
    case 'open-done': case 'close-done': need(b, 16, what); return { type: kind, tid, status: u32le(b, 12) };
    case 'command': {
      need(b, COMMAND_BUFFER_OFFSET, what);
      const ct = u32le(b, 40);
      if (ct !== CommandType.query && ct !== CommandType.set) throw new MbimDecodeError(`${what}: command type ${ct}`);
      return { type: kind, tid, service: bytesToUuid(b.subarray(20, 36)), cid: u32le(b, 36), commandType: ct === 1 ? 'set' : 'query', buffer: infoBuffer(b, COMMAND_BUFFER_OFFSET, what) };
    }
    case 'command-done':
      need(b, COMMAND_BUFFER_OFFSET, what);
      return { type: kind, tid, service: bytesToUuid(b.subarray(20, 36)), cid: u32le(b, 36), status: u32le(b, 40), buffer: infoBuffer(b, COMMAND_BUFFER_OFFSET, what) };
    case 'indicate-status':
      need(b, INDICATION_BUFFER_OFFSET, what);
      return { type: kind, tid, service: bytesToUuid(b.subarray(20, 36)), cid: u32le(b, 36), buffer: infoBuffer(b, INDICATION_BUFFER_OFFSET, what) };
  }
}

/**
 * Splits a whole COMMAND (or COMMAND_DONE / INDICATE_STATUS) into fragments of at most
 * `maxTransfer` bytes, as libmbim's _mbim_message_split_fragments: each fragment repeats type
 * and tid, has its own length and total/current; the payload sliced is everything after the
 * first 20 bytes. Returns [message] when it fits. Throws RangeError when maxTransfer ≤ 20.
 */
export function splitFragments(message: Uint8Array, maxTransfer: number): Uint8Array[] {
  if (message.length <= maxTransfer) return [message];
  if (!Number.isInteger(maxTransfer) || maxTransfer <= FRAGMENT_PREFIX) throw new RangeError(`max control transfer ${maxTransfer} too small`);
  const h = readHeader(message);
  const payload = message.subarray(FRAGMENT_PREFIX);
  const per = maxTransfer - FRAGMENT_PREFIX;
  const total = Math.ceil(payload.length / per);
  const out: Uint8Array[] = [];
  for (let i = 0; i < total; i++) {
    const slice = payload.subarray(i * per, (i + 1) * per);
    const f = new Uint8Array(FRAGMENT_PREFIX + slice.length);
    putU32le(f, 0, h.type);
    putU32le(f, 4, f.length);
    putU32le(f, 8, h.tid);
    putU32le(f, 12, total);
    putU32le(f, 16, i);
    f.set(slice, FRAGMENT_PREFIX);
    out.push(f);
  }
  return out;
}
