// `qmi4g status` replies kept encoded between calls: a reply is rebuilt and encoded as blobmsg
// only when what it shows changed — a snapshot field, or the whole second of its `for_s` age —
// so at 200 calls/s the daemon encodes at most about once a second per interface.
import type { SessionSnapshot } from '../session/session-types';
import { EncodedReply } from '../ubus/encoded-reply';
import { encodeJsonTable } from '../ubus/json';
import { forSeconds, statusReply } from './status';

/**
 * What a status reply of `snapshots` at `now` (epoch ms) depends on, as a string: each snapshot
 * as JSON and its age in whole seconds (statusReply is a function of exactly these). Undefined
 * when a snapshot cannot be written as JSON (a bigint): then the reply is encoded every time.
 */
export function replyKey(snapshots: readonly SessionSnapshot[], now: number): string | undefined {
  try {
    let key = '';
    for (const s of snapshots) key += `${JSON.stringify(s)}\u0000${forSeconds(s, now)}\u0000`;
    return key;
  } catch {
    return undefined;
  }
}

/**
 * One encoded status reply and the key it was made for (replyKey). Holds two small values: one
 * instance per interface (dropped with it) and one for the all-interfaces form.
 */
export class EncodedStatus {
  private key?: string;
  private reply?: EncodedReply;
  /** When the key was last checked (epoch ms) and the session state it was checked in (recent()). */
  private checkedAt = -Infinity;
  private checkedIn?: string;
  /** How many times a reply was built and encoded (tests, bench): changes, not calls. */
  encodes = 0;

  /**
   * The reply for one interface (`{...status}`) or, with `all`, for every interface
   * (`{interfaces: [...]}`), as blobmsg: the bytes of the last call when replyKey is the same,
   * else built with statusReply and encoded again. `extras[i]` (fields only the open modem or the
   * port knows: band_preference, port_sharing) are added to snapshot i's reply and are part of the
   * key. Throws what encodeJsonTable throws.
   */
  get(snapshots: readonly SessionSnapshot[], all: boolean, now = Date.now(), extras: readonly (Record<string, unknown> | undefined)[] = [], state?: string): EncodedReply {
    this.checkedAt = now;
    this.checkedIn = state;
    const base = replyKey(snapshots, now);
    const key = base === undefined || extras.length === 0 ? base : `${base}${JSON.stringify(extras)}`;
    if (key !== undefined && key === this.key && this.reply) return this.reply;
    const one = (s: SessionSnapshot, i: number) => ({ ...statusReply(s, now), ...extras[i] });
    const table = all ? { interfaces: snapshots.map(one) } : one(snapshots[0], 0);
    const reply = new EncodedReply(encodeJsonTable(table));
    this.encodes++;
    this.key = key;
    this.reply = reply;
    return reply;
  }

  /**
   * The last reply as it is, without building the snapshot or its key, when get() checked it less
   * than REUSE_MS ago in the same session `state`: a burst of calls (200/s) checks the key about
   * ten times a second instead of on every call. A state change is seen at once; signal, counters
   * and the radio picture (themselves refreshed at most once a second or less) up to REUSE_MS late.
   */
  recent(state: string, now = Date.now()): EncodedReply | undefined {
    return this.reply && state === this.checkedIn && now - this.checkedAt < REUSE_MS && now >= this.checkedAt ? this.reply : undefined;
  }
}

/** How long a checked status reply is answered as is (recent()), ms. */
export const REUSE_MS = 100;
