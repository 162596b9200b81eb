// Tests for MbimModem over an in-memory MBIM modem (test/helpers/fake-mbim.ts): open, SIM/PIN, registration, connect, events, errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MbimStatus } from '../../../src/mbim/errors';
import { basicConnect as bc } from '../../../src/mbim/services';
import { ContextType, ServiceUuid } from '../../../src/mbim/uuid';
import { MbimModem } from '../../../src/modem/mbim-modem';
import { ModemError } from '../../../src/modem/modem-errors';
import { decodeMessage } from '../../../src/mbim/message';
import { FakeMbim, opened, packet, register, rejection, subscriber, tick } from '../../helpers/fake-mbim';

test('open: OPEN, Device Caps, Device Services, then subscribes Basic Connect 2,3,9,10,11,12,15; raw IP; identify from caps + ICCID', async () => {
  const { fake, modem } = await opened();
  assert.is(modem.protocol, 'mbim');
  assert.is(modem.dataFormat, 'raw-ip');
  const sub = fake.got.find((g) => g.name === 'Device Service Subscribe List')!;
  assert.equal(sub.values.events, [{ deviceServiceId: ServiceUuid.basicConnect, cids: [2, 3, 9, 10, 11, 12, 15] }]);
  assert.not.ok(modem.hasQmi);
  assert.is(modem.qmiOverMbim(), undefined);
  assert.equal(await modem.identify(), { imei: '356789012345678', revision: 'SWI9X30C_02.33', model: 'EM7455', iccid: '89490200001234567890', imsi: '262011234567890' }, 'the IMSI from Subscriber Ready Status too');
  assert.ok(modem.roundTrips >= 4);
  await modem.close();
  assert.ok(fake.closed);
});

test('open: the QMI service listed → subscribed too, and qmiOverMbim() gives a QmiDevice', async () => {
  const { fake, modem } = await opened((f) => {
    f.handlers['Device Services query'] = () => ({ values: { maxDssSessions: 0, deviceServices: [
      { deviceServiceId: ServiceUuid.basicConnect, dssPayload: 0, maxDssInstances: 0, cids: [1] },
      { deviceServiceId: ServiceUuid.qmi, dssPayload: 0, maxDssInstances: 0, cids: [1] }] } });
  });
  const sub = fake.got.find((g) => g.name === 'Device Service Subscribe List')!;
  assert.equal(sub.values.events[1], { deviceServiceId: ServiceUuid.qmi, cids: [1] });
  assert.ok(modem.hasQmi);
  assert.ok(modem.qmiOverMbim());
  await modem.close();
});

test('open: no OPEN_DONE → DEVICE_NOT_SUPPORTED, port closed', async () => {
  const fake = new FakeMbim();
  fake.answerOpen = false;
  const e = await rejection(MbimModem.openOn(fake, { openTimeoutMs: 100 }));
  assert.instance(e, ModemError);
  assert.is(e.code, 'DEVICE_NOT_SUPPORTED');
  assert.ok(fake.closed);
});

test('open: a bad fragment in the first reply after OPEN_DONE is not DEVICE_NOT_SUPPORTED (the port speaks MBIM): NO_DEVICE, retried (issue 12 item 5)', async () => {
  const fake = new FakeMbim();
  fake.brokenFragment.add('Device Caps query');
  const e = await rejection(MbimModem.openOn(fake, { timeoutMs: 3000 }));
  assert.instance(e, ModemError);
  assert.is(e.code, 'NO_DEVICE', e.message);
  assert.not.ok(e.permanent);
  assert.ok(fake.closed);
});

test('open: a missing port → NO_DEVICE', async () => {
  const e = await rejection(MbimModem.open('/nonexistent/cdc-wdm9'));
  assert.is(e.code, 'NO_DEVICE');
});

