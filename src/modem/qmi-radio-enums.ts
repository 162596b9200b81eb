// QMI NAS enum tables of the radio picture, as numbers → names. Source: libqmi
// src/libqmi-glib/qmi-enums-nas.h (QmiNasActiveBand, QmiNasDLBandwidth, QmiNasRejectCause).

/** QmiNasActiveBand value → E-UTRA band number. */
const LTE_BANDS = new Map<number, number>([
  [120, 1], [121, 2], [122, 3], [123, 4], [124, 5], [125, 6], [126, 7], [127, 8], [128, 9], [129, 10], [130, 11], [131, 12],
  [132, 13], [133, 14], [134, 17], [135, 33], [136, 34], [137, 35], [138, 36], [139, 37], [140, 38], [141, 39], [142, 40],
  [143, 18], [144, 19], [145, 20], [146, 21], [147, 24], [148, 25], [149, 41], [150, 42], [151, 43], [152, 23], [153, 26],
  [154, 32], [155, 125], [156, 126], [157, 127], [158, 28], [159, 29], [160, 30], [161, 66], [162, 250], [163, 46], [164, 27],
  [165, 31], [166, 47], [167, 48], [168, 71],
]);

/** QmiNasActiveBand value → NR band number. */
const NR_BANDS = new Map<number, number>([
  [250, 1], [251, 2], [252, 3], [253, 5], [254, 7], [255, 8], [256, 20], [257, 28], [258, 38], [259, 41], [260, 50], [261, 51],
  [262, 66], [263, 70], [264, 71], [265, 74], [266, 75], [267, 76], [268, 77], [269, 78], [270, 79], [271, 80], [272, 81],
  [273, 82], [274, 83], [275, 84], [276, 85], [277, 257], [278, 258], [279, 259], [280, 260], [281, 261], [282, 12], [283, 25],
  [284, 34], [285, 39], [286, 40], [287, 65], [288, 86], [289, 48], [290, 14], [291, 13], [292, 18], [293, 26], [294, 30],
  [295, 29], [296, 53], [297, 46], [298, 91], [299, 92], [300, 93], [301, 94],
]);

/** QmiNasActiveBand GSM/WCDMA values → libqmi nicknames. */
const OTHER_BANDS = new Map<number, string>([
  [40, 'gsm-450'], [41, 'gsm-480'], [42, 'gsm-750'], [43, 'gsm-850'], [44, 'gsm-900-extended'], [45, 'gsm-900-primary'],
  [46, 'gsm-900-railways'], [47, 'gsm-dcs-1800'], [48, 'gsm-pcs-1900'], [80, 'wcdma-2100'], [81, 'wcdma-pcs-1900'],
  [82, 'wcdma-dcs-1800'], [83, 'wcdma-1700-us'], [84, 'wcdma-850'], [85, 'wcdma-800'], [86, 'wcdma-2600'], [87, 'wcdma-900'],
  [88, 'wcdma-1700-japan'], [90, 'wcdma-1500-japan'], [91, 'wcdma-850-japan'],
]);

/** A QmiNasActiveBand as people name it: `B3` (LTE), `n78` (NR), `wcdma-2100`…; unknown values as `band-<n>`. */
export function activeBandName(v: number): string {
  const lte = LTE_BANDS.get(v);
  if (lte !== undefined) return `B${lte}`;
  const nr = NR_BANDS.get(v);
  if (nr !== undefined) return `n${nr}`;
  return OTHER_BANDS.get(v) ?? `band-${v}`;
}

/** The QmiNasActiveBand value of an LTE band number (simulator encoding), or undefined. */
export function lteActiveBand(band: number): number | undefined {
  for (const [k, b] of LTE_BANDS) if (b === band) return k;
  return undefined;
}

/** The QmiNasActiveBand value of an NR band number, or undefined. */
export function nrActiveBand(band: number): number | undefined {
  for (const [k, b] of NR_BANDS) if (b === band) return k;
  return undefined;
}

/** QmiNasDLBandwidth value → MHz (index order of the enum; GSM 0.2, TD-SCDMA 1.6, WCDMA 5/10). */
const DL_BANDWIDTH_MHZ = [1.4, 3, 5, 10, 15, 20, 5, 10, 15, 20, 25, 30, 40, 50, 60, 80, 90, 100, 200, 400, 0.2, 1.6, 5, 10, 70];

/** Downlink bandwidth in MHz of a QmiNasDLBandwidth value; undefined for 0xFF (unknown) and values past the table. */
export function dlBandwidthMhz(v: number): number | undefined { return DL_BANDWIDTH_MHZ[v]; }

/** The QmiNasDLBandwidth value of an LTE bandwidth in MHz (1.4–20), or 0xFF (unknown). */
export function lteDlBandwidth(mhz: number): number {
  const i = DL_BANDWIDTH_MHZ.slice(0, 6).indexOf(mhz);
  return i < 0 ? 0xff : i;
}

/** The QmiNasDLBandwidth value of an NR bandwidth in MHz, or 0xFF. */
export function nrDlBandwidth(mhz: number): number {
  if (mhz === 70) return 24;
  const i = DL_BANDWIDTH_MHZ.slice(6, 20).indexOf(mhz);
  return i < 0 ? 0xff : i + 6;
}

const REJECT_CAUSES = new Map<number, string>([
  [0, 'none'], [2, 'imsi-unknown-in-hlr'], [3, 'illegal-ue'], [4, 'imsi-unknown-in-vlr'], [5, 'imei-not-accepted'], [6, 'illegal-me'],
  [7, 'ps-services-not-allowed'], [8, 'ps-and-non-ps-services-not-allowed'], [9, 'ue-identity-not-derived-by-network'],
  [10, 'implicitly-detached'], [11, 'plmn-not-allowed'], [12, 'location-area-not-allowed'], [13, 'roaming-in-location-area-not-allowed'],
  [14, 'ps-services-in-location-area-not-allowed'], [15, 'no-suitable-cells-in-location-area'], [16, 'msc-temporarily-not-reachable'],
  [17, 'network-failure'], [18, 'cs-domain-not-available'], [19, 'esm-failure'], [20, 'mac-failure'], [21, 'synch-failure'],
  [22, 'congestion'], [23, 'ue-security-capabilities-mismatch'], [24, 'security-mode-rejected-unspecified'], [25, 'csg-not-authorized'],
  [26, 'non-eps-authentication-unacceptable'], [28, 'sms-provided-by-gprs-in-routing-area'], [31, 'redirection-to-5gcn-required'],
  [32, 'service-option-not-supported'], [33, 'requested-service-option-not-subscribed'], [34, 'service-option-temporarily-out-of-order'],
  [35, 'requested-service-option-not-authorized'], [38, 'call-cannot-be-identified'], [39, 'cs-service-temporarily-not-available'],
  [40, 'no-eps-bearer-context-activated'], [42, 'severe-network-failure'], [95, 'semantically-incorrect-message'],
  [96, 'invalid-mandatory-information'], [97, 'message-type-non-existent'], [98, 'message-type-not-compatible'],
  [99, 'information-element-non-existent'], [100, 'conditional-information-element-error'], [101, 'message-not-compatible'],
  [111, 'unspecified-protocol-error'],
]);

/** libqmi's nickname of a 3GPP reject cause (QmiNasRejectCause); 48–63 `retry-upon-entry-into-new-cell-N`; others `cause-<n>`. */
export function rejectCauseName(cause: number): string {
  if (cause >= 48 && cause <= 63) return `retry-upon-entry-into-new-cell-${cause - 48}`;
  return REJECT_CAUSES.get(cause) ?? `cause-${cause}`;
}
