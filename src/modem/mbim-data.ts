// The data side of MbimModem on the one MBIM session: Connect set activate / deactivate, Connect
// query, Packet Statistics, and the radio picture queries (Base Stations Info + NITZ).
// Source: libmbim data/mbim-service-basic-connect.json (Connect, Packet Statistics),
// mbim-service-ms-basic-connect-extensions.json (Base Stations Info), mbim-service-ms-voice-extensions.json (NITZ).
import type { Logger } from '../log';
import type { MbimDevice } from '../mbim/device';
import { MbimDecodeError, MbimStatus, MbimStatusError } from '../mbim/errors';
import { basicConnect as bc } from '../mbim/services';
import { Nitz } from '../mbim/services/ms-voice-ext';
import type { CallOptions, ConnectRequest, DataCounters, DataSession, IpFamily } from './modem';
import { ModemError } from './modem-errors';
import { asModemError, authProtocolOf, describeNwError, ipTypeCovers, toIpSettings } from './mbim-mapping';
import { networkTimeOfNitz } from './mbim-radio';
import { queryBaseStations } from './mbim-radio-query';
import { connectSet } from './mbim-layouts';
import type { RadioInfo } from './radio';
import type { QmiCall } from './qmi-subscriber';

/** The one MBIM session used: 0 is the untagged one on the network device (cdc_mbim). */
export const SESSION_ID = 0;

/** The device and the counted request runner the data functions use. */
export interface MbimDataContext {
  device: MbimDevice;
  log: Logger;
  /** Runs one modem request, counted in roundTrips. */
  call: QmiCall;
  /** MBIMEx version agreed at open (BCD, 0 or undefined = MBIM 1.0): picks the Connect and Base Stations Info layouts. */
  mbimex?: number;
}

/**
 * One Connect set activate of SESSION_ID with `ipType` (MbimContextIpType), bounded by `timeoutMs`;
 * resolves with the granted IP type (the requested one when the modem says 0). Throws ModemError
 * CALL_FAILED with the status name (and the NwError) as data.
 */
export async function activateMbimSession(x: MbimDataContext, req: ConnectRequest, ipType: number, timeoutMs: number, o: CallOptions): Promise<number> {
  try {
    const r = await x.call(() => connectSet(x.device, x.mbimex, {
      sessionId: SESSION_ID, activationCommand: bc.MbimActivationCommand.activate, accessString: req.apn ?? '',
      userName: req.username ?? '', password: req.password ?? '', authProtocol: authProtocolOf(req.auth), ipType,
    }, { signal: o.signal, timeoutMs }));
    if (r.activationState !== bc.MbimActivationState.activated) {
      const nw = describeNwError(r.nwError);
      throw new ModemError('CALL_FAILED', `Connect: activation state ${r.activationState}${nw ? `, ${nw}` : ''}`, nw ? ['NotActivated', nw] : ['NotActivated']);
    }
    return r.ipType || ipType;
  } catch (e) {
    if (e instanceof MbimStatusError) {
      const nw = describeNwError(e.response.nwError as number | undefined);
      throw new ModemError('CALL_FAILED', `Connect failed: ${e.mbimName}${nw ? `, ${nw}` : ''}`, nw ? [e.mbimName, nw] : [e.mbimName], { mbimStatus: e.mbimName });
    }
    throw asModemError(e, 'CALL_FAILED', 'Connect');
  }
}

/**
 * Activates SESSION_ID for the first family: IPv4 first asks for the session's `pdptype` (ipv4 →
 * IPv4 only, mbim.sh; else IPv4v6), IPv6 first → IPv6; an IPv4v6 activation the network refused
 * (other than a bad APN or credentials) is retried as IPv4 only. Resolves with the granted IP type;
 * throws ModemError CALL_FAILED.
 */
export function activateForFamily(x: MbimDataContext, req: ConnectRequest, pdptype: 'ipv4' | 'ipv6' | 'ipv4v6', timeoutMs: number, o: CallOptions): Promise<number> {
  const T = bc.MbimContextIpType;
  const wanted = req.family === 6 ? T.ipv6 : pdptype === 'ipv4' ? T.ipv4 : T.ipv4v6;
  return activateMbimSession(x, req, wanted, timeoutMs, o).catch((e) => {
    const retry = wanted === T.ipv4v6 && e instanceof ModemError && e.code === 'CALL_FAILED' && !['InvalidAccessString', 'InvalidUserNamePwd'].includes(e.data[0] ?? '');
    if (!retry) throw e;
    x.log.info(`IPv4v6 activation refused (${e.message}); trying IPv4 only`);
    return activateMbimSession(x, req, T.ipv4, timeoutMs, o);
  });
}

