// National language locking and single shift tables. Source: 3GPP TS 23.038 Annex A (A.2 single shift, A.3
// locking shift); national language identifiers per TS 23.038 §6.2.1.2.4 (1 Turkish, 2 Spanish, 3 Portuguese).
// The tables for the Indian languages (identifiers 4–13, Rel-9) are not carried here: a message that names one
// fails to decode with a clear error.
import { DEFAULT_ALPHABET, DEFAULT_EXTENSION } from './alphabet';

/** National language identifiers with tables in this codec (TS 23.038 §6.2.1.2.4). */
export const NationalLanguage = Object.freeze({ turkish: 1, spanish: 2, portuguese: 3 });

/** Replaces characters of the default alphabet at the given septet positions. */
function derive(changes: Record<number, string>): string {
  const chars = [...DEFAULT_ALPHABET];
  for (const [k, v] of Object.entries(changes)) chars[Number(k)] = v;
  return chars.join('');
}

// A.3.1 Turkish locking shift table: differences from the default alphabet.
const TURKISH_LOCKING = derive({
  0x04: '€', 0x07: 'ı', 0x0b: 'Ğ', 0x0c: 'ğ', 0x1c: 'Ş', 0x1d: 'ş', 0x40: 'İ', 0x60: 'ç',
});

// A.3.3 Portuguese locking shift table: differences from the default alphabet.
const PORTUGUESE_LOCKING = derive({
  0x04: 'ê', 0x06: 'ú', 0x07: 'í', 0x08: 'ó', 0x09: 'ç', 0x0b: 'Ô', 0x0c: 'ô', 0x0e: 'Á', 0x0f: 'á',
  0x12: 'ª', 0x13: 'Ç', 0x14: 'À', 0x15: '∞', 0x16: '^', 0x17: '\\', 0x18: '€', 0x19: 'Ó', 0x1a: '|',
  0x1c: 'Â', 0x1d: 'â', 0x1e: 'Ê', 0x24: 'º', 0x40: 'Í', 0x5b: 'Ã', 0x5c: 'Õ', 0x5d: 'Ú', 0x5e: 'Ü',
  0x60: '~', 0x7b: 'ã', 0x7c: 'õ', 0x7d: '`', 0x7e: 'ü',
});

const COMMON_SINGLE = { 0x0a: '\f', 0x14: '^', 0x28: '{', 0x29: '}', 0x2f: '\\', 0x3c: '[', 0x3d: '~', 0x3e: ']', 0x40: '|' };

// A.2.1 Turkish single shift table.
const TURKISH_SINGLE = Object.freeze({
  ...COMMON_SINGLE, 0x47: 'Ğ', 0x49: 'İ', 0x53: 'Ş', 0x63: 'ç', 0x65: '€', 0x67: 'ğ', 0x69: 'ı', 0x73: 'ş',
});

// A.2.2 Spanish single shift table.
const SPANISH_SINGLE = Object.freeze({
  ...COMMON_SINGLE, 0x09: 'ç', 0x41: 'Á', 0x49: 'Í', 0x4f: 'Ó', 0x55: 'Ú', 0x61: 'á', 0x65: '€', 0x69: 'í',
  0x6f: 'ó', 0x75: 'ú',
});

// A.2.3 Portuguese single shift table.
const PORTUGUESE_SINGLE = Object.freeze({
  ...COMMON_SINGLE, 0x05: 'ê', 0x09: 'ç', 0x0b: 'Ô', 0x0c: 'ô', 0x0e: 'Á', 0x0f: 'á', 0x12: 'Φ', 0x13: 'Γ',
  0x15: 'Ω', 0x16: 'Π', 0x17: 'Ψ', 0x18: 'Σ', 0x19: 'Θ', 0x1f: 'Ê', 0x41: 'À', 0x49: 'Í', 0x4f: 'Ó',
  0x55: 'Ú', 0x5b: 'Ã', 0x5c: 'Õ', 0x61: 'Â', 0x65: '€', 0x69: 'í', 0x6f: 'ó', 0x75: 'ú', 0x7b: 'ã',
  0x7c: 'õ', 0x7f: 'â',
});

/** Unknown or unsupported national language identifier. */
export class UnsupportedLanguageError extends RangeError {
  constructor(kind: string, id: number) {
    super(`GSM 7-bit ${kind} shift table for national language ${id} is not supported (TS 23.038 Annex A)`);
    this.name = 'UnsupportedLanguageError';
  }
}

/** The 128-character locking shift table of national language `id`; Spanish has none (A.3.2 void): the default. */
export function lockingShiftTable(id: number): string {
  switch (id) {
    case 0: case NationalLanguage.spanish: return DEFAULT_ALPHABET;
    case NationalLanguage.turkish: return TURKISH_LOCKING;
    case NationalLanguage.portuguese: return PORTUGUESE_LOCKING;
    default: throw new UnsupportedLanguageError('locking', id);
  }
}

/** The single shift table (septet after ESC → character) of national language `id`. */
export function singleShiftTable(id: number): Readonly<Record<number, string>> {
  switch (id) {
    case 0: return DEFAULT_EXTENSION;
    case NationalLanguage.turkish: return TURKISH_SINGLE;
    case NationalLanguage.spanish: return SPANISH_SINGLE;
    case NationalLanguage.portuguese: return PORTUGUESE_SINGLE;
    default: throw new UnsupportedLanguageError('single', id);
  }
}
