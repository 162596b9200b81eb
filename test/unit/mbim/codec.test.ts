// Tests for the information-buffer codec: libmbim parser vectors, strings/padding, UUID order, arrays, bounds, round trips per CID.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeCommandBuffer, decodeNotification, decodeResponse, encodeCommandBuffer, encodeReply } from '../../../src/mbim/cid';
import { countOf, ipv4, opt, refIpv4, string, stringArray, u32, u32Array, uuid } from '../../../src/mbim/codec';
import { MbimDecodeError } from '../../../src/mbim/errors';
import { decodeMessage } from '../../../src/mbim/message';
import { basicConnect as bc, qmi } from '../../../src/mbim/services';
import { refStructArray, struct, structArray } from '../../../src/mbim/struct';
import { ContextType, ServiceUuid, bytesToUuid, uuidToBytes } from '../../../src/mbim/uuid';
import { LIBMBIM_PARSER } from './fixtures';
import { concat, equal, filled, hex, readU32, toHexStr } from '../../helpers/bytes';

const bufferOf = (h: string): Uint8Array => {
  const m = decodeMessage(hex(h));
  if (m.type !== 'command-done') throw new Error(m.type);
  return m.buffer;
};
const isDecodeError = (e: unknown) => e instanceof MbimDecodeError;

test('UUIDs travel in text order (libmbim mbim-uuid.c: bytes as written in the UUID string)', () => {
  assert.is(toHexStr(uuidToBytes(ServiceUuid.basicConnect)), 'a289cc33bcbb8b4fb6b0133ec2aae6df');
  assert.is(bytesToUuid(hex('7e5e2a7e4e6f7272736b656e7e5e2a7e')), ContextType.internet);
  assert.throws(() => uuidToBytes('not-a-uuid'), RangeError);
});

test('libmbim vector: Device Caps response', () => {
  const r = decodeResponse(bc.DeviceCaps, bufferOf(LIBMBIM_PARSER.deviceCaps));
  assert.equal(r, {
    deviceType: bc.MbimDeviceType.removable, cellularClass: bc.MbimCellularClass.gsm, voiceClass: 1, simClass: 2,
    dataClass: 0x8000001f, smsCaps: 3, controlCaps: 1, maxSessions: 1, customDataClass: 'HSPA+',
    deviceId: '353613048804622', firmwareInfo: '11.810.09.00.00', hardwareInfo: 'CP1E367UM',
  });
});

test('libmbim vector: Subscriber Ready Status response with a string array', () => {
  // This vector's MessageLength (0xB4) and InformationBufferLength (0x84) undercount its data
  // (212 bytes; the ICCID ends at buffer offset 0xA4): libmbim bounds-checks against the array
  // it was given, decodeMessage insists on MessageLength. So the buffer is taken as is.
  const whole = hex(LIBMBIM_PARSER.subscriberReady);
  assert.throws(() => decodeMessage(whole), isDecodeError);
  const r = decodeResponse(bc.SubscriberReadyStatus, whole.subarray(48));
  assert.equal(r, {
    readyState: bc.MbimSubscriberReadyState.initialized, subscriberId: '310410000110761', simIccId: '89010104054601100612',
    readyInfo: 0, telephoneNumbers: ['11111111111', '00000000000'],
  });
});

test('libmbim vector: IP Configuration response (struct-array, ref-ipv4, ipv4-array, absent IPv6)', () => {
  const r = decodeResponse(bc.IpConfiguration, bufferOf(LIBMBIM_PARSER.ipConfiguration));
  assert.equal(r, {
    sessionId: 0, ipv4ConfigurationAvailable: 0xf, ipv6ConfigurationAvailable: 0,
    ipv4Address: [{ onLinkPrefixLength: 28, ipv4Address: '212.73.34.248' }], ipv6Address: [],
    ipv4Gateway: '212.73.34.241', ipv6Gateway: undefined,
    ipv4DnsServer: ['212.166.210.80', '212.73.32.67'], ipv6DnsServer: [], ipv4Mtu: 1500, ipv6Mtu: 0,
  });
  const again = encodeReply(bc.IpConfiguration, 'response', r);
  assert.equal(decodeResponse(bc.IpConfiguration, again), r, 'round trip');
});

