// Band masks (bands.ts), the band TLVs written only when they differ (qmi-bands.ts), and the scan mappings (qmi-scan.ts, mbim-scan.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LTE_BANDS, NR5G_BANDS, bandMask, bandsOfMask, isKnownBand, legacyLteMask, sameMask } from '../../../src/modem/bands';
import { bandChanges, bandStateAfter, bandStateOf } from '../../../src/modem/qmi-bands';
import { scanNetworksOf, scanStatusOf } from '../../../src/modem/qmi-scan';
import { scanNetworksOfProviders } from '../../../src/modem/mbim-scan';
import { NetworkStatus } from '../../../src/qmi/services/nas-scan';

test('bandMask/bandsOfMask: bit j of word i is band 1 + j + 64·i, both ways', () => {
  const m = bandMask('lte', [1, 3, 64, 65, 66, 256]);
  assert.equal(m, [(1n << 0n) | (1n << 2n) | (1n << 63n), (1n << 0n) | (1n << 1n), 0n, 1n << 63n]);
  assert.equal(bandsOfMask(m), [1, 3, 64, 65, 66, 256]);
  assert.is(bandMask('nr5g', [512]).length, 8);
  assert.equal(bandsOfMask(bandMask('nr5g', [78, 258, 512])), [78, 258, 512]);
  assert.throws(() => bandMask('lte', [257]), /does not fit/);
  assert.throws(() => bandMask('lte', [0]), /does not fit/);
});

test('legacyLteMask: the 64-bit mask only when every band is ≤ 64; sameMask pads with zeros', () => {
  assert.is(legacyLteMask([1, 3, 7]), 0b1000101n);
  assert.is(legacyLteMask([3, 66]), undefined);
  assert.ok(sameMask([5n], [5n, 0n, 0n, 0n]));
  assert.not.ok(sameMask([5n], [5n, 1n]));
});

test('known bands: 3GPP E-UTRA and NR operating bands; reserved/unassigned numbers are not', () => {
  for (const b of [1, 3, 7, 20, 28, 38, 41, 66, 71, 85]) assert.ok(isKnownBand('lte', b), `B${b}`);
  for (const b of [0, 15, 16, 55, 64, 77, 257]) assert.not.ok(isKnownBand('lte', b), `B${b}`);
  for (const b of [1, 28, 41, 77, 78, 79, 258, 261]) assert.ok(isKnownBand('nr5g', b), `n${b}`);
  for (const b of [4, 6, 264, 512]) assert.not.ok(isKnownBand('nr5g', b), `n${b}`);
  assert.ok([...LTE_BANDS].every((b) => b >= 1 && b <= 256) && [...NR5G_BANDS].every((b) => b >= 1 && b <= 512), 'every known band fits its mask');
});

const EXT = { lteBandPreference: bandMask('lte', [1, 3])[0], extendedLteBandPreference: bandMask('lte', [1, 3]), nr5gSaBandPreference: bandMask('nr5g', [78]), nr5gNsaBandPreference: bandMask('nr5g', [78]) };

test('bandChanges: nothing when the modem already has the bands (any order)', () => {
  assert.equal(bandChanges(EXT, { lteBands: [3, 1], nr5gBands: [78] }), { tlvs: {}, skipped: [] });
});

test('bandChanges: only the differing TLVs; the extended LTE mask when the modem reports it', () => {
  const r = bandChanges(EXT, { lteBands: [3, 7, 20], nr5gBands: [78] });
  assert.equal(Object.keys(r.tlvs), ['extendedLteBandPreference']);
  assert.equal(bandsOfMask(r.tlvs.extendedLteBandPreference!), [3, 7, 20]);
  const n = bandChanges({ ...EXT, nr5gNsaBandPreference: bandMask('nr5g', [1]) }, { nr5gBands: [78] });
  assert.equal(Object.keys(n.tlvs), ['nr5gNsaBandPreference'], 'SA already right, only NSA written');
});

test('bandChanges: a modem with only the 64-bit LTE mask gets it; a band above 64 needs the extended TLV anyway', () => {
  const legacyOnly = { lteBandPreference: bandMask('lte', [1])[0] };
  assert.equal(bandChanges(legacyOnly, { lteBands: [3] }).tlvs, { lteBandPreference: 0b100n });
  assert.equal(bandChanges(legacyOnly, { lteBands: [1] }).tlvs, {});
  const big = bandChanges(legacyOnly, { lteBands: [3, 66] }).tlvs;
  assert.equal(bandsOfMask(big.extendedLteBandPreference!), [3, 66]);
  assert.is(big.lteBandPreference, undefined);
});

