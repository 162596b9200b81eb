// Readers for netifd config values: strings, integers and uci booleans as netifd hands them over.

import { ConfigError } from './config-errors';

/** A config object as netifd passes it: option name → JSON value (list options are arrays). */
export type RawConfig = Readonly<Record<string, unknown>>;

/**
 * uci boolean spellings netifd and `config_get_bool` accept (libubox blobmsg / functions.sh):
 * 1/yes/on/true/enabled and 0/no/off/false/disabled, case-insensitive.
 */
const TRUE_WORDS = new Set(['1', 'yes', 'on', 'true', 'enabled']);
const FALSE_WORDS = new Set(['0', 'no', 'off', 'false', 'disabled']);

/** A value shown in an error reason: JSON, cut to 40 characters; never used for secrets. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * The single scalar value of `key`, or undefined when absent/null/''. A list (array) for a
 * scalar option is an error (the user wrote `list` where `option` was meant).
 */
function scalar(raw: RawConfig, key: string): string | number | boolean | undefined {
  const v = raw[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (Array.isArray(v)) throw new ConfigError(key, 'expected a single value, got a list');
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  throw new ConfigError(key, `expected a single value, got ${typeof v}`);
}

/** A string option; numbers are accepted as their decimal text (netifd may type them int). */
export function readString(raw: RawConfig, key: string, secret = false): string | undefined {
  const v = scalar(raw, key);
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') throw new ConfigError(key, secret ? 'expected text' : `expected text, got ${show(v)}`);
  const text = String(v);
  if (/[\0\n\r]/.test(text)) throw new ConfigError(key, 'contains a NUL or line break');
  return text;
}

/** A boolean option: JSON true/false, 0/1, or the uci words; throws ConfigError otherwise. */
export function readBool(raw: RawConfig, key: string): boolean | undefined {
  const v = scalar(raw, key);
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  const word = String(v).toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new ConfigError(key, `expected a boolean (0/1, true/false, yes/no, on/off), got ${show(v)}`);
}

/** A boolean option that also takes `auto` (mbim.sh's dhcp/dhcpv6). */
export function readBoolOrAuto(raw: RawConfig, key: string): boolean | 'auto' | undefined {
  const v = scalar(raw, key);
  if (typeof v === 'string' && v.toLowerCase() === 'auto') return 'auto';
  try {
    return readBool(raw, key);
  } catch {
    throw new ConfigError(key, `expected a boolean or 'auto', got ${show(v)}`);
  }
}

/** A decimal integer option within [min, max]; JSON numbers or digit strings. */
export function readInt(raw: RawConfig, key: string, min: number, max: number, unit = ''): number | undefined {
  const v = scalar(raw, key);
  if (v === undefined) return undefined;
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^-?\d{1,10}$/.test(v.trim())) n = Number(v.trim());
  else throw new ConfigError(key, `expected an integer, got ${show(v)}`);
  if (!Number.isInteger(n)) throw new ConfigError(key, `expected an integer, got ${show(v)}`);
  if (n < min || n > max) throw new ConfigError(key, `must be ${min}..${max}${unit}, got ${n}`);
  return n;
}

/** A list option's items: an array of scalars, or one scalar (a plain `option`), as strings. */
export function readList(raw: RawConfig, key: string): string[] | undefined {
  const v = raw[key];
  if (v === undefined || v === null || v === '') return undefined;
  const items = Array.isArray(v) ? v : [v];
  return items.map((item) => {
    if (typeof item === 'string' || typeof item === 'number') return String(item);
    throw new ConfigError(key, `expected text items, got ${show(item)}`);
  });
}
