// Issue 10 defect 3: a netifd or ubus error during connect is reported and retried, never taken for a modem hang (no reset ladder).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DataSession, Modem } from '../../../src/modem/modem';
import { ModemError, NetifdErrorCode } from '../../../src/modem/modem-errors';
import { PinLedger } from '../../../src/session/pin-policy';
import { Session } from '../../../src/session/session';
import type { SessionConfig, SessionHooks, SessionSnapshot } from '../../../src/session/session-types';
import { UbusError, UbusStatus } from '../../../src/ubus/errors';
import { FakeClock, settle } from '../../helpers/fake-clock';
import { FakeModemFactory } from '../../helpers/fake-modem';

/** Hooks whose linkUp fails with the queued errors first (as the real netifd/ubusd answer), then succeeds. */
class FailingHooks implements SessionHooks {
  readonly log: string[] = [];
  readonly failures: Error[] = [];
  networkDevice?: string = 'wwan0';
  async linkUp(_s: DataSession[], _m: Modem): Promise<void> {
    this.log.push('up');
    const f = this.failures.shift();
    if (f) throw f;
    this.log.push('up-ok');
  }
  async linkDown(): Promise<void> { this.log.push('down'); }
  async error(code: NetifdErrorCode): Promise<void> { this.log.push(`error:${code}`); }
  async available(up: boolean): Promise<void> { this.log.push(`available:${up}`); }
  stateChanged(_s: SessionSnapshot): void { /* log only */ }
}

function rig(failures: Error[]) {
  const hooks = new FailingHooks();
  hooks.failures.push(...failures);
  const clock = new FakeClock();
  const factory = new FakeModemFactory();
  const recovered: string[] = [];
  const config: SessionConfig = { device: '/dev/cdc-wdm0', pdptype: 'ipv4', apn: 'internet', radio: {}, registrationTimeoutMs: 60_000, delayMs: 0, registrationGraceMs: 5000, reconnectMinMs: 2000, reconnectMaxMs: 30_000 };
  const session = new Session('wdm0', config, {
    openModem: factory.open, hooks, pinLedger: new PinLedger(), clock, random: () => 0.5, deviceExists: () => true,
    recover: async (action) => { recovered.push(action); }, recoveryAvailable: { modemReset: true, atReset: true },
  });
  return { session, hooks, clock, factory, recovered };
}

async function until(pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 60; i++) { if (pred()) return; await settle(1); }
  assert.unreachable(`never happened: ${what}`);
}

const NETIFD_FAILURES = () => [
  new UbusError(UbusStatus.NOT_FOUND, 'network.interface.broadband up'),
  new UbusError(UbusStatus.TIMEOUT, 'network.interface notify_proto'),
  new UbusError(UbusStatus.INVALID_ARGUMENT, 'network.interface notify_proto'),
  new UbusError(UbusStatus.CONNECTION_FAILED, 'ubus'),
];

test('netifd/ubus errors at link-up: retried with backoff, the data session kept, no reopen, no reset, status says why', async () => {
  const r = rig(NETIFD_FAILURES());
  r.session.start();
  await until(() => r.hooks.log.length === 1, 'first link-up');
  await settle();
  const snap = r.session.snapshot();
  assert.is(snap.state, 'connecting', 'not connected while netifd refuses, not reconnecting either');
  assert.is(snap.lastError?.code, 'NETIFD_ERROR');
  assert.match(snap.reason, /netifd did not take the link-up: .*Not found.*retrying in 2 s/);
  let waitMs = 2000;
  for (let i = 1; i <= 4; i++) {
    await r.clock.advance(waitMs - 1);
    assert.is(r.hooks.log.filter((l) => l === 'up').length, i, `attempt ${i + 1} waits the backoff`);
    await r.clock.advance(1);
    await until(() => r.hooks.log.filter((l) => l === 'up').length === i + 1, `attempt ${i + 1}`);
    waitMs = Math.min(30_000, waitMs * 2);
  }
  await until(() => r.session.currentState === 'connected', 'connected after netifd took it');
  const m = r.factory.latest;
  assert.is(r.factory.opens, 1, 'the modem was never reopened');
  assert.equal(r.recovered, [], 'no modem reset, no AT reset');
  assert.is(m.count('connect'), 1, 'one Start Network: the data session stayed up');
  assert.is(m.count('disconnect'), 0);
  assert.is(r.session.snapshot().lastError, undefined, 'cleared once connected');
  assert.not.ok(r.hooks.log.some((l) => l === 'error:MODEM_UNRESPONSIVE'));
  await r.session.stop();
});

test('a drop while netifd refuses link-up ends the retries: the loss is handled as a drop (same modem), never as a hang', async () => {
  const r = rig([new UbusError(UbusStatus.TIMEOUT, 'notify_proto'), new UbusError(UbusStatus.TIMEOUT, 'notify_proto')]);
  r.session.start();
  await until(() => r.hooks.log.length === 1, 'first link-up');
  await settle();
  r.factory.latest.emitSessionDown(4);
  await until(() => r.hooks.log.includes('down'), 'link down after the drop');
  await r.clock.advance(2000);
  await until(() => r.session.currentState === 'connected', 'connected again');
  assert.is(r.factory.opens, 1);
  assert.equal(r.recovered, []);
  await r.session.stop();
});

test('a non-modem failure elsewhere (a bug) is not a hang either: INTERNAL_ERROR, retried, no reset', async () => {
  const r = rig([]);
  r.hooks.failures.push(new TypeError('cannot read properties of undefined'));
  // A TypeError from linkUp is a host failure like a ubus one: retried without the ladder.
  r.session.start();
  await until(() => r.hooks.log.length === 1, 'link-up');
  await settle();
  await r.clock.advance(2000);
  await until(() => r.session.currentState === 'connected', 'connected');
  assert.equal(r.recovered, []);
  assert.is(r.factory.opens, 1);
  await r.session.stop();
});

test('the modem\'s own silence still climbs the ladder (request timeouts → MODEM_UNRESPONSIVE)', async () => {
  const r = rig([]);
  r.factory.failures.push(new ModemError('MODEM_UNRESPONSIVE', 'open: 3 requests timed out'), new ModemError('MODEM_UNRESPONSIVE', 'open: timed out'));
  r.session.start();
  await until(() => r.recovered.includes('modem-reset'), 'hang 2 → modem reset');
  await r.clock.advance(60_000);
  await until(() => r.session.currentState === 'connected', 'connected');
  assert.is(r.factory.opens, 3);
  await r.session.stop();
});

test.run();
