// What an MBIM modem needs from an interface's config before the session starts: the roaming/partner policy and the PDP type.
import type { MbimModemOptions } from '../modem/mbim-modem';
import type { InterfaceConfig } from './config';

/**
 * MbimModem.open options from an interface's config: allow_roaming / allow_partner (mbim.sh,
 * enforced from the first Connect on, whether or not any radio preference is set) and pdptype.
 * Without a config: mbim.sh's defaults (roaming and partner networks refused, IPv4v6).
 */
export function mbimOpenOptions(c: InterfaceConfig | undefined): Pick<MbimModemOptions, 'allowRoaming' | 'allowPartner' | 'pdptype'> {
  if (!c) return {};
  return { allowRoaming: c.allow_roaming, allowPartner: c.allow_partner, pdptype: c.pdptype };
}
