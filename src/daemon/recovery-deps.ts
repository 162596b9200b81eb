// Builds a session's recovery dependencies from its config: reset steps of the hang ladder, the watchdog, start-up availability.
import { platform } from '../platform';
import { joinPath } from '../util/path';
import type { Logger } from '../log';
import { ModemError } from '../modem/modem-errors';
import { resetQmiModem } from '../modem/qmi-reset';
import { closeMbimSession, resetMbimModemOverQmi } from '../modem/mbim-reset';
import { setAvailable } from '../netifd/notify';
import type { ModemRecoverer } from '../session/session';
import type { RecoveryAvailable } from '../session/escalation';
import { createWatchdog } from '../session/watchdog';
import type { WatchdogLike } from '../session/watch';
import { getOption, readUciFile, sectionsOfType } from '../uci';
import type { InterfaceConfig } from './config';
import type { UbusCaller } from '../netifd/link';

/** Sends one AT command on a tty (src/device/at-port.ts sendAtCommand fits); injected so tests fake it. */
export type AtSender = (path: string, command: string, opts: { timeoutMs?: number; signal?: AbortSignal; allow?: 'usb-composition' }) => Promise<string>;

/** The AT command that restarts the modem (3GPP TS 27.007 +CFUN fun=1 with reset). */
export const AT_RESET = 'AT+CFUN=1,1';

/**
 * Which reset steps an interface offers: MBIM a new MBIM session (CLOSE, then OPEN); QMI and
 * MBIM the control-protocol reset (DMS Set Operating Mode reset, over MBIM as QMI-over-MBIM:
 * only on a modem whose Device Services listed the QMI service at open, `modemResetNeedsOffer`,
 * src/modem/mbim-reset.ts qmiResetOffer); AT reset when `atdevice` is set.
 */
export function recoveryAvailable(protocol: string, c: InterfaceConfig): RecoveryAvailable {
  const a: RecoveryAvailable = { sessionReset: protocol === 'mbim', modemReset: protocol === 'qmi' || protocol === 'mbim', atReset: c.atdevice !== undefined };
  if (protocol === 'mbim') a.modemResetNeedsOffer = true;
  return a;
}

/**
 * The reset steps of the ladder for one interface, each bounded: `timeoutMs` per control message
 * (default 5 s), 10 s for AT. Rejects with ModemError when the step could not be taken.
 */
export function makeRecoverer(protocol: string, c: InterfaceConfig, sendAt: AtSender, log: Logger, o: { timeoutMs?: number } = {}): ModemRecoverer {
  const timeoutMs = o.timeoutMs ?? 5000;
  return async (action, device, signal) => {
    if (action === 'session-reset') {
      if (protocol !== 'mbim') throw new ModemError('MODEM_UNRESPONSIVE', `no MBIM session to reset on ${protocol}`);
      log.warn(`new MBIM session on ${device}: CLOSE, then OPEN`);
      await closeMbimSession(device, { log, signal, timeoutMs });
      return;
    }
    if (action === 'modem-reset') {
      if (protocol === 'mbim') {
        log.warn(`resetting the modem on ${device} (DMS Set Operating Mode reset over QMI-over-MBIM)`);
        await resetMbimModemOverQmi(device, { log, signal, timeoutMs });
        return;
      }
      if (protocol !== 'qmi') throw new ModemError('MODEM_UNRESPONSIVE', `no control-protocol reset for ${protocol}`);
      log.warn(`resetting the modem on ${device} (DMS Set Operating Mode reset)`);
      await resetQmiModem(device, { log, signal, timeoutMs });
      return;
    }
    if (!c.atdevice) throw new ModemError('MODEM_UNRESPONSIVE', 'no atdevice configured');
    log.warn(`resetting the modem with ${AT_RESET} on ${c.atdevice}`);
    await sendAt(c.atdevice, AT_RESET, { timeoutMs: 10_000, signal });
  };
}

/** The interface's watchdog (options probe_host, probe_interval, probe_failures), or undefined without probe_host. */
export function makeWatchdog(c: InterfaceConfig, log: Logger): WatchdogLike | undefined {
  if (!c.probe_host?.length) return undefined;
  return createWatchdog({ hosts: c.probe_host, intervalMs: c.probe_interval * 1000, failures: c.probe_failures, log });
}

/**
 * At daemon start: a port may have come back while no daemon listened to hotplug. For every
 * `proto qmi4g`/`mbim` interface in CONFIG_DIR/network whose control port exists, tell netifd it
 * is available (netifd ignores it when nothing changes). Returns the interfaces announced.
 */
export async function announceAvailablePorts(bus: UbusCaller, configDir: string, log: Logger, exists: (p: string) => boolean = (p) => platform.fs.exists(p)): Promise<string[]> {
  let pkg;
  try { pkg = await readUciFile(joinPath(configDir, 'network')); } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') log.warn(`start-up port check: ${(e as Error).message}`);
    return [];
  }
  const out: string[] = [];
  for (const s of sectionsOfType(pkg, 'interface')) {
    const proto = getOption(s, 'proto');
    const port = getOption(s, 'wdmif') ?? getOption(s, 'device');
    if ((proto !== 'qmi4g' && proto !== 'mbim') || typeof port !== 'string' || s.anonymous || !exists(port)) continue;
    await bus.call('network.interface', 'notify_proto', setAvailable(s.name, true), { timeoutMs: 5000 })
      .then(() => out.push(s.name), (e) => log.debug(`set ${s.name} available: ${(e as Error).message}`));
  }
  return out;
}