test('simStatus: ready; not inserted; NotInitialized status → initializing; locked PIN1 with attempts; PUK', async () => {
  const { fake, modem } = await opened();
  assert.equal(await modem.simStatus(), { state: 'ready' });
  fake.handlers['Subscriber Ready Status query'] = () => ({ values: subscriber(2) });
  assert.equal(await modem.simStatus(), { state: 'absent' });
  fake.handlers['Subscriber Ready Status query'] = () => ({ status: MbimStatus.NotInitialized });
  assert.equal(await modem.simStatus(), { state: 'initializing' });
  fake.handlers['Subscriber Ready Status query'] = () => ({ values: subscriber(6) });
  fake.handlers['Pin query'] = () => ({ values: { pinType: bc.MbimPinType.pin1, pinState: 1, remainingAttempts: 3 } });
  assert.equal(await modem.simStatus(), { state: 'pin-required', pinRetries: 3 });
  fake.handlers['Pin query'] = () => ({ values: { pinType: bc.MbimPinType.puk1, pinState: 1, remainingAttempts: 10 } });
  assert.equal(await modem.simStatus(), { state: 'puk-required', pinRetries: 0, pukRetries: 10 });
  // NotInitialized with no PIN locked is a SIM still starting, not a PIN failure (mbim.sh reports PIN_FAILED here).
  fake.handlers['Subscriber Ready Status query'] = () => ({ values: subscriber(0) });
  fake.handlers['Pin query'] = () => ({ status: MbimStatus.NotInitialized });
  assert.equal(await modem.simStatus(), { state: 'initializing' });
  await modem.close();
});

test('a Subscriber Ready Status indication becomes a sim event', async () => {
  const { fake, modem, events } = await opened();
  fake.indicate(bc.SubscriberReadyStatus, subscriber(1));
  await tick(); await tick();
  assert.equal(events, [{ type: 'sim', sim: { state: 'ready' } }]);
  await modem.close();
});

test('verifyPin: sends PIN1 enter; a wrong PIN → PIN_FAILED with the attempts left; right PIN → new status', async () => {
  const { fake, modem } = await opened();
  fake.handlers['Pin set'] = () => ({ status: MbimStatus.Failure, values: { pinType: bc.MbimPinType.pin1, pinState: 1, remainingAttempts: 2 } });
  const e = await rejection(modem.verifyPin('1234'));
  assert.is(e.code, 'PIN_FAILED');
  assert.is(e.details.pinRetries, 2);
  assert.ok(e.permanent);
  const set = fake.got.find((g) => g.name === 'Pin' && g.kind === 'set')!;
  assert.equal(set.values, { pinType: bc.MbimPinType.pin1, pinOperation: 0, pin: '1234', newPin: '' });
  fake.handlers['Pin set'] = () => ({ values: { pinType: bc.MbimPinType.pin1, pinState: 0, remainingAttempts: 3 } });
  assert.equal(await modem.verifyPin('4321'), { state: 'ready' });
  await modem.close();
});

test('setOnline: radio off → Radio State set on; hardware switch off → NETWORK_REGISTRATION_FAILED', async () => {
  const { fake, modem } = await opened();
  fake.handlers['Radio State query'] = () => ({ values: { hwRadioState: 1, swRadioState: 0 } });
  await modem.setOnline();
  assert.ok(fake.names().includes('Radio State set'));
  fake.handlers['Radio State query'] = () => ({ values: { hwRadioState: 0, swRadioState: 1 } });
  assert.is((await rejection(modem.setOnline())).code, 'NETWORK_REGISTRATION_FAILED');
  await modem.close();
});

test('registration: home on LTE with MCC/MNC; detached → Packet Service attach; roaming/partner flagged', async () => {
  const { fake, modem } = await opened();
  assert.equal(await modem.registration(), { state: 'registered', roaming: false, psAttached: true, rat: 'lte', mcc: '262', mnc: '01', operator: 'Telekom.de' });
  assert.not.ok(fake.names().includes('Packet Service set'));
  fake.handlers['Packet Service query'] = () => ({ values: { ...packet, packetServiceState: 4 } });
  assert.is((await modem.registration()).psAttached, true);
  const attach = fake.got.find((g) => g.name === 'Packet Service' && g.kind === 'set')!;
  assert.equal(attach.values, { packetServiceAction: 0 });
  fake.handlers['Register State query'] = () => ({ values: register(2, { providerId: '', providerName: '' }) });
  const searching = await modem.registration();
  assert.is(searching.state, 'searching');
  assert.is(searching.mcc, undefined);
  fake.handlers['Register State query'] = () => ({ values: register(5) });
  assert.equal([(await modem.registration()).state, (await modem.registration()).roaming], ['registered', true]);
  await modem.close();
});

