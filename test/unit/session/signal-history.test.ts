// SignalHistory: one slot per 10 s for the last hour, the known signal held between reports, gaps after the modem closed, fixed memory.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HISTORY_SLOTS, SAMPLE_INTERVAL_MS, SignalHistory } from '../../../src/session/signal-history';
import type { SignalInfo } from '../../../src/modem/modem';

const T0 = 1_700_000_000_000; // a multiple of 10 s
const lte = (rsrp: number, extra: Partial<SignalInfo> = {}): SignalInfo => ({ rat: 'lte', rssi: -70, rsrp, rsrq: -9.5, snr: 12.4, bars: 3, ...extra });

test('a report holds until the next one: every 10 s slot between them carries it', () => {
  const h = new SignalHistory();
  h.update(T0, lte(-95));
  h.update(T0 + 35_000, lte(-101));
  const s = h.samples(T0 + 50_000);
  assert.equal(s.map((x) => x.t), [0, 10, 20, 30, 40, 50].map((d) => T0 / 1000 + d));
  assert.equal(s.map((x) => x.rsrp), [-95, -95, -95, -101, -101, -101]);
  assert.equal(s[0], { t: T0 / 1000, rat: 'lte', rssi: -70, rsrp: -95, rsrq: -9.5, snr: 12.4 });
});

test('several reports in one slot: the latest wins; values absent stay absent', () => {
  const h = new SignalHistory();
  h.update(T0 + 1000, lte(-95));
  h.update(T0 + 4000, { rat: 'nr5g', rsrp: -80, bars: 4 });
  assert.equal(h.samples(T0 + 9000), [{ t: T0 / 1000, rat: 'nr5g', rsrp: -80 }]);
});

test('modem closed: no values are invented until a new report', () => {
  const h = new SignalHistory();
  h.update(T0, lte(-95));
  h.update(T0 + 20_000, undefined);
  h.update(T0 + 60_000, lte(-90));
  assert.equal(h.samples(T0 + 60_000).map((x) => [x.t - T0 / 1000, x.rsrp]), [[0, -95], [10, -95], [60, -90]]);
});

test('only the last hour is kept, in fixed memory (13 bytes per slot)', () => {
  const h = new SignalHistory();
  assert.is(h.bytes, HISTORY_SLOTS * 13);
  for (let i = 0; i < 1000; i++) h.update(T0 + i * SAMPLE_INTERVAL_MS, lte(-100 + (i % 20)));
  const now = T0 + 999 * SAMPLE_INTERVAL_MS;
  const s = h.samples(now);
  assert.is(s.length, HISTORY_SLOTS);
  assert.is(s[s.length - 1].t, now / 1000);
  assert.is(s[0].t, now / 1000 - (HISTORY_SLOTS - 1) * 10);
  assert.is(h.bytes, HISTORY_SLOTS * 13);
  // A day without reports while the signal holds: still one hour of slots, no loop over the day.
  const later = now + 86_400_000;
  assert.is(h.samples(later).length, HISTORY_SLOTS);
  assert.is(h.samples(later)[0].t, later / 1000 - (HISTORY_SLOTS - 1) * 10);
});

test('out-of-range and non-finite values are clamped or dropped, never stored as garbage', () => {
  const h = new SignalHistory();
  h.update(T0, { rat: 'lte', rsrp: -99999, rssi: Number.NaN, snr: 1e9, bars: 0 });
  assert.equal(h.samples(T0), [{ t: T0 / 1000, rat: 'lte', rsrp: -3276.7, snr: 3276.7 }]);
});

test.run();
