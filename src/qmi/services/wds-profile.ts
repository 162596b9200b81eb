// WDS (0x01) profile messages: read and write a 3GPP profile (the LTE attach profile). Source: libqmi qmi-service-wds.json.
import { string, struct, u16, u8 } from '../codec';
import { defineMessage, tlv } from '../message';

/** QmiWdsProfileType: 0 = 3GPP, 1 = 3GPP2. */
export const ProfileType = Object.freeze({ threeGpp: 0, threeGpp2: 1 });

/** QmiWdsPdpType (libqmi qmi-enums-wds.h): IPv4 0, PPP 1, IPv6 2, IPv4 or IPv6 (dual stack) 3. */
export const PdpType = Object.freeze({ ipv4: 0, ppp: 1, ipv6: 2, ipv4v6: 3 });

const profileId = struct({ profileType: u8, profileIndex: u8 });

/** WDS Modify Profile (0x0028): TLV 0x01 profile id, 0x11 PDP type, 0x14 APN name; error detail in 0xE0 (QmiWdsDsProfileError). */
export const ModifyProfile = defineMessage({
  service: 'wds', id: 0x0028, name: 'Modify Profile', source: 'qmi-service-wds.json: Modify Profile',
  request: {
    profileIdentifier: tlv(0x01, profileId, { required: true }),
    profileName: tlv(0x10, string),
    pdpType: tlv(0x11, u8),
    apnName: tlv(0x14, string),
  },
  response: { extendedErrorCode: tlv(0xe0, u16) },
});

/** WDS Get Profile Settings (0x002B): a profile's name, PDP type (0x11) and APN (0x14). */
export const GetProfileSettings = defineMessage({
  service: 'wds', id: 0x002b, name: 'Get Profile Settings', source: 'qmi-service-wds.json: Get Profile Settings',
  request: { profileId: tlv(0x01, profileId, { required: true }) },
  response: {
    profileName: tlv(0x10, string),
    pdpType: tlv(0x11, u8),
    apnName: tlv(0x14, string),
    extendedErrorCode: tlv(0xe0, u16),
  },
});