/** The DataSession of `req.family` on SESSION_ID with IP Configuration's settings (an MBIM status: no settings, logged). Transport loss → ModemError CALL_FAILED. */
export async function sessionOf(x: MbimDataContext, req: ConnectRequest, o: CallOptions): Promise<DataSession> {
  try {
    const c = await x.call(() => x.device.command(bc.IpConfiguration, 'query', { sessionId: SESSION_ID }, o));
    return { family: req.family, handle: SESSION_ID, apn: req.apn, settings: toIpSettings(c, req.family) };
  } catch (e) {
    if (e instanceof MbimStatusError) { x.log.warn(`IP Configuration: ${e.message}`); return { family: req.family, handle: SESSION_ID, apn: req.apn, settings: { family: req.family, dns: [] } }; }
    throw asModemError(e, 'CALL_FAILED', 'IP Configuration');
  }
}

/** Connect set deactivate of SESSION_ID (5 s unless `o` says otherwise). Already down (any MBIM status) is not an error; transport loss → ModemError NO_DEVICE. */
export async function deactivateMbimSession(x: MbimDataContext, o: CallOptions): Promise<void> {
  try {
    await x.call(() => connectSet(x.device, x.mbimex, { sessionId: SESSION_ID, activationCommand: bc.MbimActivationCommand.deactivate }, { timeoutMs: 5000, ...o }));
  } catch (e) {
    if (e instanceof MbimStatusError) { x.log.debug(`Connect deactivate: ${e.mbimName} (already down)`); return; }
    throw asModemError(e, 'NO_DEVICE', 'Connect deactivate');
  }
}

/** Connect query of SESSION_ID: activated and its IP type carries the family. An MBIM status = false; transport loss → ModemError NO_DEVICE. */
export async function isMbimSessionUp(x: MbimDataContext, family: IpFamily, o: CallOptions): Promise<boolean> {
  try {
    const r = await x.call(() => x.device.command(bc.Connect, 'query', { sessionId: SESSION_ID }, o));
    return r.activationState === bc.MbimActivationState.activated && (r.ipType === 0 || ipTypeCovers(r.ipType, family));
  } catch (e) {
    if (e instanceof MbimStatusError) return false;
    throw asModemError(e, 'NO_DEVICE', 'Connect query');
  }
}

/** Packet Statistics: octets and packets in (rx) and out (tx), In/OutErrors, In/OutDiscards (MBIM has no overflow counter); `{}` on an MBIM status. */
export async function mbimCounters(x: MbimDataContext, o: CallOptions): Promise<DataCounters> {
  try {
    const r = await x.call(() => x.device.command(bc.PacketStatistics, 'query', {}, o));
    return {
      rxBytes: Number(r.inOctets), txBytes: Number(r.outOctets), rxPackets: Number(r.inPackets), txPackets: Number(r.outPackets),
      rxErrors: r.inErrors, txErrors: r.outErrors, rxDropped: r.inDiscards, txDropped: r.outDiscards,
    };
  } catch (e) {
    if (e instanceof MbimStatusError) return {};
    throw asModemError(e, 'NO_DEVICE', 'Packet Statistics');
  }
}

/** Which radio queries the modem refused with NoDeviceSupport (never asked again). */
export interface MbimRadioSupport { noBaseStations: boolean; noNitz: boolean }

/**
 * The radio picture from MS Basic Connect Extensions Base Stations Info and MS Voice Extensions
 * NITZ, asked together (mbim-radio.ts). A command the modem does not have (NoDeviceSupport) is
 * marked in `support` and not asked again; another refusal (no time known yet…) or a malformed
 * answer (MbimDecodeError, logged) leaves that part out this once. Base Stations Info is asked in
 * the layout of the MBIMEx version agreed (mbim-radio-query.ts). Without Base Stations Info the
 * picture is empty. Transport loss → ModemError NO_DEVICE.
 */
export async function readMbimRadio(x: MbimDataContext, support: MbimRadioSupport, o: CallOptions): Promise<RadioInfo> {
  const refused = (what: keyof MbimRadioSupport) => (e: unknown) => {
    if (e instanceof MbimDecodeError) {
      x.log.warn(`${what === 'noNitz' ? 'NITZ' : 'Base Stations Info'}: malformed answer left out: ${e.message}`);
      return undefined;
    }
    if (!(e instanceof MbimStatusError)) throw asModemError(e, 'NO_DEVICE', what === 'noNitz' ? 'NITZ' : 'Base Stations Info');
    if (e.code === MbimStatus.NoDeviceSupport) support[what] = true;
    x.log.debug(`${what === 'noNitz' ? 'NITZ' : 'Base Stations Info'}: ${e.message}${support[what] ? '; not asked again' : ''}`);
    return undefined;
  };
  const [bs, nitz] = await Promise.all([
    support.noBaseStations ? undefined : x.call(() => queryBaseStations(x.device, x.mbimex, o)).catch(refused('noBaseStations')),
    support.noNitz ? undefined : x.call(() => x.device.command(Nitz, 'query', {}, o)).catch(refused('noNitz')),
  ]);
  const info: RadioInfo = bs ? bs : { neighbours: [], bands: [], carriers: [] };
  const time = nitz ? networkTimeOfNitz(nitz, Date.now()) : undefined;
  if (time) info.networkTime = time;
  return info;
}
