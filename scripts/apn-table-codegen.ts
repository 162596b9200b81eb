// serviceproviders.xml (mobile-broadband-provider-info, format 2.0: serviceproviders.2.dtd) →
// the compact APN table module src/apn/apn-table.generated.ts (its format: src/apn/apn-table.ts).
// Pure: text in, text out; scripts/gen-apn-table.ts finds the XML and writes the file.
import { APN_TABLE_FORMAT, escapeField, type ApnAuth } from '../src/apn/apn-table';
import { childNamed, childrenNamed, parseXml, type XmlElement } from './xml-lite';

/** Where the XML came from, named in the generated file's header. */
export interface ApnTableSource {
  /** Debian package name, e.g. `mobile-broadband-provider-info`. */
  readonly package: string;
  /** Debian package version, e.g. `20230416-1`. */
  readonly version: string;
  /** The license of the data as the package's copyright file states it, e.g. `public-domain`. */
  readonly license: string;
}

/** One provider of the table: its MCC+MNC codes (5–6 digits), name and internet APNs in file order. */
export interface ProviderRecord {
  readonly ids: string[];
  readonly name: string;
  readonly primary: boolean;
  readonly apns: { apn: string; auth?: ApnAuth; username?: string; password?: string }[];
}

/** What the conversion kept and dropped (printed by the generator). */
export interface ConversionStats { providers: number; networkIds: number; apns: number; skippedApns: number; skippedReasons: string[] }

/** `usage` types that carry internet traffic (serviceproviders.2.dtd); an APN without `usage` counts as internet. */
const INTERNET_USAGE = new Set(['internet', 'mms-internet-hipri', 'mms-internet-hipri-fota']);
/** The APN syntax the daemon accepts (src/daemon/options-connection.ts APN_RE): labels of letters, digits, '-', '_'. */
const APN_OK = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * The providers of serviceproviders.xml that have at least one network-id and one internet APN,
 * primary providers (`primary="true"`, the network operator of an MCC/MNC) first, otherwise in
 * file order. APNs that are not valid APN names for the daemon (e.g. a URL) are skipped, values are
 * trimmed. Throws XmlError for a malformed file and Error when the root is not `serviceproviders`.
 */
export function readProviders(xml: string): { providers: ProviderRecord[]; stats: ConversionStats } {
  const root = parseXml(xml);
  if (root.name !== 'serviceproviders') throw new Error(`root element is <${root.name}>, expected <serviceproviders>`);
  const stats: ConversionStats = { providers: 0, networkIds: 0, apns: 0, skippedApns: 0, skippedReasons: [] };
  const out: ProviderRecord[] = [];
  for (const country of childrenNamed(root, 'country')) {
    for (const p of childrenNamed(country, 'provider')) {
      const gsm = childNamed(p, 'gsm');
      if (!gsm) continue;
      const name = clean(childNamed(p, 'name')?.text ?? '');
      const ids = [...new Set(childrenNamed(gsm, 'network-id').map((n) => `${n.attrs.mcc ?? ''}${n.attrs.mnc ?? ''}`.trim()))]
        .filter((id) => /^\d{5,6}$/.test(id));
      const apns: ProviderRecord['apns'] = [];
      for (const a of childrenNamed(gsm, 'apn')) {
        const usage = childNamed(a, 'usage')?.attrs.type;
        if (usage !== undefined && !INTERNET_USAGE.has(usage)) continue;
        const entry = apnEntry(a);
        if (typeof entry === 'string') {
          stats.skippedApns++;
          stats.skippedReasons.push(`${name}: ${entry}`);
        } else apns.push(entry);
      }
      if (ids.length === 0 || apns.length === 0) continue;
      out.push({ ids, name, primary: p.attrs.primary === 'true', apns });
      stats.providers++;
      stats.networkIds += ids.length;
      stats.apns += apns.length;
    }
  }
  // Stable: primary providers first, each group in file order.
  return { providers: [...out.filter((p) => p.primary), ...out.filter((p) => !p.primary)], stats };
}

function clean(s: string): string { return s.replace(/\s+/g, ' ').trim(); }

/** One `<apn>` as a table entry, or why it is skipped. */
function apnEntry(a: XmlElement): ProviderRecord['apns'][number] | string {
  const apn = clean(a.attrs.value ?? '');
  if (apn.length === 0 || apn.length > 100 || !APN_OK.test(apn)) return `APN ${JSON.stringify(a.attrs.value)} is not a valid APN name`;
  const method = childNamed(a, 'authentication')?.attrs.method;
  const username = clean(childNamed(a, 'username')?.text ?? '');
  const password = clean(childNamed(a, 'password')?.text ?? '');
  const out: ProviderRecord['apns'][number] = { apn };
  if (method === 'pap' || method === 'chap') out.auth = method;
  if (username) out.username = username;
  if (password) out.password = password;
  return out;
}

/** The table text (format APN_TABLE_FORMAT of src/apn/apn-table.ts) for `providers`. */
export function encodeTable(providers: readonly ProviderRecord[]): string {
  return providers.map((p) => [p.ids.join(' '), escapeField(p.name), ...p.apns.map((a) => {
    const f = [escapeField(a.apn), a.auth ?? '', escapeField(a.username ?? ''), escapeField(a.password ?? '')];
    while (f.length > 1 && f[f.length - 1] === '') f.pop();
    return f.join('^');
  })].join('|')).join('\n');
}

/** The whole generated module: header naming the source package, version and license, then the table. */
export function apnTableModule(xml: string, source: ApnTableSource): { text: string; stats: ConversionStats } {
  const { providers, stats } = readProviders(xml);
  const text = `// GENERATED by \`npm run gen:apn\` (scripts/gen-apn-table.ts): do not edit.
// Source: serviceproviders.xml of the Debian package ${source.package} ${source.version}
// (license: ${source.license}); ${stats.providers} providers, ${stats.networkIds} MCC/MNC codes, ${stats.apns} internet APNs.
// Table format ${APN_TABLE_FORMAT}: see src/apn/apn-table.ts.

/** The package the table was generated from. */
export const APN_TABLE_SOURCE = ${JSON.stringify(source)} as const;

/** The providers and their internet APNs (format: src/apn/apn-table.ts). */
export const APN_TABLE_TEXT = ${JSON.stringify(encodeTable(providers))};
`;
  return { text, stats };
}
