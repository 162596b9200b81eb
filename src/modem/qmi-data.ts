// The data side of QmiModem on a family's WDS client: Start Network (+ Get Current Settings),
// Stop Network, Get Packet Service Status, Get Packet Statistics.
// Source: libqmi data/qmi-service-wds.json (Start Network, Stop Network, Get Current Settings,
// Get Packet Service Status, Get Packet Statistics); OpenWrt qmi.sh (autoconnect handling).
import type { Logger } from '../log';
import type { QmiClient } from '../qmi/device';
import { QmiError, QmiProtocolError } from '../qmi/errors';
import { wds } from '../qmi/services';
import { ConnectionStatus, PacketStatisticsMask, RequestedSettings } from '../qmi/services/wds';
import type { CallOptions, ConnectRequest, DataCounters, IpFamily, IpSettings } from './modem';
import { ModemError } from './modem-errors';
import { asModemError, describeCallEnd, settingsOfCurrent } from './qmi-mapping';
import type { QmiCall } from './qmi-subscriber';

/** WDS Stop Network's "any session" handle (libqmi qmi-service-wds.json: Start Network / Stop Network; used with autoconnect off, as qmi.sh does). */
export const ANY_HANDLE = 0xffffffff;

/** The logger and the counted request runner the data functions use. */
export interface QmiDataContext {
  log: Logger;
  /** Runs one modem request, counted in roundTrips. */
  call: QmiCall;
}

/**
 * WDS Start Network on `c` for `req`; a session nobody owns (NoEffect: left by a killed daemon, or
 * the modem's autoconnect) is stopped with autoconnect off, as qmi.sh does at setup, and ours
 * started. Resolves with the packet data handle. Throws ModemError CALL_FAILED with the call-end
 * reason as data (or NoEffect), NO_DEVICE / MODEM_UNRESPONSIVE on transport loss / timeout.
 */
export async function startNetwork(x: QmiDataContext, c: QmiClient, req: ConnectRequest, o: CallOptions): Promise<number> {
  const authBits = { none: 0, pap: 1, chap: 2, both: 3 } as const;
  const start = () => x.call(() => c.request(wds.StartNetwork, {
    apn: req.apn || undefined,
    ipFamilyPreference: req.family,
    authenticationPreference: req.auth && (req.username || req.auth !== 'none') ? authBits[req.auth] : undefined,
    username: req.username || undefined,
    password: req.password || undefined,
    profileIndex3gpp: req.profile,
    // qmi.sh `autoconnect` → uqmi --start-network --autoconnect (libqmi: Start Network TLV 0x33 Enable Autoconnect).
    enableAutoconnect: req.autoconnect ? true : undefined,
  }, o));
  try {
    const r = await start().catch(async (e) => {
      // Recovery hook: a session nobody owns (left by a killed daemon, or the modem's
      // autoconnect) — stop it with autoconnect off, as qmi.sh does at setup, and start ours.
      if (!(e instanceof QmiProtocolError && e.code === QmiError.NoEffect)) throw e;
      x.log.warn(`IPv${req.family}: a data session is already up on the modem; stopping it (autoconnect off) and starting afresh`);
      await x.call(() => c.request(wds.StopNetwork, { packetDataHandle: ANY_HANDLE, disableAutoconnect: true }, o)).catch((y) => {
        if (!(y instanceof QmiProtocolError)) throw y;
      });
      return start();
    });
    if (r.packetDataHandle === undefined) throw new ModemError('CALL_FAILED', 'Start Network succeeded without a packet data handle');
    return r.packetDataHandle;
  } catch (e) {
    if (e instanceof QmiProtocolError && e.code === QmiError.NoEffect) {
      throw new ModemError('CALL_FAILED', 'a data session of this family is already up on the modem (NoEffect)', ['NoEffect']);
    }
    if (e instanceof QmiProtocolError) {
      const reason = describeCallEnd(e.response.callEndReason as number | undefined, e.response.verboseCallEndReason as { type: number; reason: number } | undefined);
      throw new ModemError('CALL_FAILED', `Start Network failed: ${e.qmiName}, call end reason ${reason}`, [reason], { qmiError: e.qmiName });
    }
    throw asModemError(e, 'CALL_FAILED', 'Start Network');
  }
}

