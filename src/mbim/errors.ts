// Typed MBIM errors: core (decode, fragment, timeout, abort, transport) kept apart from the modem's status and protocol errors.

/**
 * libmbim's MbimStatusError nicks by status code (libmbim mbim-errors.h). The status
 * travels in OPEN_DONE, CLOSE_DONE and COMMAND_DONE. Code 35's nick is `AuthIncorrectAuth` in libmbim.
 */
export const MBIM_STATUS_NAMES: Readonly<Record<number, string>> = Object.freeze({
  0: 'None', 1: 'Busy', 2: 'Failure', 3: 'SimNotInserted', 4: 'BadSim', 5: 'PinRequired', 6: 'PinDisabled',
  7: 'NotRegistered', 8: 'ProvidersNotFound', 9: 'NoDeviceSupport', 10: 'ProviderNotVisible',
  11: 'DataClassNotAvailable', 12: 'PacketServiceDetached', 13: 'MaxActivatedContexts', 14: 'NotInitialized',
  15: 'VoiceCallInProgress', 16: 'ContextNotActivated', 17: 'ServiceNotActivated', 18: 'InvalidAccessString',
  19: 'InvalidUserNamePwd', 20: 'RadioPowerOff', 21: 'InvalidParameters', 22: 'ReadFailure', 23: 'WriteFailure',
  25: 'NoPhonebook', 26: 'ParameterTooLong', 27: 'StkBusy', 28: 'OperationNotAllowed', 29: 'MemoryFailure',
  30: 'InvalidMemoryIndex', 31: 'MemoryFull', 32: 'FilterNotSupported', 33: 'DssInstanceLimit',
  34: 'InvalidDeviceServiceOperation', 35: 'AuthIncorrectAuth', 36: 'AuthSyncFailure', 37: 'AuthAmfNotSet',
  38: 'ContextNotSupported', 100: 'SmsUnknownSmscAddress', 101: 'SmsNetworkTimeout', 102: 'SmsLangNotSupported',
  103: 'SmsEncodingNotSupported', 104: 'SmsFormatNotSupported',
  0x87430001: 'NoLogicalChannels', 0x87430002: 'SelectFailed', 0x87430003: 'InvalidLogicalChannel',
  0x91000001: 'InvalidSignature', 0x91000002: 'InvalidImei', 0x91000003: 'InvalidTimeStamp',
  0x91000004: 'NetworkListTooLarge', 0x91000005: 'SignatureAlgorithmNotSupported', 0x91000006: 'FeatureNotSupported',
  0x91000007: 'DecodeOrParsingError',
});

/** Status codes this project tests for by value (mbim-errors.h MbimStatusError). */
export const MbimStatus = Object.freeze({
  None: 0, Busy: 1, Failure: 2, SimNotInserted: 3, BadSim: 4, PinRequired: 5, PinDisabled: 6, NotRegistered: 7,
  NoDeviceSupport: 9, PacketServiceDetached: 12, MaxActivatedContexts: 13, NotInitialized: 14,
  ContextNotActivated: 16, InvalidAccessString: 18, InvalidUserNamePwd: 19, RadioPowerOff: 20,
  InvalidParameters: 21, OperationNotAllowed: 28, InvalidMemoryIndex: 30, MemoryFull: 31, SmsFormatNotSupported: 104,
});

/** libmbim's MbimProtocolError nicks (libmbim mbim-errors.h): the body of HOST_ERROR / FUNCTION_ERROR. */
export const MBIM_PROTOCOL_ERROR_NAMES: Readonly<Record<number, string>> = Object.freeze({
  0: 'Invalid', 1: 'TimeoutFragment', 2: 'FragmentOutOfSequence', 3: 'LengthMismatch', 4: 'DuplicatedTid',
  5: 'NotOpened', 6: 'Unknown', 7: 'Cancel', 8: 'MaxTransfer',
});

/** Protocol error codes by name (mbim-errors.h MbimProtocolError). */
export const MbimProtocolErrorCode = Object.freeze({
  Invalid: 0, TimeoutFragment: 1, FragmentOutOfSequence: 2, LengthMismatch: 3, DuplicatedTid: 4, NotOpened: 5,
  Unknown: 6, Cancel: 7, MaxTransfer: 8,
});

/** libmbim's name for a status code, or `Unknown(N)`. */
export function mbimStatusName(code: number): string {
  return MBIM_STATUS_NAMES[code] ?? `Unknown(${code})`;
}

/** libmbim's name for a protocol error code, or `Unknown(N)`. */
export function mbimProtocolErrorName(code: number): string {
  return MBIM_PROTOCOL_ERROR_NAMES[code] ?? `Unknown(${code})`;
}

/** Bytes from the modem that are not a valid MBIM message or information buffer (a core error). */
export class MbimDecodeError extends Error {
  override readonly name: string = 'MbimDecodeError';
  readonly code: string = 'InvalidMessage';
}

/**
 * A fragmented message could not be reassembled: `protocolError` is FragmentOutOfSequence (2)
 * for a fragment out of order, a missing one or a bad fragment header, TimeoutFragment (1)
 * when the next fragment did not come in time. `tid` is the transaction it belongs to.
 */
export class MbimFragmentError extends MbimDecodeError {
  override readonly name: string = 'MbimFragmentError';
  override readonly code: string = 'Fragment';
  readonly protocolName: string;
  constructor(readonly protocolError: number, readonly tid: number, detail: string) {
    super(`${mbimProtocolErrorName(protocolError)} (tid ${tid}): ${detail}`);
    this.protocolName = mbimProtocolErrorName(protocolError);
  }
}

/**
 * The modem answered with a non-zero status (COMMAND_DONE, OPEN_DONE, CLOSE_DONE). `code` is
 * the u32 status, `mbimName` libmbim's nick (e.g. `SimNotInserted`); `response` holds the
 * information buffer decoded when the modem sent one that fits the layout (PIN attempts left,
 * Connect NwError), else `{}`.
 */
export class MbimStatusError extends Error {
  override readonly name = 'MbimStatusError';
  readonly mbimName: string;
  constructor(readonly code: number, readonly request: string, readonly response: Record<string, unknown> = {}) {
    super(`${request}: ${mbimStatusName(code)} (${code})`);
    this.mbimName = mbimStatusName(code);
  }
}

/** The modem sent FUNCTION_ERROR for a request: `code` the protocol error (5 NotOpened = re-open), `mbimName` its nick. */
export class MbimFunctionError extends Error {
  override readonly name = 'MbimFunctionError';
  readonly mbimName: string;
  constructor(readonly code: number, readonly request: string) {
    super(`${request}: function error ${mbimProtocolErrorName(code)} (${code})`);
    this.mbimName = mbimProtocolErrorName(code);
  }
}

/** A request got no response in time (ms). */
export class MbimTimeoutError extends Error {
  override readonly name = 'MbimTimeoutError';
  readonly code = 'Timeout';
  constructor(readonly request: string, readonly timeoutMs: number) {
    super(`${request}: no response within ${timeoutMs} ms`);
  }
}

/** A wait was cancelled through its AbortSignal. */
export class MbimAbortedError extends Error {
  override readonly name = 'MbimAbortedError';
  readonly code = 'Aborted';
}

/** The control port is closed or gone (EIO/ENODEV, unplug): a transport error. */
export class MbimTransportError extends Error {
  override readonly name = 'MbimTransportError';
  readonly code = 'DeviceGone';
}

/** A call the device's state does not allow (e.g. OPEN while opening). */
export class MbimWrongStateError extends Error {
  override readonly name = 'MbimWrongStateError';
  readonly code = 'WrongState';
}
