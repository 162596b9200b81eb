// Which APN a SIM gets (pure): `list apn_by_iccid` rules, then `option apn`, then `apn auto`'s
// lookup of the SIM's MCC/MNC in the provider table (apn-table.ts). The rule order follows
// VintageNetQMI's service provider list (`only_iccid_prefixes`, first match wins, an entry without
// prefixes the catch-all).
import { plmnOfImsi, type ApnAuth, type ApnIndex } from './apn-table';

/** One `list apn_by_iccid 'PREFIX[,PREFIX...]=APN'` entry: ICCID prefixes (digits) and the APN they get. */
export interface ApnRule { readonly prefixes: readonly string[]; readonly apn: string }

/** The `apn` value that asks for the provider table. */
export const APN_AUTO = 'auto';

/** What the SIM says about itself (any may be unknown). `mncLength` from EF_AD, `spn` (service provider name) from EF_SPN. */
export interface SubscriberInfo {
  readonly iccid?: string;
  readonly imsi?: string;
  readonly mncLength?: 2 | 3;
  readonly spn?: string;
}

/**
 * The chosen APN and why. `source`: `apn_by_iccid[N]` (N = the 0-based position of the list entry,
 * as uci counts `@interface[0]`), `apn` (the option), or `auto:MCCMNC` (the provider table; with
 * `provider` its name). `apn` undefined: nothing chose one (the modem profile's APN is used).
 * auth/username/password only from the table, and only for `auto`.
 */
export interface ApnChoice {
  readonly apn?: string;
  readonly source: string;
  readonly provider?: string;
  readonly auth?: ApnAuth;
  readonly username?: string;
  readonly password?: string;
}

/** No APN could be chosen (`apn auto` without IMSI, or an MCC/MNC the table lacks); `message` says which and names MCC/MNC. */
export class ApnChoiceError extends Error {
  override readonly name = 'ApnChoiceError';
}

/**
 * Parses one `apn_by_iccid` entry `PREFIX[,PREFIX...]=APN`: prefixes of 1–20 digits, blanks
 * around items ignored. Returns the rule or a problem in words (the caller names the option).
 * `isApn` checks the APN text (the daemon's APN syntax).
 */
export function parseApnRule(text: string, isApn: (apn: string) => boolean): ApnRule | string {
  const eq = text.indexOf('=');
  if (eq < 0) return `expected PREFIX[,PREFIX...]=APN, got no '='`;
  const prefixes = text.slice(0, eq).split(',').map((p) => p.trim());
  const apn = text.slice(eq + 1).trim();
  if (prefixes.some((p) => !/^\d{1,20}$/.test(p))) return 'ICCID prefixes must be 1 to 20 digits, separated by commas';
  if (apn === APN_AUTO) return { prefixes, apn };
  if (!isApn(apn)) return `invalid APN ${JSON.stringify(apn.slice(0, 40))}`;
  return { prefixes, apn };
}

/** The ICCID as digits for prefix matching: upper-cased, a trailing filler `F` dropped. */
function iccidDigits(iccid: string): string { return iccid.toUpperCase().replace(/F+$/, ''); }

/**
 * The APN for this SIM: the first `rules` entry one of whose prefixes starts the ICCID; else
 * `apn` when set and not `auto`; else, for `auto` (or a rule whose APN is `auto`), the first
 * internet APN the table has for the IMSI's MCC/MNC (MNC length from EF_AD when known, else the
 * 3-digit MNC when the table has it, else the 2-digit one) — of the provider the SIM's service
 * provider name names (spnMatches), when one does: MVNOs share their host's MCC/MNC.
 * `index` is only called for `auto`.
 * Throws ApnChoiceError when `auto` finds no IMSI or no table entry.
 */
export function chooseApn(rules: readonly ApnRule[], apn: string | undefined, sim: SubscriberInfo, index: () => ApnIndex): ApnChoice {
  if (sim.iccid) {
    const digits = iccidDigits(sim.iccid);
    const i = rules.findIndex((r) => r.prefixes.some((p) => digits.startsWith(p)));
    if (i >= 0) {
      const source = `apn_by_iccid[${i}]`;
      return rules[i].apn === APN_AUTO ? auto(sim, index(), source) : { apn: rules[i].apn, source };
    }
  }
  if (apn === undefined) return { source: 'none' };
  if (apn !== APN_AUTO) return { apn, source: 'apn' };
  return auto(sim, index(), 'auto');
}

/** Lower case without blanks and ASCII punctuation: how names are compared (non-ASCII letters stay). */
function nameKey(s: string): string { return s.toLowerCase().replace(/[\s!-/:-@[-`{-~]/g, ''); }

/**
 * Does the SIM's service provider name `spn` name `provider` (a table provider name)? Equal when
 * compared by letters and digits, or one starts with the other and the shorter has at least 4
 * (SPN `Vodafone.de` names provider `Vodafone`).
 */
export function spnMatches(spn: string, provider: string): boolean {
  const a = nameKey(spn), b = nameKey(provider);
  if (a === '' || b === '') return false;
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length >= 4 && long.startsWith(short);
}

function auto(sim: SubscriberInfo, index: ApnIndex, via: string): ApnChoice {
  const rule = via === 'auto' ? '' : ` (${via})`;
  if (!sim.imsi) throw new ApnChoiceError(`apn auto${rule}: the modem did not report the SIM's IMSI, so its MCC/MNC is unknown; set option apn`);
  const plmn = plmnOfImsi(sim.imsi, index, sim.mncLength);
  const mcc = sim.imsi.slice(0, 3);
  if (!plmn) throw new ApnChoiceError(`apn auto${rule}: no APN known for MCC ${mcc} MNC ${sim.imsi.slice(3, 5)} or ${sim.imsi.slice(3, 6)} in the provider table; set option apn`);
  const entries = index.get(plmn.mcc + plmn.mnc) ?? [];
  const spn = sim.spn;
  const entry = (spn ? entries.find((e) => spnMatches(spn, e.provider)) : undefined) ?? entries[0];
  if (!entry) throw new ApnChoiceError(`apn auto${rule}: no APN known for MCC ${plmn.mcc} MNC ${plmn.mnc} in the provider table; set option apn`);
  const source = via === 'auto' ? `auto:${plmn.mcc}${plmn.mnc}` : `${via}:auto:${plmn.mcc}${plmn.mnc}`;
  const out: { -readonly [K in keyof ApnChoice]: ApnChoice[K] } = { apn: entry.apn, source, provider: entry.provider };
  if (entry.auth) out.auth = entry.auth;
  if (entry.username) out.username = entry.username;
  if (entry.password) out.password = entry.password;
  return out;
}
