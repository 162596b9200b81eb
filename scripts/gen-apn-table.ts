// `npm run gen:apn`: writes src/apn/apn-table.generated.ts from serviceproviders.xml of Debian's
// mobile-broadband-provider-info. The XML comes from (first that applies):
//   --xml FILE --version V      a file you have (V: the package version it belongs to)
//   the installed package        /usr/share/mobile-broadband-provider-info/serviceproviders.xml (version from dpkg-query)
//   apt-get download             the candidate .deb into a temp dir, unpacked with dpkg-deb -x
// `--check`: writes nothing; exits 1 when the committed file is not what this source gives.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apnTableModule, type ApnTableSource } from './apn-table-codegen';

const ROOT = join(__dirname, '..');
const OUT = 'src/apn/apn-table.generated.ts';
const PKG = 'mobile-broadband-provider-info';
const INSTALLED = `/usr/share/${PKG}/serviceproviders.xml`;

const args = process.argv.slice(2);
const opt = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };

/** The license line of a Debian copyright file (DEP-5 `License:` of `Files: *`), or `unknown`. */
function licenseOf(copyright: string): string {
  return /^Files: \*\n(?:.+\n)*?License: (.+)$/m.exec(copyright)?.[1]?.trim() ?? 'unknown';
}

function sourceXml(): { xml: string; source: ApnTableSource } {
  const file = opt('--xml');
  if (file) {
    const version = opt('--version');
    if (!version) throw new Error('--xml needs --version (the package version the file belongs to)');
    return { xml: readFileSync(file, 'utf8'), source: { package: PKG, version, license: opt('--license') ?? 'public-domain' } };
  }
  if (existsSync(INSTALLED)) {
    const version = execFileSync('dpkg-query', ['-W', '-f=${Version}', PKG], { encoding: 'utf8' }).trim();
    const copyright = readFileSync(`/usr/share/doc/${PKG}/copyright`, 'utf8');
    return { xml: readFileSync(INSTALLED, 'utf8'), source: { package: PKG, version, license: licenseOf(copyright) } };
  }
  const dir = mkdtempSync(join(tmpdir(), 'gen-apn-'));
  try {
    execFileSync('apt-get', ['download', PKG], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    const deb = readdirSync(dir).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${PKG} left no .deb in ${dir}`);
    const version = execFileSync('dpkg-deb', ['-f', join(dir, deb), 'Version'], { encoding: 'utf8' }).trim();
    execFileSync('dpkg-deb', ['-x', join(dir, deb), join(dir, 'x')]);
    const x = join(dir, 'x');
    const copyright = readFileSync(join(x, `usr/share/doc/${PKG}/copyright`), 'utf8');
    return { xml: readFileSync(join(x, `usr/share/${PKG}/serviceproviders.xml`), 'utf8'), source: { package: PKG, version, license: licenseOf(copyright) } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const { xml, source } = sourceXml();
const { text, stats } = apnTableModule(xml, source);
const current = existsSync(join(ROOT, OUT)) ? readFileSync(join(ROOT, OUT), 'utf8') : '';
if (args.includes('--check')) {
  if (current !== text) { console.error(`${OUT} is not current for ${PKG} ${source.version}: run npm run gen:apn`); process.exit(1); }
  console.log(`${OUT} is current (${PKG} ${source.version})`);
} else {
  writeFileSync(join(ROOT, OUT), text);
  console.log(`wrote ${OUT} from ${PKG} ${source.version} (${source.license}): ${stats.providers} providers, ${stats.networkIds} MCC/MNC codes, ${stats.apns} APNs, ${text.length} bytes; skipped ${stats.skippedApns} APNs`);
  for (const r of stats.skippedReasons) console.log(`  skipped: ${r}`);
}
