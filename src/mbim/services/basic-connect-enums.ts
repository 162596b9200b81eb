// Basic Connect enums and flag bits, named and valued as libmbim's mbim-enums.h defines them (libmbim mbim-enums.h).

/** MbimDeviceType (Device Caps 'DeviceType'). */
export const MbimDeviceType = Object.freeze({ unknown: 0, embedded: 1, removable: 2, remote: 3 });

/** MbimCellularClass bits. */
export const MbimCellularClass = Object.freeze({ gsm: 0x1, cdma: 0x2 });

/** MbimDataClass bits (Device Caps, Register State, Packet Service). */
export const MbimDataClass = Object.freeze({
  gprs: 0x1, edge: 0x2, umts: 0x4, hsdpa: 0x8, hsupa: 0x10, lte: 0x20, '5gNsa': 0x40, '5gSa': 0x80,
  '1xrtt': 0x10000, '1xevdo': 0x20000, '1xevdoRevA': 0x40000, '1xevdv': 0x80000, '3xrtt': 0x100000,
  '1xevdoRevB': 0x200000, umb: 0x400000, custom: 0x80000000,
});

/** MbimSubscriberReadyState (Subscriber Ready Status 'ReadyState'). */
export const MbimSubscriberReadyState = Object.freeze({
  notInitialized: 0, initialized: 1, simNotInserted: 2, badSim: 3, failure: 4, notActivated: 5, deviceLocked: 6, noEsimProfile: 7,
});

/** MbimReadyInfoFlag bits. */
export const MbimReadyInfoFlag = Object.freeze({ protectUniqueId: 0x1 });

/** MbimRadioSwitchState (Radio State). */
export const MbimRadioSwitchState = Object.freeze({ off: 0, on: 1 });

/** MbimPinType (PIN). PUK1 + operation enter + NewPin unblocks PIN1. */
export const MbimPinType = Object.freeze({
  unknown: 0, custom: 1, pin1: 2, pin2: 3, deviceSimPin: 4, deviceFirstSimPin: 5, networkPin: 6, networkSubsetPin: 7,
  serviceProviderPin: 8, corporatePin: 9, subsidyPin: 10, puk1: 11, puk2: 12, deviceFirstSimPuk: 13, networkPuk: 14,
  networkSubsetPuk: 15, serviceProviderPuk: 16, corporatePuk: 17, nev: 18, adm: 19,
});

/** MbimPinState. */
export const MbimPinState = Object.freeze({ unlocked: 0, locked: 1 });

/** MbimPinOperation. */
export const MbimPinOperation = Object.freeze({ enter: 0, enable: 1, disable: 2, change: 3 });

/** MbimProviderState bits (MbimProvider 'ProviderState'). */
export const MbimProviderState = Object.freeze({ home: 0x1, forbidden: 0x2, preferred: 0x4, visible: 0x8, registered: 0x10, preferredMulticarrier: 0x20 });

/** MbimRegisterState. Home (3) and roaming (4) are registered. */
export const MbimRegisterState = Object.freeze({ unknown: 0, deregistered: 1, searching: 2, home: 3, roaming: 4, partner: 5, denied: 6 });

/** MbimRegisterMode. */
export const MbimRegisterMode = Object.freeze({ unknown: 0, automatic: 1, manual: 2 });

/** MbimRegisterAction. */
export const MbimRegisterAction = Object.freeze({ automatic: 0, manual: 1 });

/** MbimRegistrationFlag bits. */
export const MbimRegistrationFlag = Object.freeze({ manualSelectionNotAvailable: 0x1, packetServiceAutomaticAttach: 0x2 });

/** MbimPacketServiceAction. */
export const MbimPacketServiceAction = Object.freeze({ attach: 0, detach: 1 });

/** MbimPacketServiceState. */
export const MbimPacketServiceState = Object.freeze({ unknown: 0, attaching: 1, attached: 2, detaching: 3, detached: 4 });

/** MbimActivationCommand (Connect set). */
export const MbimActivationCommand = Object.freeze({ deactivate: 0, activate: 1 });

/** MbimActivationState (Connect response/notification). */
export const MbimActivationState = Object.freeze({ unknown: 0, activated: 1, activating: 2, deactivated: 3, deactivating: 4 });

/** MbimVoiceCallState. */
export const MbimVoiceCallState = Object.freeze({ none: 0, inProgress: 1, hangUp: 2 });

/** MbimAuthProtocol. */
export const MbimAuthProtocol = Object.freeze({ none: 0, pap: 1, chap: 2, mschapv2: 3 });

/** MbimCompression. */
export const MbimCompression = Object.freeze({ none: 0, enable: 1 });

/** MbimContextIpType (Connect 'IpType'; mbimcli ip-type=ipv4 → 1). */
export const MbimContextIpType = Object.freeze({ default: 0, ipv4: 1, ipv6: 2, ipv4v6: 3, ipv4AndIpv6: 4 });

/** MbimIPConfigurationAvailableFlag bits (IP Configuration). */
export const MbimIPConfigurationAvailableFlag = Object.freeze({ address: 0x1, gateway: 0x2, dns: 0x4, mtu: 0x8 });
