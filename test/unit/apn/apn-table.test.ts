// The APN table generator (scripts/apn-table-codegen.ts, with its XML reader) against a small
// serviceproviders.xml of the same shape as Debian's, the decoder (src/apn/apn-table.ts) and the
// committed generated file's header.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apnTableModule, encodeTable, readProviders } from '../../../scripts/apn-table-codegen';
import { XmlError, parseXml } from '../../../scripts/xml-lite';
import { decodeApnTable, plmnOfImsi } from '../../../src/apn/apn-table';
import { APN_TABLE_SOURCE, APN_TABLE_TEXT } from '../../../src/apn/apn-table.generated';
import { providerIndex } from '../../../src/apn/provider-index';

const FIXTURE = `<?xml version="1.0" encoding='utf-8'?>
<!DOCTYPE serviceproviders SYSTEM "serviceproviders.2.dtd">
<!-- THIS WORK IS IN PUBLIC DOMAIN -->
<serviceproviders format="2.0">
<country code="gb">
	<name>United Kingdom</name>
	<provider>
		<name>Tésco 楽天 | 100%^</name>
		<gsm>
			<network-id mcc="234" mnc="10"/>
			<apn value="prepay.tesco-mobile.com">
				<usage type="internet"/>
				<username>tescowap</username>
				<password>password</password>
			</apn>
		</gsm>
	</provider>
	<provider primary="true">
		<name>O2 &amp; Friends</name>
		<gsm>
			<network-id mcc="234" mnc="10"/>
			<network-id mcc="234" mnc="11"/><!-- mnc="0111" in some list -->
			<apn value="wap.o2.co.uk">
				<usage type="wap"/>
			</apn>
			<apn value="mobile.o2.co.uk">
				<plan type="postpaid"/>
				<usage type="internet"/>
				<name>Contract</name>
				<username>o2web</username>
				<password>password</password>
				<authentication method="pap"/>
				<dns>193.113.200.200</dns>
			</apn>
			<apn value=" payandgo.o2.co.uk ">
				<plan type="prepaid"/>
				<authentication method="chap"/>
			</apn>
			<apn value="http://172.18.83.129"><usage type="internet"/></apn>
		</gsm>
	</provider>
	<provider>
		<name>CDMA only</name>
		<cdma><sid value="1"/></cdma>
	</provider>
	<provider>
		<name>MMS only</name>
		<gsm><network-id mcc="234" mnc="99"/><apn value="mms"><usage type="mms"/></apn></gsm>
	</provider>
</country>
<country code="us">
	<name>United States</name>
	<provider>
		<name>T&#45;Mobile&#x20;US</name>
		<gsm>
			<network-id mcc="310" mnc="260"/>
			<apn value="fast.t-mobile.com"><usage type="mms-internet-hipri"/></apn>
		</gsm>
	</provider>
</country>
</serviceproviders>
`;

test('providers: primary first, internet APNs only (no usage = internet), invalid APN names skipped, entities decoded', () => {
  const { providers, stats } = readProviders(FIXTURE);
  assert.equal(providers.map((p) => p.name), ['O2 & Friends', 'Tésco 楽天 | 100%^', 'T-Mobile US']);
  assert.equal(providers[0].ids, ['23410', '23411']);
  assert.equal(providers[0].apns, [
    { apn: 'mobile.o2.co.uk', auth: 'pap', username: 'o2web', password: 'password' },
    { apn: 'payandgo.o2.co.uk', auth: 'chap' },
  ]);
  assert.equal(providers[2].apns, [{ apn: 'fast.t-mobile.com' }]);
  assert.is(stats.skippedApns, 1);
  assert.match(stats.skippedReasons[0], /http:\/\/172\.18\.83\.129/);
  assert.equal({ providers: stats.providers, networkIds: stats.networkIds, apns: stats.apns }, { providers: 3, networkIds: 4, apns: 4 });
});

