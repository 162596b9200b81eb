// The MBIM rungs of the hang ladder: a new MBIM session (CLOSE, then the session's OPEN) and the modem reset over QMI-over-MBIM.
import { openControlPort, PortError } from '../device/control-port';
import { Logger, silentLogger } from '../log';
import { MbimDevice } from '../mbim/device';
import { MbimStatusError, MbimTimeoutError, MbimTransportError } from '../mbim/errors';
import { ServiceUuid } from '../mbim/uuid';
import { QmiDevice } from '../qmi/device';
import type { ModemResetOffer } from './modem';
import { ModemError } from './modem-errors';
import { maxControlTransferOf } from './mbim-max-transfer';
import { MbimQmiPort } from './mbim-qmi-port';
import { resetOverQmi } from './qmi-reset';

/** Options of the MBIM reset rungs: logger, abort, per-message timeout (ms, default 5 s). */
export interface MbimResetOptions { log?: Logger; signal?: AbortSignal; timeoutMs?: number }

function openDevice(path: string, o: MbimResetOptions): MbimDevice {
  let port;
  try { port = openControlPort(path); } catch (e) { throw new ModemError('NO_DEVICE', `cannot open ${path}: ${(e as PortError).message}`); }
  const log = (o.log ?? silentLogger).child('mbim');
  return new MbimDevice(port, { log, timeoutMs: o.timeoutMs ?? 5000, maxControlTransfer: port.maxMessageSize?.() ?? maxControlTransferOf(path) });
}

function mapped(e: unknown, what: string): Error {
  if (e instanceof ModemError) return e;
  if (e instanceof MbimTransportError) return new ModemError('NO_DEVICE', `${what}: ${e.message}`);
  if (e instanceof MbimTimeoutError) return new ModemError('MODEM_UNRESPONSIVE', `${what}: ${e.message}`);
  if (e instanceof MbimStatusError) return new ModemError('MODEM_UNRESPONSIVE', `${what}: ${e.mbimName}`);
  return e as Error;
}

/**
 * The session-reset rung: CLOSE on a fresh port, awaiting CLOSE_DONE (MBIM 1.0 §9.3.2: the
 * function drops its state and sessions), then the port is closed; the session's next open sends
 * OPEN, re-reads the state and reconnects — a new MBIM session. libmbim does the same CLOSE before
 * OPEN when a function's state is unknown (mbim-device.c). Throws ModemError NO_DEVICE (port gone)
 * or MODEM_UNRESPONSIVE (no CLOSE_DONE).
 */
export async function closeMbimSession(path: string, o: MbimResetOptions = {}): Promise<void> {
  const device = openDevice(path, o);
  try {
    await device.close({ timeoutMs: o.timeoutMs ?? 5000, signal: o.signal });
  } catch (e) {
    throw mapped(e, `MBIM CLOSE on ${path}`);
  } finally {
    device.dispose();
  }
}

/**
 * Whether the modem-reset rung (below) can be taken on a function whose Device Services at open
 * listed `services` (service UUIDs): only with the QMI-over-MBIM service (libmbim mbim-uuid.c
 * MBIM_UUID_QMI, d1a30bc2-f97a-6e43-bf65-c7e24fb0f0d3); `reason` says why, for the log. An empty
 * set is a function that refused Device Services: not offered either.
 */
export function qmiResetOffer(services: ReadonlySet<string>, path: string): ModemResetOffer {
  if (services.has(ServiceUuid.qmi)) return { offered: true, reason: `the Device Services of ${path} list QMI-over-MBIM` };
  if (services.size === 0) return { offered: false, reason: `${path} answered no Device Services at open, so QMI-over-MBIM is not known to exist` };
  return { offered: false, reason: `the Device Services of ${path} do not list QMI-over-MBIM (${ServiceUuid.qmi})` };
}

/**
 * The modem-reset rung on an MBIM port: OPEN, then DMS Set Operating Mode reset sent as QMI
 * inside MBIM (libmbim mbim-service-qmi.json: msg; libqmi qmi-service-dms.json: Set Operating
 * Mode; as qmicli --device-open-mbim --dms-set-operating-mode=reset). The session takes this rung
 * only when qmiResetOffer said yes at the last open (src/session/escalation.ts); a modem whose
 * QMI service still does not answer fails with MODEM_UNRESPONSIVE after the timeout, and the
 * ladder goes on. The port is closed without CLOSE (the modem is restarting). Throws ModemError.
 */
export async function resetMbimModemOverQmi(path: string, o: MbimResetOptions = {}): Promise<void> {
  const device = openDevice(path, o);
  const log = o.log ?? silentLogger;
  let qmi: QmiDevice | undefined;
  try {
    await device.open({ timeoutMs: o.timeoutMs ?? 5000, retryMs: o.timeoutMs ?? 5000, signal: o.signal });
    qmi = new QmiDevice(new MbimQmiPort(device, log.child('qmi')), { log: log.child('qmi'), timeoutMs: o.timeoutMs ?? 5000 });
    await resetOverQmi(qmi, `reset over QMI-over-MBIM on ${path}`, o.signal);
  } catch (e) {
    throw mapped(e, `reset over QMI-over-MBIM on ${path}`);
  } finally {
    qmi?.close();
    device.dispose();
  }
}
