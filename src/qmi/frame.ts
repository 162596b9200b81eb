// QMUX framing: encode/decode one frame and reassemble frames from a byte stream (split, coalesced, garbage).
import { QmiFramingError } from './errors';
import { concatBytes, copyBytes, view } from '../util/bytes';

/** What a QMI message is: request (host → modem), response or indication (modem → host). */
export type QmiKind = 'request' | 'response' | 'indication';

/** One QMUX frame with its QMI header. `tlvs` is the raw TLV block. Source: qmi.md §1.2–1.4. */
export interface QmiFrame {
  readonly service: number;
  readonly cid: number;
  readonly kind: QmiKind;
  /** u8 for CTL (service 0), u16 for other services. */
  readonly txn: number;
  readonly messageId: number;
  readonly tlvs: Uint8Array;
}

/** QMUX marker byte. */
export const QMUX_MARKER = 0x01;
/** QMUX flags: 0x80 = sent by the service (modem → host). */
const QMUX_FLAG_SERVICE = 0x80;

function headerSize(service: number): number { return service === 0 ? 6 : 7; }

function kindFlags(service: number, kind: QmiKind): number {
  if (kind === 'request') return 0;
  if (service === 0) return kind === 'response' ? 0x01 : 0x02;
  return kind === 'response' ? 0x02 : 0x04;
}

/** Encodes a frame: marker, QMUX header, QMI header (CTL 6 bytes, others 7), TLVs. */
export function encodeFrame(f: QmiFrame): Uint8Array {
  const hs = headerSize(f.service);
  const total = 1 + 5 + hs + f.tlvs.length;
  if (total - 1 > 0xffff) throw new RangeError(`QMI frame too long: ${total} bytes`);
  const b = new Uint8Array(total);
  const d = view(b);
  b[0] = QMUX_MARKER;
  d.setUint16(1, total - 1, true);
  b[3] = f.kind === 'request' ? 0x00 : QMUX_FLAG_SERVICE;
  b[4] = f.service;
  b[5] = f.cid;
  b[6] = kindFlags(f.service, f.kind);
  if (f.service === 0) {
    b[7] = f.txn & 0xff;
    d.setUint16(8, f.messageId, true);
    d.setUint16(10, f.tlvs.length, true);
  } else {
    d.setUint16(7, f.txn & 0xffff, true);
    d.setUint16(9, f.messageId, true);
    d.setUint16(11, f.tlvs.length, true);
  }
  b.set(f.tlvs, 6 + hs);
  return b;
}

function kindOf(service: number, flags: number): QmiKind {
  if (service === 0) return flags & 0x02 ? 'indication' : flags & 0x01 ? 'response' : 'request';
  return flags & 0x04 ? 'indication' : flags & 0x02 ? 'response' : 'request';
}

/**
 * Checks the header of a candidate frame at `off` given `avail` bytes; returns the full frame
 * size, 0 when more bytes are needed to tell, or throws QmiFramingError when it cannot be a frame.
 * Checks as libqmi does: marker, QMUX length ≥ 5 + QMI header, TLV length consistent.
 */
function checkHeader(b: Uint8Array, off: number, avail: number): number {
  if (b[off] !== QMUX_MARKER) throw new QmiFramingError(`bad marker 0x${b[off].toString(16)}`);
  if (avail < 6) return 0;
  const qmuxLen = u16le(b, off + 1);
  const flags = b[off + 3];
  if (flags !== 0x00 && flags !== QMUX_FLAG_SERVICE) throw new QmiFramingError(`bad QMUX flags 0x${flags.toString(16)}`);
  const service = b[off + 4];
  const hs = headerSize(service);
  if (qmuxLen < 5 + hs) throw new QmiFramingError(`QMUX length ${qmuxLen} shorter than headers`);
  if (avail < 6 + hs) return 0;
  const tlvLen = u16le(b, off + 6 + hs - 2);
  if (qmuxLen - 5 - hs !== tlvLen) {
    throw new QmiFramingError(`QMUX length ${qmuxLen} disagrees with TLV length ${tlvLen}`);
  }
  return qmuxLen + 1;
}

/** Little-endian u16 at `off`. */
function u16le(b: Uint8Array, off: number): number { return b[off] | (b[off + 1] << 8); }

/** Decodes exactly one whole frame; throws QmiFramingError when the bytes are not one. */
export function decodeFrame(b: Uint8Array): QmiFrame {
  if (b.length < 12) throw new QmiFramingError(`frame too short: ${b.length} bytes`);
  const size = checkHeader(b, 0, b.length);
  if (size !== b.length) throw new QmiFramingError(`frame size ${size} but ${b.length} bytes given`);
  const service = b[4];
  const hs = headerSize(service);
  const flags = b[6];
  const txn = service === 0 ? b[7] : u16le(b, 7);
  const messageId = service === 0 ? u16le(b, 8) : u16le(b, 9);
  return { service, cid: b[5], kind: kindOf(service, flags), txn, messageId, tlvs: copyBytes(b, 6 + hs) };
}

/** What the reassembler produced from a chunk: whole frames, and the garbage it skipped. */
export interface ReassemblyResult {
  readonly frames: QmiFrame[];
  /** One entry per run of skipped bytes: why, and how many bytes. */
  readonly skipped: { reason: string; bytes: number }[];
}

/**
 * Turns a byte stream into QMUX frames: a frame split over reads, several frames in one read,
 * and bytes before a 0x01 marker (skipped, reported) are all handled. Keeps only the
 * incomplete tail (no concatenation per byte).
 */
export class QmuxReassembler {
  private buf: Uint8Array = new Uint8Array(0);

  /** Bytes held waiting for the rest of a frame. */
  pending(): number { return this.buf.length; }

  /** Drops any partial frame (e.g. after the port was reopened). */
  reset(): void { this.buf = new Uint8Array(0); }

  /** Feeds one read; returns every complete frame it finished. Never throws on bad bytes. */
  push(chunk: Uint8Array): ReassemblyResult {
    this.buf = this.buf.length ? concatBytes([this.buf, chunk]) : chunk;
    const frames: QmiFrame[] = [];
    const skipped: { reason: string; bytes: number }[] = [];
    let off = 0;
    while (off < this.buf.length) {
      let size: number;
      try {
        size = checkHeader(this.buf, off, this.buf.length - off);
      } catch (e) {
        const next = this.buf.indexOf(QMUX_MARKER, off + 1);
        const end = next < 0 ? this.buf.length : next;
        skipped.push({ reason: (e as Error).message, bytes: end - off });
        off = end;
        continue;
      }
      if (size === 0 || off + size > this.buf.length) break;
      frames.push(decodeFrame(this.buf.subarray(off, off + size)));
      off += size;
    }
    this.buf = off >= this.buf.length ? new Uint8Array(0) : copyBytes(this.buf, off);
    return { frames, skipped };
  }
}
