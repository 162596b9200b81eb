// The radio picture in the `qmi4g status` reply: system mode, service status, ASU, serving cell,
// NR5G leg, neighbours, bands, carriers, registration reject, SIM reject, network time (ubus names).
import { asuOf, RegistrationReject } from '../modem/radio';
import type { SessionSnapshot } from '../session/session-types';

function clean<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

function sec(ms: number | undefined): number | undefined { return ms === undefined ? undefined : Math.floor(ms / 1000); }

function rejectReply(r: RegistrationReject): Record<string, unknown> {
  return clean({ cause: r.cause, cause_name: r.causeName, domain: r.domain, rat: r.rat, mcc: r.mcc, mnc: r.mnc, at: sec(r.at) });
}

/**
 * The status reply fields of the radio picture (added to statusReply): `system_mode`
 * (lte/nr5g-nsa/nr5g-sa/umts/gsm/none), `service_status` (available/limited/…), `asu`, `cell`
 * (serving: ids, PCI, EARFCN/NR-ARFCN, band, bandwidth MHz), `nr5g` (the NSA leg: dBm/dB),
 * `neighbours`, `bands`, `carriers`, `registration_reject` (3GPP cause; the newer of System Info
 * and the Network Reject indication), `sim_reject`, `network_time` (UTC, offset min, DST h, at epoch s).
 * Fields the modem did not report are left out.
 */
export function radioReply(s: SessionSnapshot): Record<string, unknown> {
  const r = s.radio;
  const rat = s.signal?.rat !== undefined && s.signal.rat !== 'unknown' ? s.signal.rat : s.registration?.rat;
  const c = r?.serving;
  const n = r?.nr5g;
  const reject = s.networkReject && (!r?.reject || (s.networkReject.at ?? 0) >= (r.reject.at ?? 0)) ? s.networkReject : r?.reject;
  // The indication's time when there is one (told when it changed), else what Get Network Time answered.
  const t = s.networkTime ?? r?.networkTime;
  return clean({
    system_mode: r?.systemMode,
    service_status: r?.serviceStatus,
    asu: rat && s.signal ? asuOf(rat, s.signal) : undefined,
    cell: c ? clean({
      rat: c.rat, mcc: c.mcc, mnc: c.mnc, tac: c.tac, lac: c.lac, cell_id: c.cellId, enodeb_id: c.enodebId, gnodeb_id: c.gnodebId,
      pci: c.pci, earfcn: c.earfcn, nrarfcn: c.nrarfcn, band: c.band, bandwidth_mhz: c.bandwidthMhz,
    }) : undefined,
    nr5g: n ? clean({ pci: n.pci, arfcn: n.arfcn, band: n.band, cell_id: n.cellId, gnodeb_id: n.gnodebId, tac: n.tac, rsrp: n.rsrp, rsrq: n.rsrq, snr: n.snr }) : undefined,
    neighbours: r && r.neighbours.length ? r.neighbours.map((x) => clean({ rat: x.rat, earfcn: x.earfcn, pci: x.pci, rsrp: x.rsrp, rsrq: x.rsrq, rssi: x.rssi, intra_frequency: x.intraFrequency })) : undefined,
    bands: r && r.bands.length ? r.bands.map((b) => clean({ rat: b.rat, band: b.band, channel: b.channel, bandwidth_mhz: b.bandwidthMhz })) : undefined,
    carriers: r && r.carriers.length ? r.carriers.map((x) => clean({ role: x.role, pci: x.pci, earfcn: x.earfcn, band: x.band, bandwidth_mhz: x.bandwidthMhz, state: x.state })) : undefined,
    registration_reject: reject ? rejectReply(reject) : undefined,
    sim_reject: r?.simReject,
    network_time: t ? clean({ utc: t.utc, utc_offset_min: t.utcOffsetMinutes, dst_h: t.dstHours, at: sec(t.at) }) : undefined,
  });
}
