// QmiModem's radio preferences: one NAS Set System Selection Preference with the modes, the
// roaming preference, a manual PLMN and the LTE/NR5G band masks that differ (qmi-bands.ts).
// Source: libqmi data/qmi-service-nas.json (Set System Selection Preference TLVs 0x11, 0x14, 0x16, bands).
import type { QmiClient } from '../qmi/device';
import { QmiError, QmiProtocolError } from '../qmi/errors';
import { nas } from '../qmi/services';
import { RoamingPreference } from '../qmi/services/nas';
import type { CallOptions, RadioPreferences } from './modem';
import { asModemError, modeBits } from './qmi-mapping';
import { BandState, readBandChanges, wantsBands } from './qmi-bands';
import type { QmiDataContext } from './qmi-data';

/** What setSystemSelection needs of the QmiModem: the NAS client, a round-trip counter, and where the band preference is kept. */
export interface QmiSelectionContext extends QmiDataContext {
  nas: QmiClient;
  /** Counts one modem request made outside `call`. */
  count(): void;
  /** The band preference last read or written (status shows it), updated here. */
  state: { bandPreference?: BandState };
}

/**
 * NAS Set System Selection Preference (libqmi qmi-service-nas.json: TLV 0x11 mode preference,
 * 0x14 roaming preference, 0x16 network selection) with only what is set: modes (`all` = every
 * mode, as uqmi), roaming off only when `allowRoaming` is false, manual PLMN, and the LTE/NR5G
 * band masks only where they differ from the modem's (qmi-bands.ts). Throws PLMN_FAILED.
 */
export async function setSystemSelection(x: QmiSelectionContext, p: RadioPreferences, o: CallOptions): Promise<void> {
  const modePreference = modeBits(p.modes);
  // Roaming is touched only when allow_roaming forbids it; modes/plmn leave the stored preference alone.
  const roamingPreference = p.allowRoaming === false ? RoamingPreference.off : undefined;
  let networkSelectionPreference: { mode: number; mcc: number; mnc: number } | undefined;
  let mncPcsDigitIncludeStatus: boolean | undefined;
  if (p.plmn !== undefined) {
    networkSelectionPreference = p.plmn === '' ? { mode: 0, mcc: 0, mnc: 0 } : { mode: 1, mcc: Number(p.plmn.slice(0, 3)), mnc: Number(p.plmn.slice(3)) };
    if (p.plmn.length === 6) mncPcsDigitIncludeStatus = true;
  }
  let bands = {};
  let after: BandState | undefined;
  let before: BandState | undefined;
  try {
    if (wantsBands(p)) ({ tlvs: bands, after, before } = await readBandChanges(x.nas, p, x.log, x.count, o));
  } catch (e) { throw asModemError(e, 'NETWORK_REGISTRATION_FAILED', 'get system selection preference'); }
  if (Object.keys(bands).length === 0) x.state.bandPreference = after ?? x.state.bandPreference;
  if (modePreference === undefined && roamingPreference === undefined && !networkSelectionPreference && Object.keys(bands).length === 0) return;
  const set = (withBands: boolean) => x.call(() => x.nas.request(nas.SetSystemSelectionPreference, {
    modePreference, roamingPreference, networkSelectionPreference, mncPcsDigitIncludeStatus, changeDuration: 1, ...(withBands ? bands : {}),
  }, o));
  try {
    await set(true).then(() => { if (after) x.state.bandPreference = after; }, async (e) => {
      // A modem that refuses the band TLVs (e.g. InvalidArgument for a band it lacks) still
      // gets the rest; the connection goes on with its own bands, and the log and status say so.
      if (!(e instanceof QmiProtocolError) || e.code === QmiError.NoEffect || Object.keys(bands).length === 0) throw e;
      x.log.warn(`the modem refused the band preference (${e.qmiName}); lte_band/nr5g_band not applied, it keeps its own bands`);
      x.state.bandPreference = before;
      if (modePreference !== undefined || roamingPreference !== undefined || networkSelectionPreference) await set(false);
    });
  } catch (e) {
    if (e instanceof QmiProtocolError && e.code === QmiError.NoEffect) return;
    throw asModemError(e, p.plmn ? 'PLMN_FAILED' : 'NETWORK_REGISTRATION_FAILED', 'set system selection preference');
  }
}