test('Device Service Subscribe List set: layout of libmbim\'s builder test (libmbim test-message-builder.c, Device Service Subscribe List, CID 19)', () => {
  const b = encodeCommandBuffer(bc.DeviceServiceSubscribeList, 'set', {
    events: [{ deviceServiceId: ServiceUuid.basicConnect, cids: [11, 9] }, { deviceServiceId: ServiceUuid.sms, cids: [2] }],
  });
  assert.is(b.length, 0x48);
  assert.equal([readU32(b, 0), readU32(b, 4), readU32(b, 8), readU32(b, 12), readU32(b, 16)], [2, 0x14, 0x1c, 0x30, 0x18]);
  assert.equal(decodeCommandBuffer(bc.DeviceServiceSubscribeList, 'set', b), {
    events: [{ deviceServiceId: ServiceUuid.basicConnect, cids: [11, 9] }, { deviceServiceId: ServiceUuid.sms, cids: [2] }],
  });
});

test('strings: UTF-16LE padded to 4, empty = offset 0 size 0, offsets from the struct start', () => {
  const s = struct({ a: string, b: string, c: u32 });
  const b = s.encodeAlone({ a: 'abc', b: '', c: 7 });
  assert.is(toHexStr(b), '14000000' + '06000000' + '00000000' + '00000000' + '07000000' + '610062006300' + '0000');
  assert.equal(s.decodeAlone(b, 't'), { a: 'abc', b: '', c: 7 });
  assert.equal(s.decodeAlone(hex('00000000 00000000 08000000 00000000 01000000'), 't').a, '', 'size 0 is empty whatever the offset');
  assert.equal(s.decodeAlone(hex('14000000 06000000 00000000 00000000 07000000 e900d8003dd8') , 't').a, 'é\u00d8\ud83d');
});

test('a PIN set with the default NewPin; Connect with credentials and IPv4 round-trips', () => {
  const pin = encodeCommandBuffer(bc.Pin, 'set', { pinType: bc.MbimPinType.pin1, pinOperation: bc.MbimPinOperation.enter, pin: '1234' });
  assert.is(toHexStr(pin), '02000000' + '00000000' + '18000000' + '08000000' + '00000000' + '00000000' + '3100320033003400');
  const set = { sessionId: 0, activationCommand: 1, accessString: 'internet.example', userName: 'user', password: 'pässwörd', compression: 0, authProtocol: bc.MbimAuthProtocol.chap, ipType: bc.MbimContextIpType.ipv4v6, contextType: ContextType.internet };
  assert.equal(decodeCommandBuffer(bc.Connect, 'set', encodeCommandBuffer(bc.Connect, 'set', set)), set);
});

test('every CID layout round-trips sample values', () => {
  const samples: [any, 'set' | 'query' | 'response' | 'notification', Record<string, unknown>][] = [
    [bc.RadioState, 'set', { radioState: 1 }],
    [bc.RadioState, 'notification', { hwRadioState: 1, swRadioState: 0 }],
    [bc.HomeProvider, 'response', { provider: { providerId: '26201', providerState: 1, providerName: 'Telekom.de', cellularClass: 1, rssi: 99, errorRate: 99 } }],
    [bc.RegisterState, 'set', { providerId: '', registerAction: 0, dataClass: 0 }],
    [bc.RegisterState, 'notification', { nwError: 0, registerState: 3, registerMode: 1, availableDataClasses: 0x20, currentCellularClass: 1, providerId: '26201', providerName: 'Telekom.de', roamingText: '', registrationFlag: 2 }],
    [bc.PacketService, 'response', { nwError: 0, packetServiceState: 2, highestAvailableDataClass: 0x20, uplinkSpeed: 50_000_000n, downlinkSpeed: 0xffffffffffffffffn }],
    [bc.SignalState, 'notification', { rssi: 20, errorRate: 99, signalStrengthInterval: 5, rssiThreshold: 0, errorRateThreshold: 0 }],
    [bc.Connect, 'notification', { sessionId: 0, activationState: 1, voiceCallState: 0, ipType: 1, contextType: ContextType.internet, nwError: 0 }],
    [bc.Pin, 'response', { pinType: 2, pinState: 1, remainingAttempts: 3 }],
    [bc.IpConfiguration, 'notification', {
      sessionId: 0, ipv4ConfigurationAvailable: 0xf, ipv6ConfigurationAvailable: 0xf,
      ipv4Address: [{ onLinkPrefixLength: 30, ipv4Address: '10.0.0.2' }], ipv6Address: [{ onLinkPrefixLength: 64, ipv6Address: '2001:db8::1' }, { onLinkPrefixLength: 128, ipv6Address: 'fe80::2' }],
      ipv4Gateway: '10.0.0.1', ipv6Gateway: 'fe80::1', ipv4DnsServer: ['8.8.8.8'], ipv6DnsServer: ['2001:4860:4860::8888'], ipv4Mtu: 1500, ipv6Mtu: 1280,
    }],
    [bc.DeviceServices, 'response', { maxDssSessions: 1, deviceServices: [{ deviceServiceId: ServiceUuid.basicConnect, dssPayload: 0, maxDssInstances: 0, cids: [1, 2, 3, 4, 9, 10, 11, 12, 15, 16, 19, 20] }, { deviceServiceId: ServiceUuid.qmi, dssPayload: 0, maxDssInstances: 0, cids: [1] }] }],
    [bc.PacketStatistics, 'response', { inDiscards: 1, inErrors: 2, inOctets: 3n, inPackets: 4n, outOctets: 5n, outPackets: 6n, outErrors: 7, outDiscards: 8 }],
    [qmi.Msg, 'notification', { qmux: hex('010b0080010104000100') }],
  ];
  for (const [def, which, values] of samples) {
    const layout = def[which];
    const b = layout.encodeAlone(values);
    assert.is(b.length % 4 === 0 || def === qmi.Msg, true, `${def.name} ${which} padded`);
    const back = which === 'notification' ? decodeNotification(def, b) : which === 'response' ? decodeResponse(def, b) : decodeCommandBuffer(def, which, b);
    assert.equal(back, values, `${def.name} ${which}`);
  }
});

