// MBIMEx 3.0 codecs: Base Stations Info with NR cells (libmbim mbim-service-ms-basic-connect-extensions-v3.json),
// TLV strings and lists (libmbim mbim-tlv.c), Connect and Subscriber Ready Status in the 3.0 layout
// (mbim-service-ms-basic-connect-v3.json): round trips, the byte layout, unknown values, hostile buffers refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeCommandBuffer, decodeCommandBuffer } from '../../../src/mbim/cid';
import { MbimDecodeError } from '../../../src/mbim/errors';
import { BaseStationsInfoV3, CellInfoServingNr } from '../../../src/mbim/services/ms-basic-connect-ext-v3';
import { ConnectV3, SubscriberReadyStatusV3 } from '../../../src/mbim/services/ms-basic-connect-v3';
import { Connect } from '../../../src/mbim/services/basic-connect';
import { encodeTlv, tlvList, tlvString } from '../../../src/mbim/tlv';
import { struct } from '../../../src/mbim/struct';
import { u32 } from '../../../src/mbim/codec';
import { ContextType } from '../../../src/mbim/uuid';
import { nrMeasurement, radioOfBaseStationsV3, systemModeOfDataClassV3 } from '../../../src/modem/mbim-radio-v3';

const U = 0xffffffff;
const EMPTY = { systemSubType: 0, gsmNeighboringCells: [], umtsNeighboringCells: [], tdscdmaNeighboringCells: [], lteNeighboringCells: [], cdmaCells: [], nrServingCells: [], nrNeighborCells: [] };
const nrCell = (o: Partial<Record<string, unknown>> = {}) => ({
  providerId: '26201', nci: 0x9abcdef12n, physicalCellId: 433, nrarfcn: 643296, tac: 0x4e21, rsrp: 68, rsrq: 31, sinr: 40, timingAdvance: 0xffffffffffffffffn, ...o,
});
const nrNeighbour = (pci: number, rsrp: number) => ({ systemSubType: 1, providerId: '26201', cellId: '', physicalCellId: pci, tac: 0x4e21, rsrp, rsrq: 30, sinr: 29 });
const lte = { providerId: '26201', cellId: 28547331, earfcn: 1617, physicalCellId: 211, tac: 1234, rsrp: -97 >>> 0, rsrq: -11 >>> 0, timingAdvance: U };

test('MbimCellInfoServingNr: 48-byte fixed part (ProviderId, guint64 Nci, 6 × guint32, guint64 TimingAdvance), round trip', () => {
  const b = CellInfoServingNr.encodeAlone(nrCell() as never);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  assert.is(dv.getUint32(0, true), 48, 'ProviderId offset: after the 48-byte fixed part');
  assert.is(dv.getBigUint64(8, true), 0x9abcdef12n, 'Nci right after the string pair');
  assert.is(dv.getUint32(16, true), 433, 'PhysicalCellID');
  assert.is(dv.getBigUint64(40, true), 0xffffffffffffffffn, 'TimingAdvance last');
  assert.equal(CellInfoServingNr.decodeAlone(b, 't'), nrCell());
});

test('Base Stations Info v3 round trip → RadioInfo: NSA with the NR leg (RSRP −156, RSRQ −43, SINR −23 offsets), NR neighbours joined strongest first', () => {
  const b = BaseStationsInfoV3.response.encodeAlone({
    ...EMPTY, systemType: 0x20 | 0x40, systemSubType: 0x1, lteServingCell: lte,
    nrServingCells: [nrCell(), nrCell({ physicalCellId: 12 })] as never, nrNeighborCells: [nrNeighbour(77, 55), nrNeighbour(78, 70)],
  });
  const v = BaseStationsInfoV3.response.decodeAlone(b, 'bs');
  assert.is(v.nrServingCells.length, 2);
  assert.is(v.nrNeighborCells[1].physicalCellId, 78, 'elements with strings and guint64 fields stepped over right');
  const r = radioOfBaseStationsV3(v);
  assert.is(r.systemMode, 'nr5g-nsa');
  assert.is(r.serving?.rat, 'lte');
  assert.is(r.serving?.pci, 211);
  assert.equal(r.nr5g, { pci: 433, arfcn: 643296, cellId: 0x9abcdef12, gnodebId: Math.floor(0x9abcdef12 / 4096), tac: 0x4e21, rsrp: -88, rsrq: -12, snr: 17 }, 'the first NR serving cell is the leg');
  assert.equal(r.neighbours.map((n) => [n.rat, n.pci, n.rsrp, n.rsrq, n.intraFrequency]), [['nr5g', 78, -86, -13, undefined], ['nr5g', 77, -101, -13, undefined]]);
});

