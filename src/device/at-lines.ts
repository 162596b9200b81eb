// AT command allowlist and the response line scanner (pure: no I/O), for the AT port.
//
// Result codes per ITU-T V.250 §5.7.1 (OK, ERROR, NO CARRIER, BUSY, NO ANSWER, NO DIALTONE) and
// 3GPP TS 27.007 §9.2 / TS 27.005 §3.2.5 (+CME ERROR / +CMS ERROR), verbose form (ATV1, the
// default). A modem with echo on (ATE1, the default) repeats the command line first.

/**
 * Commands that may be sent: identification and status queries, and the radio/reset switch
 * (AT+CFUN=fun[,rst], 27.007 §8.2) the recovery ladder uses. Nothing else — no free text, no
 * `;` chaining, no quotes, no line breaks — so an ubus caller cannot reach e.g. AT+CGDCONT=…
 * or vendor write commands through `at`.
 */
const ALLOWED: readonly RegExp[] = [
  /^AT$/,
  /^ATI[0-9]?$/,
  /^AT\+CFUN(\?|=\?|=[0-9]{1,3}(,[01])?)$/,
  /^AT\+(CGMI|CGMM|CGMR|CGSN|GMI|GMM|GMR|GSN|CIMI|CCID|ICCID|CNUM|CSQ|CESQ|CLAC)$/,
  /^AT\+(COPS|CREG|CEREG|CGREG|C5GREG|CPIN|CGATT|CGACT|CGDCONT|CGPADDR|CPOL|CSCS|CMEE)\?$/,
];

/** Longest command accepted, characters (V.250 §5.2.1 guarantees at least 40). */
export const MAX_AT_COMMAND = 40;

/**
 * The command as it would be sent (upper-cased, surrounding spaces and tabs removed), or undefined
 * when it is not on the allowlist. Only ASCII letters, digits and `+?=,` can pass.
 */
export function normalizeAtCommand(command: string): string | undefined {
  const c = command.replace(/^[ \t]+|[ \t]+$/g, '').toUpperCase();
  if (c.length === 0 || c.length > MAX_AT_COMMAND || !/^[A-Z0-9+?=,]+$/.test(c)) return undefined;
  return ALLOWED.some((re) => re.test(c)) ? c : undefined;
}

/**
 * The USB composition commands the daemon itself sends (never an ubus caller's text): Sierra
 * `AT!ENTERCND="A710"` (unlocks the `!` commands with the factory password), `AT!UDUSBCOMP?`,
 * `AT!UDUSBCOMP=?`, `AT!UDUSBCOMP=N`, `AT!RESET`; Quectel `AT+QCFG="usbnet"`,
 * `AT+QCFG="usbnet",N` and the restart `AT+CFUN=1,1` (vendors' AT command manuals, 3GPP TS 27.007). Returns the command, or undefined.
 */
export function normalizeUsbCompositionCommand(command: string): string | undefined {
  const ok = /^(AT!ENTERCND="A710"|AT!UDUSBCOMP(\?|=\?|=[0-9]{1,2})|AT!RESET|AT\+CFUN=1,1|AT\+QCFG="usbnet"(,[0-9])?)$/.test(command);
  return ok ? command : undefined;
}

/** Where a response stands after the bytes received so far. */
export type AtScan =
  | { readonly state: 'pending' }
  /** Final `OK`: the information lines before it (echo and blank lines removed). */
  | { readonly state: 'ok'; readonly lines: readonly string[] }
  /** A final error result: `final` is that line (e.g. `+CME ERROR: 10`, `ERROR`). */
  | { readonly state: 'error'; readonly final: string; readonly lines: readonly string[] };

const FINAL_ERROR_RE = /^(ERROR|\+CME ERROR:.*|\+CMS ERROR:.*|NO CARRIER|BUSY|NO ANSWER|NO DIALTONE)$/;

/**
 * Scans the text received after sending `command`: complete lines (ended by CR or LF) are read
 * in order; blank lines are skipped, the first line is dropped when it is the echo of `command`
 * (compared case-insensitively); the first final result code ends the response. An unterminated
 * last line is not looked at yet. Lines after the final result are ignored.
 */
export function scanAtResponse(text: string, command: string): AtScan {
  const parts = text.split(/\r\n|\r|\n/);
  parts.pop(); // the unterminated tail ('' when text ends with a line break)
  const lines: string[] = [];
  let first = true;
  for (const raw of parts) {
    const line = raw.trim();
    if (line === '') continue;
    if (first) {
      first = false;
      if (line.toUpperCase() === command.trim().toUpperCase()) continue;
    }
    if (line === 'OK') return { state: 'ok', lines };
    if (FINAL_ERROR_RE.test(line)) return { state: 'error', final: line, lines };
    lines.push(line);
  }
  return { state: 'pending' };
}
