// Basic Connect (a289cc33-…) commands a connection manager needs. Source: libmbim data/mbim-service-basic-connect.json.
import { countOf, ipv4, ipv4Array, ipv6, ipv6Array, opt, refIpv4, refIpv6, secret, string, stringArray, u32, u32Array, u64, uuid } from '../codec';
import { defineCid } from '../cid';
import { refStructArray, struct, structArray } from '../struct';
import { ContextType, ServiceUuid } from '../uuid';

export * from './basic-connect-enums';

const base = { service: ServiceUuid.basicConnect, serviceName: 'Basic Connect' } as const;
const src = (name: string) => `libmbim mbim-service-basic-connect.json: ${name}`;
const empty = struct({});

/** Device Caps (CID 1, query): device class, IMEI (DeviceId), firmware and hardware info. */
export const DeviceCaps = defineCid({
  ...base, cid: 1, name: 'Device Caps', source: src('Device Caps'),
  query: empty,
  response: struct({
    deviceType: u32, cellularClass: u32, voiceClass: u32, simClass: u32, dataClass: u32, smsCaps: u32, controlCaps: u32,
    maxSessions: u32, customDataClass: string, deviceId: secret(string), firmwareInfo: string, hardwareInfo: string,
  }),
});

const subscriberReady = struct({
  readyState: u32, subscriberId: secret(string), simIccId: secret(string), readyInfo: u32,
  telephoneNumbersCount: countOf('telephoneNumbers'), telephoneNumbers: secret(stringArray),
});

/** Subscriber Ready Status (CID 2, query + notification): SIM state, IMSI, ICCID, own numbers. */
export const SubscriberReadyStatus = defineCid({
  ...base, cid: 2, name: 'Subscriber Ready Status', source: src('Subscriber Ready Status'),
  query: empty, response: subscriberReady, notification: subscriberReady,
});

const radio = struct({ hwRadioState: u32, swRadioState: u32 });

/** Radio State (CID 3, query/set + notification): 'RadioState' 0 off, 1 on. */
export const RadioState = defineCid({
  ...base, cid: 3, name: 'Radio State', source: src('Radio State'),
  set: struct({ radioState: u32 }), query: empty, response: radio, notification: radio,
});

/**
 * Pin (CID 4, query/set): the response tells the PIN type in question, its state and the
 * attempts left (also on a failed set, e.g. a wrong PIN).
 */
export const Pin = defineCid({
  ...base, cid: 4, name: 'Pin', source: src('Pin'),
  set: struct({ pinType: u32, pinOperation: u32, pin: secret(string), newPin: opt(secret(string), '') }),
  query: empty,
  response: struct({ pinType: u32, pinState: u32, remainingAttempts: u32 }),
});

/** MbimProvider: strings of this inline struct count from the information buffer start (libmbim mbim-service-basic-connect.json, CID 6 Home Provider). */
export const Provider = struct({
  providerId: string, providerState: u32, providerName: string, cellularClass: u32, rssi: u32, errorRate: u32,
});

/** Home Provider (CID 6, query/set): the SIM's home network, MCC+MNC and name. */
export const HomeProvider = defineCid({
  ...base, cid: 6, name: 'Home Provider', source: src('Home Provider'),
  set: struct({ provider: Provider }), query: empty, response: struct({ provider: Provider }),
});

const registration = struct({
  nwError: u32, registerState: u32, registerMode: u32, availableDataClasses: u32, currentCellularClass: u32,
  providerId: string, providerName: string, roamingText: string, registrationFlag: u32,
});

/** Register State (CID 9, query/set + notification): registration, serving network, 3GPP reject cause (NwError). */
export const RegisterState = defineCid({
  ...base, cid: 9, name: 'Register State', source: src('Register State'),
  set: struct({ providerId: opt(string, ''), registerAction: u32, dataClass: opt(u32, 0) }),
  query: empty, response: registration, notification: registration,
});

const packetService = struct({
  nwError: u32, packetServiceState: u32, highestAvailableDataClass: u32, uplinkSpeed: u64, downlinkSpeed: u64,
});

/** Packet Service (CID 10, query/set + notification): attach (0) / detach (1); speeds in bps. */
export const PacketService = defineCid({
  ...base, cid: 10, name: 'Packet Service', source: src('Packet Service'),
  set: struct({ packetServiceAction: u32 }), query: empty, response: packetService, notification: packetService,
});

const signal = struct({ rssi: u32, errorRate: u32, signalStrengthInterval: u32, rssiThreshold: u32, errorRateThreshold: u32 });

/** Signal State (CID 11, query/set + notification): RSSI 0–31 (99 unknown; dBm = −113 + 2·rssi), reporting thresholds. */
export const SignalState = defineCid({
  ...base, cid: 11, name: 'Signal State', source: src('Signal State'),
  set: struct({ signalStrengthInterval: u32, rssiThreshold: u32, errorRateThreshold: u32 }),
  query: empty, response: signal, notification: signal,
});

const connectState = struct({
  sessionId: u32, activationState: u32, voiceCallState: u32, ipType: u32, contextType: uuid, nwError: u32,
});

