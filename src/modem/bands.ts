// Band numbers ⇄ QMI band masks, and the operating bands qmi4g accepts in `list lte_band` / `list nr5g_band` (pure).

/** Which radio a band list is for. */
export type BandKind = 'lte' | 'nr5g';

function ranges(...r: (number | [number, number])[]): ReadonlySet<number> {
  const out = new Set<number>();
  for (const x of r) {
    if (typeof x === 'number') out.add(x);
    else for (let b = x[0]; b <= x[1]; b++) out.add(b);
  }
  return out;
}

/**
 * E-UTRA operating bands (3GPP TS 36.101 Table 5.5-1, up to Rel-17; 15 and 16 are reserved):
 * what `lte_band` accepts. The QMI masks hold bands 1–256 (libqmi qmi-service-nas.json:
 * Extended LTE Band Preference).
 */
export const LTE_BANDS: ReadonlySet<number> = ranges([1, 14], [17, 54], [65, 76], 85, 87, 88, 103, [106, 108]);

/**
 * NR operating bands n1…n263 (3GPP TS 38.101-1 Table 5.2-1 FR1, 38.101-2 Table 5.2-1 FR2, up to
 * Rel-17): what `nr5g_band` accepts. The QMI masks hold bands 1–512 (libqmi qmi-service-nas.json:
 * NR5G SA/NSA Band Preference).
 */
export const NR5G_BANDS: ReadonlySet<number> = ranges(
  1, 2, 3, 5, 7, 8, 12, 13, 14, 18, 20, 24, 25, 26, 28, 29, 30, 31, 34, [38, 41], 46, 47, 48, 50, 51, 53, 54,
  [65, 67], [70, 72], [74, 86], [89, 102], 104, 105, 106, 109, [257, 263],
);

/** Mask words per kind: 4 × 64 bits for LTE, 8 × 64 for NR5G. */
const WORDS: Record<BandKind, number> = { lte: 4, nr5g: 8 };

/** Is `band` an operating band of `kind` qmi4g knows (LTE_BANDS / NR5G_BANDS)? */
export function isKnownBand(kind: BandKind, band: number): boolean {
  return (kind === 'lte' ? LTE_BANDS : NR5G_BANDS).has(band);
}

/**
 * The mask words of a band list: bit j of word i is band 1 + j + 64·i (libqmi
 * qmi-service-nas.json: Extended LTE / NR5G Band Preference; qmicli prints them that way).
 * Throws RangeError for a band outside the mask.
 */
export function bandMask(kind: BandKind, bands: readonly number[]): bigint[] {
  const words = new Array<bigint>(WORDS[kind]).fill(0n);
  for (const b of bands) {
    if (!Number.isInteger(b) || b < 1 || b > words.length * 64) throw new RangeError(`band ${b} does not fit the ${kind} band mask`);
    words[Math.floor((b - 1) / 64)] |= 1n << BigInt((b - 1) % 64);
  }
  return words;
}

/** The bands set in mask words (inverse of bandMask), ascending. */
export function bandsOfMask(words: readonly bigint[]): number[] {
  const out: number[] = [];
  words.forEach((w, i) => {
    for (let j = 0; j < 64; j++) if ((w >> BigInt(j)) & 1n) out.push(1 + j + 64 * i);
  });
  return out;
}

/** The legacy 64-bit LTE Band Preference (TLV 0x15: bit n-1 = band n) of a list, or undefined when a band is above 64. */
export function legacyLteMask(bands: readonly number[]): bigint | undefined {
  if (bands.some((b) => b > 64)) return undefined;
  return bandMask('lte', bands)[0];
}

/** Do two mask word lists hold the same bands (missing words count as 0)? */
export function sameMask(a: readonly bigint[], b: readonly bigint[]): boolean {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if ((a[i] ?? 0n) !== (b[i] ?? 0n)) return false;
  return true;
}
