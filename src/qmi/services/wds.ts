// WDS service (0x01) messages: data sessions, settings, statistics. Source: libqmi qmi-service-wds.json; libqmi qmi-service-wds.json.
import { array8, bool8, i16, ipv4, ipv6, string, str16, struct, u16, u32, u64, u8 } from '../codec';
import { defineMessage, tlv } from '../message';

/** WDS connection status (QmiWdsConnectionStatus). */
export const ConnectionStatus = Object.freeze({ unknown: 0, disconnected: 1, connected: 2, suspended: 3, authenticating: 4 });

/** Get Current Settings requested-settings mask bits (libqmi qmi-service-wds.json: Get Current Settings). */
export const RequestedSettings = Object.freeze({
  profileId: 0x1, profileName: 0x2, pdpType: 0x4, apnName: 0x8, dnsAddress: 0x10, grantedQos: 0x20, username: 0x40,
  authProtocol: 0x80, ipAddress: 0x100, gatewayInfo: 0x200, pcscfAddress: 0x400, mtu: 0x2000, domainNameList: 0x4000, ipFamily: 0x8000,
});

/** Packet statistics mask bits (libqmi qmi-service-wds.json: Get Packet Statistics). */
export const PacketStatisticsMask = Object.freeze({
  txPacketsOk: 0x1, rxPacketsOk: 0x2, txPacketErrors: 0x4, rxPacketErrors: 0x8, txOverflows: 0x10, rxOverflows: 0x20,
  txBytesOk: 0x40, rxBytesOk: 0x80, txPacketsDropped: 0x100, rxPacketsDropped: 0x200,
});

const verboseCallEndReason = struct({ type: u16, reason: i16 });
const ipv6WithPrefix = struct({ address: ipv6, prefixLength: u8 });

/**
 * WDS Start Network (0x0020). TLVs listed in libqmi's JSON order; libqmi writes them in reverse
 * (capture: 0x19 IP family before 0x14 APN), which encodeTlvs reproduces.
 */
export const StartNetwork = defineMessage({
  service: 'wds', id: 0x0020, name: 'Start Network', source: 'qmi-service-wds.json: Start Network; qmicli/mbimcli byte captures (test/conformance)',
  request: {
    primaryDnsAddressPreference: tlv(0x10, ipv4),
    secondaryDnsAddressPreference: tlv(0x11, ipv4),
    primaryNbnsAddressPreference: tlv(0x12, ipv4),
    secondaryNbnsAddressPreference: tlv(0x13, ipv4),
    apn: tlv(0x14, string),
    ipv4AddressPreference: tlv(0x15, ipv4),
    authenticationPreference: tlv(0x16, u8),
    username: tlv(0x17, string, { secret: true }),
    password: tlv(0x18, string, { secret: true }),
    ipFamilyPreference: tlv(0x19, u8),
    technologyPreference: tlv(0x30, u8),
    profileIndex3gpp: tlv(0x31, u8),
    profileIndex3gpp2: tlv(0x32, u8),
    enableAutoconnect: tlv(0x33, bool8),
    extendedTechnologyPreference: tlv(0x34, u16),
    callType: tlv(0x35, u8),
  },
  response: { packetDataHandle: tlv(0x01, u32), callEndReason: tlv(0x10, u16), verboseCallEndReason: tlv(0x11, verboseCallEndReason) },
});

/** WDS Stop Network (0x0021): handle from Start Network (0xFFFFFFFF with autoconnect off = any). */
export const StopNetwork = defineMessage({
  service: 'wds', id: 0x0021, name: 'Stop Network', source: 'qmi-service-wds.json: Stop Network',
  request: { packetDataHandle: tlv(0x01, u32, { required: true }), disableAutoconnect: tlv(0x10, bool8) },
  response: {},
});

/** WDS Get Packet Service Status (0x0022) and the Packet Service Status indication. */
export const GetPacketServiceStatus = defineMessage({
  service: 'wds', id: 0x0022, name: 'Get Packet Service Status', source: 'qmi-service-wds.json: Get Packet Service Status / Packet Service Status',
  request: {},
  response: { connectionStatus: tlv(0x01, u8, { required: true }) },
  indication: {
    connectionStatus: tlv(0x01, struct({ status: u8, reconfigurationRequired: bool8 }), { required: true }),
    callEndReason: tlv(0x10, u16),
    verboseCallEndReason: tlv(0x11, verboseCallEndReason),
    ipFamily: tlv(0x12, u8),
  },
});

/** WDS Get Packet Statistics (0x0024): counters; u32 0xFFFFFFFF = not available. */
export const GetPacketStatistics = defineMessage({
  service: 'wds', id: 0x0024, name: 'Get Packet Statistics', source: 'qmi-service-wds.json: Get Packet Statistics',
  request: { mask: tlv(0x01, u32, { required: true }) },
  response: {
    txPacketsOk: tlv(0x10, u32), rxPacketsOk: tlv(0x11, u32), txPacketsError: tlv(0x12, u32), rxPacketsError: tlv(0x13, u32),
    txOverflows: tlv(0x14, u32), rxOverflows: tlv(0x15, u32), txBytesOk: tlv(0x19, u64), rxBytesOk: tlv(0x1a, u64),
    lastCallTxBytesOk: tlv(0x1b, u64), lastCallRxBytesOk: tlv(0x1c, u64), txPacketsDropped: tlv(0x1d, u32), rxPacketsDropped: tlv(0x1e, u32),
  },
});

/** WDS Get Current Settings (0x002D): IP address, gateway, DNS, MTU of the session. Mask TLV mandatory. */
export const GetCurrentSettings = defineMessage({
  service: 'wds', id: 0x002d, name: 'Get Current Settings', source: 'qmi-service-wds.json: Get Current Settings',
  request: { requestedSettings: tlv(0x10, u32, { required: true }) },
  response: {
    profileName: tlv(0x10, string),
    pdpType: tlv(0x11, u8),
    apnName: tlv(0x14, string),
    ipv4PrimaryDnsAddress: tlv(0x15, ipv4),
    ipv4SecondaryDnsAddress: tlv(0x16, ipv4),
    username: tlv(0x1b, string, { secret: true }),
    authentication: tlv(0x1d, u8),
    ipv4Address: tlv(0x1e, ipv4),
    profileId: tlv(0x1f, struct({ profileType: u8, profileIndex: u8 })),
    ipv4GatewayAddress: tlv(0x20, ipv4),
    ipv4GatewaySubnetMask: tlv(0x21, ipv4),
    ipv6Address: tlv(0x25, ipv6WithPrefix),
    ipv6GatewayAddress: tlv(0x26, ipv6WithPrefix),
    ipv6PrimaryDnsAddress: tlv(0x27, ipv6),
    ipv6SecondaryDnsAddress: tlv(0x28, ipv6),
    mtu: tlv(0x29, u32),
    domainNameList: tlv(0x2a, array8(str16)),
    ipFamily: tlv(0x2b, u8),
  },
});

/** WDS Set IP Family (0x004D): 4, 6 or 8 (unspecified) for this client's next Start Network. */
export const SetIpFamily = defineMessage({
  service: 'wds', id: 0x004d, name: 'Set IP Family', source: 'qmi-service-wds.json: Set IP Family',
  request: { preference: tlv(0x01, u8, { required: true }) }, response: {},
});
