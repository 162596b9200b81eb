// qmicli (libqmi-utils) judges the simulator: every command succeeds and prints the scenario's values.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Scenario, startQmiSimulator } from '../../src/sim';
import { qmicli, qmiSimSuite, registered, ok } from './sim-helpers';

/** Deliberately not the defaults, so hard-coded values fail: a Swiss operator, PIN-locked SIM, 802.3. */
const SCENARIO: Scenario = {
  identity: { manufacturer: 'Sierra Wireless, Incorporated', model: 'EM7455', revision: 'SWI9X30C_02.33.03.00', imei: '359072061234560', iccid: '89410300001234567891', imsi: '228031234567890' },
  sim: { state: 'pin', pin: '4321', pinRetries: 2, pukRetries: 9 },
  registration: { delayMs: 50, mcc: 228, mnc: 3, operator: 'Salt', rat: 'lte', roaming: false },
  signal: { rssi: -71, rsrq: -11, rsrp: -103, snr: 8.6 },
  data: { ipv4: { address: '100.72.13.6', prefix: 29, gateway: '100.72.13.1', dns: ['100.64.0.53', '100.64.0.54'] }, mtu: 1430 },
  dataFormat: '802.3',
};

const q = qmiSimSuite(test, SCENARIO);

test('--get-service-version-info lists the services', async () => {
  const out = ok(await qmicli(q.port, ['--get-service-version-info']), 'version info');
  for (const s of ['ctl (1.5)', 'wds (1.67)', 'dms (1.14)', 'nas (1.25)', 'uim (1.46)', 'wda (1.16)']) assert.ok(out.includes(s), `${s} in ${out}`);
});

test('--dms-get-ids, --dms-get-manufacturer, --dms-get-model show the identity', async () => {
  assert.match(ok(await qmicli(q.port, ['--dms-get-ids']), 'ids'), /IMEI: '359072061234560'/);
  assert.match(ok(await qmicli(q.port, ['--dms-get-manufacturer']), 'manufacturer'), /Manufacturer: 'Sierra Wireless, Incorporated'/);
  assert.match(ok(await qmicli(q.port, ['--dms-get-model']), 'model'), /Model: 'EM7455'/);
});

test('--dms-uim-get-pin-status and --uim-get-card-status show the locked SIM and its retries', async () => {
  const pin = ok(await qmicli(q.port, ['--dms-uim-get-pin-status']), 'pin status');
  assert.match(pin, /PIN1:\s+Status: enabled-not-verified\s+Verify: 2\s+Unblock: 9/);
  const card = ok(await qmicli(q.port, ['--uim-get-card-status']), 'card status');
  assert.match(card, /Card state: 'present'/);
  assert.match(card, /Application state: 'pin1-or-upin-pin-required'/);
  assert.match(card, /PIN1 retries: '2'/);
  assert.match(card, /PUK1 retries: '9'/);
});

test('--uim-verify-pin unlocks the SIM; the modem then registers', async () => {
  const wrong = await qmicli(q.port, ['--uim-verify-pin=PIN1,1111']);
  assert.is.not(wrong.code, 0);
  assert.match(wrong.stderr + wrong.stdout, /IncorrectPin/);
  assert.match(wrong.stdout + wrong.stderr, /Verify: 1/);
  ok(await qmicli(q.port, ['--uim-verify-pin=PIN1,4321']), 'verify pin');
  await registered(q.sim.model);
  const card = ok(await qmicli(q.port, ['--uim-get-card-status']), 'card status');
  assert.match(card, /Application state: 'ready'/);
  assert.match(card, /PIN1 state: 'enabled-verified'/);
});

test('--nas-get-serving-system shows the operator', async () => {
  const out = ok(await qmicli(q.port, ['--nas-get-serving-system']), 'serving system');
  assert.match(out, /Registration state: 'registered'/);
  assert.match(out, /PS: 'attached'/);
  assert.match(out, /\[0\]: 'lte'/);
  assert.match(out, /MCC: '228'\s+MNC: '3'\s+Description: 'Salt'/);
  assert.match(out, /Roaming status: 'off'/);
});

