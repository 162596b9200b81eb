// Resetting a QMI modem through its control port (the hang ladder's second step): DMS Set Operating Mode reset.
import { openControlPort, PortError } from '../device/control-port';
import { Logger, silentLogger } from '../log';
import { QmiDevice } from '../qmi/device';
import { QmiProtocolError, QmiTimeoutError, QmiTransportError } from '../qmi/errors';
import { dms } from '../qmi/services';
import { OperatingMode } from '../qmi/services/dms';
import { ModemError } from './modem-errors';

/**
 * Resets the modem on `path` over a fresh QMI connection: DMS Set Operating Mode reset (4); a
 * modem refusing that (a QMI error, typically InvalidTransition: Qualcomm firmware resets only
 * from offline) is power-cycled as libqmi/qmicli do it — offline (3), then reset (4) again.
 * Offline then online would only cycle the radio, not reset the modem. Throws ModemError
 * NO_DEVICE (port gone) or MODEM_UNRESPONSIVE (no answer). A real modem then drops off USB and
 * comes back (hotplug); the session waits for that.
 */
export async function resetQmiModem(path: string, opts: { log?: Logger; signal?: AbortSignal; timeoutMs?: number } = {}): Promise<void> {
  let port;
  try { port = openControlPort(path); } catch (e) { throw new ModemError('NO_DEVICE', `cannot open ${path}: ${(e as PortError).message}`); }
  const device = new QmiDevice(port, { log: (opts.log ?? silentLogger).child('qmi'), timeoutMs: opts.timeoutMs ?? 5000 });
  try {
    await resetOverQmi(device, `reset ${path}`, opts.signal);
  } finally {
    device.close();
  }
}

/**
 * The reset itself on a QmiDevice (a native port, or QMI-over-MBIM): DMS Set Operating Mode
 * reset, and when refused, offline then reset (see resetQmiModem). Throws ModemError NO_DEVICE
 * or MODEM_UNRESPONSIVE, `what` leading the message. Does not close the device.
 */
export async function resetOverQmi(device: QmiDevice, what: string, signal?: AbortSignal): Promise<void> {
  const ro = { signal };
  const tolerate = (x: unknown) => { if (!(x instanceof QmiProtocolError)) throw x; };
  try {
    const d = await device.client('dms', ro);
    try {
      await d.request(dms.SetOperatingMode, { mode: OperatingMode.reset }, ro);
    } catch (e) {
      tolerate(e);
      await d.request(dms.SetOperatingMode, { mode: OperatingMode.offline }, ro).catch(tolerate);
      await d.request(dms.SetOperatingMode, { mode: OperatingMode.reset }, ro);
    }
    await d.release({ timeoutMs: 1000 }).catch(() => undefined);
  } catch (e) {
    if (e instanceof QmiTransportError) throw new ModemError('NO_DEVICE', `${what}: ${e.message}`);
    if (e instanceof QmiTimeoutError) throw new ModemError('MODEM_UNRESPONSIVE', `${what}: ${e.message}`);
    if (e instanceof QmiProtocolError) throw new ModemError('MODEM_UNRESPONSIVE', `${what}: refused even when offline (${e.qmiName})`);
    throw e;
  }
}
