// Signal bars (0–4) from RSRP/RSSI, the way phones and LuCI show them.
import type { Rat } from './modem';

/**
 * Bars from RSRP (dBm) for LTE/5G, else from RSSI (dBm). Thresholds: RSRP ≥ −85/−95/−105/−115
 * and RSSI ≥ −73/−83/−93/−109 for 4/3/2/1 bars (common Android-style levels); 0 when unknown.
 */
export function signalBars(rat: Rat, rssi?: number, rsrp?: number): number {
  if ((rat === 'lte' || rat === 'nr5g') && rsrp !== undefined) {
    return rsrp >= -85 ? 4 : rsrp >= -95 ? 3 : rsrp >= -105 ? 2 : rsrp >= -115 ? 1 : 0;
  }
  if (rssi === undefined) return 0;
  return rssi >= -73 ? 4 : rssi >= -83 ? 3 : rssi >= -93 ? 2 : rssi >= -109 ? 1 : 0;
}
