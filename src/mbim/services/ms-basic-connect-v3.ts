// Basic Connect commands whose layout changes once a function agreed to MBIMEx 3.0 and that qmi4g
// uses: Subscriber Ready Status (Flags after ReadyState), Connect (set reordered, APN and
// credentials as TLV strings; response extended at the end), Packet Service (DataSubclass and TAI
// appended). Source: libmbim data/mbim-service-ms-basic-connect-v3.json, mbim-enums.h.
import { countOf, opt, secret, string, stringArray, u16, u32, u64, uuid } from '../codec';
import { defineCid } from '../cid';
import { struct } from '../struct';
import { tlvList, tlvString } from '../tlv';
import { ContextType, ServiceUuid } from '../uuid';

const base = { service: ServiceUuid.basicConnect, serviceName: 'Basic Connect' } as const;
const src = (name: string) => `libmbim mbim-service-ms-basic-connect-v3.json: ${name}`;

/** MbimSubscriberReadyStatusFlag bits: eSIM, SIM removability known, SIM removable. */
export const MbimSubscriberReadyStatusFlag = Object.freeze({ esim: 0x1, simRemovabilityKnown: 0x2, simRemovable: 0x4 });

/** MbimAccessMediaType: unknown 0, 3GPP only 1, 3GPP preferred 2. */
export const MbimAccessMediaType = Object.freeze({ unknown: 0, '3gpp': 1, '3gppPreferred': 2 });

const subscriberReadyV3 = struct({
  readyState: u32, flags: u32, subscriberId: secret(string), simIccId: secret(string), readyInfo: u32,
  telephoneNumbersCount: countOf('telephoneNumbers'), telephoneNumbers: secret(stringArray),
});

/** Subscriber Ready Status (CID 2) in the MBIMEx 3.0 layout: the 1.0 fields with Flags (MbimSubscriberReadyStatusFlag) after ReadyState. */
export const SubscriberReadyStatusV3 = defineCid({
  ...base, cid: 2, name: 'Subscriber Ready Status', source: src('Subscriber Ready Status'),
  query: struct({}), response: subscriberReadyV3, notification: subscriberReadyV3,
});

const connectStateV3 = struct({
  sessionId: u32, activationState: u32, voiceCallState: u32, ipType: u32, contextType: uuid, nwError: u32,
  mediaPreference: opt(u32, 0), accessString: opt(tlvString, ''), unnamedIes: tlvList,
});

/**
 * Connect (CID 12) in the MBIMEx 3.0 layout. Set: SessionId, ActivationCommand, Compression,
 * AuthProtocol, IpType, ContextType, MediaPreference (MbimAccessMediaType), then AccessString,
 * UserName and Password as TLV strings and any other IEs; fields left out take the 1.0 set's
 * defaults (session 0, empty strings, 0, Internet). Query: SessionId only. Response and
 * notification: the 1.0 fields, then MediaPreference, AccessString (TLV) and other IEs.
 */
export const ConnectV3 = defineCid({
  ...base, cid: 12, name: 'Connect', source: src('Connect'),
  set: struct({
    sessionId: opt(u32, 0), activationCommand: u32, compression: opt(u32, 0), authProtocol: opt(u32, 0), ipType: opt(u32, 0),
    contextType: opt(uuid, ContextType.internet), mediaPreference: opt(u32, 0),
    accessString: opt(tlvString, ''), userName: opt(secret(tlvString), ''), password: opt(secret(tlvString), ''), unnamedIes: tlvList,
  }),
  query: struct({ sessionId: opt(u32, 0) }),
  response: connectStateV3, notification: connectStateV3,
});

/**
 * MbimTai: PLMN MCC and MNC as guint16 BCD (MCC: 3 digits in the low 12 bits; MNC: bit 15 set =
 * 2 digits in the low 8 bits, else 3 digits in the low 12 bits; libmbim mbimcli-basic-connect.c) and the TAC.
 */
export const Tai = struct({ plmnMcc: u16, plmnMnc: u16, tac: u32 });

const packetServiceV3 = struct({
  nwError: u32, packetServiceState: u32, highestAvailableDataClass: u32, uplinkSpeed: u64, downlinkSpeed: u64,
  frequencyRange: u32, dataSubclass: u32, tai: Tai,
});

/**
 * Packet Service (CID 10) in the MBIMEx 3.0 layout: the 1.0 response (HighestAvailableDataClass an
 * MbimDataClassV3 mask) plus FrequencyRange (MbimFrequencyRange), DataSubclass (MbimDataSubclass) and the TAI. Set as in 1.0.
 */
export const PacketServiceV3 = defineCid({
  ...base, cid: 10, name: 'Packet Service', source: src('Packet Service'),
  set: struct({ packetServiceAction: u32 }), query: struct({}), response: packetServiceV3, notification: packetServiceV3,
});
