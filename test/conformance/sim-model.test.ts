// The simulator without a pty: scenario validation, the model's transitions on fake time, the responder's CTL rules and log hygiene.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LogLevel, createLogger, setLogLevel, setLogSink } from '../../src/log';
import { QmiFrame, QmuxReassembler, encodeFrame } from '../../src/qmi/frame';
import { MessageDef, RequestOf, Service, TlvSet, decodeResult, decodeTlvs, encodeTlvs, splitTlvs } from '../../src/qmi/message';
import { ctl, uim, wds } from '../../src/qmi/services';
import { ModemModel } from '../../src/sim/model';
import { QmiResponder } from '../../src/sim/qmi/responder';
import { ScenarioError, resolveScenario } from '../../src/sim/scenario';
import type { Clock } from '../../src/util/wait';

/** Timers that run only when the test advances time. */
class FakeClock implements Clock {
  private t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  now(): number { return this.t; }
  setTimeout(fn: () => void, ms: number): unknown { const id = this.next++; this.timers.push({ at: this.t + ms, fn, id }); return id; }
  clearTimeout(h: unknown): void { this.timers = this.timers.filter((x) => x.id !== h); }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.fn();
    }
    this.t = end;
  }
}

test('scenario: defaults, and errors name the bad key', () => {
  const d = resolveScenario();
  assert.is(d.registration.mcc, 262);
  assert.is(d.data.ipv4.address, '10.64.0.2');
  assert.ok(d.data.ipv6);
  const bad: [unknown, string][] = [
    [{ sim: { pinRetries: -1 } }, 'sim.pinRetries'],
    [{ registration: { rat: 'wimax' } }, 'registration.rat'],
    [{ delivery: { mode: 'bursty' } }, 'delivery.mode'],
    [{ garbage: { everyNthFrame: 2, bytes: 'xyz' } }, 'garbage.bytes'],
    [{ data: { rejectApns: { x: {} } } }, 'data.rejectApns.x.reason'],
    [{ identitty: {} }, 'identitty'],
    [{ data: { ipv4: { address: 'nope' } } }, 'data.ipv4.address'],
  ];
  for (const [input, key] of bad) {
    try { resolveScenario(input); assert.unreachable(`${key} accepted`); } catch (e) {
      assert.instance(e, ScenarioError);
      assert.is((e as ScenarioError).key, key);
    }
  }
  assert.is(resolveScenario({ data: { ipv6: null } }).data.ipv6, undefined);
});

test('model: registration after the delay, only once online with the SIM ready', () => {
  const clock = new FakeClock();
  const m = new ModemModel(resolveScenario({ sim: { state: 'pin', pin: '1111' }, registration: { delayMs: 1000 } }), clock);
  clock.advance(5000);
  assert.is(m.registration.state, 'searching');
  assert.ok(m.verifyPin('1111').ok);
  clock.advance(999);
  assert.is(m.registration.state, 'searching');
  clock.advance(1);
  assert.is(m.registration.state, 'registered');
  m.setOperatingMode('low-power');
  assert.is(m.registration.state, 'off');
  m.setOperatingMode('online');
  clock.advance(1000);
  assert.is(m.registration.state, 'registered');
});

test('model: wrong PINs lead to PUK, wrong PUKs to blocked; the right PUK resets the PIN', () => {
  const m = new ModemModel(resolveScenario({ sim: { state: 'pin', pin: '1111', puk: '12345678', pinRetries: 2, pukRetries: 2 } }), new FakeClock());
  assert.equal(m.verifyPin('0000'), { ok: false, error: 'incorrect', sim: { state: 'pin', pinRetries: 1, pukRetries: 2, initializing: false } });
  assert.is(m.verifyPin('0000').sim.state, 'puk');
  assert.is((m.verifyPin('1111') as { error: string }).error, 'not-allowed');
  assert.is(m.unblockPin('00000000', '2222').sim.pukRetries, 1);
  assert.ok(m.unblockPin('12345678', '2222').ok);
  assert.is(m.sim.state, 'ready');
  const b = new ModemModel(resolveScenario({ sim: { state: 'puk', pukRetries: 1 } }), new FakeClock());
  assert.is(b.unblockPin('00000000', '1').sim.state, 'blocked');
});

test('model: sessions drop after dropAfterMs, stats grow, registration loss ends sessions', () => {
  const clock = new FakeClock();
  const m = new ModemModel(resolveScenario({ registration: { delayMs: 0 }, data: { dropAfterMs: 10_000 } }), clock);
  clock.advance(0);
  const dropped: number[] = [];
  m.on('session-dropped', (e: { end: { reason: number } }) => dropped.push(e.end.reason));
  const r = m.startSession({ owner: 'x', apn: 'internet', family: 4 });
  assert.ok(r.ok);
  const h = (r as { session: { handle: number } }).session.handle;
  const s1 = m.stats(h)!;
  clock.advance(5000);
  assert.ok(m.stats(h)!.rxBytes > s1.rxBytes);
  clock.advance(5000);
  assert.equal(dropped, [1003]);
  assert.ok(m.wasEnded(h));
  const r2 = m.startSession({ owner: 'x', apn: 'internet', family: 6 });
  assert.ok(r2.ok);
  m.setRegistration({ state: 'searching' });
  assert.equal(dropped, [1003, 1002]);
  assert.equal(m.startSession({ owner: 'x', apn: 'internet', family: 4 }), { ok: false, end: { reason: 1002 } });
});

