// After a USB composition change the control port may speak the other protocol: a failed open probes it and names the proto that fits.
import { openControlPort } from '../device/control-port';
import type { Logger } from '../log';
import { MbimDevice } from '../mbim/device';
import { QmiDevice } from '../qmi/device';
import type { Modem } from './modem';
import { ModemError } from './modem-errors';
import { awaitQmi } from './qmi-open';

/** Probe budget, ms: one MBIM OPEN, or CTL Get Version Info retried, on the port. */
const PROBE_MS = 3000;

/** Does `path` answer MBIM OPEN (then CLOSE)? Never throws. */
export async function speaksMbim(path: string, log: Logger, signal?: AbortSignal): Promise<boolean> {
  let dev: MbimDevice | undefined;
  try {
    dev = new MbimDevice(openControlPort(path), { log: log.child('probe'), timeoutMs: PROBE_MS, maxControlTransfer: 4096 });
    await dev.open({ timeoutMs: PROBE_MS, signal });
    await dev.close({ timeoutMs: 1000 }).catch(() => undefined);
    return true;
  } catch { return false; } finally { dev?.dispose(); }
}

/** Does `path` answer CTL Get Version Info (no client ids allocated)? Never throws. */
export async function speaksQmi(path: string, log: Logger, signal?: AbortSignal): Promise<boolean> {
  let dev: QmiDevice | undefined;
  try {
    dev = new QmiDevice(openControlPort(path), { log: log.child('probe'), timeoutMs: PROBE_MS });
    await awaitQmi(path, dev, { signal, totalMs: PROBE_MS });
    return true;
  } catch { return false; } finally { dev?.close(); }
}

/**
 * Opens with `open` (`protocol` = what the interface's proto expects); when that fails as a port
 * that does not speak it (DEVICE_NOT_SUPPORTED, or QMI's MODEM_UNRESPONSIVE silence) and the
 * port answers the other protocol, throws ModemError DEVICE_NOT_SUPPORTED naming the proto
 * that fits (data: the other protocol, `mbim` or `qmi`) — what a USB composition change
 * (ubus usb_composition) leaves behind. Other errors pass through unchanged.
 */
export async function openWithProtocolHint(protocol: 'qmi' | 'mbim', path: string, open: () => Promise<Modem>, log: Logger, signal?: AbortSignal): Promise<Modem> {
  try { return await open(); } catch (e) {
    if (!(e instanceof ModemError)) throw e;
    const wrongPort = e.code === 'DEVICE_NOT_SUPPORTED' || (protocol === 'qmi' && e.code === 'MODEM_UNRESPONSIVE');
    if (!wrongPort || signal?.aborted) throw e;
    if (protocol === 'qmi' && await speaksMbim(path, log, signal)) {
      throw new ModemError('DEVICE_NOT_SUPPORTED', `${path} speaks MBIM, not QMI (USB composition changed?): use an interface with proto 'mbim' for it`, ['mbim']);
    }
    if (protocol === 'mbim' && await speaksQmi(path, log, signal)) {
      throw new ModemError('DEVICE_NOT_SUPPORTED', `${path} speaks QMI, not MBIM (USB composition changed?): use an interface with proto 'qmi4g' for it`, ['qmi']);
    }
    throw e;
  }
}
