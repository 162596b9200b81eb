// The subscribers of one MbimDevice's INDICATE_STATUS messages: decoded per CID definition, or raw.
// Delivered after the read path returns (Platform.defer), never re-entrantly; a subscriber removed
// meanwhile is skipped; a throwing subscriber is logged and the others still run.
import { platform } from '../platform';
import type { Logger } from '../log';
import { CidDef, NotificationOf, decodeNotification } from './cid';
import type { IndicationMessage } from './device-types';

interface IndicationSub {
  readonly def: CidDef;
  readonly handler: (values: any, msg: IndicationMessage) => void;
}

type RawSub = (msg: IndicationMessage) => void;

/** Subscriptions and delivery; `garbage(reason, bytes)` is told about a notification that does not decode. */
export class IndicationHub {
  private readonly subs = new Set<IndicationSub>();
  private readonly rawSubs = new Set<RawSub>();

  constructor(private readonly log: Logger, private readonly garbage: (reason: string, bytes: number) => void) {}

  /** Subscribes to a CID's notifications, decoded with its definition. Returns the unsubscribe function. */
  on<D extends CidDef>(def: D, handler: (values: NotificationOf<D>, msg: IndicationMessage) => void): () => void {
    const sub: IndicationSub = { def, handler };
    this.subs.add(sub);
    return () => { this.subs.delete(sub); };
  }

  /** Subscribes to every INDICATE_STATUS, undecoded. Returns the unsubscribe function. */
  onAny(handler: RawSub): () => void {
    this.rawSubs.add(handler);
    return () => { this.rawSubs.delete(handler); };
  }

  /** Delivers one indication (a malformed buffer: decoded subscribers skipped, raw ones still called). */
  dispatch(m: IndicationMessage): void {
    const matching = [...this.subs].filter((s) => s.def.service === m.service && s.def.cid === m.cid);
    const raw = [...this.rawSubs];
    let values: unknown;
    if (matching.length > 0) {
      try {
        values = decodeNotification(matching[0].def, m.buffer);
      } catch (e) {
        this.log.warn(`malformed indication: ${(e as Error).message}`);
        this.garbage((e as Error).message, m.buffer.length);
        matching.length = 0;
      }
    }
    if (matching.length === 0 && raw.length === 0) return;
    platform.defer(() => {
      for (const s of matching) {
        if (!this.subs.has(s)) continue;
        try { s.handler(values, m); } catch (e) { this.log.error(`indication handler failed: ${(e as Error).message}`); }
      }
      for (const h of raw) {
        if (!this.rawSubs.has(h)) continue;
        try { h(m); } catch (e) { this.log.error(`indication handler failed: ${(e as Error).message}`); }
      }
    });
  }
}
