// THE interface option table: every uci option of a `proto qmi4g` / `proto mbim` interface, once.
//
// Single source of: the handlers' proto_config_add_* declarations, LuCI's field metadata and the
// docs/config.md option table (generated from it by `npm run gen:options`; a unit test checks the
// checked-in files are current), and the daemon's parser (config.ts reads each option as its row
// says). Names, types and defaults follow OpenWrt's qmi.sh (package/network/utils/uqmi/files/lib/
// netifd/proto/qmi.sh) and mbim.sh (package/network/utils/umbim/files/lib/netifd/proto/mbim.sh);
// `origin` says whose meaning an option has. Row order = form order = qmi4g declaration order.

import type { OptionSpec } from './option-types';
import { CONNECTION_OPTIONS } from './options-connection';
import { LINK_OPTIONS, RECOVERY_OPTIONS } from './options-link';
import { VENDOR_OPTIONS } from './options-vendor';

export type { Flavor, HandlerType, OptionSpec, ValueKind } from './option-types';

/**
 * The PIN rule, in the words every place uses (LuCI help, README, docs/config.md, and
 * src/session/pin-policy.ts decidePin, which implements it).
 */
export { PIN_RULE } from './options-connection';

/** Every option, in form order (general, advanced, vendor features on the advanced tab, recovery). */
export const OPTIONS: readonly OptionSpec[] = [...CONNECTION_OPTIONS, ...LINK_OPTIONS, ...VENDOR_OPTIONS, ...RECOVERY_OPTIONS];

/** The options mbim.sh itself declares, in its order; the mbim handler declares them first (then ours, in table order). */
export const MBIM_SH_DECLARATION_ORDER: readonly string[] = [
  'device', 'apn', 'pincode', 'delay', 'allow_roaming', 'allow_partner', 'auth', 'username', 'password', 'ipv6',
  'dhcp', 'dhcpv6', 'sourcefilter', 'delegate', 'pdptype', 'mtu',
];

const BY_NAME = new Map(OPTIONS.map((o) => [o.name, o]));

/** The row of `name`; throws Error for a name that is not in the table (a programming error). */
export function optionSpec(name: string): OptionSpec {
  const o = BY_NAME.get(name);
  if (!o) throw new Error(`no option ${name} in the option table`);
  return o;
}

/** The default of `o` for `flavor` as uci text, or undefined when it has none. */
export function defaultOf(o: OptionSpec, flavor: 'qmi4g' | 'mbim'): string | undefined {
  return typeof o.default === 'object' ? o.default[flavor] : o.default;
}
