// QMUX framing: encode/decode one frame and reassemble frames from a byte stream (split, coalesced, garbage).
import { QmiFramingError } from './errors';

/** What a QMI message is: request (host → modem), response or indication (modem → host). */
export type QmiKind = 'request' | 'response' | 'indication';

/** One QMUX frame with its QMI header. `tlvs` is the raw TLV block. Source: libqmi qmi-message.c (QMUX and QMI headers). */
export interface QmiFrame {
  readonly service: number;
  readonly cid: number;
  readonly kind: QmiKind;
  /** u8 for CTL (service 0), u16 for other services. */
  readonly txn: number;
  readonly messageId: number;
  readonly tlvs: Buffer;
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
export function encodeFrame(f: QmiFrame): Buffer {
  const hs = headerSize(f.service);
  const total = 1 + 5 + hs + f.tlvs.length;
  if (total - 1 > 0xffff) throw new RangeError(`QMI frame too long: ${total} bytes`);
  const b = Buffer.alloc(total);
  b[0] = QMUX_MARKER;
  b.writeUInt16LE(total - 1, 1);
  b[3] = f.kind === 'request' ? 0x00 : QMUX_FLAG_SERVICE;
  b[4] = f.service;
  b[5] = f.cid;
  b[6] = kindFlags(f.service, f.kind);
  if (f.service === 0) {
    b[7] = f.txn & 0xff;
    b.writeUInt16LE(f.messageId, 8);
    b.writeUInt16LE(f.tlvs.length, 10);
  } else {
    b.writeUInt16LE(f.txn & 0xffff, 7);
    b.writeUInt16LE(f.messageId, 9);
    b.writeUInt16LE(f.tlvs.length, 11);
  }
  f.tlvs.copy(b, 6 + hs);
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
function checkHeader(b: Buffer, off: number, avail: number): number {
  if (b[off] !== QMUX_MARKER) throw new QmiFramingError(`bad marker 0x${b[off].toString(16)}`);
  if (avail < 6) return 0;
  const qmuxLen = b.readUInt16LE(off + 1);
  const flags = b[off + 3];
  if (flags !== 0x00 && flags !== QMUX_FLAG_SERVICE) throw new QmiFramingError(`bad QMUX flags 0x${flags.toString(16)}`);
  const service = b[off + 4];
  const hs = headerSize(service);
  if (qmuxLen < 5 + hs) throw new QmiFramingError(`QMUX length ${qmuxLen} shorter than headers`);
  if (avail < 6 + hs) return 0;
  const tlvLen = b.readUInt16LE(off + 6 + hs - 2);
  if (qmuxLen - 5 - hs !== tlvLen) {
    throw new QmiFramingError(`QMUX length ${qmuxLen} disagrees with TLV length ${tlvLen}`);
  }
  return qmuxLen + 1;
}

/** Decodes exactly one whole frame; throws QmiFramingError when the bytes are not one. */
export function decodeFrame(b: Buffer): QmiFrame {
  if (b.length < 12) throw new QmiFramingError(`frame too short: ${b.length} bytes`);
  const size = checkHeader(b, 0, b.length);
  if (size !== b.length) throw new QmiFramingError(`frame size ${size} but ${b.length} bytes given`);
  const service = b[4];
  const hs = headerSize(service);
  const flags = b[6];
  const txn = service === 0 ? b[7] : b.readUInt16LE(7);
  const messageId = service === 0 ? b.readUInt16LE(8) : b.readUInt16LE(9);
  return { service, cid: b[5], kind: kindOf(service, flags), txn, messageId, tlvs: Buffer.from(b.subarray(6 + hs)) };
}

/** What the reassembler produced from a chunk: whole frames, and the garbage it skipped. */
export interface ReassemblyResult {
  readonly frames: QmiFrame[];
  /** One entry per run of skipped bytes: why, and how many bytes. */
  readonly skipped: { reason: string; bytes: number }[];
}

/**
 * Turns a byte stream into QMUX frames: a frame split over reads, several frames in one read,
 * and bytes before a 0x01 marker (skipped, reported) are all handled. Buffers only the
 * incomplete tail (no Buffer.concat per byte).
 */
export class QmuxReassembler {
  private buf: Buffer = Buffer.alloc(0);

  /** Bytes held waiting for the rest of a frame. */
  pending(): number { return this.buf.length; }

  /** Drops any partial frame (e.g. after the port was reopened). */
  reset(): void { this.buf = Buffer.alloc(0); }

  /** Feeds one read; returns every complete frame it finished. Never throws on bad bytes. */
  push(chunk: Buffer): ReassemblyResult {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
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
    this.buf = off >= this.buf.length ? Buffer.alloc(0) : Buffer.from(this.buf.subarray(off));
    return { frames, skipped };
  }
}
