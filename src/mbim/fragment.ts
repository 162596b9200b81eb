// MBIM receive path, pure: cut a byte stream into messages/fragments, and reassemble fragments with typed errors and bounded memory.
import { concatBytes, copyBytes, putU32le, u32le } from '../util/bytes';
import { MbimFragmentError, MbimProtocolErrorCode } from './errors';
import { FRAGMENT_PREFIX, HEADER_SIZE, isFragmentable, messageKind } from './message';

/** Largest single message or fragment accepted from the modem (bytes); bigger headers are treated as garbage. */
export const MAX_FRAGMENT_BYTES = 64 * 1024;

/** What the framer produced from a chunk: whole messages/fragments, and the garbage it skipped. */
export interface FramerResult {
  readonly messages: Uint8Array[];
  readonly skipped: { reason: string; bytes: number }[];
}

function headerProblem(b: Uint8Array, off: number, maxBytes: number): string | undefined {
  const type = u32le(b, off);
  if (messageKind(type) === undefined) return `unknown message type 0x${type.toString(16)}`;
  const length = u32le(b, off + 4);
  const min = isFragmentable(type) ? FRAGMENT_PREFIX : HEADER_SIZE;
  if (length < min || length > maxBytes) return `bad MessageLength ${length}`;
  return undefined;
}

/**
 * Cuts a byte stream into MBIM messages by their MessageLength. On cdc-wdm one read is one
 * message; on a pty reads may split or coalesce them (oracles.md: both libraries cope), and
 * bytes that cannot start a header are skipped and reported. Holds at most one message.
 */
export class MbimStreamFramer {
  private buf: Uint8Array = new Uint8Array(0);
  constructor(private readonly maxBytes = MAX_FRAGMENT_BYTES) {}

  /** Bytes held waiting for the rest of a message. */
  pending(): number { return this.buf.length; }

  /** Drops a partial message (e.g. after the port was reopened). */
  reset(): void { this.buf = new Uint8Array(0); }

  /** Feeds one read; returns every complete message/fragment it finished. Never throws on bad bytes. */
  push(chunk: Uint8Array): FramerResult {
    this.buf = this.buf.length ? concatBytes([this.buf, chunk]) : chunk;
    const messages: Uint8Array[] = [];
    const skipped: { reason: string; bytes: number }[] = [];
    let off = 0;
    let skipStart = -1;
    let skipReason = '';
    const endSkip = () => {
      if (skipStart >= 0) skipped.push({ reason: skipReason, bytes: off - skipStart });
      skipStart = -1;
    };
    while (this.buf.length - off >= 8) {
      const problem = headerProblem(this.buf, off, this.maxBytes);
      if (problem !== undefined) {
        if (skipStart < 0) { skipStart = off; skipReason = problem; }
        off++;
        continue;
      }
      endSkip();
      const length = u32le(this.buf, off + 4);
      if (this.buf.length - off < length) break;
      messages.push(copyBytes(this.buf, off, off + length));
      off += length;
    }
    endSkip();
    this.buf = off >= this.buf.length ? new Uint8Array(0) : copyBytes(this.buf, off);
    return { messages, skipped };
  }
}

interface Partial {
  readonly type: number;
  readonly tid: number;
  readonly total: number;
  next: number;
  readonly chunks: Uint8Array[];
  bytes: number;
  lastSeen: number;
}

/** What one fragment completed: a whole message (fragment header 1/0), and errors for dropped partial messages. */
export interface CollectResult {
  readonly message?: Uint8Array;
  readonly errors: MbimFragmentError[];
}

/** Limits of a FragmentCollector. */
export interface CollectorLimits {
  /** Largest reassembled message, bytes (default 256 KiB). */
  maxMessageBytes?: number;
  /** Messages being reassembled at once; the oldest is dropped beyond (default 4). */
  maxPartials?: number;
}

/**
 * Reassembles COMMAND_DONE / INDICATE_STATUS (and COMMAND, for a simulator) fragments keyed by
 * (type, tid), as libmbim's fragment collector: fragment 0 first, then each next one in order;
 * anything else drops that message with FragmentOutOfSequence. Pure: the caller passes the
 * time and calls expire() for the gap timeout (libmbim: 1250 ms) → TimeoutFragment.
 * Memory is bounded by maxPartials × maxMessageBytes.
 */
export class FragmentCollector {
  private readonly partials = new Map<string, Partial>();
  private readonly maxMessageBytes: number;
  private readonly maxPartials: number;

