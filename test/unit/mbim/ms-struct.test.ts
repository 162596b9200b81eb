// ms-struct and ms-struct-array (Base Stations Info): the layout libmbim reads, round trips, and hostile buffers refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BaseStationsInfo, CellInfoNeighboringLte } from '../../../src/mbim/services/ms-basic-connect-ext';
import { MbimDecodeError } from '../../../src/mbim/errors';
import { msStructArray } from '../../../src/mbim/ms-struct';
import { struct } from '../../../src/mbim/struct';
import { u32 } from '../../../src/mbim/codec';
import { networkTimeOfNitz, radioOfBaseStations } from '../../../src/modem/mbim-radio';

const cell = (pci: number, provider: string) => ({ providerId: provider, cellId: 0xffffffff, earfcn: 6300, physicalCellId: pci, tac: 7, rsrp: (-100 - pci) >>> 0, rsrq: -12 >>> 0 });
const EMPTY = { gsmNeighboringCells: [], umtsNeighboringCells: [], tdscdmaNeighboringCells: [], lteNeighboringCells: [], cdmaCells: [] };

test('ms-struct-array: u32 count, then each element with its own strings right after it (padded to 4)', () => {
  const holder = struct({ list: msStructArray(CellInfoNeighboringLte) });
  const b = holder.encodeAlone({ list: [cell(1, '23415'), cell(2, '234150')] });
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const off = dv.getUint32(0, true);
  assert.is(dv.getUint32(off, true), 2, 'count');
  // Element 0 at off+4: fixed part 8 (string OL) + 6×4 = 32 bytes, the string at +32 (10 bytes UTF-16 → 12).
  assert.is(dv.getUint32(off + 4, true), 32, 'string offset counts from the element start');
  assert.is(dv.getUint32(off + 8, true), 10);
  assert.is(dv.getUint32(off + 4 + 44 + 16, true), 2, 'element 1 (PCI) starts after element 0 and its padded string');
  const back = holder.decodeAlone(b, 't').list;
  assert.equal(back.map((c) => [c.providerId, c.physicalCellId]), [['23415', 1], ['234150', 2]]);
});

test('Base Stations Info response round trip → RadioInfo: serving cell, neighbours strongest first, unknowns left out', () => {
  const b = BaseStationsInfo.response.encodeAlone({
    ...EMPTY, systemType: 0x20,
    lteServingCell: { providerId: '26201', cellId: 0x1a2b3c4, earfcn: 1300, physicalCellId: 123, tac: 0xffffffff, rsrp: -95 >>> 0, rsrq: -9 >>> 0, timingAdvance: 0xffffffff },
    lteNeighboringCells: [cell(5, '26201'), cell(1, '26201')],
  });
  const r = radioOfBaseStations(BaseStationsInfo.response.decodeAlone(b, 'bsi') as never);
  assert.is(r.systemMode, 'lte');
  assert.equal(r.serving, { rat: 'lte', mcc: '262', mnc: '01', cellId: 0x1a2b3c4, enodebId: 0x1a2b3, earfcn: 1300, pci: 123 });
  assert.equal(r.neighbours.map((n) => [n.pci, n.rsrp, n.rsrq, n.intraFrequency]), [[1, -101, -12, false], [5, -105, -12, false]]);
  const none = radioOfBaseStations(BaseStationsInfo.response.decodeAlone(BaseStationsInfo.response.encodeAlone({ ...EMPTY, systemType: 0 }), 'bsi') as never);
  assert.equal(none, { systemMode: 'none', neighbours: [], bands: [], carriers: [] });
});

test('hostile buffers: a count past the data, an offset past the buffer, a huge count — MbimDecodeError, nothing read past the end', () => {
  const holder = struct({ list: msStructArray(CellInfoNeighboringLte) });
  const good = holder.encodeAlone({ list: [cell(1, '23415')] });
  const lying = good.slice();
  new DataView(lying.buffer).setUint32(new DataView(lying.buffer).getUint32(0, true), 3, true);
  assert.throws(() => holder.decodeAlone(lying, 't'), (e: Error) => e instanceof MbimDecodeError);
  const past = good.slice();
  new DataView(past.buffer).setUint32(0, 10_000, true);
  assert.throws(() => holder.decodeAlone(past, 't'), (e: Error) => e instanceof MbimDecodeError);
  const tiny = struct({ list: msStructArray(struct({ a: u32 })) });
  const huge = new Uint8Array(16);
  const dv = new DataView(huge.buffer);
  dv.setUint32(0, 8, true); dv.setUint32(4, 8, true); dv.setUint32(8, 0xffffffff, true);
  assert.throws(() => tiny.decodeAlone(huge, 't'), (e: Error) => e instanceof MbimDecodeError);
});

test('NITZ: UTC in ISO 8601, a negative time zone offset (gint32 on the wire), DST in hours; impossible dates and unknowns dropped', () => {
  const v = { year: 2026, month: 1, day: 31, hour: 23, minute: 59, second: 0, timeZoneOffsetMinutes: -300 >>> 0, daylightSavingTimeOffsetMinutes: 60, dataClass: 0x20 };
  assert.equal(networkTimeOfNitz(v, 9), { utc: '2026-01-31T23:59:00Z', utcOffsetMinutes: -300, dstHours: 1, at: 9 });
  assert.equal(networkTimeOfNitz({ ...v, timeZoneOffsetMinutes: 0xffffffff, daylightSavingTimeOffsetMinutes: 0xffffffff }, 9), { utc: '2026-01-31T23:59:00Z', at: 9 });
  assert.is(networkTimeOfNitz({ ...v, month: 0 }, 9), undefined);
  assert.is(networkTimeOfNitz({ ...v, year: 0xffffffff }, 9), undefined);
});

test('an element with fields ms-struct-array cannot step over is refused at definition', () => {
  assert.throws(() => msStructArray(struct({ a: u32, list: msStructArray(struct({ b: u32 })) })), /neither a string nor fixed-size/);
});

test.run();
