// Tests for the connectivity watchdog on fake time: rounds, consecutive failures, stop/restart, validation, the DNS and ICMP probers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock, settle } from '../../helpers/fake-clock';
import { Prober, createWatchdog, dnsProber, dnsQuery, icmpProber, isDnsAnswer } from '../../../src/session/watchdog';
import { fromHex, toHex } from '../../../src/util/bytes';
import { isValidIfname, probeHostProblem } from '../../../src/session/probe-host';

interface Call { ifname: string; host: string; signal: AbortSignal }

/** A prober whose answers the test scripts: `answer(host)` says whether host replies now; `hang` never settles until aborted. */
function scripted(answer: (host: string) => boolean | 'hang') {
  const calls: Call[] = [];
  const prober: Prober = (ifname, host, signal) => {
    calls.push({ ifname, host, signal });
    const a = answer(host);
    if (a === 'hang') return new Promise((r) => signal.addEventListener('abort', () => r(false), { once: true }));
    return Promise.resolve(a);
  };
  return { calls, prober };
}

test('healthy link: a round every interval, never unhealthy', async () => {
  const clock = new FakeClock();
  const p = scripted(() => true);
  const why: string[] = [];
  const stop = createWatchdog({ hosts: ['8.8.8.8'], intervalMs: 60_000, failures: 3, prober: p.prober, clock }).start('wwan0', (w) => why.push(w));
  await clock.advance(59_999);
  assert.is(p.calls.length, 0, 'first round after one interval');
  await clock.advance(1);
  assert.is(p.calls.length, 1);
  assert.equal([p.calls[0].ifname, p.calls[0].host], ['wwan0', '8.8.8.8']);
  await clock.advance(10 * 60_000);
  assert.is(p.calls.length, 11);
  assert.equal(why, []);
  stop();
  assert.is(clock.pending, 0, 'stop clears the timer');
});

test('three failed rounds in a row: onUnhealthy once, then no more probes', async () => {
  const clock = new FakeClock();
  const p = scripted(() => false);
  const why: string[] = [];
  createWatchdog({ hosts: ['8.8.8.8', '1.1.1.1'], intervalMs: 10_000, failures: 3, prober: p.prober, clock }).start('wwan0', (w) => why.push(w));
  await clock.advance(20_000);
  assert.equal(why, [], 'two failures are not enough');
  await clock.advance(10_000);
  assert.is(why.length, 1);
  assert.match(why[0], /no answer from 8\.8\.8\.8, 1\.1\.1\.1 via wwan0 \(icmp\) in 3 rounds/);
  assert.is(p.calls.length, 6, 'both hosts each round');
  await clock.advance(100_000);
  assert.is(why.length, 1, 'reported once');
  assert.is(p.calls.length, 6, 'stopped after reporting');
  assert.is(clock.pending, 0);
});

test('a round succeeds when any host answers; a success resets the count', async () => {
  const clock = new FakeClock();
  let round = 0;
  const answers = [false, false, true, false, false, false]; // per round, for host b; host a is always dead
  const p = scripted((h) => (h === 'a.example' ? false : answers[round++] ?? false));
  const why: string[] = [];
  createWatchdog({ hosts: ['a.example', 'b.example'], intervalMs: 5000, failures: 3, prober: p.prober, clock }).start('wwan0', (w) => why.push(w));
  await clock.advance(5 * 5000);
  assert.equal(why, [], 'round 3 answered, so rounds 4-5 are failures 1-2');
  await clock.advance(5000);
  assert.is(why.length, 1);
});

test('a hanging probe is aborted at the round limit and counts as a failure', async () => {
  const clock = new FakeClock();
  const p = scripted(() => 'hang');
  const why: string[] = [];
  createWatchdog({ hosts: ['192.0.2.1'], intervalMs: 10_000, failures: 1, probeTimeoutMs: 3000, prober: p.prober, clock }).start('wwan0', (w) => why.push(w));
  await clock.advance(10_000);
  assert.is(p.calls.length, 1);
  assert.not.ok(p.calls[0].signal.aborted);
  await clock.advance(2999);
  assert.equal(why, []);
  await clock.advance(1);
  assert.ok(p.calls[0].signal.aborted);
  assert.is(why.length, 1);
});

test('a rejecting or throwing prober counts as no answer', async () => {
  const clock = new FakeClock();
  const why: string[] = [];
  let n = 0;
  const prober: Prober = () => { if (n++ % 2) throw new Error('sync'); return Promise.reject(new Error('async')); };
  createWatchdog({ hosts: ['192.0.2.1'], intervalMs: 1000, failures: 2, prober, clock }).start('wwan0', (w) => why.push(w));
  await clock.advance(2000);
  assert.is(why.length, 1);
});

