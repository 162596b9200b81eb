// MbimModem and MBIMEx 3.0: the version exchange at open (3.0 offered; the lower of the answer and
// 3.0 agreed; a refusal or an older function keeps the 1.0 layouts and never fails the open), then
// Connect set, Subscriber Ready Status and Base Stations Info in the 3.0 layouts (libmbim
// mbim-service-ms-basic-connect-v3.json, mbim-service-ms-basic-connect-extensions-v3.json).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { basicConnect as bc } from '../../../src/mbim/services';
import { BaseStationsInfo } from '../../../src/mbim/services/ms-basic-connect-ext';
import { BaseStationsInfoV3 } from '../../../src/mbim/services/ms-basic-connect-ext-v3';
import { ConnectV3, PacketServiceV3, SubscriberReadyStatusV3 } from '../../../src/mbim/services/ms-basic-connect-v3';
import { ContextType, ServiceUuid } from '../../../src/mbim/uuid';
import { FakeMbim, opened, packet, subscriber, tick } from '../../helpers/fake-mbim';

/** Packet Service in the 3.0 layout: FR1, EN-DC, TAI 262-01 (BCD). */
const PACKET_V3 = { ...packet, frequencyRange: 1, dataSubclass: 1, tai: { plmnMcc: 0x262, plmnMnc: 0x8001, tac: 7 } };
const EMPTY_BS = { gsmNeighboringCells: [], umtsNeighboringCells: [], tdscdmaNeighboringCells: [], lteNeighboringCells: [], cdmaCells: [] };

/** A function with MS Basic Connect Extensions Version that answers `answer` (a status when a number ≥ 1 << 16, else its MBIMEx version). */
function withVersion(answer: number | 'refuse', v3 = true) {
  return (f: FakeMbim) => {
    f.handlers['Device Services query'] = () => ({ values: { maxDssSessions: 0, deviceServices: [
      { deviceServiceId: ServiceUuid.basicConnect, dssPayload: 0, maxDssInstances: 0, cids: [1, 2, 3, 9, 10, 12] },
      { deviceServiceId: ServiceUuid.msBasicConnectExtensions, dssPayload: 0, maxDssInstances: 0, cids: [11, 15] }] } });
    f.handlers['Version query'] = () => {
      if (answer === 'refuse') return { status: 3 }; // MBIM_STATUS_FAILURE
      if (answer >= 0x300 && v3) {
        f.layouts.set(bc.Connect, ConnectV3);
        f.layouts.set(bc.SubscriberReadyStatus, SubscriberReadyStatusV3);
        f.layouts.set(BaseStationsInfo, BaseStationsInfoV3);
        f.layouts.set(bc.PacketService, PacketServiceV3);
        f.handlers['Subscriber Ready Status query'] = () => ({ values: { ...subscriber(1), flags: 6 } });
        f.handlers['Packet Service query'] = f.handlers['Packet Service set'] = () => ({ values: PACKET_V3 });
      }
      return { values: { mbimVersion: 0x100, mbimExtendedVersion: answer } };
    };
  };
}

test('a 3.0 function: 3.0 agreed; Connect set goes in the 3.0 layout (APN and credentials as TLV strings)', async () => {
  const { fake, modem } = await opened(withVersion(0x300));
  assert.equal(fake.got.find((g) => g.name === 'Version')!.values, { mbimVersion: 0x100, mbimExtendedVersion: 0x300 });
  assert.is(modem.mbimexVersion, 0x300);
  fake.handlers['Connect set'] = (r) => ({ values: { sessionId: r.sessionId, activationState: r.activationCommand === 1 ? 1 : 3, voiceCallState: 0, ipType: 1, contextType: ContextType.internet, nwError: 0, accessString: r.accessString } });
  await modem.connect({ family: 4, apn: 'internet.v3', auth: 'chap', username: 'user', password: 'pw' });
  const set = fake.got.find((g) => g.name === 'Connect' && g.kind === 'set')!.values;
  assert.equal([set.accessString, set.userName, set.password, set.authProtocol, set.mediaPreference], ['internet.v3', 'user', 'pw', 2, 0]);
  await modem.close();
});

test('a 3.0 function: Subscriber Ready Status answers and indications read in the 3.0 layout (Flags before SubscriberId)', async () => {
  const { fake, modem, events } = await opened(withVersion(0x300));
  assert.equal(await modem.subscriber(), { iccid: '89490200001234567890', imsi: '262011234567890' });
  assert.is((await modem.simStatus()).state, 'ready');
  fake.indicate(bc.SubscriberReadyStatus, { ...subscriber(0), flags: 6 });
  await tick(); await tick();
  assert.ok(events.some((e) => e.type === 'sim'), JSON.stringify(events));
  await modem.close();
});

