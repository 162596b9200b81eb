// Tests for the PIN rule (decidePin, every SIM state and retry count) and PinLedger (remembers rejections, never the PIN).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimState, SimStatus } from '../../../src/modem/modem';
import { PERMANENT_ERRORS } from '../../../src/modem/modem-errors';
import { PinLedger, decidePin } from '../../../src/session/pin-policy';

const ALL_STATES: SimState[] = ['ready', 'pin-required', 'puk-required', 'blocked', 'absent', 'initializing', 'error'];

test('every SIM state without a pincode: the expected action and code', () => {
  const expected: Record<SimState, string> = {
    ready: 'proceed',
    initializing: 'wait',
    absent: 'fail:SIM_NOT_INITIALIZED',
    error: 'fail:SIM_ILLEGAL_STATE',
    'puk-required': 'fail:PUK_NEEDED',
    blocked: 'fail:PUK_NEEDED',
    'pin-required': 'fail:PIN_NOT_SPECIFIED',
  };
  for (const state of ALL_STATES) {
    const d = decidePin({ state, pinRetries: 3, pukRetries: 10 }, undefined, false);
    assert.is(d.action === 'fail' ? `fail:${d.code}` : d.action, expected[state], state);
  }
});

test('states other than pin-required ignore the pincode and the ledger', () => {
  for (const state of ALL_STATES.filter((s) => s !== 'pin-required')) {
    for (const rejected of [false, true]) {
      assert.equal(decidePin({ state, pinRetries: 3 }, '1234', rejected), decidePin({ state, pinRetries: 3 }, undefined, false), `${state} rejected=${rejected}`);
    }
  }
});

test('pin-required: verify only with more than 1 retry known', () => {
  const table: Array<[number | undefined, string]> = [
    [undefined, 'fail:PIN_TRIES_BELOW_LIMIT'],
    [0, 'fail:PIN_TRIES_BELOW_LIMIT'],
    [1, 'fail:PIN_TRIES_BELOW_LIMIT'],
    [2, 'verify'],
    [3, 'verify'],
  ];
  for (const [pinRetries, want] of table) {
    const d = decidePin({ state: 'pin-required', pinRetries }, '1234', false);
    assert.is(d.action === 'fail' ? `fail:${d.code}` : d.action, want, `retries ${pinRetries}`);
  }
});

test('pin-required: a PIN rejected before is never verified, whatever the retries', () => {
  for (const pinRetries of [undefined, 0, 1, 2, 3]) {
    const d = decidePin({ state: 'pin-required', pinRetries }, '1234', true);
    assert.equal(d.action === 'fail' && d.code, 'PIN_FAILED', `retries ${pinRetries}`);
  }
});

test('pin-required: empty pincode counts as not set', () => {
  const d = decidePin({ state: 'pin-required', pinRetries: 3 }, '', false);
  assert.ok(d.action === 'fail' && d.code === 'PIN_NOT_SPECIFIED');
  assert.ok(d.action === 'fail' && /pincode not set/.test(d.reason));
});

test('every fail decision carries a readable reason; PIN/PUK/SIM-error failures are permanent', () => {
  const permanentCodes = new Set(['PIN_FAILED', 'PUK_NEEDED', 'PIN_TRIES_BELOW_LIMIT', 'PIN_NOT_SPECIFIED', 'SIM_ILLEGAL_STATE']);
  const inputs: Array<[SimStatus, string | undefined, boolean]> = [];
  for (const state of ALL_STATES) for (const r of [undefined, 1, 3]) for (const pin of [undefined, '1234']) for (const rej of [false, true]) inputs.push([{ state, pinRetries: r }, pin, rej]);
  for (const [sim, pin, rej] of inputs) {
    const d = decidePin(sim, pin, rej);
    if (d.action !== 'fail') continue;
    assert.ok(d.reason.length > 10, JSON.stringify(sim));
    assert.is(PERMANENT_ERRORS.has(d.code), permanentCodes.has(d.code), d.code);
  }
  // no SIM is not permanent: a SIM may be inserted and the interface retried
  assert.not.ok(PERMANENT_ERRORS.has('SIM_NOT_INITIALIZED'));
});

test('PUK reason says how many PUK tries are left', () => {
  const d = decidePin({ state: 'puk-required', pukRetries: 7 }, '1234', false);
  assert.ok(d.action === 'fail' && d.reason.includes('7 PUK tries'));
});

test('PinLedger remembers a rejection per SIM and PIN', () => {
  const l = new PinLedger();
  assert.not.ok(l.wasRejected('8949', '1234'));
  l.reject('8949', '1234');
  assert.ok(l.wasRejected('8949', '1234'));
  assert.not.ok(l.wasRejected('8949', '4321'), 'another PIN is a config change');
  assert.not.ok(l.wasRejected('8950', '1234'), 'another SIM');
  assert.not.ok(l.wasRejected('894', '91234'), 'no ambiguous concatenation');
});

test('PinLedger never holds the PIN or the SIM id in clear', () => {
  const l = new PinLedger();
  const pin = '987654';
  const iccid = '8949020000000000001';
  l.reject(iccid, pin);
  const seen: string[] = [];
  const walk = (v: unknown, depth = 0): void => {
    if (depth > 5) return;
    if (typeof v === 'string') { seen.push(v); return; }
    if (v instanceof Set || v instanceof Map) { for (const x of v) walk(x, depth + 1); return; }
    if (Array.isArray(v)) { for (const x of v) walk(x, depth + 1); return; }
    if (v && typeof v === 'object') for (const k of Reflect.ownKeys(v)) { seen.push(String(k)); walk((v as Record<PropertyKey, unknown>)[k], depth + 1); }
  };
  walk(l);
  assert.ok(seen.length >= 1, 'the ledger stores something');
  for (const s of seen) {
    assert.not.ok(s.includes(pin), `PIN found in ${s}`);
    assert.not.ok(s.includes(iccid), `ICCID found in ${s}`);
  }
  assert.not.ok(JSON.stringify([...(Object.values(l).find((v) => v instanceof Set) as Set<string>)]).includes(pin));
  assert.ok(seen.some((s) => /^[0-9a-f]{64}$/.test(s)), 'stores a hash');
});

test.run();