test('encode → decode: each MCC/MNC gets its providers APNs in priority order', () => {
  const idx = decodeApnTable(encodeTable(readProviders(FIXTURE).providers));
  assert.equal(idx.get('23410')!.map((a) => `${a.provider}:${a.apn}`), ['O2 & Friends:mobile.o2.co.uk', 'O2 & Friends:payandgo.o2.co.uk', 'Tésco 楽天 | 100%^:prepay.tesco-mobile.com']);
  assert.equal(idx.get('23410')![0], { apn: 'mobile.o2.co.uk', provider: 'O2 & Friends', auth: 'pap', username: 'o2web', password: 'password' });
  assert.equal(idx.get('310260'), [{ apn: 'fast.t-mobile.com', provider: 'T-Mobile US' }]);
  assert.is(idx.has('23499'), false, 'an MMS-only provider is left out');
  assert.ok(/^[\x20-\x7e\n]*$/.test(encodeTable(readProviders(FIXTURE).providers)), 'the table text is printable ASCII');
});

test('the module header names the package, version and license; the text is a valid module body', () => {
  const { text } = apnTableModule(FIXTURE, { package: 'mobile-broadband-provider-info', version: '20230416-1', license: 'public-domain' });
  assert.match(text, /Debian package mobile-broadband-provider-info 20230416-1\n\/\/ \(license: public-domain\)/);
  const body = /APN_TABLE_TEXT = (".*");\n$/.exec(text)![1];
  assert.equal(decodeApnTable(JSON.parse(body)).get('23411')!.length, 2);
});

test('malformed XML is refused with the offset', () => {
  assert.throws(() => parseXml('<a><b></a>'), (e: unknown) => e instanceof XmlError && /does not close <b>/.test((e as Error).message));
  assert.throws(() => parseXml('<a>&nbsp;</a>'), /unknown entity/);
  assert.throws(() => parseXml('<a>'), /not closed/);
  assert.throws(() => parseXml('<a/><b/>'), /second root/);
  assert.throws(() => readProviders('<other/>'), /expected <serviceproviders>/);
});

test('the committed table names its Debian package version and decodes', () => {
  assert.is(APN_TABLE_SOURCE.package, 'mobile-broadband-provider-info');
  assert.match(APN_TABLE_SOURCE.version, /^\d{8}-\d+$/);
  assert.is(APN_TABLE_SOURCE.license, 'public-domain');
  const idx = providerIndex();
  assert.ok(idx.size > 500, `${idx.size} MCC/MNC codes`);
  assert.ok(APN_TABLE_TEXT.length < 64 * 1024, `${APN_TABLE_TEXT.length} characters`);
  assert.ok(/^[\x20-\x7e\n]*$/.test(APN_TABLE_TEXT), 'ASCII: QuickJS keeps it one byte per character');
  assert.ok(idx.get('44011')!.some((a) => a.provider === '楽天モバイル'), 'names decode');
  // Known operators of 20230416-1 (serviceproviders.xml): Vodafone DE 26202, Telekom DE 26201.
  assert.ok(idx.get('26202')!.some((a) => a.apn === 'web.vodafone.de'));
  assert.ok(idx.get('26201')!.length > 0);
});

test('plmnOfImsi: EF_AD length first, else 3-digit MNC when the table has it, else 2-digit', () => {
  const idx = decodeApnTable('310260|T|a\n23410|O|b');
  assert.equal(plmnOfImsi('310260123456789', idx), { mcc: '310', mnc: '260' });
  assert.equal(plmnOfImsi('234101234567890', idx), { mcc: '234', mnc: '10' });
  assert.equal(plmnOfImsi('234101234567890', idx, 3), { mcc: '234', mnc: '101' });
  assert.is(plmnOfImsi('999991234567890', idx), undefined);
  assert.is(plmnOfImsi('23410x', idx), undefined);
  assert.throws(() => decodeApnTable('2341|O|b'), /bad MCC\/MNC/);
  assert.throws(() => decodeApnTable('23410|O'), /line 1/);
});

test.run();
