// Prints a parsed uci package in the layout `uci export` writes (file.c uci_export_package).

import type { UciPackage } from './types';

/** Options for {@link printUci}. */
export interface PrintUciOptions {
  /** Write a `package NAME` header line first (uci export does; uci commit does not). Needs `pkg.package`. */
  readonly header?: boolean;
  /** Also write the generated names of anonymous sections (libuci UCI_FLAG_EXPORT_NAME). */
  readonly exportNames?: boolean;
}

/**
 * Quotes a value the way libuci's export does: inside single quotes, each `'` written as
 * `'\''` (close, escaped quote, reopen) — file.c uci_escape. Any string survives a re-parse.
 */
export function quoteUci(value: string): string {
  return `'${value.split("'").join("'\\''")}'`;
}

/** A section type printed bare when that re-parses to the same text, else quoted. */
function printType(type: string): string {
  return /^[\x21-\x7e]+$/.test(type) && !/['"\\#;]/.test(type) ? type : quoteUci(type);
}

/**
 * Text of a uci file for `pkg`: per section a blank line, `config TYPE ['NAME']`, then
 * `\toption NAME 'VALUE'` or one `\tlist NAME 'ITEM'` per item; a final blank line.
 * Anonymous sections print without a name unless `exportNames`. Pure; `parseUci` of the
 * result gives back the same sections and values.
 */
export function printUci(pkg: UciPackage, options: PrintUciOptions = {}): string {
  let out = '';
  if (options.header && pkg.package !== undefined) out += `package ${pkg.package}\n`;
  for (const s of pkg.sections) {
    out += `\nconfig ${printType(s.type)}`;
    if (!s.anonymous || options.exportNames) out += ` ${quoteUci(s.name)}`;
    out += '\n';
    for (const o of s.options) {
      if (typeof o.value === 'string') {
        out += `\toption ${o.name} ${quoteUci(o.value)}\n`;
      } else {
        for (const item of o.value) out += `\tlist ${o.name} ${quoteUci(item)}\n`;
      }
    }
  }
  return out + '\n';
}
