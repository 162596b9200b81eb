// Tests for method policies: signature bytes, argument validation and coercion.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
// From the codec modules, not the src/ubus index (which also exports the Node-only broker).
import { BlobmsgType, decodeBlobmsgEntries } from '../../../src/ubus/blob';
import { UbusError } from '../../../src/ubus/errors';
import { encodeJsonTable, typed } from '../../../src/ubus/json';
import { decodeSignature, encodeSignature, validateArgs } from '../../../src/ubus/policy';

const args = (o: Record<string, unknown>) => decodeBlobmsgEntries(encodeJsonTable(o));

function invalid(fn: () => unknown): UbusError {
  try { fn(); } catch (e) { assert.instance(e, UbusError); assert.is((e as UbusError).name, 'INVALID_ARGUMENT'); return e as UbusError; }
  assert.unreachable('accepted');
  throw new Error('unreachable');
}

test('signature round trip keeps every policy type (bool shows as bool, int8 too)', () => {
  const sig = encodeSignature({ m: { s: 'string', a: 'array', t: 'table', i: 'int32', l: 'int64', h: 'int16', b: 'bool', d: 'double', u: 'unspec' } });
  assert.equal(decodeSignature(sig), { m: { s: 'string', a: 'array', t: 'table', i: 'int32', l: 'int64', h: 'int16', b: 'bool', d: 'double', u: 'unspec' } });
});

test('the daemon\'s METHOD_POLICIES shape is accepted as is', () => {
  const policy = { interface: 'string', config: 'table', protocol: 'string' } as const;
  assert.equal(validateArgs(policy, args({ interface: 'wdm0', config: { apn: 'x' } })), { interface: 'wdm0', config: { apn: 'x' } });
});

test('wrong type or missing required → INVALID_ARGUMENT naming the argument', () => {
  assert.match(invalid(() => validateArgs({ interface: 'string' }, args({ interface: 5 }))).message, 'interface');
  assert.match(invalid(() => validateArgs({ n: { type: 'int32', required: true } }, args({}))).message, 'n is required');
  invalid(() => validateArgs({ n: 'int32' }, args({ n: 2 ** 40 })));
  invalid(() => validateArgs({ t: 'table' }, args({ t: [1] })));
});

test('integers of any fitting width, bool from integers, double from integers; extras pass through', () => {
  const out = validateArgs({ l: 'int64', b: 'bool', d: 'double', i: 'int32' }, args({ l: 5, b: 1, d: 3, i: typed({ type: BlobmsgType.INT16, value: -4 }), extra: 'x' }));
  assert.equal(out, { l: 5, b: true, d: 3, i: -4, extra: 'x' });
  assert.equal(validateArgs({ b: 'bool' }, args({ b: false })), { b: false });
});

test.run();
