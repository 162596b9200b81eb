// The measurement of bench/apn-table.ts, plain ECMAScript so it runs on Node and on QuickJS.
import { decodeApnTable } from '../src/apn/apn-table';
import { APN_TABLE_TEXT } from '../src/apn/apn-table.generated';
import { chooseApn } from '../src/apn/select';

/** Decodes the table once and times 20,000 `apn auto` choices; `now` in ms. Returns the figures as text. */
export function measureApnTable(now: () => number): string {
  const t0 = now();
  const idx = decodeApnTable(APN_TABLE_TEXT);
  const decodeMs = now() - t0;
  const imsis = ['228011234567890', '262011234567890', '234101234567890', '310260123456789', '440101234567890'];
  const n = 20_000;
  const t1 = now();
  for (let i = 0; i < n; i++) chooseApn([], 'auto', { imsi: imsis[i % imsis.length] }, () => idx);
  const lookupUs = ((now() - t1) * 1000) / n;
  return `decode ${decodeMs.toFixed(1)} ms (${idx.size} MCC/MNC codes), chooseApn ${lookupUs.toFixed(2)} µs`;
}
