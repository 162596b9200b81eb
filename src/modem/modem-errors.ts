// ModemError: a failure with the netifd error code it maps to (OpenWrt qmi.sh names + ours; README.md "Troubleshooting").

/** netifd error codes reported with proto_notify_error (OpenWrt qmi.sh proto_notify_error codes; README.md "Troubleshooting"). */
export type NetifdErrorCode =
  | 'NO_DEVICE' | 'NO_IFACE' | 'SIM_NOT_INITIALIZED' | 'SIM_ILLEGAL_STATE' | 'PIN_FAILED' | 'PUK_NEEDED'
  | 'PIN_TRIES_BELOW_LIMIT' | 'PIN_NOT_SPECIFIED' | 'PIN_STATUS_FAILED' | 'PLMN_FAILED'
  | 'NETWORK_REGISTRATION_FAILED' | 'NO_CID' | 'CALL_FAILED' | 'CONFIG_INVALID' | 'DEVICE_NOT_SUPPORTED'
  | 'DAEMON_UNAVAILABLE' | 'MODEM_UNRESPONSIVE'
  /** netifd or ubus refused or did not answer a report (status only; the modem is fine and is never reset for it). */
  | 'NETIFD_ERROR'
  /** A failure neither of the modem nor of netifd (a bug): status only, retried, never resets the modem. */
  | 'INTERNAL_ERROR';

/**
 * Permanent errors block automatic restarts (proto_block_restart): retrying cannot help and,
 * for PIN errors, could lock the SIM (the codes qmi.sh follows with proto_block_restart, plus ours).
 */
export const PERMANENT_ERRORS: ReadonlySet<NetifdErrorCode> = new Set<NetifdErrorCode>([
  'SIM_ILLEGAL_STATE', 'PIN_FAILED', 'PUK_NEEDED', 'PIN_TRIES_BELOW_LIMIT', 'PIN_NOT_SPECIFIED', 'PLMN_FAILED',
  'CONFIG_INVALID', 'DEVICE_NOT_SUPPORTED',
]);

/** A modem-level failure: `code` for netifd, `message` for people, `data` extra words (e.g. call-end reason). */
export class ModemError extends Error {
  override readonly name = 'ModemError';
  constructor(readonly code: NetifdErrorCode, message: string, readonly data: string[] = [], readonly details: Record<string, unknown> = {}) {
    super(message);
  }

  /** True when restarts must stop (PERMANENT_ERRORS). */
  get permanent(): boolean { return PERMANENT_ERRORS.has(this.code); }
}