/** WDS Get Current Settings (addresses, gateway, DNS, MTU, APN) of the family; a QMI error gives no settings (logged). Transport loss → ModemError CALL_FAILED/NO_DEVICE. */
export async function currentSettings(x: QmiDataContext, c: QmiClient, family: IpFamily, o: CallOptions): Promise<IpSettings> {
  const mask = RequestedSettings.dnsAddress | RequestedSettings.ipAddress | RequestedSettings.gatewayInfo | RequestedSettings.mtu | RequestedSettings.ipFamily | RequestedSettings.apnName;
  try {
    const r = await x.call(() => c.request(wds.GetCurrentSettings, { requestedSettings: mask }, o));
    return settingsOfCurrent(r, family);
  } catch (e) {
    if (e instanceof QmiProtocolError) { x.log.warn(`Get Current Settings: ${e.message}`); return { family, dns: [] }; }
    throw asModemError(e, 'CALL_FAILED', 'Get Current Settings');
  }
}

/**
 * WDS Stop Network of `handle` (5 s unless `o` says otherwise); with `autoconnect` first Stop
 * Network any-handle with autoconnect off, as qmi.sh's teardown does (Stop Network TLV 0x10).
 * OutOfCall/NoEffect/InvalidHandle (any QMI error) mean "already down"; transport loss → ModemError NO_DEVICE.
 */
export async function stopNetwork(x: QmiDataContext, c: QmiClient, handle: number, autoconnect: boolean, o: CallOptions): Promise<void> {
  try {
    if (autoconnect) {
      await x.call(() => c.request(wds.StopNetwork, { packetDataHandle: ANY_HANDLE, disableAutoconnect: true }, { timeoutMs: 5000, ...o }))
        .catch((e) => { if (!(e instanceof QmiProtocolError)) throw e; });
    }
    await x.call(() => c.request(wds.StopNetwork, { packetDataHandle: handle }, { timeoutMs: 5000, ...o }));
  } catch (e) {
    if (e instanceof QmiProtocolError) { x.log.debug(`Stop Network: ${e.qmiName} (already down)`); return; }
    throw asModemError(e, 'NO_DEVICE', 'Stop Network');
  }
}

/** WDS Get Packet Service Status on `c`: connected or not. Errors → ModemError (NO_DEVICE for a QMI error). */
export async function packetServiceUp(x: QmiDataContext, c: QmiClient, o: CallOptions): Promise<boolean> {
  try {
    return (await x.call(() => c.request(wds.GetPacketServiceStatus, {}, o))).connectionStatus === ConnectionStatus.connected;
  } catch (e) { throw asModemError(e, 'NO_DEVICE', 'Get Packet Service Status'); }
}

/** WDS Get Packet Statistics summed over `clients`: bytes, packets, errors, overflows, drops (u32 0xFFFFFFFF = unavailable, skipped); a client's QMI error skips it. */
export async function packetStatistics(x: QmiDataContext, clients: Iterable<QmiClient>, o: CallOptions): Promise<DataCounters> {
  const out: DataCounters = {};
  const add = (k: keyof DataCounters, v: number | bigint | undefined) => {
    if (v === undefined || v === 0xffffffff) return;
    out[k] = (out[k] ?? 0) + Number(v);
  };
  for (const c of clients) {
    const mask = Object.values(PacketStatisticsMask).reduce((a, b) => a | b, 0);
    try {
      const r = await x.call(() => c.request(wds.GetPacketStatistics, { mask }, o));
      add('txBytes', r.txBytesOk); add('rxBytes', r.rxBytesOk); add('txPackets', r.txPacketsOk); add('rxPackets', r.rxPacketsOk);
      add('txErrors', r.txPacketsError); add('rxErrors', r.rxPacketsError); add('txOverflows', r.txOverflows); add('rxOverflows', r.rxOverflows);
      add('txDropped', r.txPacketsDropped); add('rxDropped', r.rxPacketsDropped);
    } catch (e) {
      if (!(e instanceof QmiProtocolError)) throw asModemError(e, 'NO_DEVICE', 'Get Packet Statistics');
    }
  }
  return out;
}
