// Our QmiDevice/QmiClient against the simulator: qmicli's operations under whole, split, coalesced and garbage delivery, plus indications.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { openControlPort } from '../../src/device/control-port';
import { QmiDevice } from '../../src/qmi/device';
import { QmiProtocolError, QmiTimeoutError, QmiTransportError } from '../../src/qmi/errors';
import { Service } from '../../src/qmi/message';
import { dms, nas, uim, wda, wds } from '../../src/qmi/services';
import { QmiSimulator, Scenario, startQmiSimulator } from '../../src/sim';
import { waitFor } from '../../src/util/wait';
import { registered, tempDir } from './sim-helpers';

const tmp = tempDir();
const open: { sim?: QmiSimulator; device?: QmiDevice }[] = [];

const BASE: Scenario = {
  identity: { manufacturer: 'Telit', model: 'LN940', revision: 'T77W676.F0.0.0.2.3', imei: '354015091234561', iccid: '89314404000123456789', imsi: '204041234567890' },
  registration: { delayMs: 0, mcc: 204, mnc: 4, operator: 'Vodafone NL', rat: 'lte', roaming: true, home: { mcc: 262, mnc: 2, operator: 'Vodafone.de' } },
  signal: { rssi: -59, rsrq: -7, rsrp: -88, snr: 15 },
  data: { ipv4: { address: '10.99.1.22', prefix: 30, gateway: '10.99.1.21', dns: ['10.99.0.1'] }, mtu: 1420 },
};

let n = 0;
async function start(scenario: Scenario): Promise<{ sim: QmiSimulator; device: QmiDevice }> {
  const sim = await startQmiSimulator({ path: path.join(tmp.dir, `wdm${n++}`), scenario });
  const device = new QmiDevice(openControlPort(sim.path), { timeoutMs: 3000 });
  open.push({ sim, device });
  return { sim, device };
}

test.after(async () => {
  for (const o of open) { o.device?.close(); await o.sim?.close(); }
  tmp.cleanup();
});

/** The operations of the qmicli list, checked against BASE. */
async function exercise(device: QmiDevice, sim: QmiSimulator): Promise<void> {
  const versions = await device.versionInfo();
  assert.ok(versions.some((v) => v.service === Service.wda));
  const d = await device.client('dms');
  assert.is((await d.request(dms.GetIds, {})).imei, '354015091234561');
  assert.is((await d.request(dms.GetManufacturer, {})).manufacturer, 'Telit');
  assert.is((await d.request(dms.GetModel, {})).model, 'LN940');
  assert.is((await d.request(dms.UimGetPinStatus, {})).pin1Status?.verifyRetriesLeft, 3);
  const u = await device.client('uim');
  const card = (await u.request(uim.GetCardStatus, {})).cardStatus!;
  assert.is(card.cards[0].applications[0].state, uim.ApplicationState.ready);
  await registered(sim.model);
  const n_ = await device.client('nas');
  const ss = await n_.request(nas.GetServingSystem, {});
  assert.is(ss.servingSystem.registrationState, nas.RegistrationState.registered);
  assert.equal(ss.currentPlmn, { mcc: 204, mnc: 4, description: 'Vodafone NL' });
  assert.is(ss.roamingIndicator, 0);
  const sig = await n_.request(nas.GetSignalStrength, { requestMask: 0xef });
  assert.equal(sig.signalStrength, { strength: -59, radioInterface: nas.RadioInterface.lte });
  assert.is(sig.lteRsrp, -88);
  assert.is(sig.lteSnr, 150);
  assert.equal((await n_.request(nas.GetHomeNetwork, {})).homeNetwork, { mcc: 262, mnc: 2, description: 'Vodafone.de' });
  const w = await device.client('wds');
  const { packetDataHandle } = await w.request(wds.StartNetwork, { apn: 'internet', ipFamilyPreference: 4 });
  assert.ok(packetDataHandle);
  assert.is((await w.request(wds.GetPacketServiceStatus, {})).connectionStatus, wds.ConnectionStatus.connected);
  const cs = await w.request(wds.GetCurrentSettings, { requestedSettings: 0xe338 });
  assert.is(cs.ipv4Address, '10.99.1.22');
  assert.is(cs.ipv4GatewayAddress, '10.99.1.21');
  assert.is(cs.ipv4GatewaySubnetMask, '255.255.255.252');
  assert.is(cs.ipv4PrimaryDnsAddress, '10.99.0.1');
  assert.is(cs.apnName, 'internet');
  assert.is(cs.mtu, 1420);
  await w.request(wds.StopNetwork, { packetDataHandle: packetDataHandle! });
  assert.is(sim.stats.stopNetworkSeen, true);
  assert.is((await w.request(wds.GetPacketServiceStatus, {})).connectionStatus, wds.ConnectionStatus.disconnected);
  const a = await device.client('wda');
  assert.is((await a.request(wda.GetDataFormat, {})).linkLayerProtocol, wda.LinkLayerProtocol.rawIp);
  for (const c of [d, u, n_, w, a]) await c.release();
  assert.equal(sim.stats.cids, {});
}

