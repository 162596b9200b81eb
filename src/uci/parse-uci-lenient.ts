// Lenient uci parsing for files the daemon must survive: statements that libuci's strict parser
// would reject are blanked out one at a time and the rest is parsed again.

import { UciParseError } from './errors';
import { parseUci } from './parse-uci';
import type { UciPackage } from './types';

/** A statement that was dropped: its 1-based line and the strict parser's reason. */
export interface UciSkippedLine { line: number; reason: string }

/** Result of {@link parseUciLenient}: what could be parsed plus every dropped line. */
export interface UciLenientResult { pkg: UciPackage; skipped: UciSkippedLine[] }

/**
 * Parses `text` like {@link parseUci}, but a malformed statement (unterminated quote, NUL,
 * unknown command, bad name…) costs only its own line: that line is blanked (line numbers stay)
 * and parsing starts again, at most once per line. Never throws a UciParseError; with every
 * line dropped the result has no sections. Other errors (bugs) propagate.
 */
export function parseUciLenient(text: string): UciLenientResult {
  const lines = text.split('\n');
  const skipped: UciSkippedLine[] = [];
  for (let attempt = 0; attempt <= lines.length; attempt++) {
    try {
      return { pkg: parseUci(lines.join('\n')), skipped };
    } catch (e) {
      if (!(e instanceof UciParseError)) throw e;
      const i = e.line - 1;
      if (i < 0 || i >= lines.length || lines[i] === '') break;
      skipped.push({ line: e.line, reason: e.reason });
      lines[i] = '';
    }
  }
  return { pkg: { sections: [] }, skipped };
}
