// mbimcli (libmbim-utils, direct mode) judges the MBIM simulator: every command succeeds and prints the scenario's values.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { MbimSimulator, Scenario, startMbimSimulator } from '../../src/sim';
import { mbimcli, registered, runTool, simInitialized, tempDir, ok } from './sim-helpers';

/**
 * Deliberately not the defaults, so hard-coded answers fail: a Swiss operator, a PIN-locked SIM
 * that is still initialising at start, a network without IPv6, MTU 1430.
 */
const SCENARIO: Scenario = {
  identity: { manufacturer: 'Sierra Wireless, Incorporated', model: 'EM7455', revision: 'SWI9X30C_02.33.03.00', imei: '359072061234560', iccid: '89410300001234567891', imsi: '228031234567890' },
  sim: { state: 'pin', pin: '4321', pinRetries: 2, pukRetries: 9, initDelayMs: 1500 },
  registration: { delayMs: 50, mcc: 228, mnc: 3, operator: 'Salt', rat: 'lte' },
  signal: { rssi: -71, rsrq: -11, rsrp: -103, snr: 8.6 },
  data: {
    ipv4: { address: '100.72.13.6', prefix: 29, gateway: '100.72.13.1', dns: ['100.64.0.53', '100.64.0.54'] }, ipv6: null, mtu: 1430,
    rejectApns: { 'blocked.example': { reason: 1011, verboseType: 6, verboseReason: 27 } },
  },
};

const tmp = tempDir();
let sim: MbimSimulator;
let port: string;

test.before(async () => {
  port = path.join(tmp.dir, 'wdm0');
  sim = await startMbimSimulator({ path: port, scenario: SCENARIO });
});

test.after(async () => {
  await sim?.close();
  tmp.cleanup();
});

test('--query-subscriber-ready-status: not initialised, then device locked with the ICCID', async () => {
  const early = ok(await mbimcli(port, ['--query-subscriber-ready-status']), 'ready status');
  assert.match(early, /Ready state: 'not-initialized'/);
  await simInitialized(sim.model);
  const out = ok(await mbimcli(port, ['--query-subscriber-ready-status']), 'ready status');
  assert.match(out, /Ready state: 'device-locked'/);
  assert.match(out, /SIM ICCID: '89410300001234567891'/);
});

test('--query-device-caps shows the identity', async () => {
  const out = ok(await mbimcli(port, ['--query-device-caps']), 'device caps');
  assert.match(out, /Device ID: '359072061234560'/);
  assert.match(out, /Firmware info: 'SWI9X30C_02.33.03.00'/);
  assert.match(out, /Hardware info: 'EM7455'/);
  assert.match(out, /Data class: '[^']*lte'/);
});

test('--query-pin-state, a wrong and the right --enter-pin; the modem then registers', async () => {
  const pin = ok(await mbimcli(port, ['--query-pin-state']), 'pin state');
  assert.match(pin, /PIN state: 'locked'/);
  assert.match(pin, /PIN type: 'pin1'/);
  assert.match(pin, /Remaining attempts: '2'/);
  const wrong = await mbimcli(port, ['--enter-pin=1111']);
  assert.is.not(wrong.code, 0);
  assert.match(wrong.stderr, /Failure/);
  assert.is(sim.model.sim.pinRetries, 1);
  const right = ok(await mbimcli(port, ['--enter-pin=4321']), 'enter pin');
  assert.match(right, /PIN state: 'unlocked'/);
  await registered(sim.model);
  const ready = ok(await mbimcli(port, ['--query-subscriber-ready-status']), 'ready status');
  assert.match(ready, /Ready state: 'initialized'/);
  assert.match(ready, /Subscriber ID: '228031234567890'/);
});

