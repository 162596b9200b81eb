// The provider APN table (`option apn 'auto'`): decoding the compact generated text and looking an
// MCC/MNC up in it. The text is src/apn/apn-table.generated.ts, made by `npm run gen:apn` from
// serviceproviders.xml of Debian's mobile-broadband-provider-info (scripts/apn-table-codegen.ts).
//
// Format: one provider per line ('\n'); fields separated by '|':
//   ids|provider name|apn entry|apn entry...
// `ids` are the provider's MCC+MNC codes (5 or 6 digits) separated by blanks; an apn entry is
//   apn[^auth[^username[^password]]]
// with auth `pap`, `chap` or empty (not known). Lines are in priority order: the primary network
// operators first, then the other providers (MVNOs), each group in file order; within a provider
// its internet APNs in file order. In the text fields (name, APN, user name, password) every
// character outside printable ASCII and each of '%', '|', '^' is percent-encoded as UTF-8 (as
// encodeURIComponent does): the text stays ASCII, which QuickJS stores in one byte per character.

/** The format version, named in the generated file's header. */
export const APN_TABLE_FORMAT = 'apn-table/1';

/** An authentication method the table knows (serviceproviders.2.dtd `authentication method`). */
export type ApnAuth = 'pap' | 'chap';

/** One internet APN of a provider, with the credentials the provider publishes (public, not secrets of the user). */
export interface ProviderApn {
  readonly apn: string;
  readonly provider: string;
  readonly auth?: ApnAuth;
  readonly username?: string;
  readonly password?: string;
}

/** A decoded table: MCC+MNC (5–6 digits) → its APNs, best first. */
export type ApnIndex = ReadonlyMap<string, readonly ProviderApn[]>;

/** A field as the table stores it (see the format above). */
export function escapeField(s: string): string {
  return s.replace(/[^\x20-\x7e]|[%|^]/gu, (c) => encodeURIComponent(c).replace(/[|^]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`));
}

/** A malformed table text: the message names the line. */
export class ApnTableError extends Error {
  override readonly name = 'ApnTableError';
}

function unescapeField(s: string, line: number): string {
  if (!s.includes('%')) return s;
  try { return decodeURIComponent(s); } catch { throw new ApnTableError(`APN table line ${line}: bad percent-encoding`); }
}

/** Decodes table text (the format above) into an index; throws ApnTableError naming the line of a malformed record. */
export function decodeApnTable(text: string): ApnIndex {
  const index = new Map<string, ProviderApn[]>();
  if (text === '') return index;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const [ids, rawProvider, ...entries] = lines[i].split('|');
    const provider = rawProvider === undefined ? undefined : unescapeField(rawProvider, i + 1);
    if (!ids || provider === undefined || entries.length === 0) throw new ApnTableError(`APN table line ${i + 1}: expected ids|name|apn...`);
    const apns = entries.map((e): ProviderApn => {
      const [apn, auth, username, password] = e.split('^').map((f) => unescapeField(f, i + 1));
      if (!apn) throw new ApnTableError(`APN table line ${i + 1}: empty APN`);
      if (auth && auth !== 'pap' && auth !== 'chap') throw new ApnTableError(`APN table line ${i + 1}: unknown auth ${auth}`);
      const out: { -readonly [K in keyof ProviderApn]: ProviderApn[K] } = { apn, provider };
      if (auth) out.auth = auth as ApnAuth;
      if (username) out.username = username;
      if (password) out.password = password;
      return out;
    });
    for (const id of ids.split(' ')) {
      if (!/^\d{5,6}$/.test(id)) throw new ApnTableError(`APN table line ${i + 1}: bad MCC/MNC ${JSON.stringify(id)}`);
      const list = index.get(id);
      if (list) list.push(...apns); else index.set(id, [...apns]);
    }
  }
  return index;
}

/** MCC and MNC of a SIM, as digit strings (MCC 3 digits, MNC 2 or 3). */
export interface Plmn { readonly mcc: string; readonly mnc: string }

/**
 * The MCC/MNC of an IMSI (3GPP TS 23.003 §2.2: MCC 3 digits, then MNC 2 or 3). `mncLength` from
 * the SIM's EF_AD (3GPP TS 31.102 §4.2.18) when known; otherwise the table decides: the 3-digit
 * MNC when the table has it, else the 2-digit one (undefined when it has neither). Returns
 * undefined for an IMSI that is not 6–15 digits.
 */
export function plmnOfImsi(imsi: string, index: ApnIndex, mncLength?: 2 | 3): Plmn | undefined {
  if (!/^\d{6,15}$/.test(imsi)) return undefined;
  const mcc = imsi.slice(0, 3);
  if (mncLength) return { mcc, mnc: imsi.slice(3, 3 + mncLength) };
  const three = imsi.slice(3, 6);
  if (index.has(mcc + three)) return { mcc, mnc: three };
  const two = imsi.slice(3, 5);
  if (index.has(mcc + two)) return { mcc, mnc: two };
  return undefined;
}
