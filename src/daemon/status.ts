// Status rendering: the `qmi4g status` ubus reply, netifd's interface `data` summary, and text for people.
import type { SessionSnapshot } from '../session/session-types';
import { radioReply } from './status-radio';
import { formatStatusText } from './status-text';

function clean<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/** Epoch ms → whole seconds (ubus integers are int32). */
function sec(ms: number | undefined): number | undefined { return ms === undefined ? undefined : Math.floor(ms / 1000); }

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
    for_s: Math.max(0, Math.round((now - s.since) / 1000)),
    reason: s.reason,
    last_error: s.lastError ? clean({ code: s.lastError.code, message: s.lastError.message, data: s.lastError.data, permanent: s.lastError.permanent, at: sec(s.lastError.at) }) : undefined,
    modem: s.modem ? clean({ ...s.modem }) : undefined,
    sim: s.sim ? clean({ state: s.sim.state, pin_retries: s.sim.pinRetries, puk_retries: s.sim.pukRetries }) : undefined,
    registration: r ? clean({ state: r.state, roaming: r.roaming, ps_attached: r.psAttached, lac: r.lac, cell_id: r.cellId, tac: r.tac }) : undefined,
    operator: r && (r.operator || r.mcc) ? clean({ name: r.operator, mcc: r.mcc, mnc: r.mnc }) : undefined,
    rat: s.signal?.rat !== undefined && s.signal.rat !== 'unknown' ? s.signal.rat : r?.rat,
    signal: s.signal ? clean({ bars: s.signal.bars, rssi: s.signal.rssi, rsrp: s.signal.rsrp, rsrq: s.signal.rsrq, snr: s.signal.snr }) : undefined,
    apn: s.apn,
    ipv4: s.ipv4 ? clean({ address: s.ipv4.address, prefix: s.ipv4.prefix, gateway: s.ipv4.gateway, dns: s.ipv4.dns, mtu: s.ipv4.mtu }) : undefined,
    ipv6: s.ipv6 ? clean({ address: s.ipv6.address, prefix: s.ipv6.prefix, gateway: s.ipv6.gateway, dns: s.ipv6.dns, mtu: s.ipv6.mtu }) : undefined,
    counters: s.counters ? clean({ tx_bytes: s.counters.txBytes, rx_bytes: s.counters.rxBytes, tx_packets: s.counters.txPackets, rx_packets: s.counters.rxPackets }) : undefined,
    connected_since: s.state === 'connected' ? sec(s.connectedSince) : undefined,
    reconnects: s.reconnects,
    data_format: s.dataFormat,
    ...radioReply(s),
  });
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
