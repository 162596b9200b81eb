// Typed ubus errors: a ubus status (stable numeric code + name) and malformed-bytes decode errors.

/**
 * ubus status codes (`enum ubus_msg_status`, ubusmsg.h; openwrt/ubus ubusmsg.h enum ubus_msg_status). TIMEOUT and
 * CONNECTION_FAILED are produced locally by the client, never sent by ubusd.
 */
export enum UbusStatus {
  OK = 0,
  INVALID_COMMAND = 1,
  INVALID_ARGUMENT = 2,
  METHOD_NOT_FOUND = 3,
  NOT_FOUND = 4,
  NO_DATA = 5,
  PERMISSION_DENIED = 6,
  TIMEOUT = 7,
  NOT_SUPPORTED = 8,
  UNKNOWN_ERROR = 9,
  CONNECTION_FAILED = 10,
  NO_MEMORY = 11,
  PARSE_ERROR = 12,
  SYSTEM_ERROR = 13,
}

/** A status name such as `'NOT_FOUND'` (the keys of UbusStatus). */
export type UbusStatusName = Exclude<keyof typeof UbusStatus, number>;

/** libubus's human text per status (libubus.c `__ubus_strerror`; openwrt/ubus ubusmsg.h enum ubus_msg_status). */
const STATUS_TEXT: Readonly<Record<number, string>> = Object.freeze({
  0: 'Success', 1: 'Invalid command', 2: 'Invalid argument', 3: 'Method not found', 4: 'Not found',
  5: 'No response', 6: 'Permission denied', 7: 'Request timed out', 8: 'Operation not supported',
  9: 'Unknown error', 10: 'Connection failed', 11: 'Out of memory', 12: 'Parsing message data failed',
  13: 'System error',
});

/** The status name for a code, or `UNKNOWN_ERROR` for codes ubus does not define. */
export function statusName(code: number): UbusStatusName {
  const n = UbusStatus[code];
  return (typeof n === 'string' ? n : 'UNKNOWN_ERROR') as UbusStatusName;
}

/** libubus's text for a status code (`ubus_strerror`), e.g. 4 → "Not found". */
export function statusText(code: number): string {
  return STATUS_TEXT[code] ?? 'Unknown error';
}

/** The code for a status name, or undefined when the string names no status. */
export function statusCode(name: string): UbusStatus | undefined {
  const v = (UbusStatus as unknown as Record<string, unknown>)[name];
  return typeof v === 'number' ? v : undefined;
}

/**
 * A request ended with a non-zero ubus status — returned by ubusd or the object's owner, or
 * produced locally (TIMEOUT, CONNECTION_FAILED). `code` is the number from table 3.4,
 * `name` its constant name (`'NOT_FOUND'`), stable for programs to switch on.
 */
export class UbusError extends Error {
  override readonly name: UbusStatusName;
  constructor(readonly code: number, readonly context = '', detail?: string) {
    super(`${context ? `${context}: ` : ''}${detail ?? statusText(code)} (${statusName(code)})`);
    this.name = statusName(code);
  }
}

/** Bytes that are not a valid blob, blobmsg or ubus message; `offset` is where decoding stopped. */
export class UbusDecodeError extends Error {
  override readonly name = 'UbusDecodeError';
  readonly code = 'InvalidMessage';
  constructor(message: string, readonly offset = 0) { super(`${message} (at byte ${offset})`); }
}

/**
 * The ubus status a thrown value should be answered with: a UbusError's code, the status named
 * by an error's `ubusStatus` string (e.g. the daemon's MethodError), else UNKNOWN_ERROR.
 */
export function statusOfError(e: unknown): number {
  if (e instanceof UbusError) return e.code;
  const named = (e as { ubusStatus?: unknown } | null)?.ubusStatus;
  if (typeof named === 'string') return statusCode(named) ?? UbusStatus.UNKNOWN_ERROR;
  return UbusStatus.UNKNOWN_ERROR;
}
