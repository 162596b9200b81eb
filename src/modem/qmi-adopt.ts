// Taking over a QMI modem's running data sessions from a previous (crashed) process: no CTL Sync, confirm, resume watching.
import { openControlPort, PortError } from '../device/control-port';
import { Logger, silentLogger } from '../log';
import { QmiDevice } from '../qmi/device';
import { QmiError, QmiProtocolError, QmiTimeoutError, QmiTransportError } from '../qmi/errors';
import { wds } from '../qmi/services';
import { ConnectionStatus } from '../qmi/services/wds';
import type { Adopted, CallOptions, DataSession, QmiHandoff } from './modem';
import { ModemError } from './modem-errors';
import { QmiModem } from './qmi-modem';

/** Adoption is impossible (modem reset, call gone, client ids invalid, port gone); `reason` says which. */
export class AdoptionError extends Error {
  override readonly name = 'AdoptionError';
  constructor(message: string) { super(message); }
}

/**
 * Options: logger; `confirmTimeoutMs` bounds each confirming request (default 2 s: a modem that
 * hesitates is not adopted, it is reopened); `timeoutMs` is the adopted modem's per-request
 * timeout afterwards (default 10 s, as open()).
 */
export interface QmiAdoptOptions extends CallOptions { log?: Logger; timeoutMs?: number; confirmTimeoutMs?: number }

function why(e: unknown, what: string): AdoptionError {
  if (e instanceof AdoptionError) return e;
  if (e instanceof QmiProtocolError && e.code === QmiError.InvalidClientId) return new AdoptionError(`${what}: the modem no longer knows the client id (reset or synced meanwhile)`);
  if (e instanceof QmiProtocolError) return new AdoptionError(`${what}: ${e.qmiName}`);
  if (e instanceof QmiTimeoutError) return new AdoptionError(`${what}: no answer`);
  if (e instanceof QmiTransportError) return new AdoptionError(`${what}: ${e.message}`);
  return new AdoptionError(`${what}: ${(e as Error).message}`);
}

/**
 * Opens `h.path` WITHOUT CTL Sync (it would release every client id, and with the WDS clients
 * their calls — libqmi qmi-device.h QMI_DEVICE_OPEN_FLAGS_SYNC), reuses the saved client ids,
 * and confirms each saved data session with WDS Get Packet Service Status on its family's client
 * (libqmi qmi-service-wds.json: connected = 2). Also reads NAS Get Serving System on the saved
 * NAS client (proves it valid; status shows the registration) and WDS Get Current Settings (the
 * settings may have changed). Resolves with the modem, subscribed as after open(); throws
 * AdoptionError when any of that fails (the port is closed again, nothing released: the caller
 * then opens normally, and that CTL Sync cleans up). Sends no request that changes modem state.
 */
export async function adoptQmiModem(h: QmiHandoff, saved: DataSession[], o: QmiAdoptOptions = {}): Promise<Adopted> {
  const log = o.log ?? silentLogger;
  if (saved.length === 0) throw new AdoptionError('no data session was saved');
  let port;
  try { port = openControlPort(h.path); } catch (e) {
    throw new AdoptionError(`cannot open ${h.path}: ${(e as PortError).message}`);
  }
  const device = new QmiDevice(port, { log: log.child('qmi'), timeoutMs: o.timeoutMs ?? 10_000 });
  const ro = { signal: o.signal, timeoutMs: o.confirmTimeoutMs ?? 2000 };
  let modem: QmiModem | undefined;
  try {
    const info = await device.versionInfo(ro).catch((e) => { throw why(e, 'CTL Get Version Info'); });
    const services = new Set(info.map((s) => s.service));
    const families = saved.map((s) => s.family);
    for (const f of families) if ((f === 4 ? h.cids.wds4 : h.cids.wds6) === undefined) throw new AdoptionError(`no WDS client id saved for IPv${f}`);
    modem = await QmiModem.attach(h.path, device, h, services, log, ro);
    const m = modem;
    const [ss] = await Promise.all([
      m.registration(ro).catch((e) => { throw why(e, 'NAS Get Serving System'); }),
      ...families.map(async (f) => {
        const r = await m.wdsOf(f)!.request(wds.GetPacketServiceStatus, {}, ro).catch((e) => { throw why(e, `IPv${f} WDS Get Packet Service Status`); });
        if (r.connectionStatus !== ConnectionStatus.connected) throw new AdoptionError(`the IPv${f} data session is gone (packet service status ${r.connectionStatus})`);
      }),
    ]);
    const sessions = await Promise.all(saved.map(async (s) => ({ ...s, settings: mergeSettings(s, await m.settingsOf(s.family, ro).catch(() => s.settings)) })));
    log.info(`adopted ${h.path}: ${sessions.map((s) => `IPv${s.family} handle 0x${s.handle.toString(16)}`).join(', ')} (client ids ${JSON.stringify(h.cids)})`);
    return { modem: m, sessions, registration: ss };
  } catch (e) {
    if (modem) modem.detach(); else device.close();
    if (e instanceof Error && /abort/i.test(e.name)) throw e;
    if (e instanceof ModemError) throw new AdoptionError(e.message);
    throw why(e, 'adopt');
  }
}

/** The refreshed settings, keeping saved values where the modem now reports none. */
function mergeSettings(saved: DataSession, now: DataSession['settings']): DataSession['settings'] {
  return now.address ? now : saved.settings;
}