test('bandChanges: a modem reporting no NR5G masks (no 5G) gets no NR5G TLV, and a note says so; unreadable preference: everything sent', () => {
  const r = bandChanges({ lteBandPreference: 1n }, { nr5gBands: [78] });
  assert.equal(r.tlvs, {});
  assert.match(r.skipped[0]!, /nr5g_band.*not applied/);
  const blind = bandChanges(undefined, { lteBands: [3], nr5gBands: [78] });
  assert.equal(Object.keys(blind.tlvs).sort(), ['lteBandPreference', 'nr5gNsaBandPreference', 'nr5gSaBandPreference']);
});

test('bandStateOf: band numbers of a Get System Selection Preference answer', () => {
  assert.equal(bandStateOf(EXT), { lte: [1, 3], nr5gSa: [78], nr5gNsa: [78] });
  assert.equal(bandStateOf({ lteBandPreference: 0b101n }), { lte: [1, 3], nr5gSa: undefined, nr5gNsa: undefined });
});

test('bandStateAfter: what the modem holds once the differing TLVs are written (status band_preference)', () => {
  const { tlvs } = bandChanges(EXT, { lteBands: [3, 7] });
  assert.equal(bandStateAfter(EXT, tlvs), { lte: [3, 7], nr5gSa: [78], nr5gNsa: [78] });
  assert.equal(bandStateAfter(EXT, {}), { lte: [1, 3], nr5gSa: [78], nr5gNsa: [78] });
  assert.equal(bandStateAfter(undefined, { lteBandPreference: 0b100n }), { lte: [3], nr5gSa: undefined, nr5gNsa: undefined });
  assert.is(bandStateAfter(undefined, {}), undefined);
});

test('scanNetworksOf: parallel lists, RAT by MCC/MNC when they disagree, 3-digit MNC, names sanitized', () => {
  const list = scanNetworksOf({
    networkInformation: [
      { mcc: 262, mnc: 1, networkStatus: NetworkStatus.currentServing | NetworkStatus.notForbidden, description: 'Telekom.de' },
      { mcc: 262, mnc: 2, networkStatus: NetworkStatus.available | NetworkStatus.forbidden, description: 'Vodafone\u0007\nDE' },
      { mcc: 310, mnc: 410, networkStatus: NetworkStatus.available, description: '' },
    ],
    radioAccessTechnology: [{ mcc: 310, mnc: 410, radioInterface: 8 }, { mcc: 262, mnc: 1, radioInterface: 12 }, { mcc: 262, mnc: 2, radioInterface: 5 }],
    mncPcsDigitIncludeStatus: [{ mcc: 310, mnc: 410, includesPcsDigit: true }],
  });
  assert.equal(list, [
    { mcc: '262', mnc: '01', operator: 'Telekom.de', status: 'current', rat: 'nr5g' },
    { mcc: '262', mnc: '02', operator: 'Vodafone DE', status: 'forbidden', rat: 'umts' },
    { mcc: '310', mnc: '410', status: 'available', rat: 'lte' },
  ]);
  assert.is(scanStatusOf(0), 'unknown');
});

test('scanNetworksOfProviders: ProviderId split into MCC/MNC, states mapped, RAT unknown, malformed ids dropped', () => {
  const p = (providerId: string, providerState: number, providerName: string) => ({ providerId, providerState, providerName, cellularClass: 1, rssi: 99, errorRate: 99 });
  const list = scanNetworksOfProviders({ providers: [p('26201', 0x18, 'Telekom.de'), p('262002', 0x0a, 'Forbidden'), p('bogus', 8, 'x'), p('26203', 0x08, 'o2')] } as never);
  assert.equal(list, [
    { mcc: '262', mnc: '01', operator: 'Telekom.de', status: 'current', rat: 'unknown' },
    { mcc: '262', mnc: '002', operator: 'Forbidden', status: 'forbidden', rat: 'unknown' },
    { mcc: '262', mnc: '03', operator: 'o2', status: 'available', rat: 'unknown' },
  ]);
});

test.run();
