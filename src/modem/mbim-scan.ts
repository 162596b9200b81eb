// Network scan over MBIM: Basic Connect Visible Providers (full scan) mapped to ScanNetwork entries.
import type { MbimDevice } from '../mbim/device';
import type { ResponseOf } from '../mbim/cid';
import { MbimProviderState } from '../mbim/services/basic-connect-enums';
import { MbimVisibleProvidersAction, VisibleProviders } from '../mbim/services/visible-providers';
import type { ScanNetwork, ScanStatus } from './modem';
import { sanitizeModemString } from './modem-strings';
import { MAX_SCAN_NETWORKS, NETWORK_SCAN_TIMEOUT_MS } from './qmi-scan';

/** ScanStatus of MbimProviderState bits: registered = current, else forbidden, else visible = available. */
export function scanStatusOfProvider(state: number): ScanStatus {
  if (state & MbimProviderState.registered) return 'current';
  if (state & MbimProviderState.forbidden) return 'forbidden';
  if (state & MbimProviderState.visible) return 'available';
  return 'unknown';
}

/**
 * ScanNetwork entries of a Visible Providers answer. ProviderId is MCC (3 digits) + MNC (2–3);
 * entries whose ProviderId is not 5–6 digits are left out. MbimProvider carries no radio
 * technology (only the cellular class), so `rat` is `unknown`. Pure.
 */
export function scanNetworksOfProviders(r: ResponseOf<typeof VisibleProviders>): ScanNetwork[] {
  const out: ScanNetwork[] = [];
  for (const p of r.providers) {
    if (out.length >= MAX_SCAN_NETWORKS) break;
    if (!/^\d{5,6}$/.test(p.providerId)) continue;
    const n: ScanNetwork = { mcc: p.providerId.slice(0, 3), mnc: p.providerId.slice(3), status: scanStatusOfProvider(p.providerState), rat: 'unknown' };
    const name = sanitizeModemString(p.providerName);
    if (name) n.operator = name;
    out.push(n);
  }
  return out;
}

/** Visible Providers query, full scan, up to `timeoutMs` (default NETWORK_SCAN_TIMEOUT_MS). Throws what the MBIM device throws. */
export async function visibleProviders(device: MbimDevice, o: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<ScanNetwork[]> {
  const r = await device.command(VisibleProviders, 'query', { action: MbimVisibleProvidersAction.fullScan }, { signal: o.signal, timeoutMs: o.timeoutMs ?? NETWORK_SCAN_TIMEOUT_MS });
  return scanNetworksOfProviders(r);
}
