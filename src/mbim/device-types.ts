// The option and message types of MbimDevice (device.ts) and its JSON helper, apart so that the
// device stays one concept per file.
import type { Logger } from '../log';
import type { Clock } from '../util/wait';
import type { MbimMessage } from './message';

/** Per-request options: timeout in ms (default the device's) and a cancel signal. */
export interface CommandOptions { timeoutMs?: number; signal?: AbortSignal }

/** OPEN options: `timeoutMs` bounds the whole open (default 30 s), `retryMs` is the wait before OPEN is resent (default 5 s). */
export interface OpenOptions extends CommandOptions { retryMs?: number }

/** Options of an MbimDevice. */
export interface MbimDeviceOptions {
  log?: Logger;
  /** Default per-request timeout, ms (default 10 s). */
  timeoutMs?: number;
  clock?: Clock;
  /** Max control transfer put in OPEN and used to fragment what we send (default 4096, libmbim's fallback; libmbim mbim-device.c (transport)). */
  maxControlTransfer?: number;
  /** Longest wait between two fragments of one message before TimeoutFragment, ms (libmbim MAX_TIME_BETWEEN_FRAGMENTS_MS: 1250). */
  fragmentGapMs?: number;
}

/** An INDICATE_STATUS message, reassembled. */
export type IndicationMessage = Extract<MbimMessage, { type: 'indicate-status' }>;

/** Open state: 'closed' (before OPEN, after CLOSE or NotOpened), 'opening', 'open'. */
export type MbimOpenState = 'closed' | 'opening' | 'open';

/** JSON.stringify replacer that prints bigints and byte arrays compactly. */
export function bigintJson(_k: string, v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  return v;
}

/** A request waiting for its reply: `what` names it in errors. */
export interface Pending {
  readonly what: string;
  resolve(m: MbimMessage): void;
  reject(e: Error): void;
}

/** Stray replies this soon after the device opened are a previous process's, not a direct opener's, ms. */
export const DIRECT_OPEN_SETTLE_MS = 10_000;