test('a 3.0 function: Base Stations Info asked with MaxNrCount; the NR leg and NR neighbours in radio()', async () => {
  const { fake, modem } = await opened(withVersion(0x300));
  fake.handlers['Base Stations Info query'] = () => ({ values: {
    ...EMPTY_BS, systemType: 0x60, systemSubType: 0x1,
    lteServingCell: { providerId: '26201', cellId: 28547331, earfcn: 1617, physicalCellId: 211, tac: 1234, rsrp: -97 >>> 0, rsrq: -11 >>> 0, timingAdvance: 0xffffffff },
    nrServingCells: [{ providerId: '26201', nci: 0x12345678an, physicalCellId: 501, nrarfcn: 636666, tac: 0x4e21, rsrp: 64, rsrq: 32, sinr: 41, timingAdvance: 0xffffffffffffffffn }],
    nrNeighborCells: [{ systemSubType: 1, providerId: '26201', cellId: '', physicalCellId: 502, tac: 0x4e21, rsrp: 50, rsrq: 28, sinr: 30 }],
  } });
  const r = await modem.radio();
  assert.is(fake.got.find((g) => g.name === 'Base Stations Info')!.values.maxNrCount, 16);
  assert.is(r.systemMode, 'nr5g-nsa');
  assert.equal(r.nr5g, { pci: 501, arfcn: 636666, cellId: 0x12345678a, gnodebId: Math.floor(0x12345678a / 4096), tac: 0x4e21, rsrp: -92, rsrq: -11, snr: 18 });
  assert.equal(r.neighbours, [{ rat: 'nr5g', pci: 502, rsrp: -106, rsrq: -15 }]);
  await modem.close();
});

test('a malformed 3.0 Base Stations Info answer: radio() keeps the rest and does not throw; the modem keeps serving', async () => {
  const { fake, modem } = await opened(withVersion(0x300));
  // A 1.0-layout answer to the 3.0 query: every field after SystemType is misread → runs past the buffer.
  fake.layouts.delete(BaseStationsInfo);
  fake.handlers['Base Stations Info query'] = () => ({ values: { ...EMPTY_BS, systemType: 0x20, lteServingCell: { providerId: '26201', cellId: 1, earfcn: 1, physicalCellId: 1, tac: 1, rsrp: 0, rsrq: 0, timingAdvance: 0 } } });
  const r = await modem.radio();
  assert.is(r.nr5g, undefined);
  assert.is(r.serving, undefined);
  assert.is((await modem.simStatus()).state, 'ready', 'still serving');
  await modem.close();
});

test('a 3.0 function: a Connect notification (3.0: access string TLV appended) ends the session; Packet Service 3.0 answers and notifications read', async () => {
  const { fake, modem, events } = await opened(withVersion(0x300));
  await modem.connect({ family: 4, apn: 'internet' });
  fake.indicate(bc.PacketService, { ...PACKET_V3, packetServiceState: 4 });
  fake.indicate(bc.Connect, { sessionId: 0, activationState: 3, voiceCallState: 0, ipType: 1, contextType: ContextType.internet, nwError: 36, mediaPreference: 0, accessString: 'internet' });
  await tick(); await tick();
  const down = events.find((e) => e.type === 'session-down');
  assert.ok(down, JSON.stringify(events));
  assert.is((down as { family: number }).family, 4);
  await modem.close();
});

test('a function answering 4.0: 3.0 agreed (the lower of the two)', async () => {
  const { modem } = await opened(withVersion(0x400));
  assert.is(modem.mbimexVersion, 0x300);
  await modem.close();
});

test('a function answering 1.0, or refusing Version: MBIM 1.0 layouts, the open does not fail; Connect set in the 1.0 layout', async () => {
  for (const answer of [0x100, 'refuse'] as const) {
    const { fake, modem } = await opened(withVersion(answer));
    assert.is(modem.mbimexVersion, 0, String(answer));
    await modem.connect({ family: 4, apn: 'internet' });
    assert.is(fake.got.find((g) => g.name === 'Connect' && g.kind === 'set')!.values.accessString, 'internet', '1.0 layout decodes');
    await modem.close();
  }
});

test('Version not listed in Device Services: not asked', async () => {
  const { fake, modem } = await opened();
  assert.not.ok(fake.names().includes('Version query'));
  assert.is(modem.mbimexVersion, 0);
  await modem.close();
});

test.run();