test('--nas-get-signal-strength and --nas-get-home-network', async () => {
  const sig = ok(await qmicli(q.port, ['--nas-get-signal-strength']), 'signal');
  assert.match(sig, /Network 'lte': '-71 dBm'/);
  assert.match(sig, /RSRQ:\s+Network 'lte': '-11 dB'/);
  assert.match(sig, /SNR:\s+Network 'lte': '8.6 dB'/);
  assert.match(sig, /RSRP:\s+Network 'lte': '-103 dBm'/);
  const home = ok(await qmicli(q.port, ['--nas-get-home-network']), 'home network');
  assert.match(home, /MCC: '228'\s+MNC: '3'\s+Description: 'Salt'/);
});

test('--wds-start-network, then status, settings and stop on that CID', async () => {
  const start = ok(await qmicli(q.port, ['--wds-start-network=apn=internet,ip-type=4', '--client-no-release-cid']), 'start');
  const handle = /Packet data handle: '(\d+)'/.exec(start)?.[1];
  const cid = /CID: '(\d+)'/.exec(start)?.[1];
  assert.ok(handle && cid, start);
  const session = q.sim.model.listSessions()[0];
  assert.is(String(session.handle), handle);
  assert.is(session.apn, 'internet');

  const status = ok(await qmicli(q.port, ['--wds-get-packet-service-status', `--client-cid=${cid}`, '--client-no-release-cid']), 'status');
  assert.match(status, /Connection status: 'connected'/);

  const settings = ok(await qmicli(q.port, ['--wds-get-current-settings', `--client-cid=${cid}`, '--client-no-release-cid']), 'settings');
  assert.match(settings, /IPv4 address: 100\.72\.13\.6/);
  assert.match(settings, /IPv4 subnet mask: 255\.255\.255\.248/);
  assert.match(settings, /IPv4 gateway address: 100\.72\.13\.1/);
  assert.match(settings, /IPv4 primary DNS: 100\.64\.0\.53/);
  assert.match(settings, /IPv4 secondary DNS: 100\.64\.0\.54/);
  assert.match(settings, /MTU: 1430/);

  assert.is(q.sim.stats.stopNetworkSeen, false);
  ok(await qmicli(q.port, [`--wds-stop-network=${handle}`, `--client-cid=${cid}`]), 'stop');
  assert.is(q.sim.stats.stopNetworkSeen, true);
  assert.is(q.sim.model.listSessions().length, 0);
  assert.is(q.sim.stats.cids.wds, undefined, 'the stop run released the CID');
});

test('--wds-start-network with a rejected APN fails with the call-end reason', async () => {
  await q.sim.close();
  q.sim = await startQmiSimulator({ path: q.port, scenario: { ...SCENARIO, sim: { state: 'ready' }, registration: { delayMs: 0 }, data: { rejectApns: { 'blocked.example': { reason: 1011, verboseType: 6, verboseReason: 27 } } } } });
  await registered(q.sim.model);
  const r = await qmicli(q.port, ['--wds-start-network=apn=blocked.example,ip-type=4']);
  assert.is.not(r.code, 0);
  assert.match(r.stderr + r.stdout, /CallFailed/);
  assert.match(r.stderr, /call end reason \(1011\)/);
  assert.match(r.stderr, /verbose call end reason \(6,27\): \[3gpp\] unknown-apn/);
});

test('--wda-get-data-format shows the scenario format', async () => {
  const out = ok(await qmicli(q.port, ['--wda-get-data-format']), 'data format');
  assert.match(out, /Link layer protocol: '802-3'/);
});

test('CIDs are released after each plain run', () => {
  assert.equal(q.sim.stats.cids, {});
  assert.ok(q.sim.stats.roundTrips >= 6);
});

test.run();
