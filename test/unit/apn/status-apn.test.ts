// Status of the APN choice and the subscriber identity (src/daemon/status.ts): ubus reply and text.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatStatus, statusReply } from '../../../src/daemon/status';
import type { SessionSnapshot } from '../../../src/session/session-types';

const NOW = 1_700_000_100_000;
const SNAP: SessionSnapshot = {
  interface: 'wdm0', device: '/dev/cdc-wdm0', protocol: 'qmi', state: 'connected', since: NOW - 1000, reason: 'connected', reconnects: 0,
  modem: { manufacturer: 'Quectel', model: 'EC25', imei: '867962041234567', iccid: '8941010000123456789', imsi: '228011234567890', msisdn: '+41790000001', imeisv: '01', meid: 'A1000012345678' },
  apn: 'gprs.swisscom.ch',
  apnChoice: { apn: 'gprs.swisscom.ch', source: 'auto:22801', provider: 'Swisscom' },
};

test('statusReply: identity holds the subscriber ids, modem only the device; apn_choice says the rule', () => {
  const r = statusReply(SNAP, NOW);
  assert.equal(r.modem, { manufacturer: 'Quectel', model: 'EC25', imei: '867962041234567', iccid: '8941010000123456789' });
  assert.equal(r.identity, { imei: '867962041234567', imeisv: '01', meid: 'A1000012345678', iccid: '8941010000123456789', imsi: '228011234567890', msisdn: '+41790000001' });
  assert.equal(r.apn_choice, { value: 'gprs.swisscom.ch', source: 'auto:22801', provider: 'Swisscom' });
  assert.is(r.apn, 'gprs.swisscom.ch', 'apn stays a string (contract)');
  const bare = statusReply({ ...SNAP, modem: undefined, apnChoice: undefined }, NOW);
  assert.is(bare.identity, undefined);
  assert.is(bare.apn_choice, undefined);
});

test('formatStatus: the identity line and the APN with its rule', () => {
  const text = formatStatus(statusReply(SNAP, NOW));
  assert.match(text, /IMSI: 228011234567890\n.*MSISDN: \+41790000001/);
  assert.match(text, /IMEISV: 01\n.*MEID: A1000012345678/);
  assert.match(text, /APN: gprs\.swisscom\.ch \(auto:22801, Swisscom\)/);
});

test.run();
