// The GSM 7-bit default alphabet and its extension table. Source: 3GPP TS 23.038 §6.2.1, §6.2.1.1.

/** The 128 characters of the GSM 7-bit default alphabet by septet value (0x1B is the escape to the extension table). */
export const DEFAULT_ALPHABET =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** The default alphabet extension table (TS 23.038 §6.2.1.1): septet after ESC → character. 0x0A is a page break. */
export const DEFAULT_EXTENSION: Readonly<Record<number, string>> = Object.freeze({
  0x0a: '\f', 0x14: '^', 0x28: '{', 0x29: '}', 0x2f: '\\', 0x3c: '[', 0x3d: '~', 0x3e: ']', 0x40: '|', 0x65: '€',
});