test('IP Configuration query is 60 bytes, zero except the session id (umbim/mbimcli)', () => {
  const b = encodeCommandBuffer(bc.IpConfiguration, 'query', { sessionId: 3 });
  assert.is(b.length, 60);
  assert.is(readU32(b, 0), 3);
  assert.ok(equal(b.subarray(4), new Uint8Array(56)));
  assert.is(encodeCommandBuffer(bc.Connect, 'query', { sessionId: 0 }).length, 36);
});

test('encoding errors are RangeError: missing required field, bad address, kind not allowed', () => {
  assert.throws(() => encodeCommandBuffer(bc.RadioState, 'set', {} as never), RangeError);
  assert.throws(() => struct({ a: ipv4 }).encodeAlone({ a: '1.2.3' }), RangeError);
  assert.throws(() => struct({ a: u32 }).encodeAlone({ a: -1 }), RangeError);
  assert.throws(() => encodeCommandBuffer(bc.DeviceCaps, 'set' as never, {} as never), RangeError);
});

test('struct definitions are checked: count fields need their array and the other way round', () => {
  assert.throws(() => struct({ n: countOf('xs') }), /names no later/);
  assert.throws(() => struct({ xs: u32Array }), /no count field/);
  assert.throws(() => structArray(struct({ s: string })), /fixed-size/);
  assert.ok(struct({ n: countOf('xs'), xs: opt(stringArray, []) }));
});

test('decoders stay inside the buffer: offsets, sizes and counts past the end are MbimDecodeError', () => {
  const s = struct({ n: countOf('xs'), xs: stringArray });
  const cases: [any, string][] = [
    [struct({ a: string }), '08000000 10000000 41004200'],
    [struct({ a: string }), 'ffffffff 02000000'],
    [struct({ a: u32 }), '010203'],
    [s, 'ffffffff'],
    [struct({ n: countOf('xs'), xs: refStructArray(struct({ a: u32 })) }), '02000000 0c000000 04000000'],
    [struct({ n: countOf('xs'), xs: structArray(struct({ a: u32, b: ipv4 })) }), '02000000 08000000 00000000 00000000'],
    [struct({ n: countOf('xs'), xs: structArray(struct({ a: u32 })) }), '01000000 00000000'],
    [struct({ g: refIpv4 }), '04000000 0102'],
    [struct({ u: uuid }), '00112233'],
    [bc.IpConfiguration.response, toHexStr(hex(LIBMBIM_PARSER.ipConfiguration).subarray(48, 48 + 0x4c))],
  ];
  for (const [layout, h] of cases) assert.throws(() => layout.decodeAlone(hex(h), 't'), isDecodeError, h);
});

test('hostile counts do not make work: a 0xFFFFFFFF-element u32 array fails at once', () => {
  const s = struct({ n: countOf('xs'), xs: u32Array });
  const t0 = Date.now();
  assert.throws(() => s.decodeAlone(hex('ffffffff 00000000'), 't'), isDecodeError);
  assert.ok(Date.now() - t0 < 50);
});

test('trailing bytes after the fixed part are accepted (newer firmware appends fields)', () => {
  const b = concat(encodeReply(bc.Pin, 'response', { pinType: 2, pinState: 0, remainingAttempts: 3 }), filled(8, 0xee));
  assert.equal(decodeResponse(bc.Pin, b), { pinType: 2, pinState: 0, remainingAttempts: 3 });
});

test.run();
