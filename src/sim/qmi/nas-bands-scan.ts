// Simulator handlers for NAS band preference TLVs and NAS Network Scan (with its delay and the effect on a live call).
import { bandMask, bandsOfMask } from '../../modem/bands';
import type { RequestOf, ResponseOf } from '../../qmi/message';
import type { GetSystemSelectionPreference, SetSystemSelectionPreference } from '../../qmi/services/nas';
import { NetworkScan, NetworkScanResult, NetworkStatus } from '../../qmi/services/nas-scan';
import { CallEndReason, type ModemModel } from '../model';
import type { ScanNetworkScenario } from '../bands-scan-scenario';
import { Route, route } from './context';
import { RAT_RADIO } from './nas';

type BandTlvs = Pick<ResponseOf<typeof GetSystemSelectionPreference>, 'lteBandPreference' | 'extendedLteBandPreference' | 'nr5gSaBandPreference' | 'nr5gNsaBandPreference'>;

/** The band TLVs of a Get System Selection Preference answer, as the scenario's modem reports them (radio.bands.extendedLte / has5g). */
export function bandValues(model: ModemModel): BandTlvs {
  const b = model.radio.bands;
  const cfg = model.radio.scenario.bands;
  const lte = bandMask('lte', b.lte);
  const out: BandTlvs = { lteBandPreference: lte[0] };
  if (cfg.extendedLte) out.extendedLteBandPreference = lte;
  if (cfg.has5g) { out.nr5gSaBandPreference = bandMask('nr5g', b.nr5gSa); out.nr5gNsaBandPreference = bandMask('nr5g', b.nr5gNsa); }
  return out;
}

/**
 * Stores the band TLVs of a Set System Selection Preference (NV, as the modem keeps them). The
 * 64-bit LTE mask replaces bands 1–64 and keeps any above. False when the request carries a TLV
 * the scenario's modem does not know (extended LTE without `extendedLte`, NR5G without `has5g`):
 * the caller answers InvalidArgument then.
 */
export function applyBandRequest(model: ModemModel, r: RequestOf<typeof SetSystemSelectionPreference>): boolean {
  const cfg = model.radio.scenario.bands;
  const b = model.radio.bands;
  if (r.extendedLteBandPreference !== undefined && !cfg.extendedLte) return false;
  if ((r.nr5gSaBandPreference !== undefined || r.nr5gNsaBandPreference !== undefined) && !cfg.has5g) return false;
  let wrote = false;
  if (r.lteBandPreference !== undefined) { b.lte = [...bandsOfMask([r.lteBandPreference]), ...b.lte.filter((x) => x > 64)]; wrote = true; }
  if (r.extendedLteBandPreference !== undefined) { b.lte = bandsOfMask(r.extendedLteBandPreference); wrote = true; }
  if (r.nr5gSaBandPreference !== undefined) { b.nr5gSa = bandsOfMask(r.nr5gSaBandPreference); wrote = true; }
  if (r.nr5gNsaBandPreference !== undefined) { b.nr5gNsa = bandsOfMask(r.nr5gNsaBandPreference); wrote = true; }
  if (wrote) model.radio.bandWrites++;
  return true;
}

/** The networks a scan finds now: the scenario's list, or the serving network (current) plus two neighbours. */
export function scanNetworks(model: ModemModel): ScanNetworkScenario[] {
  const listed = model.radio.scenario.scan.networks;
  if (listed) return listed;
  const r = model.registration;
  const out: ScanNetworkScenario[] = [];
  if (r.state === 'registered') out.push({ mcc: r.mcc, mnc: r.mnc, mncDigits: r.mncDigits, operator: r.operator, status: 'current', rat: r.rat });
  out.push({ mcc: r.mcc, mnc: r.mnc === 2 ? 3 : 2, mncDigits: 2, operator: 'Neighbour Mobile', status: 'available', rat: 'lte' });
  out.push({ mcc: r.mcc === 999 ? 998 : 999, mnc: 99, mncDigits: 2, operator: 'Forbidden Net', status: 'forbidden', rat: 'umts' });
  return out;
}

/**
 * Starts a scan on the model: counts it and, with `radio.scan.dropsCall`, ends every data session
 * (as a modem leaving the data bearer for a manual network search). Returns the scan's delay, ms.
 */
export function startScan(model: ModemModel): number {
  model.radio.scans++;
  if (model.radio.scenario.scan.dropsCall) model.dropSession(undefined, CallEndReason.noService);
  return model.radio.scenario.scan.delayMs;
}

const STATUS_BITS: Record<ScanNetworkScenario['status'], number> = {
  current: NetworkStatus.currentServing | NetworkStatus.notForbidden,
  available: NetworkStatus.available | NetworkStatus.notForbidden,
  forbidden: NetworkStatus.available | NetworkStatus.forbidden,
};

/** NAS radio routes (libqmi qmi-service-nas.json: Network Scan). */
export const nasBandScanRoutes: Route[] = [
  route(NetworkScan, (_r, { model }) => {
    const delayMs = startScan(model);
    if (model.radio.scenario.scan.result === 'abort') return { values: { networkScanResult: NetworkScanResult.abort }, delayMs };
    const list = scanNetworks(model);
    return {
      delayMs,
      values: {
        networkInformation: list.map((n) => ({ mcc: n.mcc, mnc: n.mnc, networkStatus: STATUS_BITS[n.status], description: n.operator })),
        radioAccessTechnology: list.map((n) => ({ mcc: n.mcc, mnc: n.mnc, radioInterface: RAT_RADIO[n.rat] })),
        mncPcsDigitIncludeStatus: list.map((n) => ({ mcc: n.mcc, mnc: n.mnc, includesPcsDigit: n.mncDigits === 3 })),
        networkScanResult: NetworkScanResult.success,
      },
    };
  }),
];