test('whole frames: every operation succeeds, one frame per write', async () => {
  const { sim, device } = await start(BASE);
  await exercise(device, sim);
  assert.is(sim.delivery.writes, sim.delivery.frames);
});

test('split frames: every operation succeeds', async () => {
  const { sim, device } = await start({ ...BASE, delivery: { mode: 'split', splitGapMs: 5 } });
  await exercise(device, sim);
  assert.is(sim.delivery.writes, 2 * sim.delivery.frames);
});

test('coalesced frames: every operation succeeds, concurrent replies share writes', async () => {
  const { sim, device } = await start({ ...BASE, delivery: { mode: 'coalesced' } });
  await exercise(device, sim);
  const d = await device.client('dms');
  const before = sim.delivery.writes;
  const [ids, man, model] = await Promise.all([d.request(dms.GetIds, {}), d.request(dms.GetManufacturer, {}), d.request(dms.GetModel, {})]);
  assert.is(ids.imei, '354015091234561');
  assert.is(man.manufacturer, 'Telit');
  assert.is(model.model, 'LN940');
  assert.ok(sim.delivery.writes - before < 3, 'three replies in fewer than three writes');
});

test('garbage bytes between frames: every operation succeeds', async () => {
  const { sim, device } = await start({ ...BASE, garbage: { everyNthFrame: 2, bytes: 'deadbeef00ff' } });
  let skipped = 0;
  device.on('garbage', () => { skipped++; });
  await exercise(device, sim);
  assert.ok(sim.delivery.garbageWrites > 3);
  assert.ok(skipped > 0, 'the client saw and skipped the garbage');
});

test('Packet Service Status indication arrives when the network drops the call', async () => {
  const { sim, device } = await start(BASE);
  await registered(sim.model);
  const w = await device.client('wds');
  const got = waitFor<{ status: number; reason?: number; verbose?: { type: number; reason: number } }>('packet service status', (done) => w.onIndication(wds.GetPacketServiceStatus, (v) => {
    if (v.connectionStatus.status === wds.ConnectionStatus.disconnected) done({ status: v.connectionStatus.status, reason: v.callEndReason, verbose: v.verboseCallEndReason });
  }), { timeoutMs: 3000 });
  await w.request(wds.StartNetwork, { apn: 'internet' });
  assert.is(sim.dropCall(), 1);
  const ind = await got;
  assert.is(ind.reason, 1003);
  assert.equal(ind.verbose, { type: 6, reason: 36 });
  assert.is((await w.request(wds.GetPacketServiceStatus, {})).connectionStatus, wds.ConnectionStatus.disconnected);
});

test('dropAfterMs: the session ends by itself with an indication', async () => {
  const { sim, device } = await start({ ...BASE, data: { dropAfterMs: 50 } });
  await registered(sim.model);
  const w = await device.client('wds');
  const got = waitFor<number>('drop', (done) => w.onIndication(wds.GetPacketServiceStatus, (v) => {
    if (v.connectionStatus.status === wds.ConnectionStatus.disconnected) done(v.callEndReason ?? -1);
  }), { timeoutMs: 3000 });
  await w.request(wds.StartNetwork, { apn: 'internet' });
  assert.is(await got, 1003);
});

test('Serving System indication arrives when registration completes', async () => {
  const { sim, device } = await start({ ...BASE, registration: { ...BASE.registration, delayMs: 150 } });
  const nc = await device.client('nas');
  assert.is((await nc.request(nas.GetServingSystem, {})).servingSystem.registrationState, nas.RegistrationState.searching);
  const ind = await waitFor<{ state: number; mcc?: number }>('serving system', (done) => nc.onIndication(nas.GetServingSystem, (v) => {
    if (v.servingSystem.registrationState === nas.RegistrationState.registered) done({ state: v.servingSystem.registrationState, mcc: v.currentPlmn?.mcc });
  }), { timeoutMs: 3000 });
  assert.equal(ind, { state: nas.RegistrationState.registered, mcc: 204 });
  assert.is(sim.model.registration.state, 'registered');
});

test('IPv6 session after Set IP Family 6: Get Current Settings reports the IPv6 settings', async () => {
  const { sim, device } = await start(BASE);
  await registered(sim.model);
  const w = await device.client('wds');
  await w.request(wds.SetIpFamily, { preference: 6 });
  await w.request(wds.StartNetwork, { apn: 'internet' });
  const cs = await w.request(wds.GetCurrentSettings, { requestedSettings: 0xa310 });
  assert.is(cs.ipFamily, 6);
  assert.equal(cs.ipv6Address, { address: '2a01:598:a1:b2c3::1', prefixLength: 64 });
  assert.equal(cs.ipv6GatewayAddress, { address: '2a01:598:a1:b2c3::2', prefixLength: 64 });
  assert.is(cs.ipv6PrimaryDnsAddress, '2a01:598:7ff:0:10:74:210:221');
  assert.is(cs.ipv4Address, undefined);
  const stats = await w.request(wds.GetPacketStatistics, { mask: 0xc3 });
  assert.ok((stats.rxBytesOk ?? 0n) > 0n);
});