  constructor(limits: CollectorLimits = {}) {
    this.maxMessageBytes = limits.maxMessageBytes ?? 256 * 1024;
    this.maxPartials = limits.maxPartials ?? 4;
  }

  /** Messages being reassembled. */
  pending(): number { return this.partials.size; }

  /** Drops everything being reassembled. */
  reset(): void { this.partials.clear(); }

  /**
   * Takes one whole message or fragment (as cut by MbimStreamFramer) at time `now` (ms).
   * Non-fragmentable types and 1/0 fragments come back as they are. Never throws.
   */
  push(fragment: Uint8Array, now: number): CollectResult {
    if (fragment.length < FRAGMENT_PREFIX || !isFragmentable(u32le(fragment, 0))) return { message: fragment, errors: [] };
    const type = u32le(fragment, 0);
    const tid = u32le(fragment, 8);
    const total = u32le(fragment, 12);
    const current = u32le(fragment, 16);
    const key = `${type}:${tid}`;
    const errors: MbimFragmentError[] = [];
    const oos = (detail: string) => new MbimFragmentError(MbimProtocolErrorCode.FragmentOutOfSequence, tid, detail);
    const existing = this.partials.get(key);
    if (existing) {
      if (current === existing.next && total === existing.total) return this.add(key, existing, fragment, now);
      this.partials.delete(key);
      errors.push(oos(`expecting fragment ${existing.next}/${existing.total}, got ${current}/${total}`));
      // The fragment that broke the sequence starts a new message only when it is a fragment 0.
      if (current !== 0) return { errors };
    }
    if (total === 0 || current >= total) {
      errors.push(oos(`bad fragment header ${current}/${total}`));
      return { errors };
    }
    if (current !== 0) {
      errors.push(oos(`expecting fragment 0/${total}, got ${current}/${total}`));
      return { errors };
    }
    if (total === 1) return { message: fragment, errors };
    if (this.partials.size >= this.maxPartials) {
      const [oldKey, old] = this.partials.entries().next().value as [string, Partial];
      this.partials.delete(oldKey);
      errors.push(new MbimFragmentError(MbimProtocolErrorCode.FragmentOutOfSequence, old.tid, `dropped: too many messages in reassembly (missing fragment ${old.next}/${old.total})`));
    }
    const p: Partial = { type, tid, total, next: 0, chunks: [], bytes: 0, lastSeen: now };
    this.partials.set(key, p);
    const r = this.add(key, p, fragment, now);
    return { message: r.message, errors: [...errors, ...r.errors] };
  }

  private add(key: string, p: Partial, fragment: Uint8Array, now: number): CollectResult {
    const payload = fragment.subarray(FRAGMENT_PREFIX);
    if (FRAGMENT_PREFIX + p.bytes + payload.length > this.maxMessageBytes) {
      this.partials.delete(key);
      return { errors: [new MbimFragmentError(MbimProtocolErrorCode.LengthMismatch, p.tid, `reassembled message would exceed ${this.maxMessageBytes} bytes`)] };
    }
    p.chunks.push(copyBytes(payload));
    p.bytes += payload.length;
    p.next++;
    p.lastSeen = now;
    if (p.next < p.total) return { errors: [] };
    this.partials.delete(key);
    const out = new Uint8Array(FRAGMENT_PREFIX + p.bytes);
    putU32le(out, 0, p.type);
    putU32le(out, 4, out.length);
    putU32le(out, 8, p.tid);
    putU32le(out, 12, 1);
    putU32le(out, 16, 0);
    let at = FRAGMENT_PREFIX;
    for (const c of p.chunks) { out.set(c, at); at += c.length; }
    return { message: out, errors: [] };
  }

  /** Drops messages whose next fragment has not come within `gapMs` of `now`: one TimeoutFragment error each. */
  expire(now: number, gapMs: number): MbimFragmentError[] {
    const out: MbimFragmentError[] = [];
    for (const [key, p] of this.partials) {
      if (now - p.lastSeen < gapMs) continue;
      this.partials.delete(key);
      out.push(new MbimFragmentError(MbimProtocolErrorCode.TimeoutFragment, p.tid, `fragment ${p.next}/${p.total} not received within ${gapMs} ms`));
    }
    return out;
  }

  /** The earliest time (ms) at which expire() could drop something, or undefined when nothing is pending. */
  nextDeadline(gapMs: number): number | undefined {
    let min: number | undefined;
    for (const p of this.partials.values()) if (min === undefined || p.lastSeen + gapMs < min) min = p.lastSeen + gapMs;
    return min;
  }
}
