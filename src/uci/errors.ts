// Typed error thrown by the uci parser: the line it stopped on and the reason, in libuci's words.

/**
 * A uci file could not be parsed. `line` is 1-based (the physical line where the problem was
 * found; for an unterminated quote, the line where the quote opened), `column` is 1-based on
 * that line. `reason` uses libuci's own messages where it has one (file.c: "invalid command",
 * "insufficient arguments", "too many arguments", "invalid character in name field", ...).
 */
export class UciParseError extends Error {
  override readonly name = 'UciParseError';
  readonly code = 'UCI_PARSE' as const;

  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`uci parse error: ${reason} at line ${line}, column ${column}`);
  }
}
