// Typed QMI errors: core (decode, framing, timeout, abort, transport) kept apart from protocol errors the modem returned.

/**
 * libqmi's QmiProtocolError names by code (libqmi qmi-errors.h QmiProtocolError). Code 105 is named
 * Pin2Restriction here as the enum intends (libqmi's nick string has a typo).
 */
export const QMI_PROTOCOL_ERROR_NAMES: Readonly<Record<number, string>> = Object.freeze({
  0: 'None', 1: 'MalformedMessage', 2: 'NoMemory', 3: 'Internal', 4: 'Aborted', 5: 'ClientIdsExhausted',
  6: 'UnabortableTransaction', 7: 'InvalidClientId', 8: 'NoThresholdsProvided', 9: 'InvalidHandle',
  10: 'InvalidProfile', 11: 'InvalidPinId', 12: 'IncorrectPin', 13: 'NoNetworkFound', 14: 'CallFailed',
  15: 'OutOfCall', 16: 'NotProvisioned', 17: 'MissingArgument', 19: 'ArgumentTooLong',
  22: 'InvalidTransactionId', 23: 'DeviceInUse', 24: 'NetworkUnsupported', 25: 'DeviceUnsupported',
  26: 'NoEffect', 27: 'NoFreeProfile', 28: 'InvalidPdpType', 29: 'InvalidTechnologyPreference',
  30: 'InvalidProfileType', 31: 'InvalidServiceType', 32: 'InvalidRegisterAction', 33: 'InvalidPsAttachAction',
  34: 'AuthenticationFailed', 35: 'PinBlocked', 36: 'PinAlwaysBlocked', 37: 'UimUninitialized',
  38: 'MaximumQosRequestsInUse', 39: 'IncorrectFlowFilter', 40: 'NetworkQosUnaware', 41: 'InvalidQosId',
  42: 'RequestedNumberUnsupported', 43: 'InterfaceNotFound', 44: 'FlowSuspended', 45: 'InvalidDataFormat',
  46: 'GeneralError', 47: 'UnknownError', 48: 'InvalidArgument', 49: 'InvalidIndex', 50: 'NoEntry',
  51: 'DeviceStorageFull', 52: 'DeviceNotReady', 53: 'NetworkNotReady', 54: 'WmsCauseCode',
  55: 'WmsMessageNotSent', 56: 'WmsMessageDeliveryFailure', 57: 'WmsInvalidMessageId', 58: 'WmsEncoding',
  59: 'AuthenticationLock', 60: 'InvalidTransition', 61: 'NotMcastInterface', 62: 'MaximumMcastRequestsInUse',
  63: 'InvalidMcastHandle', 64: 'InvalidIpFamilyPreference', 65: 'SessionInactive', 66: 'SessionInvalid',
  67: 'SessionOwnership', 68: 'InsufficientResources', 69: 'Disabled', 70: 'InvalidOperation',
  71: 'InvalidQmiCommand', 72: 'WmsTPduType', 73: 'WmsSmscAddress', 74: 'InformationUnavailable',
  75: 'SegmentTooLong', 76: 'SegmentOrder', 77: 'BundlingNotSupported', 78: 'OperationPartialFailure',
  79: 'PolicyMismatch', 80: 'SimFileNotFound', 81: 'ExtendedInternal', 82: 'AccessDenied',
  83: 'HardwareRestricted', 84: 'AckNotSent', 85: 'InjectTimeout', 90: 'IncompatibleState',
  91: 'FdnRestrict', 92: 'SupsFailureCase', 93: 'NoRadio', 94: 'NotSupported', 95: 'NoSubscription',
  96: 'CardCallControlFailed', 97: 'NetworkAborted', 98: 'MsgBlocked', 100: 'InvalidSessionType',
  101: 'InvalidPbType', 102: 'NoSim', 103: 'PbNotReady', 104: 'PinRestriction', 105: 'Pin2Restriction',
  106: 'PukRestriction', 107: 'Puk2Restriction', 108: 'PbAccessRestricted', 109: 'PbDeleteInProgress',
  110: 'PbTextTooLong', 111: 'PbNumberTooLong', 112: 'PbHiddenKeyRestriction', 113: 'PbNotAvailable',
  114: 'DeviceMemoryError', 115: 'NoPermission', 116: 'TooSoon', 117: 'TimeNotAcquired',
  118: 'OperationInProgress',
});

/** Protocol error codes this project tests for by value (qmi-errors.h). */
export const QmiError = Object.freeze({
  InvalidClientId: 7, IncorrectPin: 12, CallFailed: 14, OutOfCall: 15, MissingArgument: 17,
  NoEffect: 26, PinBlocked: 35, PinAlwaysBlocked: 36, UimUninitialized: 37, InvalidArgument: 48,
  DeviceNotReady: 52, InvalidQmiCommand: 71, NotSupported: 94, NoSim: 102, PinRestriction: 104,
  PukRestriction: 106,
});

/** libqmi's name for a protocol error code, or `Unknown(N)`. */
export function qmiErrorName(code: number): string {
  return QMI_PROTOCOL_ERROR_NAMES[code] ?? `Unknown(${code})`;
}

/** Bytes from the modem that are not a valid QMI message or TLV value (a core error). */
export class QmiDecodeError extends Error {
  override readonly name = 'QmiDecodeError';
  readonly code = 'InvalidMessage';
}

/** The byte stream is not QMUX framing (bad marker, length or header). */
export class QmiFramingError extends QmiDecodeError {}

/**
 * The modem answered with status failure. `code` is the u16 from the Result TLV 0x02,
 * `qmiName` libqmi's name (e.g. `CallFailed`); `response` holds the response's other
 * TLVs, decoded (e.g. call-end reasons, PIN retries left).
 */
export class QmiProtocolError extends Error {
  override readonly name = 'QmiProtocolError';
  readonly qmiName: string;
  constructor(readonly code: number, readonly message_: string, readonly response: Record<string, unknown> = {}) {
    super(`${message_}: ${qmiErrorName(code)} (${code})`);
    this.qmiName = qmiErrorName(code);
  }
}

/** A request got no response in time (ms). */
export class QmiTimeoutError extends Error {
  override readonly name = 'QmiTimeoutError';
  readonly code = 'Timeout';
  constructor(readonly request: string, readonly timeoutMs: number) {
    super(`${request}: no response within ${timeoutMs} ms`);
  }
}

/** A wait was cancelled through its AbortSignal. */
export class QmiAbortedError extends Error {
  override readonly name = 'QmiAbortedError';
  readonly code = 'Aborted';
}

/** The control port is closed or gone (EIO/ENODEV, unplug): a transport error. */
export class QmiTransportError extends Error {
  override readonly name = 'QmiTransportError';
  readonly code = 'DeviceGone';
}

/** A client was used in a state that does not allow the call (e.g. after close). */
export class QmiWrongStateError extends Error {
  override readonly name = 'QmiWrongStateError';
  readonly code = 'WrongState';
}
