// The MBIM side of the simulator without a pty, on fake time: status codes, fragments both ways, subscriptions, SIM initialisation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeCommandBuffer, decodeResponse, decodeNotification, CidDef, KindsOf, InputOf } from '../../src/mbim/cid';
import { FragmentCollector } from '../../src/mbim/fragment';
import { MbimMessage, decodeMessage, encodeMessage, splitFragments } from '../../src/mbim/message';
import {
  Connect, DeviceCaps, DeviceServiceSubscribeList, HomeProvider, IpConfiguration, PacketService, Pin, RegisterState, SubscriberReadyStatus,
} from '../../src/mbim/services/basic-connect';
import { MbimStatus } from '../../src/mbim/errors';
import { ServiceUuid } from '../../src/mbim/uuid';
import { MbimResponder } from '../../src/sim/mbim/responder';
import { ModemModel } from '../../src/sim/model';
import { Scenario, ScenarioError, resolveScenario } from '../../src/sim/scenario';
import { FakeClock } from '../helpers/fake-clock';

/** A responder on fake time whose output is reassembled into whole messages. */
function rig(s: Scenario) {
  const clock = new FakeClock();
  const scenario = resolveScenario(s);
  const model = new ModemModel(scenario, clock);
  const out: MbimMessage[] = [];
  const wire: Uint8Array[] = [];
  const collector = new FragmentCollector();
  const responder = new MbimResponder({
    model, scenario, clock,
    send: (b) => { wire.push(b); const r = collector.push(b, 0); if (r.message) out.push(decodeMessage(r.message)); },
  });
  let tid = 0;
  const send = (m: MbimMessage, maxTransfer = 4096) => { for (const f of splitFragments(encodeMessage(m), maxTransfer)) responder.feed(f); };
  const open = (maxControlTransfer = 4096) => send({ type: 'open', tid: ++tid, maxControlTransfer });
  function command<D extends CidDef, K extends KindsOf<D>>(def: D, kind: K, values: InputOf<D, K>, maxTransfer?: number) {
    const t = ++tid;
    send({ type: 'command', tid: t, service: def.service, cid: def.cid, commandType: kind as 'query' | 'set', buffer: encodeCommandBuffer(def, kind, values) }, maxTransfer);
    const done = out.find((m) => m.type === 'command-done' && m.tid === t) as Extract<MbimMessage, { type: 'command-done' }> | undefined;
    assert.ok(done, `COMMAND_DONE for ${def.name}`);
    return done!;
  }
  return { clock, model, responder, out, wire, open, command, send };
}

test('scenario: mbim.maxTransfer and sim.initDelayMs are validated', () => {
  assert.is(resolveScenario({}).mbim.maxTransfer, undefined);
  assert.is(resolveScenario({ mbim: { maxTransfer: 64 } }).mbim.maxTransfer, 64);
  assert.throws(() => resolveScenario({ mbim: { maxTransfer: 20 } }), (e: Error) => e instanceof ScenarioError && e.key === 'mbim.maxTransfer');
  assert.throws(() => resolveScenario({ mbim: { max: 1 } }), (e: Error) => e instanceof ScenarioError && e.key === 'mbim.max');
  assert.throws(() => resolveScenario({ sim: { initDelayMs: -1 } }), (e: Error) => e instanceof ScenarioError && e.key === 'sim.initDelayMs');
});

test('COMMAND before OPEN → FUNCTION_ERROR NotOpened; OPEN → OPEN_DONE; CLOSE → CLOSE_DONE', () => {
  const r = rig({});
  r.send({ type: 'command', tid: 7, service: DeviceCaps.service, cid: 1, commandType: 'query', buffer: Buffer.alloc(0) });
  assert.equal(r.out.pop(), { type: 'function-error', tid: 7, error: 5 });
  r.open();
  assert.equal(r.out.pop(), { type: 'open-done', tid: 1, status: 0 });
  r.send({ type: 'close', tid: 9 });
  assert.equal(r.out.pop(), { type: 'close-done', tid: 9, status: 0 });
  assert.is(r.responder.stats.opened, 1);
  assert.is(r.responder.stats.closed, 1);
});

