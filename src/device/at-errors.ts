// Typed errors of the AT port: unavailable (no serialport), refused command, port/transport failure, modem error result.

/**
 * AT commands cannot be sent on this system: the `serialport` package or its native binding is
 * missing (or failed to load). `detail` is the loader's message. Code `AT_UNAVAILABLE`.
 */
export class AtUnavailableError extends Error {
  override readonly name = 'AtUnavailableError';
  readonly code = 'AT_UNAVAILABLE' as const;
  constructor(readonly detail = '') {
    super(`AT reset needs the serialport package: opkg install node-serialport / npm install serialport${detail ? ` (${detail.split('\n')[0]})` : ''}`);
  }
}

/** The command (or the port path) is not allowed; nothing was sent. Code `AT_REFUSED`. */
export class AtRefusedError extends Error {
  override readonly name = 'AtRefusedError';
  readonly code = 'AT_REFUSED' as const;
}

/** Opening, writing or reading the AT port failed, or it closed mid-response. Code `AT_PORT`. */
export class AtPortError extends Error {
  override readonly name = 'AtPortError';
  readonly code = 'AT_PORT' as const;
  constructor(readonly path: string, readonly reason: string) { super(`AT port ${path}: ${reason}`); }
}

/**
 * The modem answered with a final error result (`ERROR`, `+CME ERROR: n`, `+CMS ERROR: n`,
 * `NO CARRIER` …). `final` is that line; `lines` the information lines before it. Code `AT_ERROR`.
 */
export class AtCommandError extends Error {
  override readonly name = 'AtCommandError';
  readonly code = 'AT_ERROR' as const;
  constructor(readonly command: string, readonly final: string, readonly lines: readonly string[] = []) {
    super(`${command}: modem answered ${final}`);
  }
}