/** Drives a responder directly: sends requests, collects decoded replies and indications. */
function harness(scenario: unknown = {}) {
  const clock = new FakeClock();
  const resolved = resolveScenario(scenario);
  const model = new ModemModel(resolved, clock);
  const out: QmiFrame[] = [];
  const re = new QmuxReassembler();
  const r = new QmiResponder({ model, scenario: resolved, clock, log: createLogger('sim'), send: (b) => out.push(...re.push(b).frames) });
  let txn = 0;
  function call<M extends MessageDef<any, any, any>>(def: M, cid: number, values: RequestOf<M>): { error: number; values: Record<string, unknown> } {
    const service = Service[def.service as keyof typeof Service];
    r.feed(encodeFrame({ service, cid, kind: 'request', txn: ++txn, messageId: def.id, tlvs: encodeTlvs(def.request as TlvSet, values as never) }));
    const reply = out.filter((f) => f.kind === 'response' && f.txn === txn).pop()!;
    const raw = splitTlvs(reply.tlvs);
    const res = decodeResult(raw);
    return { error: res.error, values: res.status === 0 ? decodeTlvs(def.response as TlvSet, raw) as Record<string, unknown> : {} };
  }
  return { clock, model, r, out, call };
}

test('responder: CIDs, Release of an unknown CID, Sync drops CIDs and sessions', () => {
  const h = harness({ registration: { delayMs: 0 } });
  h.clock.advance(0);
  const a = h.call(ctl.AllocateCid, 0, { service: Service.wds });
  assert.equal(a.values.allocationInfo, { service: Service.wds, cid: 1 });
  assert.equal(h.call(ctl.AllocateCid, 0, { service: Service.wds }).values.allocationInfo, { service: Service.wds, cid: 2 });
  assert.is(h.call(ctl.AllocateCid, 0, { service: 0x42 }).error, 31);
  assert.is(h.call(ctl.ReleaseCid, 0, { releaseInfo: { service: Service.wds, cid: 9 } }).error, 7);
  assert.is(h.call(wds.GetPacketServiceStatus, 9, {}).error, 7);
  assert.ok(h.call(wds.StartNetwork, 1, { apn: 'internet' }).values.packetDataHandle);
  assert.is(h.call(wds.StartNetwork, 1, { apn: 'internet' }).error, 26);
  const psi = h.out.filter((f) => f.kind === 'indication' && f.messageId === wds.GetPacketServiceStatus.id);
  assert.is(psi.length, 1);
  assert.is(psi[0].cid, 1);
  assert.is(h.call(ctl.Sync, 0, {}).error, 0);
  assert.equal(h.r.stats.cids, {});
  assert.is(h.model.listSessions().length, 0);
  assert.ok(h.out.some((f) => f.kind === 'indication' && f.service === 0 && f.messageId === ctl.Sync.id));
  const last = h.out[h.out.length - 1];
  assert.is(last.messageId, ctl.Sync.id, 'indications a request causes follow its response');
});

test('responder: PIN, PUK and password never reach the log, even at debug', () => {
  const lines: string[] = [];
  const prevSink = setLogSink((l) => lines.push(l));
  const prevLevel = (process.env.QMI4G_LOG_LEVEL ?? 'info') as LogLevel;
  setLogLevel('debug');
  try {
    const h = harness({ sim: { state: 'pin', pin: '9731' }, registration: { delayMs: 0 } });
    const u = h.call(ctl.AllocateCid, 0, { service: Service.uim }).values.allocationInfo as { cid: number };
    assert.is(h.call(uim.VerifyPin, u.cid, { session: { sessionType: 6, applicationIdentifier: [] }, info: { pinId: 1, pin: '9731' } }).error, 0);
    h.clock.advance(0);
    const w = h.call(ctl.AllocateCid, 0, { service: Service.wds }).values.allocationInfo as { cid: number };
    h.call(wds.StartNetwork, w.cid, { apn: 'internet', authenticationPreference: 2, username: 'alice', password: 's3cr3t-pw' });
  } finally {
    setLogSink(prevSink);
    setLogLevel(prevLevel);
  }
  const all = lines.join('\n');
  assert.ok(all.includes('Start Network'), 'debug lines were written');
  for (const secret of ['9731', 's3cr3t-pw', 'alice']) assert.not.ok(all.includes(secret), `${secret} logged`);
});

test.run();
