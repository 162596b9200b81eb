// The daemon's read-only ubus methods on interface state: `status` (kept encoded between calls),
// `signal_history`, and what a running interface's status shows beside its snapshot.
import type { SessionSnapshot } from '../session/session-types';
import { SAMPLE_INTERVAL_MS } from '../session/signal-history';
import { EncodedReply } from '../ubus/encoded-reply';
import { encodeJsonTable } from '../ubus/json';
import { Entry, MethodError, ifaceArg } from './daemon-api';
import { withPortSharing } from './port-sharing-status';
import { bandPreferenceReply, statusReply } from './status';
import { EncodedStatus } from './status-replies';

/**
 * `status` and `signal_history` over the daemon's running interfaces (`entries`) and the last
 * snapshot of interfaces that went down (`last`); both maps are the daemon's own, read live.
 */
export class StatusMethods {
  /** The encoded reply of `status` without an interface (status-replies.ts). */
  private readonly allEncoded = new EncodedStatus();

  /** `smsStore(iface)`: the `sms` object of a running interface (sms-methods.ts storeReply), undefined while unknown. */
  constructor(private readonly entries: ReadonlyMap<string, Entry>, private readonly last: ReadonlyMap<string, SessionSnapshot>,
    private readonly smsStore: (iface: string) => Record<string, unknown> | undefined = () => undefined) {}

  /**
   * `status` as ubus answers it: the reply of status(), kept encoded between calls and encoded
   * again only when it changed (status-replies.ts); answered without a promise unless the
   * status cache has to wait for a first signal or counters read. Errors as status().
   */
  statusEncoded(args: Record<string, unknown>): EncodedReply | Promise<EncodedReply> {
    const iface = ifaceArg(args, false);
    if (iface !== undefined) {
      const e = this.entries.get(iface);
      if (e) {
        const answer = () => {
          const now = Date.now(), state = e.session.currentState;
          return e.encoded.recent(state, now) ?? e.encoded.get([e.session.snapshot()], false, now, [liveExtras(e, this.smsStore)], state);
        };
        const wait = e.session.refresh();
        return wait ? wait.then(answer) : answer();
      }
      const l = this.last.get(iface);
      if (l) return new EncodedReply(encodeJsonTable(statusReply(l)));
      throw new MethodError('NOT_FOUND', `no qmi4g interface ${iface}`);
    }
    const answer = () => {
      const all = [...this.entries.values()].map((e) => e.session.snapshot());
      for (const [name, s] of this.last) if (!this.entries.has(name)) all.push(s);
      return this.allEncoded.get(all, true, Date.now(), [...this.entries.values()].map((e) => liveExtras(e, this.smsStore)));
    };
    const waits = [...this.entries.values()].map((e) => e.session.refresh()).filter((w) => w !== undefined);
    return waits.length ? Promise.all(waits).then(answer) : answer();
  }

  /** `status {interface?}`: one interface, or all as {interfaces: [...]}. Unknown interface → MethodError NOT_FOUND. */
  async status(args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const iface = ifaceArg(args, false);
    if (iface !== undefined) {
      const e = this.entries.get(iface);
      if (e) { await e.session.refresh(); return liveReply(e, this.smsStore); }
      const l = this.last.get(iface);
      if (l) return statusReply(l);
      throw new MethodError('NOT_FOUND', `no qmi4g interface ${iface}`);
    }
    await Promise.all([...this.entries.values()].map((e) => e.session.refresh()));
    const all = [...this.entries.values()].map((e) => liveReply(e, this.smsStore));
    for (const [name, s] of this.last) if (!this.entries.has(name)) all.push(statusReply(s));
    return { interfaces: all };
  }

  /**
   * `signal_history {interface}`: the last hour of signal kept in RAM (session/signal-history.ts),
   * `{interface, interval_s, samples: [{t epoch s, rat, rssi, rsrp, rsrq, snr}]}` oldest first;
   * no modem round trip. Unknown interface → MethodError NOT_FOUND.
   */
  signalHistory(args: Record<string, unknown>): Record<string, unknown> {
    const iface = ifaceArg(args, true);
    const e = this.entries.get(iface);
    if (!e) throw new MethodError('NOT_FOUND', `no qmi4g interface ${iface}`);
    return { interface: iface, interval_s: SAMPLE_INTERVAL_MS / 1000, samples: e.session.signalHistory() };
  }
}

/** The status reply of a running interface, with its liveExtras. */
function liveReply(e: Entry, smsStore: (iface: string) => Record<string, unknown> | undefined): Record<string, unknown> {
  return { ...statusReply(e.session.snapshot()), ...liveExtras(e, smsStore) };
}

/**
 * What a running interface's status shows beside its snapshot: `band_preference` (only its open
 * modem knows it), `sms` (its SMS store, sms-store-watch.ts) and `port_sharing` (a direct opener
 * seen on its port, port-sharing-status.ts).
 */
function liveExtras(e: Entry, smsStore: (iface: string) => Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const bands = bandPreferenceReply(e.session.currentModem?.bandPreference);
  const sms = smsStore(e.session.iface);
  const extra = withPortSharing<Record<string, unknown>>({ ...(bands ? { band_preference: bands } : {}), ...(sms ? { sms } : {}) }, e.config.wdmif);
  return Object.keys(extra).length ? extra : undefined;
}
