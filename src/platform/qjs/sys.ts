// errno handling for the qjs platform: quickjs-libc's os functions and the qmi4g_native module
// return -errno (or [value, errno]); these turn that into the PlatformError of types.ts.
import * as std from 'qjs:std';
import * as native from 'qmi4g_native';
import { platformError } from '../errors';
import type { PlatformError } from '../types';

/** PlatformError for errno `n` (either sign): code = its name (ENOENT…), message = "<what>: strerror". */
export function errnoError(n: number, syscall: string, path?: string): PlatformError {
  const e = Math.abs(n);
  const what = path !== undefined ? `${syscall} ${path}` : syscall;
  return platformError(native.errnoName(e), `${what}: ${std.strerror(e)}`, syscall, path);
}

/** Returns `r` when ≥ 0; throws errnoError(r) otherwise (r is -errno). */
export function check(r: number, syscall: string, path?: string): number {
  if (r < 0) throw errnoError(r, syscall, path);
  return r;
}

/** The value of a quickjs-libc [value, errno] pair; throws errnoError when errno ≠ 0. */
export function checkPair<T>(pair: [T, number], syscall: string, path?: string): T {
  if (pair[1] !== 0) throw errnoError(pair[1], syscall, path);
  return pair[0];
}

/** The ArrayBuffer, offset and length of `u8`, as os.read/os.write and native.send take them. */
export function abRange(u8: Uint8Array): [ArrayBuffer, number, number] {
  return [u8.buffer as ArrayBuffer, u8.byteOffset, u8.byteLength];
}

/** Names of the signals the target knows, by number (numbers differ on MIPS: SIGUSR1 is 16 there). */
export function signalName(n: number, os: Record<string, unknown>): string {
  const known: Record<string, unknown> = { ...os, ...native };
  for (const k of Object.keys(known)) if (/^SIG[A-Z0-9]+$/.test(k) && known[k] === n) return k;
  return `SIG${n}`;
}
