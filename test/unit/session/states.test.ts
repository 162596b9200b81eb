// Tests for the session transition table: the documented flow, reachability, and what is forbidden.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidTransitionError, SessionState, TRANSITIONS, canTransition } from '../../../src/session/states';

const ALL: SessionState[] = ['down', 'opening', 'sim', 'registering', 'connecting', 'connected', 'reconnecting', 'disconnecting', 'failed'];

test('the table has exactly the nine states and only known targets', () => {
  assert.equal(Object.keys(TRANSITIONS).sort(), [...ALL].sort());
  for (const s of ALL) for (const t of TRANSITIONS[s]) assert.ok(ALL.includes(t), `${s} → ${t}`);
  assert.ok(Object.isFrozen(TRANSITIONS));
});

test('the happy path is allowed in order', () => {
  const path: SessionState[] = ['down', 'opening', 'sim', 'registering', 'connecting', 'connected', 'disconnecting', 'down'];
  for (let i = 1; i < path.length; i++) assert.ok(canTransition(path[i - 1], path[i]), `${path[i - 1]} → ${path[i]}`);
});

test('disconnecting is reachable from every state but down, and leads only to down', () => {
  for (const s of ALL) assert.is(canTransition(s, 'disconnecting'), s !== 'down' && s !== 'disconnecting', s);
  assert.equal([...TRANSITIONS.disconnecting], ['down']);
});

test('down only goes to opening; failed only to opening or disconnecting', () => {
  for (const t of ALL) assert.is(canTransition('down', t), t === 'opening', `down → ${t}`);
  for (const t of ALL) assert.is(canTransition('failed', t), t === 'opening' || t === 'disconnecting', `failed → ${t}`);
});

test('connected cannot fail directly (a drop is reconnecting) nor skip back to a setup step', () => {
  for (const t of ['failed', 'opening', 'sim', 'registering', 'connecting', 'down'] as const) assert.not.ok(canTransition('connected', t), t);
  assert.ok(canTransition('connected', 'reconnecting'));
});

test('every setup step can fail, retry (reconnecting) or be stopped', () => {
  for (const s of ['opening', 'sim', 'registering', 'connecting'] as const) {
    for (const t of ['failed', 'reconnecting', 'disconnecting'] as const) assert.ok(canTransition(s, t), `${s} → ${t}`);
  }
});

test('no backwards steps in the setup flow', () => {
  const order: SessionState[] = ['opening', 'sim', 'registering', 'connecting', 'connected'];
  for (let i = 0; i < order.length; i++) for (let j = 0; j <= i; j++) assert.not.ok(canTransition(order[i], order[j]), `${order[i]} → ${order[j]}`);
});

test('every state can reach down', () => {
  for (const s of ALL) {
    const seen = new Set<SessionState>([s]);
    const queue = [s];
    while (queue.length) for (const t of TRANSITIONS[queue.shift()!]) if (!seen.has(t)) { seen.add(t); queue.push(t); }
    assert.ok(seen.has('down'), s);
  }
});

test('InvalidTransitionError names both states', () => {
  const e = new InvalidTransitionError('down', 'connected');
  assert.instance(e, Error);
  assert.is(e.name, 'InvalidTransitionError');
  assert.is(e.from, 'down');
  assert.is(e.to, 'connected');
  assert.match(e.message, /down → connected/);
});

test.run();
