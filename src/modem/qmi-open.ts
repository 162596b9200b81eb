// Waiting for a QMI modem to answer at open: slow firmware (cold boot, hotplug) versus a port that does not speak QMI.
import type { QmiDevice, RequestOptions } from '../qmi/device';
import { QmiTimeoutError } from '../qmi/errors';
import { Clock, systemClock } from '../util/wait';
import { ModemError } from './modem-errors';

/** How long open() waits for a first QMI answer in total, ms: modems answer QMI seconds after the port appears. */
export const OPEN_TIMEOUT_MS = 20_000;
/** Per-try timeout of CTL Get Version Info while waiting, ms (libqmi retries once a second). */
export const OPEN_TRY_MS = 1000;

/** Options of awaitQmi: total wait and per-try timeout (ms), clock, cancel signal, a counter per request sent. */
export interface AwaitQmiOptions extends RequestOptions {
  totalMs?: number;
  tryMs?: number;
  clock?: Clock;
  count?: () => void;
}

/** What the modem offers: service ids with versions (CTL Get Version Info). */
export type ServiceList = { service: number; majorVersion: number; minorVersion: number }[];

/**
 * Sends CTL Get Version Info until the modem answers, as libqmi does when opening a device with
 * QMI_DEVICE_OPEN_FLAGS_VERSION_INFO (qmi-device.c: the request is retried every second until
 * the open timeout). Resolves with the service list. A port that stays silent for `totalMs`
 * (default 20 s) is MODEM_UNRESPONSIVE (retried by the session: it may still be booting); one
 * that answered bytes that are not QMUX (the device's 'garbage' event, e.g. an AT or diag port)
 * and no QMI is DEVICE_NOT_SUPPORTED, at the first try that times out after it. QMI errors of
 * the request itself are thrown as they are (the port speaks QMI).
 */
export async function awaitQmi(path: string, device: QmiDevice, o: AwaitQmiOptions = {}): Promise<ServiceList> {
  const clock = o.clock ?? systemClock;
  const totalMs = o.totalMs ?? OPEN_TIMEOUT_MS;
  const tryMs = o.tryMs ?? OPEN_TRY_MS;
  const start = clock.now();
  let garbage = 0;
  const onGarbage = (g: { bytes: number }) => { garbage += g.bytes; };
  device.on('garbage', onGarbage);
  try {
    for (let tries = 1; ; tries++) {
      o.count?.();
      try {
        return await device.versionInfo({ timeoutMs: tryMs, signal: o.signal });
      } catch (e) {
        if (!(e instanceof QmiTimeoutError)) throw e;
        if (garbage > 0) throw new ModemError('DEVICE_NOT_SUPPORTED', `${path} does not answer QMI (${garbage} byte(s) of something else)`);
        if (clock.now() - start + tryMs > totalMs) {
          throw new ModemError('MODEM_UNRESPONSIVE', `${path} gave no QMI answer in ${Math.round((clock.now() - start) / 1000)} s (${tries} tries of CTL Get Version Info)`);
        }
      }
    }
  } finally {
    device.off('garbage', onGarbage);
  }
}
