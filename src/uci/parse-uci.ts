// Pure parser for uci config files: the statement and quoting rules of libuci's file.c, strict mode.
//
// Facts from openwrt/uci file.c (uci_parse_line, next_arg, parse_str, parse_*_quote,
// parse_backslash) and list.c (uci_set, uci_add_list, uci_alloc_section, uci_fixup_section):
// - a statement is a command word then arguments; commands `package`/`config`/`option`/`list`
//   and their one-letter abbreviations `p`/`c`/`o`/`l`; `#` starts a comment; `;` ends a statement;
// - an argument is a run of adjacent parts, ended by whitespace: 'single quoted' (no escapes,
//   may span lines), "double quoted" (backslash takes the next character literally, may span
//   lines), or unquoted (backslash takes the next character literally; `#` ends the argument and
//   the line); backslash before a line end joins the next line (outside single quotes);
// - an empty argument counts as absent; names are [A-Za-z0-9_]+, package names may add `-`,
//   section types are printable ASCII without space;
// - `option NAME ''` deletes NAME; setting an option to a new value moves it to the end;
//   `list` after `option` turns the option into a list (old value first);
// - a second `config TYPE NAME` reopens the section of that name (another type is an error).
// libuci's default context is strict (UCI_FLAG_STRICT), so the first problem aborts the parse;
// so does it here. Deliberate differences: a `;` works the same after quoted and unquoted words
// and may end a line (libuci loses the rest of the line after `word;`, and rejects `'v';` at a
// line end), and a NUL character is rejected.

import { anonymousSectionName } from './anonymous-name';
import { UciParseError } from './errors';
import type { UciOption, UciPackage, UciSection, UciValue } from './types';

const NAME_RE = /^[A-Za-z0-9_]+$/;
const PACKAGE_RE = /^[A-Za-z0-9_-]+$/;
const TYPE_RE = /^[\x21-\x7e]+$/;

/** Whitespace as C isspace() sees it, except the line feed, which ends a statement. */
function isBlank(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\v' || c === '\f';
}

/** Parser state over one input string. */
class Cursor {
  pos = 0;
  line = 1;
  lineStart = 0;
  /** Set when a `;`, `#` comment or line end closed the current statement. */
  ended = false;

  constructor(readonly text: string) {}

  fail(reason: string, line = this.line, column = this.pos - this.lineStart + 1): never {
    throw new UciParseError(reason, line, column);
  }

  newline(): void {
    this.pos++;
    this.line++;
    this.lineStart = this.pos;
  }

  /** At a backslash: true (and consumed) when it joins the next line, as parse_backslash. */
  continuation(): boolean {
    const t = this.text;
    const p = this.pos + 1;
    if (t[p] === '\n') {
      this.pos = p;
      this.newline();
      return true;
    }
    if (t[p] === '\r' && t[p + 1] === '\n') {
      this.pos = p + 1;
      this.newline();
      return true;
    }
    return false;
  }

  /** Skips blanks before the next argument; returns its [line, column] for error reports. */
  argPosition(): [number, number] {
    if (!this.ended) while (this.pos < this.text.length && isBlank(this.text[this.pos]!)) this.pos++;
    return [this.line, this.pos - this.lineStart + 1];
  }

  skipToLineEnd(): void {
    const nl = this.text.indexOf('\n', this.pos);
    this.pos = nl < 0 ? this.text.length : nl;
  }

  /** The next argument of the current statement; '' when there is none (libuci: absent). */
  nextArg(): string {
    const t = this.text;
    if (this.ended) return '';
    while (this.pos < t.length && isBlank(t[this.pos]!)) this.pos++;
    if (this.pos >= t.length || t[this.pos] === '\n') {
      this.ended = true;
      return '';
    }
    let out = '';
    while (this.pos < t.length) {
      const c = t[this.pos]!;
      if (c === "'") out += this.singleQuoted();
      else if (c === '"') out += this.doubleQuoted();
      else if (c === '#') {
        this.skipToLineEnd();
        this.ended = true;
        return out;
      } else if (c === ';') {
        this.pos++;
        this.ended = true;
        return out;
      } else if (c === '\\') {
        if (this.continuation()) continue;
        if (this.pos + 1 >= t.length) {
          this.pos++;
          return out;
        }
        out += t[this.pos + 1];
        this.pos += 2;
      } else if (c === '\n' || isBlank(c)) {
        return out;
      } else {
        out += c;
        this.pos++;
      }
    }
    return out;
  }

  private singleQuoted(): string {
    const t = this.text;
    const openLine = this.line;
    const openColumn = this.pos - this.lineStart + 1;
    this.pos++;
    let out = '';
    for (;;) {
      if (this.pos >= t.length) this.fail("EOF with unterminated '", openLine, openColumn);
      const c = t[this.pos]!;
      if (c === "'") {
        this.pos++;
        return out;
      }
      out += c;
      if (c === '\n') this.newline();
      else this.pos++;
    }
  }

  private doubleQuoted(): string {
    const t = this.text;
    const openLine = this.line;
    const openColumn = this.pos - this.lineStart + 1;
    this.pos++;
    let out = '';
    for (;;) {
      if (this.pos >= t.length) this.fail('EOF with unterminated "', openLine, openColumn);
      const c = t[this.pos]!;
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === '\\') {
        if (this.continuation()) continue;
        if (this.pos + 1 >= t.length) this.fail('EOF with unterminated "', openLine, openColumn);
        out += t[this.pos + 1];
        this.pos += 2;
        continue;
      }
      out += c;
      if (c === '\n') this.newline();
      else this.pos++;
    }
  }

  /** libuci assert_eol in strict mode: any further non-empty argument is an error. */
  endOfStatement(): void {
    const [line, column] = this.argPosition();
    if (this.nextArg() !== '') this.fail('too many arguments', line, column);
  }

  /** Reads the command word (up to whitespace or `;`), as strtok(" \t") would. */
  commandWord(): string {
    const t = this.text;
    const start = this.pos;
    while (this.pos < t.length) {
      const c = t[this.pos]!;
      if (c === '\n' || c === ';' || isBlank(c)) break;
      this.pos++;
    }
    return t.slice(start, this.pos);
  }
}

