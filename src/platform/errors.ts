// PlatformError construction and the device refusal rule shared by every Platform implementation.
import type { PlatformError } from './types';

/** Makes a PlatformError: an Error with `code` (errno name or PlatformErrorCode), `syscall`, `path`. */
export function platformError(code: string, message: string, syscall?: string, path?: string): PlatformError {
  const e = new Error(message) as Error & { code: string; syscall?: string; path?: string };
  e.name = 'PlatformError';
  e.code = code;
  if (syscall !== undefined) e.syscall = syscall;
  if (path !== undefined) e.path = path;
  return e;
}

/** Linux's memory-class character devices (devices.txt: major 1 = mem, null, zero, full, random, urandom, kmsg). */
export const MEM_MAJOR = 1;

/**
 * Splits a Linux dev_t (st_rdev) into major and minor as glibc's gnu_dev_major/minor do
 * (major: bits 8–19 and 32–43; minor: bits 0–7 and 20–31). `dev` may exceed 2^32 (a JS number).
 */
export function splitDevT(dev: number): { major: number; minor: number } {
  const lo = dev % 0x100000000;
  const hi = Math.floor(dev / 0x100000000);
  return {
    major: ((lo >>> 8) & 0xfff) | ((hi & 0xfffff000) >>> 0),
    minor: ((lo & 0xff) | ((lo >>> 12) & 0xfff00) | ((hi & 0xfff) << 20)) >>> 0,
  };
}

/**
 * The refusal rule of openControlPort/openTty, applied to the fstat of the fresh fd before any byte
 * moves: returns the PlatformError to throw (ENOTCHR for anything that is not a character device,
 * EMEMDEV for /dev/null, /dev/zero, /dev/urandom and the other major-1 devices), or undefined when
 * the node may be a modem port. `isChar` is S_ISCHR(st_mode).
 */
export function refuseDevice(path: string, isChar: boolean, rdev: { major: number; minor: number }): PlatformError | undefined {
  if (!isChar) return platformError('ENOTCHR', `${path}: not a character device (a modem port is one); refusing to use it`, 'open', path);
  if (rdev.major === MEM_MAJOR) return platformError('EMEMDEV', `${path}: a memory device (char ${rdev.major}:${rdev.minor}, like /dev/null or /dev/zero), not a modem port; refusing to use it`, 'open', path);
  return undefined;
}
