// Band restriction over QMI: read NAS Get System Selection Preference, write only the band TLVs that differ (`list lte_band`, `list nr5g_band`).
import type { QmiClient } from '../qmi/device';
import { QmiProtocolError } from '../qmi/errors';
import type { RequestOf, ResponseOf } from '../qmi/message';
import { GetSystemSelectionPreference, SetSystemSelectionPreference } from '../qmi/services/nas';
import type { Logger } from '../log';
import type { CallOptions, RadioPreferences } from './modem';
import { bandMask, bandsOfMask, legacyLteMask, sameMask } from './bands';

/** The band TLVs of NAS Set System Selection Preference (libqmi qmi-service-nas.json: 0x15, 0x24, 0x2F, 0x30). */
export type BandTlvs = Pick<RequestOf<typeof SetSystemSelectionPreference>, 'lteBandPreference' | 'extendedLteBandPreference' | 'nr5gSaBandPreference' | 'nr5gNsaBandPreference'>;

/** The band preference the modem reports, as band numbers (undefined: the modem did not report that TLV). */
export interface BandState { lte?: number[]; nr5gSa?: number[]; nr5gNsa?: number[] }

/**
 * The band preference once `tlvs` are written over `cur` (undefined when nothing could be read
 * and nothing is written). Pure.
 */
export function bandStateAfter(cur: ResponseOf<typeof GetSystemSelectionPreference> | undefined, tlvs: BandTlvs): BandState | undefined {
  const was: BandState = cur ? bandStateOf(cur) : {};
  const lte = tlvs.extendedLteBandPreference ?? (tlvs.lteBandPreference !== undefined ? [tlvs.lteBandPreference] : undefined);
  const out: BandState = {
    lte: lte ? bandsOfMask(lte) : was.lte,
    nr5gSa: tlvs.nr5gSaBandPreference ? bandsOfMask(tlvs.nr5gSaBandPreference) : was.nr5gSa,
    nr5gNsa: tlvs.nr5gNsaBandPreference ? bandsOfMask(tlvs.nr5gNsaBandPreference) : was.nr5gNsa,
  };
  return out.lte || out.nr5gSa || out.nr5gNsa ? out : undefined;
}

/** Does `p` ask for any band restriction? */
export function wantsBands(p: RadioPreferences): boolean {
  return p.lteBands !== undefined || p.nr5gBands !== undefined;
}

/** The bands a Get System Selection Preference answer holds (extended LTE mask preferred over the 64-bit one). */
export function bandStateOf(cur: ResponseOf<typeof GetSystemSelectionPreference>): BandState {
  const lte = cur.extendedLteBandPreference ?? (cur.lteBandPreference === undefined ? undefined : [cur.lteBandPreference]);
  return {
    lte: lte && bandsOfMask(lte),
    nr5gSa: cur.nr5gSaBandPreference && bandsOfMask(cur.nr5gSaBandPreference),
    nr5gNsa: cur.nr5gNsaBandPreference && bandsOfMask(cur.nr5gNsaBandPreference),
  };
}

/**
 * The band TLVs to send so that the modem's preference `cur` (Get System Selection Preference;
 * undefined when it could not be read) becomes `want`; {} when it already is. LTE: the extended
 * 256-band mask when the modem reports it (or a band above 64 needs it), else the 64-bit LTE
 * Band Preference. NR5G: SA and NSA masks each only when different; on a modem that reports
 * neither (no 5G) nothing is sent and `skipped` says so. Pure.
 */
export function bandChanges(cur: ResponseOf<typeof GetSystemSelectionPreference> | undefined, want: RadioPreferences): { tlvs: BandTlvs; skipped: string[] } {
  const tlvs: BandTlvs = {};
  const skipped: string[] = [];
  if (want.lteBands !== undefined) {
    const words = bandMask('lte', want.lteBands);
    const legacy = legacyLteMask(want.lteBands);
    if (cur?.extendedLteBandPreference !== undefined || legacy === undefined) {
      if (!cur?.extendedLteBandPreference || !sameMask(cur.extendedLteBandPreference, words)) tlvs.extendedLteBandPreference = words;
    } else if (cur?.lteBandPreference !== legacy) {
      tlvs.lteBandPreference = legacy;
    }
  }
  if (want.nr5gBands !== undefined) {
    const words = bandMask('nr5g', want.nr5gBands);
    if (cur && cur.nr5gSaBandPreference === undefined && cur.nr5gNsaBandPreference === undefined) {
      skipped.push('nr5g_band: the modem reports no NR5G band preference (no 5G), not applied');
    } else {
      if (!cur?.nr5gSaBandPreference || !sameMask(cur.nr5gSaBandPreference, words)) tlvs.nr5gSaBandPreference = words;
      if (!cur?.nr5gNsaBandPreference || !sameMask(cur.nr5gNsaBandPreference, words)) tlvs.nr5gNsaBandPreference = words;
    }
  }
  return { tlvs, skipped };
}

/**
 * Reads the modem's band preference on `nas` and returns the TLVs that differ from `want`
 * (bandChanges), the preference once they are written (`after`, for status) and as read
 * (`before`; undefined when unreadable). A modem that
 * refuses Get System Selection Preference (a QMI error) gets every requested band TLV, since
 * nothing can be compared. `count` is called per request sent. Throws what the client throws for
 * transport loss, timeouts and aborts.
 */
export async function readBandChanges(nas: QmiClient, want: RadioPreferences, log: Logger, count: () => void, o: CallOptions = {}): Promise<{ tlvs: BandTlvs; after?: BandState; before?: BandState }> {
  let cur: ResponseOf<typeof GetSystemSelectionPreference> | undefined;
  try {
    count();
    cur = await nas.request(GetSystemSelectionPreference, {}, o);
  } catch (e) {
    if (!(e instanceof QmiProtocolError)) throw e;
    log.debug(`Get System Selection Preference: ${e.qmiName}; sending the bands without comparing`);
  }
  const { tlvs, skipped } = bandChanges(cur, want);
  for (const s of skipped) log.warn(s);
  const names = Object.keys(tlvs);
  log.info(names.length ? `band preference differs from the modem's (${names.join(', ')}): writing it` : 'band preference already as configured');
  return { tlvs, after: bandStateAfter(cur, tlvs), before: cur && bandStateAfter(cur, {}) };
}