/**
 * Parses the text of a uci config file (e.g. /etc/config/network) into its sections.
 * Pure: no I/O. Throws {@link UciParseError} with line and reason on the first malformed
 * statement: unknown command, missing argument, too many arguments, bad name/type characters,
 * `option`/`list` before any `config`, unterminated quote, a named section reopened with
 * another type, or a NUL character.
 */
export function parseUci(text: string): UciPackage {
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const before = text.slice(0, nul);
    const line = before.split('\n').length;
    throw new UciParseError('NUL character in input', line, nul - before.lastIndexOf('\n'));
  }
  const cur: Cursor = new Cursor(text);
  const sections: UciSection[] = [];
  const byName = new Map<string, UciSection>();
  let current: UciSection | undefined;
  let counter = 0;
  let pkgName: string | undefined;

  while (cur.pos < text.length) {
    const c = text[cur.pos]!;
    if (c === '\n') {
      cur.newline();
      continue;
    }
    if (isBlank(c) || c === ';') {
      cur.pos++;
      continue;
    }
    if (c === '#') {
      cur.skipToLineEnd();
      continue;
    }
    const wordLine = cur.line;
    const wordColumn = cur.pos - cur.lineStart + 1;
    const word = cur.commandWord();
    cur.ended = false;
    const required = (): string => {
      const [line, column] = cur.argPosition();
      const arg = cur.nextArg();
      if (arg === '') cur.fail('insufficient arguments', line, column);
      return arg;
    };
    const checkName = (value: string, re: RegExp, field: 'name' | 'type', line: number, column: number): void => {
      if (!re.test(value)) cur.fail(`invalid character in ${field} field`, line, column);
    };

    switch (word) {
      case 'p':
      case 'package': {
        const [line, column] = cur.argPosition();
        const name = required();
        checkName(name, PACKAGE_RE, 'name', line, column);
        cur.endOfStatement();
        pkgName = name;
        break;
      }
      case 'c':
      case 'config': {
        const [typeLine, typeColumn] = cur.argPosition();
        const type = required();
        checkName(type, TYPE_RE, 'type', typeLine, typeColumn);
        const [nameLine, nameColumn] = cur.argPosition();
        const name = cur.nextArg();
        if (name !== '') checkName(name, NAME_RE, 'name', nameLine, nameColumn);
        cur.endOfStatement();
        if (name === '') {
          counter++;
          current = { type, name: anonymousSectionName(counter, type), anonymous: true, index: 0, line: wordLine, options: [] };
          sections.push(current);
        } else {
          const existing = byName.get(name);
          if (existing) {
            if (existing.type !== type) {
              cur.fail('section of different type overwrites prior section with same name', wordLine, wordColumn);
            }
            current = existing;
          } else {
            counter++;
            current = { type, name, anonymous: false, index: 0, line: wordLine, options: [] };
            sections.push(current);
            byName.set(name, current);
          }
        }
        break;
      }
      case 'o':
      case 'option':
      case 'l':
      case 'list': {
        if (!current) cur.fail('option/list command found before the first section', wordLine, wordColumn);
        const [nameLine, nameColumn] = cur.argPosition();
        const name = required();
        checkName(name, NAME_RE, 'name', nameLine, nameColumn);
        const value = cur.nextArg();
        cur.endOfStatement();
        const opts = optionsOf(current);
        if (word[0] === 'l') addListItem(opts, name, value, wordLine);
        else setOption(opts, name, value, wordLine);
        break;
      }
      default:
        cur.fail('invalid command', wordLine, wordColumn);
    }
  }

  for (const s of sections) s.options = [...optionsOf(s).values()];
  const perType = new Map<string, number>();
  for (const s of sections) {
    const n = perType.get(s.type) ?? 0;
    s.index = n;
    perType.set(s.type, n + 1);
  }
  return pkgName === undefined ? { sections } : { package: pkgName, sections };
}

/**
 * A section's options while parsing, by name in libuci order: a Map keeps insertion order, and
 * delete + set moves an option to the end as uci_set does, so each statement costs O(1) instead
 * of a scan of the section (100,000 options in one section parse in well under a second).
 */
const optionMaps = new WeakMap<UciSection, Map<string, UciOption>>();
function optionsOf(section: UciSection): Map<string, UciOption> {
  let m = optionMaps.get(section);
  if (!m) { m = new Map(); optionMaps.set(section, m); }
  return m;
}

/** libuci uci_set on an option: '' deletes; an unchanged value stays put; a new value goes last. */
function setOption(opts: Map<string, UciOption>, name: string, value: string, line: number): void {
  const old = opts.get(name);
  if (value === '') {
    opts.delete(name);
    return;
  }
  if (old && typeof old.value === 'string' && old.value === value) return;
  opts.delete(name);
  opts.set(name, { name, value, line });
}

/** libuci uci_add_list: appends to a list; a plain option becomes a list (old value first), moved last. */
function addListItem(opts: Map<string, UciOption>, name: string, value: string, line: number): void {
  const old = opts.get(name);
  if (old && Array.isArray(old.value)) {
    old.value.push(value);
    old.line = line;
    return;
  }
  const items: UciValue = old ? [old.value as string, value] : [value];
  opts.delete(name);
  opts.set(name, { name, value: items, line });
}
