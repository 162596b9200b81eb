// Tests for the hang ladder (pure): step order, skipped steps, reporting when exhausted, slow retries after.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ladderFor, nextRecoveryStep } from '../../../src/session/escalation';
import { dropDelay } from '../../../src/session/backoff';

const all = { modemReset: true, atReset: true };

test('full ladder: reopen → modem reset → AT reset, then report and start over slowly', () => {
  const steps = [1, 2, 3, 4, 5, 6, 7].map((n) => nextRecoveryStep(n, all));
  assert.equal(steps.map((s) => s.action), ['reopen', 'modem-reset', 'at-reset', 'reopen', 'modem-reset', 'at-reset', 'reopen']);
  assert.equal(steps.map((s) => s.report), [false, false, false, true, false, false, true]);
  assert.equal(steps.map((s) => s.slow), [false, false, false, true, true, true, true]);
});

test('steps the modem does not offer are skipped', () => {
  assert.equal(ladderFor({ modemReset: true, atReset: false }), ['reopen', 'modem-reset']);
  assert.equal(ladderFor({ modemReset: false, atReset: true }), ['reopen', 'at-reset']);
  assert.equal([1, 2, 3].map((n) => nextRecoveryStep(n, { modemReset: false, atReset: false })),
    [{ action: 'reopen', report: false, slow: false }, { action: 'reopen', report: true, slow: true }, { action: 'reopen', report: true, slow: true }]);
  assert.equal(nextRecoveryStep(3, { modemReset: true, atReset: false }), { action: 'reopen', report: true, slow: true });
});

test('MBIM: a new MBIM session (CLOSE/OPEN) comes after reopen and before the control-protocol and AT resets', () => {
  const mbim = { sessionReset: true, modemReset: true, atReset: true };
  assert.equal(ladderFor(mbim), ['reopen', 'session-reset', 'modem-reset', 'at-reset']);
  assert.equal([1, 2, 3, 4, 5].map((n) => nextRecoveryStep(n, mbim).action), ['reopen', 'session-reset', 'modem-reset', 'at-reset', 'reopen']);
  assert.is(nextRecoveryStep(5, mbim).report, true, 'reported after the whole MBIM ladder');
  assert.equal(ladderFor({ sessionReset: true, modemReset: false, atReset: false }), ['reopen', 'session-reset']);
  assert.equal(ladderFor(all), ['reopen', 'modem-reset', 'at-reset'], 'QMI: no session-reset');
});

test('MBIM modem-reset needs the modem\'s offer (QMI-over-MBIM in Device Services): taken with it, skipped with the reason without it', () => {
  const mbim = { sessionReset: true, modemReset: true, atReset: true, modemResetNeedsOffer: true };
  const yes = { offered: true, reason: 'lists QMI-over-MBIM' };
  const no = { offered: false, reason: 'no QMI-over-MBIM in Device Services' };
  const run = (avail: typeof mbim, offer?: typeof yes) => [1, 2, 3, 4, 5, 6, 7].map((n) => nextRecoveryStep(n, avail, offer));
  assert.equal(run(mbim, yes).map((s) => s.action), ['reopen', 'session-reset', 'modem-reset', 'at-reset', 'reopen', 'session-reset', 'modem-reset']);
  assert.ok(run(mbim, yes).every((s) => s.skipped === undefined), 'nothing skipped with the offer');
  const without = run(mbim, no);
  assert.equal(without.map((s) => s.action), ['reopen', 'session-reset', 'at-reset', 'reopen', 'session-reset', 'at-reset', 'reopen']);
  assert.equal(without.map((s) => s.skipped?.reason), [undefined, undefined, no.reason, undefined, undefined, no.reason, undefined], 'the rung in its place says why, once a round');
  assert.equal(without.map((s) => s.report), [false, false, false, true, false, false, true], 'a round is the shorter ladder');
  // No AT port: the rung after modem-reset is the next round's reopen (reported, slow).
  const noAt = [1, 2, 3, 4, 5].map((n) => nextRecoveryStep(n, { ...mbim, atReset: false }, no));
  assert.equal(noAt.map((s) => [s.action, s.report, s.skipped !== undefined]), [['reopen', false, false], ['session-reset', false, false], ['reopen', true, true], ['session-reset', false, false], ['reopen', true, true]]);
  // Never opened: no offer known, skipped too.
  const unknown = nextRecoveryStep(3, mbim, undefined);
  assert.is(unknown.action, 'at-reset');
  assert.match(unknown.skipped?.reason ?? '', /not been opened/);
  // QMI (no offer needed): the offer is not asked.
  assert.equal(nextRecoveryStep(2, all, no), { action: 'modem-reset', report: false, slow: false });
});

test('hang counts below 1 mean the first step', () => {
  assert.equal(nextRecoveryStep(0, all), { action: 'reopen', report: false, slow: false });
  assert.equal(nextRecoveryStep(-5, all).action, 'reopen');
});

test('dropDelay: first drop at once, consecutive ones back off from the floor to the cap', () => {
  const p = { initialMs: 2000, maxMs: 10_000, factor: 2, jitter: 0.2 };
  assert.equal([0, 1, 2, 3, 4, 5].map((n) => dropDelay(n, p, () => 0.5)), [0, 2000, 4000, 8000, 10_000, 10_000]);
  assert.is(dropDelay(1, p, () => 0), 1600, 'jitter −20 %');
  assert.is(dropDelay(1, p, () => 0.999999), 2400, 'jitter +20 %');
});

test.run();
