// qmicli and mbimcli judge the simulator's subscriber data (IMSI, MSISDN, MEID, SIM files) and
// QmiModem/MbimModem read the same values back (identify, subscriber) — what `apn auto` and
// status `identity` rely on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { MbimSimulator, Scenario, startMbimSimulator, startQmiSimulator } from '../../src/sim';
import { QmiModem } from '../../src/modem/qmi-modem';
import { MbimModem } from '../../src/modem/mbim-modem';
import { mbimcli, qmicli, ok, qmiSimSuite, simInitialized } from './sim-helpers';

/** Not the defaults: a UK SIM with a 3-digit MNC length in EF_AD, a phone number and a MEID. */
const SCENARIO: Scenario = {
  identity: { imei: '359072061234560', iccid: '8944110012345678901', imsi: '234101234567890', msisdn: '+447700900123', meid: 'A1000012345678', mncLength: 3, spn: 'giffgaff' },
};

const q = qmiSimSuite(test, SCENARIO);

test('qmicli --dms-uim-get-imsi, --dms-get-msisdn, --dms-get-ids', async () => {
  assert.match(ok(await qmicli(q.port, ['--dms-uim-get-imsi']), 'imsi'), /IMSI: '234101234567890'/);
  assert.match(ok(await qmicli(q.port, ['--dms-get-msisdn']), 'msisdn'), /MSISDN: '\+447700900123'/);
  const ids = ok(await qmicli(q.port, ['--dms-get-ids']), 'ids');
  assert.match(ids, /IMEI: '359072061234560'/);
  assert.match(ids, /MEID: 'A1000012345678'/);
  assert.match(ids, /IMEI SV: '1'|IMEI SV: '01'/);
});

test('qmicli --uim-read-transparent reads EF_AD, EF_IMSI and EF_ICCID as the SIM holds them', async () => {
  const ad = ok(await qmicli(q.port, ['--uim-read-transparent=0x3F00,0x7FFF,0x6FAD']), 'EF_AD');
  assert.match(ad, /Card result:\s+SW1: '0x90'\s+SW2: '0x00'/);
  assert.match(ad, /Read result:\s+00:00:00:03/);
  const imsi = ok(await qmicli(q.port, ['--uim-read-transparent=0x3F00,0x7FFF,0x6F07']), 'EF_IMSI');
  assert.match(imsi, /Read result:\s+08:29:43:01:21:43:65:87:09/);
  const iccid = ok(await qmicli(q.port, ['--uim-read-transparent=0x3F00,0x2FE2']), 'EF_ICCID');
  assert.match(iccid, /Read result:\s+98:44:11:00:21:43:65:87:09:f1/i);
  const spn = ok(await qmicli(q.port, ['--uim-read-transparent=0x3F00,0x7FFF,0x6F46']), 'EF_SPN');
  assert.match(spn, /Read result:\s+00:67:69:66:66:67:61:66:66:ff:ff:ff:ff:ff:ff:ff:ff/i);
  const missing = await qmicli(q.port, ['--uim-read-transparent=0x3F00,0x7FFF,0x6F3E']);
  assert.is.not(missing.code, 0, 'a file the SIM lacks is refused');
});

test('QmiModem: subscriber() has ICCID, IMSI and the EF_AD MNC length; identify() the identity set', async () => {
  const m = await QmiModem.open(q.port, { sync: false });
  try {
    assert.equal(await m.subscriber(), { iccid: '8944110012345678901', imsi: '234101234567890', mncLength: 3, spn: 'giffgaff' });
    const id = await m.identify();
    assert.equal({ imsi: id.imsi, msisdn: id.msisdn, meid: id.meid, imei: id.imei, esn: id.esn }, { imsi: '234101234567890', msisdn: '+447700900123', meid: 'A1000012345678', imei: '359072061234560', esn: undefined });
  } finally { await m.close(); }
});

test('QmiModem: without DMS UIM Get IMSI the IMSI comes from EF_IMSI; without EF_AD no MNC length', async () => {
  const p2 = path.join(q.dir, 'wdm1');
  const s2 = await startQmiSimulator({ path: p2, scenario: { identity: { imsi: '310260123456789', dmsImsi: false, mncLength: 0 } } });
  const m = await QmiModem.open(p2, { sync: false });
  try {
    const sub = await m.subscriber();
    assert.is(sub.imsi, '310260123456789');
    assert.is(sub.mncLength, undefined);
  } finally { await m.close(); await s2.close(); }
});

test('mbimcli --query-subscriber-ready-status shows IMSI, ICCID and the number; MbimModem reads them', async () => {
  const p3 = path.join(q.dir, 'mbim0');
  const s3: MbimSimulator = await startMbimSimulator({ path: p3, scenario: SCENARIO });
  try {
    await simInitialized(s3.model);
    const out = ok(await mbimcli(p3, ['--query-subscriber-ready-status']), 'ready status');
    assert.match(out, /Subscriber ID: '234101234567890'/);
    assert.match(out, /SIM ICCID: '8944110012345678901'/);
    assert.match(out, /Telephone numbers: \(1\) '\+447700900123'/);
    const m = await MbimModem.open(p3, {});
    try {
      // The MNC length from EF_AD through QMI over MBIM (the simulator tunnels QMI, as Sierra/Quectel MBIM firmware does).
      assert.equal(await m.subscriber(), { iccid: '8944110012345678901', imsi: '234101234567890', mncLength: 3, spn: 'giffgaff' });
      const id = await m.identify();
      assert.is(id.msisdn, '+447700900123');
      assert.is(id.imsi, '234101234567890');
    } finally { await m.close(); }
  } finally { await s3.close(); }
});

test.run();
