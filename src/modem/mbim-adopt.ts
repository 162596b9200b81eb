// Taking over an MBIM modem's running data session from a previous (crashed) process: no OPEN, Connect query, resume watching.
import { openControlPort, PortError } from '../device/control-port';
import { Logger, silentLogger } from '../log';
import { MbimDevice } from '../mbim/device';
import { MbimFunctionError, MbimStatusError, MbimTimeoutError } from '../mbim/errors';
import { basicConnect as bc } from '../mbim/services';
import type { Adopted, CallOptions, DataSession, MbimHandoff } from './modem';
import { ipTypeCovers, toIpSettings } from './mbim-mapping';
import { maxControlTransferOf } from './mbim-max-transfer';
import { MbimModem, type MbimModemOptions } from './mbim-modem';
import { AdoptionError } from './qmi-adopt';

/**
 * Options: logger; `confirmTimeoutMs` per confirming request (default 2 s); `timeoutMs` the adopted
 * modem's per-request timeout afterwards (default 10 s, as open()); max control transfer (default
 * from sysfs, else 4096).
 */
/** Adoption options; `allowRoaming`/`allowPartner`/`pdptype` as MbimModemOptions (the interface's policy holds for the adopted call too). */
export interface MbimAdoptOptions extends CallOptions, Pick<MbimModemOptions, 'allowRoaming' | 'allowPartner' | 'pdptype'> { log?: Logger; timeoutMs?: number; confirmTimeoutMs?: number; maxControlTransfer?: number }

function why(e: unknown, what: string): AdoptionError {
  if (e instanceof AdoptionError) return e;
  if (e instanceof MbimFunctionError) return new AdoptionError(`${what}: the modem closed the MBIM function meanwhile (${e.message})`);
  if (e instanceof MbimStatusError) return new AdoptionError(`${what}: ${e.mbimName}`);
  if (e instanceof MbimTimeoutError) return new AdoptionError(`${what}: no answer`);
  return new AdoptionError(`${what}: ${(e as Error).message}`);
}

/**
 * Opens `h.path` WITHOUT MBIM OPEN (the function stays open after its host process exits —
 * libmbim "device-in-session", mbimcli --no-open), continues after the saved transaction id,
 * and confirms the session with a Connect query on `h.sessionId` (MBIM 1.0 §10.5.12:
 * activation state activated, IP type covering every saved family), then IP Configuration
 * query for fresh settings and Device Caps/Services as open() reads them. Throws AdoptionError
 * when that fails (NotOpened: the modem was reset or closed; deactivated: the call is gone); the
 * port is closed again and the caller opens normally.
 */
export async function adoptMbimModem(h: MbimHandoff, saved: DataSession[], o: MbimAdoptOptions = {}): Promise<Adopted> {
  const log = o.log ?? silentLogger;
  if (saved.length === 0) throw new AdoptionError('no data session was saved');
  let port;
  try { port = openControlPort(h.path); } catch (e) {
    throw new AdoptionError(`cannot open ${h.path}: ${(e as PortError).message}`);
  }
  const device = new MbimDevice(port, { log: log.child('mbim'), timeoutMs: o.timeoutMs ?? 10_000, maxControlTransfer: o.maxControlTransfer ?? maxControlTransferOf(h.path) });
  const ro = { signal: o.signal, timeoutMs: o.confirmTimeoutMs ?? 2000 };
  let modem: MbimModem | undefined;
  try {
    // Well past the last id the dead owner may have used after its last save.
    device.resume((h.tid + 1000) % 0xfffffff0);
    const [conn, caps, list] = await Promise.all([
      device.command(bc.Connect, 'query', { sessionId: h.sessionId }, ro).catch((e) => { throw why(e, 'Connect query'); }),
      device.command(bc.DeviceCaps, 'query', {}, ro).catch((e) => { throw why(e, 'Device Caps query'); }),
      device.command(bc.DeviceServices, 'query', {}, ro).catch((e) => { if (e instanceof MbimStatusError) return undefined; throw why(e, 'Device Services query'); }),
    ]);
    if (conn.activationState !== bc.MbimActivationState.activated) throw new AdoptionError(`the data session ${h.sessionId} is gone (activation state ${conn.activationState})`);
    const ipType = conn.ipType || h.ipType;
    for (const s of saved) if (ipType && !ipTypeCovers(ipType, s.family)) throw new AdoptionError(`the data session no longer carries IPv${s.family}`);
    const services = new Set((list?.deviceServices ?? []).map((s) => s.deviceServiceId));
    modem = await MbimModem.attach(device, caps, services, { ...h, ipType }, saved.map((s) => s.family), log, { signal: o.signal, allowRoaming: o.allowRoaming, allowPartner: o.allowPartner, pdptype: o.pdptype });
    const ip = await device.command(bc.IpConfiguration, 'query', { sessionId: h.sessionId }, ro).catch(() => undefined);
    const sessions = saved.map((s) => {
      const now = ip ? toIpSettings(ip, s.family) : undefined;
      return { ...s, settings: now?.address ? now : s.settings };
    });
    log.info(`adopted ${h.path}: MBIM session ${h.sessionId} (${sessions.map((s) => `IPv${s.family}`).join(', ')})`);
    return { modem, sessions };
  } catch (e) {
    if (modem) modem.detach(); else device.dispose();
    if (e instanceof Error && /abort/i.test(e.name)) throw e;
    throw why(e, 'adopt');
  }
}