test('PUK: three wrong PINs need the PUK; DMS UIM Unblock PIN sets a new PIN', async () => {
  const { sim, device } = await start({ ...BASE, sim: { state: 'pin', pin: '1357', puk: '87654321', pinRetries: 3 } });
  const d = await device.client('dms');
  for (const left of [2, 1, 0]) {
    const e = await d.request(dms.UimVerifyPin, { info: { pinId: 1, pin: '0000' } }).then(() => undefined, (x: unknown) => x as QmiProtocolError);
    assert.is(e?.qmiName, 'IncorrectPin');
    assert.is((e?.response.pinRetriesStatus as { verifyRetriesLeft: number }).verifyRetriesLeft, left);
  }
  assert.is((await d.request(dms.UimGetPinStatus, {})).pin1Status?.status, dms.DmsPinStatus.blocked);
  const blocked = await d.request(dms.UimVerifyPin, { info: { pinId: 1, pin: '1357' } }).then(() => undefined, (x: unknown) => x as QmiProtocolError);
  assert.is(blocked?.qmiName, 'PinBlocked');
  await d.request(dms.UimUnblockPin, { info: { pinId: 1, puk: '87654321', newPin: '2222' } });
  assert.is(sim.model.sim.state, 'ready');
  await registered(sim.model);
});

test('rejected APN: CallFailed with the scenario call-end reasons', async () => {
  const { sim, device } = await start({ ...BASE, data: { rejectApns: { 'bad.apn': { reason: 1011, verboseType: 6, verboseReason: 27 } } } });
  await registered(sim.model);
  const w = await device.client('wds');
  const err = await w.request(wds.StartNetwork, { apn: 'bad.apn' }).then(() => undefined, (e: unknown) => e);
  assert.instance(err, QmiProtocolError);
  const e = err as QmiProtocolError;
  assert.is(e.qmiName, 'CallFailed');
  assert.is(e.response.callEndReason, 1011);
  assert.equal(e.response.verboseCallEndReason, { type: 6, reason: 27 });
});

test('PIN: wrong PIN costs a retry, the right one readies the SIM and a Card Status indication follows', async () => {
  const { sim, device } = await start({ ...BASE, sim: { state: 'pin', pin: '2468', pinRetries: 3 } });
  const u = await device.client('uim');
  await u.request(uim.RegisterEvents, { eventMask: 1 });
  const session = { sessionType: 6, applicationIdentifier: [] };
  const wrong = await u.request(uim.VerifyPin, { session, info: { pinId: 1, pin: '0000' } }).then(() => undefined, (e: unknown) => e as QmiProtocolError);
  assert.is(wrong?.qmiName, 'IncorrectPin');
  assert.equal(wrong?.response.retriesRemaining, { verifyRetriesLeft: 2, unblockRetriesLeft: 10 });
  const ready = waitFor<void>('card ready', (done) => u.onIndication(uim.CardStatus, (v) => {
    if (v.cardStatus?.cards[0].applications[0].state === uim.ApplicationState.ready) done();
  }), { timeoutMs: 3000 });
  await u.request(uim.VerifyPin, { session, info: { pinId: 1, pin: '2468' } });
  await ready;
  await registered(sim.model);
});

test('unresponsive modem: requests time out; then unplug: the port closes', async () => {
  const { sim, device } = await start(BASE);
  const d = await device.client('dms');
  sim.setUnresponsive(true);
  const t = await d.request(dms.GetModel, {}, { timeoutMs: 200 }).then(() => undefined, (e: unknown) => e);
  assert.instance(t, QmiTimeoutError);
  assert.is(sim.stats.dropped, 1);
  sim.setUnresponsive(false);
  assert.is((await d.request(dms.GetModel, {})).model, 'LN940');
  const closed = waitFor<void>('port close', (done) => { device.once('close', () => done()); }, { timeoutMs: 3000 });
  const pending = d.request(dms.GetIds, {}, { timeoutMs: 3000 }).then(() => undefined, (e: unknown) => e);
  sim.setUnresponsive(true);
  await sim.unplug();
  await closed;
  assert.instance(await pending, QmiTransportError);
});

test('unknown message: InvalidQmiCommand; unknown CID release: InvalidClientId', async () => {
  const { device } = await start(BASE);
  const bogus = { ...dms.GetModel, id: 0x5555, name: 'Bogus' };
  const d = await device.client('dms');
  const e1 = await d.request(bogus, {}).then(() => undefined, (e: unknown) => e as QmiProtocolError);
  assert.is(e1?.code, 71);
  const e2 = await device.releaseCid('wds', 99).then(() => undefined, (e: unknown) => e as QmiProtocolError);
  assert.is(e2?.code, 7);
});

test.run();
