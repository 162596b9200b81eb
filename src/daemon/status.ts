// Status rendering: the `qmi4g status` ubus reply, netifd's interface `data` summary, and text for people.
import type { SessionSnapshot } from '../session/session-types';
import type { DataCounters, Modem } from '../modem/modem';
import { radioReply } from './status-radio';
import { formatStatusText } from './status-text';

function clean<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/** Epoch ms → whole seconds (ubus integers are int32). */
function sec(ms: number | undefined): number | undefined { return ms === undefined ? undefined : Math.floor(ms / 1000); }

/** Age of the snapshot's state in whole seconds at `now` (epoch ms): the reply's `for_s`. */
export function forSeconds(s: SessionSnapshot, now: number): number { return Math.max(0, Math.round((now - s.since) / 1000)); }

/**
 * The `counters` table: bytes and packets, and the packets in error, lost to overflows and
 * dropped, each as the modem reports them (QMI WDS Get Packet Statistics; MBIM Packet Statistics
 * errors and discards, no overflows). Keys absent when the modem does not report them.
 */
export function countersReply(c: DataCounters): Record<string, number> {
  return clean({
    tx_bytes: c.txBytes, rx_bytes: c.rxBytes, tx_packets: c.txPackets, rx_packets: c.rxPackets,
    tx_errors: c.txErrors, rx_errors: c.rxErrors, tx_overflows: c.txOverflows, rx_overflows: c.rxOverflows,
    tx_dropped: c.txDropped, rx_dropped: c.rxDropped,
  }) as Record<string, number>;
}

/**
 * `band_preference` of the status reply: the modem's band preference as last read or written for
 * `lte_band`/`nr5g_band` (band numbers: `lte`, `nr5g_sa`, `nr5g_nsa`); undefined when not known.
 */
export function bandPreferenceReply(b: Modem['bandPreference']): Record<string, number[]> | undefined {
  if (!b) return undefined;
  return clean({ lte: b.lte, nr5g_sa: b.nr5gSa, nr5g_nsa: b.nr5gNsa }) as Record<string, number[]>;
}

/**
 * The per-interface status reply (times: epoch s and age in s; signal dBm/dB; counters bytes).
 * Holds no secrets: the snapshot never carries PIN, PUK or password.
 */
export function statusReply(s: SessionSnapshot, now = Date.now()): Record<string, unknown> {
  const r = s.registration;
  return clean({
    interface: s.interface,
    device: s.device,
    protocol: s.protocol,
    state: s.state,
    since: sec(s.since),
    for_s: forSeconds(s, now),
    reason: s.reason,
    last_error: s.lastError ? clean({ code: s.lastError.code, message: s.lastError.message, data: s.lastError.data, permanent: s.lastError.permanent, at: sec(s.lastError.at) }) : undefined,
    modem: s.modem ? clean({ manufacturer: s.modem.manufacturer, model: s.modem.model, revision: s.modem.revision, imei: s.modem.imei, iccid: s.modem.iccid }) : undefined,
    identity: identityOf(s),
    sim: s.sim ? clean({ state: s.sim.state, pin_retries: s.sim.pinRetries, puk_retries: s.sim.pukRetries }) : undefined,
    registration: r ? clean({ state: r.state, roaming: r.roaming, ps_attached: r.psAttached, lac: r.lac, cell_id: r.cellId, tac: r.tac }) : undefined,
    operator: r && (r.operator || r.mcc) ? clean({ name: r.operator, mcc: r.mcc, mnc: r.mnc }) : undefined,
    rat: s.signal?.rat !== undefined && s.signal.rat !== 'unknown' ? s.signal.rat : r?.rat,
    signal: s.signal ? clean({ bars: s.signal.bars, rssi: s.signal.rssi, rsrp: s.signal.rsrp, rsrq: s.signal.rsrq, snr: s.signal.snr }) : undefined,
    apn: s.apn,
    apn_choice: s.apnChoice ? clean({ value: s.apnChoice.apn, source: s.apnChoice.source, provider: s.apnChoice.provider }) : undefined,
    ipv4: s.ipv4 ? clean({ address: s.ipv4.address, prefix: s.ipv4.prefix, gateway: s.ipv4.gateway, dns: s.ipv4.dns, mtu: s.ipv4.mtu }) : undefined,
    ipv6: s.ipv6 ? clean({ address: s.ipv6.address, prefix: s.ipv6.prefix, gateway: s.ipv6.gateway, dns: s.ipv6.dns, mtu: s.ipv6.mtu }) : undefined,
    counters: s.counters ? countersReply(s.counters) : undefined,
    connected_since: s.state === 'connected' ? sec(s.connectedSince) : undefined,
    reconnects: s.reconnects,
    data_format: s.dataFormat,
    fcc: s.fcc ? clean({ result: s.fcc.result, method: s.fcc.method, tried: s.fcc.tried.map((t) => ({ method: t.method, answer: t.answer })), at: sec(s.fcc.at) }) : undefined,
    ...radioReply(s),
  });
}

/** Who the modem and subscriber are (status `identity`): IMEI/IMEISV, ESN/MEID, ICCID, IMSI, MSISDN where reported; undefined when none is known. */
function identityOf(s: SessionSnapshot): Record<string, unknown> | undefined {
  const m = s.modem;
  if (!m) return undefined;
  const id = clean({ imei: m.imei, imeisv: m.imeisv, esn: m.esn, meid: m.meid, iccid: m.iccid, imsi: m.imsi, msisdn: m.msisdn });
  return Object.keys(id).length ? id : undefined;
}

/** The flat summary put into netifd's interface `data` (shown by `ubus call network.interface.X status`). */
export function netifdData(s: SessionSnapshot): Record<string, unknown> {
  const r = s.registration;
  return clean({
    qmi4g_state: s.state,
    protocol: s.protocol,
    operator: r?.operator,
    mcc: r?.mcc,
    mnc: r?.mnc,
    rat: s.signal?.rat ?? r?.rat,
    roaming: r?.roaming,
    signal_bars: s.signal?.bars,
    rssi: s.signal?.rssi,
    rsrp: s.signal?.rsrp,
    apn: s.apn,
    imei: s.modem?.imei,
    model: s.modem?.model,
    sim: s.sim?.state,
  });
}

/** Human-readable rendering of a status reply, grouped as `mmcli -m 0` groups a modem (status-text.ts). */
export function formatStatus(st: Record<string, any>): string { return formatStatusText(st); }