test('Base Stations Info v3: SA (5G + subclass NR, no LTE cell) → the NR cell is the serving cell; unknowns and impossible values left out', () => {
  const v = BaseStationsInfoV3.response.decodeAlone(BaseStationsInfoV3.response.encodeAlone({
    ...EMPTY, systemType: 0x40, systemSubType: 0x2,
    nrServingCells: [nrCell({ nci: 0xffffffffffffffffn, tac: U, rsrp: U, rsrq: 200, sinr: U, providerId: '26-201' })] as never,
    nrNeighborCells: [nrNeighbour(U, 50), nrNeighbour(5000, 50)],
  }), 'bs');
  const r = radioOfBaseStationsV3(v);
  assert.is(r.systemMode, 'nr5g-sa');
  assert.equal(r.nr5g, { pci: 433, arfcn: 643296 });
  assert.equal(r.serving, { rat: 'nr5g', pci: 433, nrarfcn: 643296 }, 'a ProviderId that is not 5–6 digits gives no MCC/MNC');
  assert.equal(r.neighbours, [], 'neighbours without a valid PCI dropped');
});

test('system mode of MbimDataClassV3 + MbimDataSubclass; NR measurement indexes', () => {
  assert.is(systemModeOfDataClassV3(0x60, 0x1, true), 'nr5g-nsa');
  assert.is(systemModeOfDataClassV3(0x40, 0x2, false), 'nr5g-sa');
  assert.is(systemModeOfDataClassV3(0x60, 0, true), 'nr5g-nsa', 'no subclass told: an LTE cell means NSA');
  assert.is(systemModeOfDataClassV3(0x40, 0, false), 'nr5g-sa');
  assert.is(systemModeOfDataClassV3(0x20, 0, true), 'lte');
  assert.is(systemModeOfDataClassV3(0x4, 0, false), 'umts');
  assert.is(systemModeOfDataClassV3(0, 0, false), 'none');
  assert.is(nrMeasurement(0, -156), -156);
  assert.is(nrMeasurement(126, -156), -30);
  assert.is(nrMeasurement(U, -156), undefined);
  assert.is(nrMeasurement(128, -43), undefined, 'past the 7-bit report range');
});

test('Base Stations Info v3: at most MAX_NEIGHBOURS (16) neighbours kept of a long NR list', () => {
  const many = Array.from({ length: 40 }, (_, i) => nrNeighbour(i, 20 + i));
  const r = radioOfBaseStationsV3(BaseStationsInfoV3.response.decodeAlone(BaseStationsInfoV3.response.encodeAlone({ ...EMPTY, systemType: 0x40, nrNeighborCells: many }), 'bs'));
  assert.is(r.neighbours.length, 16);
  assert.is(r.neighbours[0].pci, 39, 'strongest first');
});

test('Base Stations Info v3: malformed buffers throw MbimDecodeError (truncated, a count past the data, a 1.0-layout answer)', () => {
  const good = BaseStationsInfoV3.response.encodeAlone({ ...EMPTY, systemType: 0x40, nrServingCells: [nrCell()] as never });
  for (const n of [0, 7, 60, good.length - 4]) {
    assert.throws(() => BaseStationsInfoV3.response.decodeAlone(good.subarray(0, n), 'bs'), (e: Error) => e instanceof MbimDecodeError, `truncated to ${n}`);
  }
  const dv = new DataView(good.buffer.slice(0), good.byteOffset, good.byteLength);
  const bad = new Uint8Array(dv.buffer, dv.byteOffset, dv.byteLength);
  const off = dv.getUint32(8 + 4 * 8 + 5 * 8, true); // NrServingCells offset: SystemType, SystemSubType, 4 ms-structs, 5 ms-struct-arrays before it
  dv.setUint32(off, 1_000_000, true);
  assert.throws(() => BaseStationsInfoV3.response.decodeAlone(bad, 'bs'), (e: Error) => e instanceof MbimDecodeError && /runs past|too many/.test(e.message));
});

