// Globals QuickJS lacks that qmi4g's code may use: AbortController/AbortSignal (the pure-ECMAScript
// ones of ../abort.ts, with AbortSignal.timeout on the platform's timers) and console.error/warn/
// info/debug (QuickJS's console has only log), written to stderr.
import { installAbortGlobals, installAbortTimers } from '../abort';
import type { Platform } from '../types';

/** Installs the missing globals on globalThis; leaves existing ones alone. */
export function installGlobals(p: Platform): void {
  installAbortTimers((fn, ms) => p.setTimeout(fn, ms));
  installAbortGlobals();
  const c = (globalThis as unknown as { console: Record<string, unknown> }).console;
  const toStderr = (...args: unknown[]): void => {
    p.writeStderr(`${args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? (a.stack ?? String(a)) : JSON.stringify(a))).join(' ')}\n`);
  };
  for (const k of ['error', 'warn', 'info', 'debug']) if (typeof c[k] !== 'function') c[k] = toStderr;
}
