// The LTE attach profile of a QMI modem: 3GPP profile 1 gets the configured APN and PDP type before registration.
import type { Logger } from '../log';
import type { QmiClient, RequestOptions } from '../qmi/device';
import { QmiProtocolError } from '../qmi/errors';
import { GetProfileSettings, ModifyProfile, PdpType, ProfileType } from '../qmi/services/wds-profile';

/** What the attach profile should say: APN and PDP type (qmi.sh `apn`, `pdptype`). */
export interface AttachProfile { apn: string; pdptype: 'ipv4' | 'ipv6' | 'ipv4v6' }

/** The 3GPP profile LTE attaches with; OpenWrt qmi.sh writes it (`uqmi --modify-profile 3gpp,1`). */
export const ATTACH_PROFILE_INDEX = 1;

const PDP: Record<AttachProfile['pdptype'], number> = { ipv4: PdpType.ipv4, ipv6: PdpType.ipv6, ipv4v6: PdpType.ipv4v6 };

/**
 * Makes 3GPP profile 1 carry `want` (APN, PDP type) as OpenWrt qmi.sh does before connecting:
 * LTE attaches with that profile's default bearer, and networks that allow one PDN, or need an
 * IPv4v6 default bearer, refuse a call for another APN or family otherwise (3GPP ESM causes 50
 * "PDN type IPv4 only allowed", 55 "multiple PDN connections for a given APN not allowed").
 * Reads the profile first (WDS Get Profile Settings) and writes (WDS Modify Profile, TLVs 0x11
 * PDP type and 0x14 APN; libqmi qmi-service-wds.json) only what differs, so flash is not worn
 * on every connect. Resolves 'unchanged', 'written', or 'unsupported' when the modem refuses
 * either request with a QMI error (logged; the connect goes on as before). Transport/timeout errors are thrown.
 */
export async function ensureAttachProfile(wds: QmiClient, want: AttachProfile, log: Logger, count: () => void, o: RequestOptions = {}): Promise<'unchanged' | 'written' | 'unsupported'> {
  const id = { profileType: ProfileType.threeGpp, profileIndex: ATTACH_PROFILE_INDEX };
  try {
    count();
    const now = await wds.request(GetProfileSettings, { profileId: id }, o);
    const apnSame = (now.apnName ?? '').toLowerCase() === want.apn.toLowerCase();
    const pdpSame = now.pdpType === PDP[want.pdptype];
    if (apnSame && pdpSame) return 'unchanged';
    count();
    await wds.request(ModifyProfile, {
      profileIdentifier: id,
      apnName: apnSame ? undefined : want.apn,
      pdpType: pdpSame ? undefined : PDP[want.pdptype],
    }, o);
    log.info(`attach profile 3gpp,${ATTACH_PROFILE_INDEX} set to APN ${want.apn}, PDP type ${want.pdptype} (was ${now.apnName ?? 'none'}, ${now.pdpType ?? '?'})`);
    return 'written';
  } catch (e) {
    if (!(e instanceof QmiProtocolError)) throw e;
    log.warn(`attach profile 3gpp,${ATTACH_PROFILE_INDEX} not set: ${e.message}`);
    return 'unsupported';
  }
}