test('Base Stations Info v3 query: the 1.0 counts then MaxNrCount', () => {
  const b = encodeCommandBuffer(BaseStationsInfoV3, 'query', { maxGsmCount: 0, maxUmtsCount: 0, maxTdscdmaCount: 0, maxLteCount: 16, maxCdmaCount: 0, maxNrCount: 16 });
  assert.equal([...new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length))], [0, 0, 0, 16, 0, 16]);
});

test('TLV: header (type u16, reserved, padding length, data length u32), data padded to 4; string and list round trip', () => {
  const t = encodeTlv({ type: 10, data: new Uint8Array([0x61, 0, 0x62, 0, 0x63, 0]) });
  assert.equal([...t], [10, 0, 0, 2, 6, 0, 0, 0, 0x61, 0, 0x62, 0, 0x63, 0, 0, 0]);
  const s = struct({ a: u32, name: tlvString, rest: tlvList });
  const b = s.encodeAlone({ a: 7, name: 'internet', rest: [{ type: 13, data: new Uint8Array([1, 2, 3]) }] });
  assert.equal(s.decodeAlone(b, 't'), { a: 7, name: 'internet', rest: [{ type: 13, data: new Uint8Array([1, 2, 3]) }] });
  assert.equal(s.decodeAlone(s.encodeAlone({ a: 1, name: '' }), 't'), { a: 1, name: '', rest: [] }, "'' is an IE with no data");
});

test('TLV: malformed IEs throw MbimDecodeError (data past the buffer, a huge length, a string of another type, a cut header)', () => {
  const s = struct({ name: tlvString });
  const b = s.encodeAlone({ name: 'apn' });
  assert.throws(() => s.decodeAlone(b.subarray(0, b.length - 4), 't'), (e: Error) => e instanceof MbimDecodeError && /runs past/.test(e.message));
  const huge = b.slice(); new DataView(huge.buffer).setUint32(4, 0xfffffff0, true);
  assert.throws(() => s.decodeAlone(huge, 't'), (e: Error) => e instanceof MbimDecodeError);
  const other = b.slice(); other[0] = 13;
  assert.throws(() => s.decodeAlone(other, 't'), (e: Error) => e instanceof MbimDecodeError && /expected WCHAR_STR/.test(e.message));
  assert.throws(() => s.decodeAlone(b.subarray(0, 5), 't'), (e: Error) => e instanceof MbimDecodeError);
  const list = struct({ rest: tlvList });
  assert.throws(() => list.decodeAlone(new Uint8Array([1, 0, 0, 0, 9, 0, 0, 0, 1]), 't'), (e: Error) => e instanceof MbimDecodeError);
});

test('Connect set v3: fixed fields first (SessionId, ActivationCommand, Compression, AuthProtocol, IpType, ContextType, MediaPreference), then APN, user, password as TLV strings', () => {
  const b = encodeCommandBuffer(ConnectV3, 'set', { activationCommand: 1, accessString: 'internet', userName: 'u', password: 'secret', authProtocol: 2, ipType: 3 });
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  assert.equal([0, 4, 8, 12, 16].map((o) => dv.getUint32(o, true)), [0, 1, 0, 2, 3]);
  assert.is(dv.getUint32(36, true), 0, 'MediaPreference after the 16-byte ContextType');
  assert.is(dv.getUint16(40, true), 10, 'AccessString: a WCHAR_STR IE');
  assert.is(dv.getUint32(44, true), 16, "'internet' in UTF-16LE");
  const v = decodeCommandBuffer(ConnectV3, 'set', b);
  assert.equal([v.accessString, v.userName, v.password, v.contextType, v.unnamedIes], ['internet', 'u', 'secret', ContextType.internet, []]);
  assert.throws(() => decodeCommandBuffer(Connect, 'set', b), Error, 'not the 1.0 layout');
});

test('Subscriber Ready Status v3: Flags after ReadyState, the 1.0 fields after it', () => {
  const v = { readyState: 1, flags: 6, subscriberId: '262011234567890', simIccId: '89490200001234567890', readyInfo: 0, telephoneNumbers: ['+491701234567'] };
  const b = SubscriberReadyStatusV3.response.encodeAlone(v);
  assert.is(new DataView(b.buffer, b.byteOffset).getUint32(4, true), 6);
  assert.equal(SubscriberReadyStatusV3.response.decodeAlone(b, 't'), v);
});

test.run();