test('status codes: PinRequired, NotRegistered, ContextNotActivated, NoDeviceSupport, SimNotInserted', async () => {
  const r = rig({ sim: { state: 'pin', pin: '4321', pinRetries: 3 }, registration: { delayMs: 100 } });
  r.open();
  assert.is(r.command(HomeProvider, 'query', {}).status, MbimStatus.PinRequired);
  assert.is(r.command(Connect, 'set', { activationCommand: 1, accessString: 'internet' }).status, MbimStatus.PinRequired);
  const wrong = r.command(Pin, 'set', { pinType: 2, pinOperation: 0, pin: '0000' });
  assert.is(wrong.status, MbimStatus.Failure);
  assert.is(decodeResponse(Pin, wrong.buffer).remainingAttempts, 2);
  assert.is(r.command(Pin, 'set', { pinType: 2, pinOperation: 0, pin: '4321' }).status, 0);
  assert.is(r.command(Connect, 'set', { activationCommand: 1, accessString: 'internet' }).status, MbimStatus.NotRegistered);
  assert.is(r.command(IpConfiguration, 'query', { sessionId: 0 }).status, MbimStatus.ContextNotActivated);
  assert.is(r.command(Connect, 'set', { activationCommand: 0 }).status, MbimStatus.ContextNotActivated);
  const unknown = r.command({ ...DeviceCaps, cid: 17, name: 'unused' } as unknown as typeof DeviceCaps, 'query', {});
  assert.is(unknown.status, MbimStatus.NoDeviceSupport);
  const otherService = r.command({ ...DeviceCaps, service: ServiceUuid.ussd } as unknown as typeof DeviceCaps, 'query', {});
  assert.is(otherService.status, MbimStatus.NoDeviceSupport);
  await r.clock.advance(100);
  assert.is(r.command(Connect, 'set', { activationCommand: 1, accessString: 'internet' }).status, 0);
  const absent = rig({ sim: { state: 'absent' } });
  absent.open();
  assert.is(absent.command(Pin, 'query', {}).status, MbimStatus.SimNotInserted);
  assert.is(decodeResponse(SubscriberReadyStatus, absent.command(SubscriberReadyStatus, 'query', {}).buffer).readyState, 2);
});

test('fragments both ways: a 64-byte cap fragments replies, host fragments are reassembled', () => {
  const r = rig({ mbim: { maxTransfer: 64 }, identity: { revision: 'A-FIRMWARE-REVISION-LONGER-THAN-ONE-FRAGMENT' } });
  r.open(4096);
  assert.is(r.responder.stats.maxTransfer, 64);
  const before = r.wire.length;
  const caps = r.command(DeviceCaps, 'query', {});
  assert.ok(r.wire.length - before >= 3, 'several writes');
  assert.ok(r.wire.slice(before).every((b) => b.length <= 64));
  assert.is(decodeResponse(DeviceCaps, caps.buffer).firmwareInfo, 'A-FIRMWARE-REVISION-LONGER-THAN-ONE-FRAGMENT');
  const big = r.command(Connect, 'set', { activationCommand: 1, accessString: 'a.very.long.access.point.name.example' }, 64);
  assert.is(big.status, MbimStatus.NotRegistered, 'the 64-byte host fragments were reassembled and decoded');
});

test('indications: only while open, TID 0, and filtered by the subscribe list', async () => {
  const r = rig({ registration: { delayMs: 50 } });
  await r.clock.advance(50);
  assert.is(r.out.length, 0, 'nothing before OPEN');
  r.open();
  r.model.setRegistration({ state: 'searching' });
  const reg = r.out.find((m) => m.type === 'indicate-status' && m.cid === RegisterState.cid) as Extract<MbimMessage, { type: 'indicate-status' }>;
  assert.is(reg.tid, 0);
  assert.is(decodeNotification(RegisterState, reg.buffer).registerState, 2);
  assert.ok(r.out.some((m) => m.type === 'indicate-status' && m.cid === PacketService.cid));
  r.command(DeviceServiceSubscribeList, 'set', { events: [{ deviceServiceId: ServiceUuid.basicConnect, cids: [SubscriberReadyStatus.cid] }] });
  r.out.length = 0;
  r.model.setRegistration({ state: 'registered' });
  assert.equal(r.out, [], 'Register State is no longer subscribed');
});

test('SIM initialisation: not initialised, then ready with an indication; registration waits for it', async () => {
  const r = rig({ sim: { initDelayMs: 500 }, registration: { delayMs: 0 } });
  r.open();
  assert.is(decodeResponse(SubscriberReadyStatus, r.command(SubscriberReadyStatus, 'query', {}).buffer).readyState, 0);
  assert.is(r.command(Pin, 'query', {}).status, MbimStatus.NotInitialized);
  assert.is(r.model.registration.state, 'searching');
  await r.clock.advance(500);
  const ind = r.out.find((m) => m.type === 'indicate-status' && m.cid === SubscriberReadyStatus.cid) as Extract<MbimMessage, { type: 'indicate-status' }>;
  assert.is(decodeNotification(SubscriberReadyStatus, ind.buffer).readyState, 1);
  assert.is(r.model.registration.state, 'registered');
});

test('latency delays COMMAND_DONE; indications a command causes follow it', async () => {
  const r = rig({ latencyMs: 40, registration: { delayMs: 0 } });
  r.open();
  await r.clock.advance(40);
  r.out.length = 0;
  r.send({ type: 'command', tid: 50, service: PacketService.service, cid: PacketService.cid, commandType: 'set', buffer: encodeCommandBuffer(PacketService, 'set', { packetServiceAction: 1 }) });
  assert.is(r.out.length, 0);
  await r.clock.advance(40);
  assert.is(r.out[0].type, 'command-done');
  assert.is(decodeResponse(PacketService, (r.out[0] as Extract<MbimMessage, { type: 'command-done' }>).buffer).packetServiceState, 4);
});

test.run();
