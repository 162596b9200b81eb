// Typed error for an interface config that fails validation: names the option and says why.

/**
 * One option of an interface config is invalid (or a required one is missing).
 * `code` is the netifd error code the daemon reports (`proto_notify_error IFACE CONFIG_INVALID
 * option`); `option` is the uci option name as the user wrote it; `reason` never contains the
 * value of a secret option (password, pincode, username).
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID' as const;

  constructor(
    readonly option: string,
    readonly reason: string,
  ) {
    super(`option '${option}': ${reason}`);
  }
}