test('Register State / Packet Service / Signal State indications become events', async () => {
  const { fake, modem, events } = await opened();
  fake.indicate(bc.RegisterState, register(4, { availableDataClasses: bc.MbimDataClass.umts }));
  fake.indicate(bc.PacketService, { ...packet, highestAvailableDataClass: bc.MbimDataClass['5gNsa'] });
  fake.indicate(bc.SignalState, { rssi: 99, errorRate: 99, signalStrengthInterval: 0, rssiThreshold: 0, errorRateThreshold: 0 });
  await tick(); await tick();
  assert.equal(events.map((e) => e.type), ['registration', 'registration', 'signal']);
  assert.equal(events[0], { type: 'registration', registration: { state: 'registered', roaming: true, psAttached: false, rat: 'umts', mcc: '262', mnc: '01', operator: 'Telekom.de' } });
  assert.is((events[1] as { registration: { rat: string } }).registration.rat, 'nr5g');
  assert.equal(events[2], { type: 'signal', signal: { rat: 'nr5g', rssi: undefined, bars: 0 } });
  await modem.close();
});

test('signal: RSSI code 20 → −73 dBm', async () => {
  const { modem } = await opened();
  await modem.registration();
  assert.equal(await modem.signal(), { rat: 'lte', rssi: -73, bars: 4 });
  await modem.close();
});

test('connect: IPv4 first activates session 0 as IPv4v6 with APN/auth; IPv6 reuses it; settings from IP Configuration', async () => {
  const { fake, modem } = await opened();
  await modem.registration();
  const s4 = await modem.connect({ family: 4, apn: 'internet', auth: 'pap', username: 'u', password: 'p' });
  const set = fake.got.filter((g) => g.name === 'Connect' && g.kind === 'set');
  assert.is(set.length, 1);
  assert.equal(set[0]!.values, { sessionId: 0, activationCommand: 1, accessString: 'internet', userName: 'u', password: 'p', compression: 0, authProtocol: 1, ipType: 3, contextType: ContextType.internet });
  assert.equal(s4, { family: 4, handle: 0, apn: 'internet', settings: { family: 4, address: '10.64.0.2', prefix: 30, gateway: '10.64.0.1', dns: ['10.64.0.1', '10.64.0.254'], mtu: 1500 } });
  const s6 = await modem.connect({ family: 6, apn: 'internet' });
  assert.is(fake.got.filter((g) => g.name === 'Connect' && g.kind === 'set').length, 1, 'no second activation');
  assert.equal(s6.settings, { family: 6, address: '2001:db8::2', prefix: 64, gateway: '2001:db8::1', dns: ['2001:db8::53'], mtu: undefined });
  assert.ok(await modem.isConnected(6));
  // The first family out keeps the shared session; the last one deactivates it.
  await modem.disconnect(s4);
  assert.is(fake.got.filter((g) => g.name === 'Connect' && g.kind === 'set').length, 1);
  await modem.disconnect(s6);
  const last = fake.got.filter((g) => g.name === 'Connect' && g.kind === 'set').pop()!;
  assert.is(last.values.activationCommand, 0);
  assert.equal(await modem.counters(), { rxBytes: 1234, txBytes: 567, rxPackets: 10, txPackets: 5, rxErrors: 0, txErrors: 0, rxDropped: 0, txDropped: 0 });
  await modem.close();
});

test('connect: granted IPv4 only → IPv6 refused with CALL_FAILED; IPv6 first asks IPv6', async () => {
  const { fake, modem } = await opened();
  fake.handlers['Connect set'] = (r) => ({ values: { sessionId: 0, activationState: 1, voiceCallState: 0, ipType: r.ipType === 3 ? 1 : r.ipType, contextType: ContextType.internet, nwError: 0 } });
  await modem.connect({ family: 4 });
  const e = await rejection(modem.connect({ family: 6 }));
  assert.is(e.code, 'CALL_FAILED');
  await modem.close();
  const b = await opened();
  await b.modem.connect({ family: 6 });
  assert.is(b.fake.got.find((g) => g.name === 'Connect')!.values.ipType, 2);
  await b.modem.close();
});

test('connect: APN rejected → CALL_FAILED with the status and NwError names as data; no IPv4-only retry', async () => {
  const { fake, modem } = await opened();
  fake.handlers['Connect set'] = () => ({ status: MbimStatus.InvalidAccessString,
    values: { sessionId: 0, activationState: 3, voiceCallState: 0, ipType: 0, contextType: ContextType.internet, nwError: 27 } });
  const e = await rejection(modem.connect({ family: 4, apn: 'wrong' }));
  assert.is(e.code, 'CALL_FAILED');
  assert.equal(e.data, ['InvalidAccessString', 'missing-or-unknown-apn (27)']);
  assert.is(fake.got.filter((g) => g.name === 'Connect').length, 1);
  await modem.close();
});

