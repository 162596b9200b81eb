// Runs every decoder's fuzz properties (test/unit/fuzz/decoders.ts) a few hundred times each, so CI exercises what `npm run fuzz` runs for minutes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UciParseError } from '../../../src/uci';
import { FUZZ_TARGETS, allMbimLayouts, qmiExecutions, typed } from './decoders';

test('every decoder family has a target with its typed errors listed', () => {
  assert.equal(FUZZ_TARGETS.map((t) => t.name), ['qmux', 'mbim-message', 'mbim-fragments', 'mbim-cid', 'ubus-message', 'ubus-framer', 'blobmsg', 'uci', 'netifd-config', 'sim-subscriber', 'qmi-hostile', 'modem-strings', 'ip-settings', 'uci-lenient']);
  for (const t of FUZZ_TARGETS) assert.ok(t.allowed.length > 0, t.name);
  assert.ok(allMbimLayouts().length >= 35);
  assert.ok(qmiExecutions(10) > 40);
});

for (const t of FUZZ_TARGETS) {
  test(`fuzz ${t.name}: only ${t.allowed.join('/')} or a result, quickly`, () => {
    const t0 = Date.now();
    const n = t.run(t.name === 'qmux' ? 150 : 1000, 42);
    assert.ok(n >= 60, `${n} executions`);
    // A hang guard for the whole run (each call is bounded by MAX_CALL_MS); speed is a benchmark's job.
    assert.ok(Date.now() - t0 < 30_000, `took ${Date.now() - t0} ms`);
  });
}

test('typed(): an allowed error class passes, any other error or a slow call is a crash', () => {
  typed('ok', [UciParseError], () => { throw new UciParseError('x', 1, 1); });
  typed('result', [UciParseError], () => 42);
  assert.throws(() => typed('parseUci', [UciParseError], () => { throw new TypeError('cannot read x'); }), /parseUci threw TypeError: cannot read x/);
  assert.throws(() => typed('parseUci', [UciParseError], () => { throw 'a string'; }), /threw string/);
  assert.throws(() => typed('slow', [UciParseError], () => { const t = Date.now(); while (Date.now() - t < 1100); }), /took \d+ ms \(hang\)/);
});

test.run();