test('--query-radio-state and --query-registration-state', async () => {
  const radio = ok(await mbimcli(port, ['--query-radio-state']), 'radio');
  assert.match(radio, /Software radio state: 'on'/);
  const reg = ok(await mbimcli(port, ['--query-registration-state']), 'registration');
  assert.match(reg, /Register state: 'home'/);
  assert.match(reg, /Provider ID: '22803'/);
  assert.match(reg, /Provider name: 'Salt'/);
  assert.match(reg, /Available data classes: 'lte'/);
});

test('--attach-packet-service, --connect (then IP Configuration), --query-signal-state', async () => {
  const attach = ok(await mbimcli(port, ['--attach-packet-service']), 'attach');
  assert.match(attach, /Packet service state: 'attached'/);
  const conn = ok(await mbimcli(port, ['--connect=access-string=internet,ip-type=ipv4v6']), 'connect');
  assert.match(conn, /Activation state: 'activated'/);
  assert.match(conn, /IP type: 'ipv4'/, 'the network offers no IPv6');
  assert.match(conn, /Network error: 'pdp-type-ipv4-only-allowed'/);
  assert.match(conn, /IP \[0\]: '100\.72\.13\.6\/29'/);
  assert.match(conn, /Gateway: '100\.72\.13\.1'/);
  assert.match(conn, /DNS \[0\]: '100\.64\.0\.53'/);
  assert.match(conn, /DNS \[1\]: '100\.64\.0\.54'/);
  assert.match(conn, /MTU: '1430'/);
  assert.not.match(conn, /IPv6 configuration available: 'address/);
  assert.is(sim.stats.connectSeen, true);
  assert.is(sim.model.listSessions()[0]?.apn, 'internet');
  const sig = ok(await mbimcli(port, ['--query-signal-state']), 'signal');
  assert.match(sig, /RSSI \[0-31,99\]: '21'/, '-71 dBm = -113 + 2·21');
});

test('--query-packet-statistics counts the session; --disconnect ends it', async () => {
  const stats = ok(await mbimcli(port, ['--query-packet-statistics']), 'stats');
  const inOctets = Number(/Octets \(in\): '(\d+)'/.exec(stats)?.[1]);
  const outPackets = Number(/Packets \(out\): '(\d+)'/.exec(stats)?.[1]);
  assert.ok(inOctets > 0 && outPackets > 0, stats);
  const off = ok(await mbimcli(port, ['--disconnect']), 'disconnect');
  assert.match(off, /Activation state: 'deactivated'/);
  assert.is(sim.stats.disconnectSeen, true);
  assert.is(sim.model.listSessions().length, 0);
  const again = await mbimcli(port, ['--disconnect']);
  assert.is.not(again.code, 0);
  assert.match(again.stderr, /ContextNotActivated/);
});

test('--connect to an APN the network rejects fails with InvalidAccessString', async () => {
  const r = await mbimcli(port, ['--connect=access-string=blocked.example,ip-type=ipv4']);
  assert.is.not(r.code, 0);
  assert.match(r.stderr, /InvalidAccessString/);
  assert.is(sim.model.listSessions().length, 0);
});

test('qmicli --device-open-mbim --dms-get-ids goes through QMI over MBIM', async () => {
  const r = await runTool('qmicli', ['-d', port, '--device-open-mbim', '--dms-get-ids'], 15_000);
  assert.is(r.code, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /IMEI: '359072061234560'/);
  assert.is(sim.stats.requests['Device Service Subscribe List'], 1);
  assert.ok((sim.stats.requests['QMI msg'] ?? 0) >= 3, 'Allocate CID, Get IDs, Release CID');
  assert.is(sim.stats.qmi.requests['dms Get IDs'], 1);
  assert.equal(sim.stats.qmi.cids, {}, 'the CID was released through the tunnel');
});

test('every run opened and closed the function', () => {
  assert.ok(sim.stats.opened >= 12);
  assert.is(sim.stats.closed, sim.stats.opened);
  assert.is(sim.stats.functionErrors, 0);
});

test.run();