test('connect: IPv4v6 refused for another reason → one retry as IPv4', async () => {
  const { fake, modem } = await opened();
  fake.handlers['Connect set'] = (r) => (r.ipType === 3 ? { status: MbimStatus.Failure, values: { sessionId: 0, activationState: 3, voiceCallState: 0, ipType: 0, contextType: ContextType.internet, nwError: 28 } }
    : { values: { sessionId: 0, activationState: 1, voiceCallState: 0, ipType: 1, contextType: ContextType.internet, nwError: 0 } });
  const s = await modem.connect({ family: 4 });
  assert.is(s.settings.address, '10.64.0.2');
  assert.equal(fake.got.filter((g) => g.name === 'Connect').map((g) => g.values.ipType), [3, 1]);
  await modem.close();
});

test('connect: roaming refused unless allow_roaming, partner unless allow_partner (mbim.sh)', async () => {
  const { fake, modem } = await opened();
  fake.handlers['Register State query'] = () => ({ values: register(4) });
  await modem.setRadioPreferences({ allowRoaming: false, allowPartner: false });
  await modem.registration();
  const e = await rejection(modem.connect({ family: 4 }));
  assert.equal([e.code, e.data], ['NETWORK_REGISTRATION_FAILED', ['roaming']]);
  assert.not.ok(e.permanent);
  assert.not.ok(fake.names().includes('Connect set'));
  fake.handlers['Register State query'] = () => ({ values: register(5) });
  await modem.setRadioPreferences({ allowRoaming: true, allowPartner: false });
  await modem.registration();
  assert.equal((await rejection(modem.connect({ family: 4 }))).data, ['partner']);
  await modem.setRadioPreferences({ allowRoaming: true, allowPartner: true });
  assert.ok(await modem.connect({ family: 4 }));
  await modem.close();
});

test('setRadioPreferences: plmn → Register State set manual; automatic when already so → nothing sent; error → PLMN_FAILED', async () => {
  const { fake, modem } = await opened();
  await modem.setRadioPreferences({ plmn: '' });
  assert.not.ok(fake.names().includes('Register State set'));
  await modem.setRadioPreferences({ plmn: '26202' });
  const set = fake.got.find((g) => g.name === 'Register State' && g.kind === 'set')!;
  assert.equal(set.values, { providerId: '26202', registerAction: 1, dataClass: 0 });
  fake.handlers['Register State set'] = () => ({ status: 8 }) // ProvidersNotFound;
  const e = await rejection(modem.setRadioPreferences({ plmn: '99999' }));
  assert.is(e.code, 'PLMN_FAILED');
  await modem.close();
});

test('Connect indication deactivated → session-down for each connected family; port closed → gone', async () => {
  const { fake, modem, events } = await opened();
  await modem.connect({ family: 4 });
  await modem.connect({ family: 6 });
  fake.indicate(bc.Connect, { sessionId: 0, activationState: 3, voiceCallState: 0, ipType: 3, contextType: ContextType.internet, nwError: 36 });
  await tick(); await tick();
  assert.equal(events, [
    { type: 'session-down', family: 4, reason: 'regular-deactivation (36)' },
    { type: 'session-down', family: 6, reason: 'regular-deactivation (36)' },
  ]);
  fake.close();
  assert.equal(events[2], { type: 'gone', reason: 'port closed' });
  await modem.close();
});

test('timeouts: a request with no answer → MODEM_UNRESPONSIVE; three in a row → unresponsive event', async () => {
  const { fake, modem, events } = await opened();
  const origWrite = fake.write.bind(fake);
  fake.write = (b: Uint8Array) => { const m = decodeMessage(b); if (m.type === 'command' && m.cid === bc.SignalState.cid) return Promise.resolve(); return origWrite(b); };
  for (let i = 0; i < 3; i++) assert.is((await rejection(modem.signal())).code, 'MODEM_UNRESPONSIVE');
  assert.equal(events.filter((e) => e.type === 'unresponsive').length, 1);
  await modem.close();
});

test('close: sends CLOSE, never throws, twice is harmless', async () => {
  const { fake, modem } = await opened();
  await modem.close();
  await modem.close();
  assert.ok(fake.closed);
});

test.run();
