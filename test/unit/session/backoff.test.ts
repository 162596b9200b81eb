// Tests for backoffDelay: doubling from the initial delay, the cap, jitter bounds and negative attempts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BackoffPolicy, DEFAULT_BACKOFF, backoffDelay } from '../../../src/session/backoff';

const mid = () => 0.5;

test('defaults: 1 s doubling, no jitter at random 0.5', () => {
  const got = [0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, DEFAULT_BACKOFF, mid));
  assert.equal(got, [1000, 2000, 4000, 8000, 16000, 32000]);
});

test('capped at maxMs (5 min)', () => {
  assert.is(backoffDelay(8, DEFAULT_BACKOFF, mid), 256_000);
  assert.is(backoffDelay(9, DEFAULT_BACKOFF, mid), 300_000);
  assert.is(backoffDelay(50, DEFAULT_BACKOFF, mid), 300_000);
  assert.is(backoffDelay(5000, DEFAULT_BACKOFF, mid), 300_000, 'huge attempt counts do not overflow to NaN');
});

test('jitter stays within ±20 % of the base', () => {
  for (const a of [0, 3, 20]) {
    const base = Math.min(300_000, 1000 * 2 ** a);
    assert.is(backoffDelay(a, DEFAULT_BACKOFF, () => 0), Math.round(base * 0.8));
    assert.is(backoffDelay(a, DEFAULT_BACKOFF, () => 0.999999), Math.round(base * 1.2 - base * 0.4 * 0.000001));
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(a, DEFAULT_BACKOFF);
      assert.ok(d >= base * 0.8 && d <= base * 1.2, `${d} for attempt ${a}`);
    }
  }
});

test('negative attempt counts as 0; custom policy respected', () => {
  assert.is(backoffDelay(-3, DEFAULT_BACKOFF, mid), 1000);
  const p: BackoffPolicy = { initialMs: 100, maxMs: 450, factor: 3, jitter: 0 };
  assert.equal([0, 1, 2, 3].map((a) => backoffDelay(a, p, Math.random)), [100, 300, 450, 450]);
});

test('never negative, even with jitter > 1', () => {
  assert.is(backoffDelay(0, { initialMs: 1000, maxMs: 1000, factor: 2, jitter: 2 }, () => 0), 0);
});

test.run();
