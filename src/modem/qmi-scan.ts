// Network scan over QMI: NAS Network Scan, its parallel lists folded into ScanNetwork entries (pure mapping + one request).
import type { QmiClient } from '../qmi/device';
import type { ResponseOf } from '../qmi/message';
import { NetworkScan, NetworkScanResult, NetworkStatus } from '../qmi/services/nas-scan';
import type { ScanNetwork, ScanStatus } from './modem';
import { ModemError } from './modem-errors';
import { sanitizeModemString } from './modem-strings';
import { formatMnc, ratOf } from './qmi-mapping';

/** How long a scan may take, ms: qmicli waits 300 s for Network Scan (libqmi qmicli-nas.c). */
export const NETWORK_SCAN_TIMEOUT_MS = 300_000;

/** At most this many networks are reported (bounds the ubus reply). */
export const MAX_SCAN_NETWORKS = 64;

/** ScanStatus of QmiNasNetworkStatus bits: current serving, else forbidden, else available. */
export function scanStatusOf(bits: number): ScanStatus {
  if (bits & NetworkStatus.currentServing) return 'current';
  if (bits & NetworkStatus.forbidden) return 'forbidden';
  if (bits & NetworkStatus.available) return 'available';
  return 'unknown';
}

/**
 * The networks of a Network Scan answer. Network Information (0x10) and Radio Access Technology
 * (0x11) are parallel lists (element i of both describes one network on one RAT); when their
 * lengths or PLMNs disagree the RAT is looked up by MCC/MNC. 3-digit MNCs come from TLV 0x12.
 * Names go through sanitizeModemString. Pure.
 */
export function scanNetworksOf(r: ResponseOf<typeof NetworkScan>): ScanNetwork[] {
  const info = r.networkInformation ?? [];
  const rats = r.radioAccessTechnology ?? [];
  const pcs = r.mncPcsDigitIncludeStatus ?? [];
  return info.slice(0, MAX_SCAN_NETWORKS).map((n, i) => {
    const same = (x: { mcc: number; mnc: number }) => x.mcc === n.mcc && x.mnc === n.mnc;
    const rat = rats[i] && same(rats[i]) ? rats[i] : rats.find(same);
    const three = (pcs[i] && same(pcs[i]) ? pcs[i] : pcs.find(same))?.includesPcsDigit;
    const out: ScanNetwork = { mcc: String(n.mcc).padStart(3, '0'), mnc: formatMnc(n.mnc, three), status: scanStatusOf(n.networkStatus), rat: ratOf(rat?.radioInterface) };
    const name = sanitizeModemString(n.description);
    if (name) out.operator = name;
    return out;
  });
}

/**
 * Sends NAS Network Scan (all RATs) on `nas` and waits for it up to `timeoutMs` (default
 * NETWORK_SCAN_TIMEOUT_MS) or the signal. A scan the modem reports as aborted or failed on a
 * radio link failure (TLV 0x13) with no network found throws ModemError NETWORK_REGISTRATION_FAILED.
 * Transport loss, timeouts, aborts and QMI errors are thrown as the client throws them.
 */
export async function networkScan(nas: QmiClient, o: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<ScanNetwork[]> {
  const r = await nas.request(NetworkScan, {}, { signal: o.signal, timeoutMs: o.timeoutMs ?? NETWORK_SCAN_TIMEOUT_MS });
  const list = scanNetworksOf(r);
  if (list.length === 0 && r.networkScanResult !== undefined && r.networkScanResult !== NetworkScanResult.success) {
    const why = r.networkScanResult === NetworkScanResult.abort ? 'aborted' : 'radio link failure';
    throw new ModemError('NETWORK_REGISTRATION_FAILED', `network scan ended without a result: ${why}`, [why]);
  }
  return list;
}