/**
 * Connect (CID 12, set/query + notification). Set: activate (1) / deactivate (0) a session
 * with APN ('AccessString'), credentials, auth protocol, IP type and context type (Internet
 * by default); fields left out take mbimcli's values (session 0, empty strings, 0, Internet).
 * Query: the same 36-byte layout as the response, with the session id filled in.
 */
export const Connect = defineCid({
  ...base, cid: 12, name: 'Connect', source: `${src('Connect')}; qmicli/mbimcli byte captures (test/conformance)`,
  set: struct({
    sessionId: opt(u32, 0), activationCommand: u32, accessString: opt(string, ''), userName: opt(secret(string), ''),
    password: opt(secret(string), ''), compression: opt(u32, 0), authProtocol: opt(u32, 0), ipType: opt(u32, 0),
    contextType: opt(uuid, ContextType.internet),
  }),
  query: struct({
    sessionId: opt(u32, 0), activationState: opt(u32, 0), voiceCallState: opt(u32, 0), ipType: opt(u32, 0),
    contextType: opt(uuid, ContextType.internet), nwError: opt(u32, 0),
  }),
  response: connectState, notification: connectState,
});

/** MbimIPv4Element: prefix length and address. */
export const Ipv4Element = struct({ onLinkPrefixLength: u32, ipv4Address: ipv4 });
/** MbimIPv6Element: prefix length and address. */
export const Ipv6Element = struct({ onLinkPrefixLength: u32, ipv6Address: ipv6 });

const ipConfigFields = {
  sessionId: u32, ipv4ConfigurationAvailable: u32, ipv6ConfigurationAvailable: u32,
  ipv4AddressCount: countOf('ipv4Address'), ipv4Address: structArray(Ipv4Element),
  ipv6AddressCount: countOf('ipv6Address'), ipv6Address: structArray(Ipv6Element),
  ipv4Gateway: refIpv4, ipv6Gateway: refIpv6,
  ipv4DnsServerCount: countOf('ipv4DnsServer'), ipv4DnsServer: ipv4Array,
  ipv6DnsServerCount: countOf('ipv6DnsServer'), ipv6DnsServer: ipv6Array,
  ipv4Mtu: u32, ipv6Mtu: u32,
};
const ipConfig = struct(ipConfigFields);

/**
 * IP Configuration (CID 15, query + notification): addresses/prefixes, gateways, DNS, MTU of a
 * session. The query has the response's 60-byte layout; only 'SessionId' matters (umbim sends zeros).
 */
export const IpConfiguration = defineCid({
  ...base, cid: 15, name: 'IP Configuration', source: src('IP Configuration'),
  query: struct({
    sessionId: opt(u32, 0), ipv4ConfigurationAvailable: opt(u32, 0), ipv6ConfigurationAvailable: opt(u32, 0),
    ipv4AddressCount: countOf('ipv4Address'), ipv4Address: opt(structArray(Ipv4Element), []),
    ipv6AddressCount: countOf('ipv6Address'), ipv6Address: opt(structArray(Ipv6Element), []),
    ipv4Gateway: refIpv4, ipv6Gateway: refIpv6,
    ipv4DnsServerCount: countOf('ipv4DnsServer'), ipv4DnsServer: opt(ipv4Array, []),
    ipv6DnsServerCount: countOf('ipv6DnsServer'), ipv6DnsServer: opt(ipv6Array, []),
    ipv4Mtu: opt(u32, 0), ipv6Mtu: opt(u32, 0),
  }),
  response: ipConfig, notification: ipConfig,
});

/** MbimDeviceServiceElement: one service the device offers and its CIDs. */
export const DeviceServiceElement = struct({
  deviceServiceId: uuid, dssPayload: u32, maxDssInstances: u32, cidsCount: countOf('cids'), cids: u32Array,
});

/** Device Services (CID 16, query): services and CIDs the device supports (e.g. whether QMI-over-MBIM exists). */
export const DeviceServices = defineCid({
  ...base, cid: 16, name: 'Device Services', source: src('Device Services'),
  query: empty,
  response: struct({ deviceServicesCount: countOf('deviceServices'), maxDssSessions: u32, deviceServices: refStructArray(DeviceServiceElement) }),
});

/** MbimEventEntry: a service UUID and the CIDs whose notifications to receive. */
export const EventEntry = struct({ deviceServiceId: uuid, cidsCount: countOf('cids'), cids: u32Array });

const eventList = struct({ eventsCount: countOf('events'), events: refStructArray(EventEntry) });

/** Device Service Subscribe List (CID 19, set): replaces the whole list of notifications the device sends. */
export const DeviceServiceSubscribeList = defineCid({
  ...base, cid: 19, name: 'Device Service Subscribe List', source: src('Device Service Subscribe List'),
  set: eventList, response: eventList,
});

/** Packet Statistics (CID 20, query): octet/packet counters of the data sessions. */
export const PacketStatistics = defineCid({
  ...base, cid: 20, name: 'Packet Statistics', source: src('Packet Statistics'),
  query: empty,
  response: struct({
    inDiscards: u32, inErrors: u32, inOctets: u64, inPackets: u64, outOctets: u64, outPackets: u64, outErrors: u32, outDiscards: u32,
  }),
});
