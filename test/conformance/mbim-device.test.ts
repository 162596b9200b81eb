// Our MbimDevice (src/mbim/device.ts over a real pty control port) against the MBIM simulator: fragments, NotOpened, indications.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { openControlPort } from '../../src/device/control-port';
import { MbimDevice } from '../../src/mbim/device';
import { MbimFunctionError } from '../../src/mbim/errors';
import { Connect, DeviceCaps, DeviceServices, MbimActivationState, MbimSubscriberReadyState, SubscriberReadyStatus } from '../../src/mbim/services/basic-connect';
import { ServiceUuid } from '../../src/mbim/uuid';
import { MbimSimulator, startMbimSimulator } from '../../src/sim';
import { waitFor } from '../../src/util/wait';
import { registered, tempDir } from './sim-helpers';

const tmp = tempDir();
let sim: MbimSimulator;
let device: MbimDevice;

test.before(async () => {
  sim = await startMbimSimulator({
    path: path.join(tmp.dir, 'wdm0'),
    scenario: {
      mbim: { maxTransfer: 64 },
      sim: { initDelayMs: 400 },
      registration: { delayMs: 0, operator: 'Swisscom', mcc: 228, mnc: 1 },
      identity: { imei: '356789012345678', revision: 'EM9191_R02.08.01.00_SAMPLE_FIRMWARE' },
    },
  });
  device = new MbimDevice(openControlPort(sim.path), { timeoutMs: 3000 });
});

test.after(async () => {
  device?.dispose();
  await sim?.close();
  tmp.cleanup();
});

/** Resolves with the next notification of `def` the device delivers (5 s timeout). */
function next<T>(subscribe: (handler: (v: T) => void) => () => void, what: string): Promise<T> {
  return waitFor<T>(what, (done) => subscribe(done), { timeoutMs: 5000 });
}

test('a command before OPEN gets FUNCTION_ERROR NotOpened', async () => {
  try {
    await device.command(DeviceCaps, 'query', {});
    assert.unreachable('answered before OPEN');
  } catch (e) {
    assert.instance(e, MbimFunctionError);
    assert.is((e as MbimFunctionError).mbimName, 'NotOpened');
  }
  assert.is(sim.stats.functionErrors, 1);
});

test('replies bigger than a 64-byte max transfer arrive fragmented and are reassembled', async () => {
  await device.open({ timeoutMs: 3000 });
  assert.is(sim.stats.maxTransfer, 64, 'the scenario caps the 4096 the host sent');
  const caps = await device.command(DeviceCaps, 'query', {});
  assert.is(caps.deviceId, '356789012345678');
  assert.is(caps.firmwareInfo, 'EM9191_R02.08.01.00_SAMPLE_FIRMWARE');
  assert.ok(sim.stats.fragmentsSent >= 3, `fragments sent: ${sim.stats.fragmentsSent}`);
  const services = await device.command(DeviceServices, 'query', {});
  assert.equal(services.deviceServices.map((s) => s.deviceServiceId), [ServiceUuid.basicConnect, ServiceUuid.qmi, ServiceUuid.sms]);
  assert.ok(services.deviceServices[0].cids.includes(Connect.cid));
});

test('Subscriber Ready Status: not initialised, then an indication when the SIM is ready', async () => {
  const indicated = next<{ readyState: number; subscriberId: string }>((h) => device.onIndication(SubscriberReadyStatus, h), 'ready indication');
  const now = await device.command(SubscriberReadyStatus, 'query', {});
  assert.is(now.readyState, MbimSubscriberReadyState.notInitialized);
  const later = await indicated;
  assert.is(later.readyState, MbimSubscriberReadyState.initialized);
  assert.is(later.subscriberId, '262011234567890');
});

test('a dropped call reaches the host as a Connect indication', async () => {
  await registered(sim.model);
  const up = await device.command(Connect, 'set', { activationCommand: 1, accessString: 'internet', ipType: 3 });
  assert.is(up.activationState, MbimActivationState.activated);
  const dropped = next<{ activationState: number; nwError: number }>((h) => device.onIndication(Connect, h), 'connect indication');
  assert.is(sim.dropCall(), 2, 'the IPv4 and the IPv6 model session');
  const ind = await dropped;
  assert.is(ind.activationState, MbimActivationState.deactivated);
  assert.is(ind.nwError, 36, '3GPP regular deactivation');
  assert.is((await device.command(Connect, 'query', { sessionId: 0 })).activationState, MbimActivationState.deactivated);
  await device.close();
  assert.is(sim.stats.closed, 1);
});

test.run();