test('stop during a round aborts it and nothing is reported; start again begins afresh', async () => {
  const clock = new FakeClock();
  let mode: boolean | 'hang' = 'hang';
  const p = scripted(() => mode);
  const why: string[] = [];
  const wd = createWatchdog({ hosts: ['192.0.2.1'], intervalMs: 1000, failures: 2, probeTimeoutMs: 900, prober: p.prober, clock });
  const stop = wd.start('wwan0', (w) => why.push(w));
  await clock.advance(1000);
  assert.is(p.calls.length, 1);
  stop();
  await settle();
  assert.ok(p.calls[0].signal.aborted, 'probe aborted by stop');
  stop();
  await clock.advance(10_000);
  assert.equal(why, []);
  assert.is(p.calls.length, 1);
  mode = false;
  const stop2 = wd.start('wwan1', (w) => why.push(w));
  await clock.advance(2000);
  assert.is(why.length, 1);
  assert.match(why[0], /via wwan1/);
  stop2();
});

test('no hosts: disabled; invalid device name: not started', async () => {
  const clock = new FakeClock();
  const p = scripted(() => false);
  const stop = createWatchdog({ hosts: [], intervalMs: 1000, failures: 1, prober: p.prober, clock }).start('wwan0', () => assert.unreachable());
  await clock.advance(10_000);
  assert.is(clock.pending, 0);
  stop();
  const wd = createWatchdog({ hosts: ['8.8.8.8'], intervalMs: 1000, failures: 1, prober: p.prober, clock });
  for (const bad of ['-I', 'a b', 'wwan0;reboot', '', 'x'.repeat(16)]) wd.start(bad, () => assert.unreachable(bad))();
  await clock.advance(10_000);
  assert.is(p.calls.length, 0);
});

test('an onUnhealthy that throws does not escape', async () => {
  const clock = new FakeClock();
  const p = scripted(() => false);
  createWatchdog({ hosts: ['8.8.8.8'], intervalMs: 1000, failures: 1, prober: p.prober, clock }).start('wwan0', () => { throw new Error('boom'); });
  await clock.advance(1000);
  assert.is(p.calls.length, 1);
});

test('createWatchdog rejects invalid hosts and settings', () => {
  for (const host of ['-c1', '--help', '', 'a..b', 'a b', '$(reboot)', '`id`', 'x;y', 'host\nname', '1.2.3.999', '-8.8.8.8']) {
    assert.throws(() => createWatchdog({ hosts: [host], intervalMs: 1000, failures: 1 }), RangeError, host);
  }
  assert.throws(() => createWatchdog({ hosts: ['8.8.8.8'], intervalMs: 0, failures: 1 }), RangeError);
  assert.throws(() => createWatchdog({ hosts: ['8.8.8.8'], intervalMs: 1000, failures: 0 }), RangeError);
  assert.throws(() => createWatchdog({ hosts: ['8.8.8.8'], intervalMs: 1000, failures: 1.5 }), RangeError);
});

test('probe host validation: IPv4, IPv6, host names; never a leading -', () => {
  for (const ok of ['8.8.8.8', '2001:4860:4860::8888', '::1', 'example.com', 'dns.google.', 'a-b.c0', 'localhost']) {
    assert.is(probeHostProblem(ok), undefined, ok);
  }
  assert.match(probeHostProblem('-x')!, /must not start with -/);
  assert.ok(probeHostProblem('a'.repeat(64) + '.com'), 'label > 63');
  assert.ok(probeHostProblem('-a.com'));
  assert.ok(probeHostProblem('a-.com'));
  assert.ok(probeHostProblem('fe80::1%eth0'), 'no zone ids');
  assert.ok(probeHostProblem('[::1]'));
  assert.ok(isValidIfname('wwan0') && isValidIfname('wwan0.1') && isValidIfname('qmimux0'));
  assert.not.ok(isValidIfname('-wwan0'));
});

test('DNS query bytes and answer check (RFC 1035 §4.1)', () => {
  assert.is(toHex(dnsQuery(0xbeef)), 'beef01000001000000000000' + '00' + '0002' + '0001');
  const answer = fromHex('beef81800001000000000000');
  assert.ok(isDnsAnswer(answer, 0xbeef));
  assert.not.ok(isDnsAnswer(answer, 0xbeee), 'other id');
  assert.not.ok(isDnsAnswer(dnsQuery(0xbeef), 0xbeef), 'a query is no answer');
  assert.not.ok(isDnsAnswer(answer.subarray(0, 11), 0xbeef));
});

test('dnsProber: host names and devices without an address fail fast; a local DNS answer succeeds', async () => {
  const ac = new AbortController();
  assert.is(await dnsProber('lo', 'dns.google', ac.signal), false);
  assert.is(await dnsProber('no-such-dev0', '127.0.0.1', ac.signal), false);
  // Nothing listens on 127.0.0.1:53 here: the query through lo is refused (ICMP port unreachable), a false.
  assert.is(await dnsProber('lo', '127.0.0.1', ac.signal), false);
});

test('icmpProber refuses invalid hosts and device names without running anything', async () => {
  const ac = new AbortController();
  const probe = icmpProber();
  assert.is(await probe('wwan0', '-f', ac.signal), false);
  assert.is(await probe('-wwan0', '8.8.8.8', ac.signal), false);
  ac.abort();
  assert.is(await probe('wwan0', '8.8.8.8', ac.signal), false, 'already aborted');
});

test.run();
