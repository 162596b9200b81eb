// Simulator handlers for MBIM Basic Connect (a289cc33-…): answers from the ModemModel, plus the values indications carry.
import { MbimStatus } from '../../mbim/errors';
import {
  Connect, DeviceCaps, DeviceServices, DeviceServiceSubscribeList, HomeProvider, IpConfiguration, MbimActivationCommand,
  MbimActivationState, MbimCellularClass, MbimContextIpType, MbimDataClass, MbimDeviceType, MbimIPConfigurationAvailableFlag,
  MbimPacketServiceAction, MbimPacketServiceState, MbimPinOperation, MbimPinState, MbimPinType, MbimProviderState, MbimRadioSwitchState,
  MbimRegisterAction, MbimRegisterMode, MbimRegisterState, MbimRegistrationFlag, MbimSubscriberReadyState, MbimVoiceCallState,
  PacketService, PacketStatistics, Pin, RadioState, RegisterState, SignalState, SubscriberReadyStatus,
} from '../../mbim/services/basic-connect';
import { ContextType, ServiceUuid } from '../../mbim/uuid';
import type { CallEnd, ModemModel, PinResult } from '../model';
import type { Rat, ResolvedScenario } from '../scenario';
import { MS_BCE_CIDS, MbimHandlerContext, MbimReply, MbimRoute, MbimSession, MbimState, mbimRoute } from './context';
import { MBIMEX_VERSION_2_0 } from '../../mbim/services/ms-basic-connect-extensions';
import { functionMbimex, registerStateBuffer } from './extensions';

/** MbimDataClass bits of each radio technology the scenario can name. */
const DATA_CLASS: Record<Rat, number> = {
  gsm: MbimDataClass.gprs | MbimDataClass.edge,
  umts: MbimDataClass.umts | MbimDataClass.hsdpa | MbimDataClass.hsupa,
  lte: MbimDataClass.lte,
  nr5g: MbimDataClass['5gSa'],
};

/** Uplink/downlink speeds (bps) Packet Service reports per technology: plausible category values. */
const SPEEDS: Record<Rat, [bigint, bigint]> = {
  gsm: [118_000n, 236_000n], umts: [5_760_000n, 42_000_000n], lte: [50_000_000n, 150_000_000n], nr5g: [200_000_000n, 1_000_000_000n],
};

/** MbimStatusError ProviderNotVisible (mbim-errors.h): a manual registration to a network that is not there. */
const PROVIDER_NOT_VISIBLE = 10;

/** Basic Connect CIDs the simulator answers (Device Services lists them). */
export const BASIC_CONNECT_CIDS = [1, 2, 3, 4, 6, 8, 9, 10, 11, 12, 15, 16, 19, 20];

/** A status that stops SIM-dependent commands, or undefined when the SIM is usable (mbim-errors.h names). */
export function simBlocker(model: ModemModel): number | undefined {
  const sim = model.sim;
  if (sim.state === 'absent') return MbimStatus.SimNotInserted;
  if (sim.initializing) return MbimStatus.NotInitialized;
  if (sim.state === 'pin' || sim.state === 'puk') return MbimStatus.PinRequired;
  if (sim.state === 'blocked') return MbimStatus.BadSim;
  return undefined;
}

function providerId(mcc: number, mnc: number, mncDigits: 2 | 3): string {
  return `${String(mcc).padStart(3, '0')}${String(mnc).padStart(mncDigits, '0')}`;
}

/** The NwError (3GPP cause) of a call end: its verbose reason when the type is 3GPP (6), else 0. */
export function nwErrorOf(end: CallEnd): number {
  return end.verboseType === 6 && end.verboseReason !== undefined && end.verboseReason >= 0 ? end.verboseReason : 0;
}

/** COMMAND_DONE status of a refused activation: cause 27 (unknown APN) → InvalidAccessString, 29 (auth failed) → InvalidUserNamePwd, else Failure. */
export function connectFailureStatus(nwError: number): number {
  if (nwError === 27) return MbimStatus.InvalidAccessString;
  if (nwError === 29) return MbimStatus.InvalidUserNamePwd;
  return MbimStatus.Failure;
}

/** Subscriber Ready Status values: ready state from the SIM, IMSI/ICCID once the card has been read. */
export function subscriberReadyValues(model: ModemModel, scenario: ResolvedScenario) {
  const sim = model.sim;
  const readyState = sim.state === 'absent' ? MbimSubscriberReadyState.simNotInserted
    : sim.initializing ? MbimSubscriberReadyState.notInitialized
      : sim.state === 'ready' ? MbimSubscriberReadyState.initialized
        : sim.state === 'blocked' ? MbimSubscriberReadyState.badSim : MbimSubscriberReadyState.deviceLocked;
  const read = sim.state !== 'absent' && !sim.initializing;
  return {
    readyState,
    subscriberId: read && sim.state === 'ready' ? scenario.identity.imsi : '',
    simIccId: read ? scenario.identity.iccid : '',
    readyInfo: 0,
    telephoneNumbers: read && sim.state === 'ready' && scenario.identity.msisdn ? [scenario.identity.msisdn] : [] as string[],
  };
}

/** Radio State values: the hardware switch is always on; software on while the model is online. */
export function radioValues(model: ModemModel) {
  return { hwRadioState: MbimRadioSwitchState.on, swRadioState: model.operatingMode === 'online' ? MbimRadioSwitchState.on : MbimRadioSwitchState.off };
}

/**
 * The data class served on `rat` when the host's last Register State set preferred `preferred`
 * (0 = no preference): the RAT's own when allowed, else the best allowed one below or above it
 * (a modem told "UMTS only" on an LTE cell camps on UMTS), else the RAT's own.
 */
export function servedDataClass(rat: Rat, preferred: number): number {
  if (!preferred || (preferred & DATA_CLASS[rat])) return DATA_CLASS[rat];
  const order: Rat[] = ['nr5g', 'lte', 'umts', 'gsm'];
  const best = order.find((x) => (preferred & DATA_CLASS[x]) !== 0);
  return best ? DATA_CLASS[best] : DATA_CLASS[rat];
}

/** Register State values from the model's registration (a locked or missing SIM shows as deregistered); `preferred` as servedDataClass. */
export function registrationValues(model: ModemModel, preferred = 0) {
  const r = model.registration;
  const simOk = simBlocker(model) === undefined;
  const registered = r.state === 'registered';
  const registerState = !simOk || r.state === 'off' ? MbimRegisterState.deregistered
    : r.state === 'searching' ? MbimRegisterState.searching
      : r.state === 'denied' ? MbimRegisterState.denied
        : r.roaming ? (model.scenario.mbim.partner ? MbimRegisterState.partner : MbimRegisterState.roaming) : MbimRegisterState.home;
  return {
    nwError: r.state === 'denied' ? 11 : 0,
    registerState,
    registerMode: MbimRegisterMode.automatic,
    availableDataClasses: registered ? servedDataClass(r.rat, preferred) : 0,
    currentCellularClass: MbimCellularClass.gsm,
    providerId: registered ? providerId(r.mcc, r.mnc, r.mncDigits) : '',
    providerName: registered ? r.operator : '',
    roamingText: registered && r.roaming ? r.operator : '',
    registrationFlag: MbimRegistrationFlag.packetServiceAutomaticAttach,
  };
}

/** Packet Service values: attached while registered unless the host detached. */
export function packetServiceValues(model: ModemModel, state: MbimState) {
  const r = model.registration;
  const attached = r.state === 'registered' && !state.detached;
  const [up, down] = attached ? SPEEDS[r.rat] : [0n, 0n];
  return {
    nwError: 0,
    packetServiceState: attached ? MbimPacketServiceState.attached : MbimPacketServiceState.detached,
    highestAvailableDataClass: attached ? servedDataClass(r.rat, state.preferredDataClasses) : 0,
    uplinkSpeed: up, downlinkSpeed: down,
  };
}

/** Signal State values: RSSI on the 0–31 CSQ scale from the scenario's dBm (dBm = −113 + 2·rssi), 99 when unknown. */
export function signalValues(model: ModemModel, state: MbimState) {
  const s = model.signal;
  const rssi = s ? Math.max(0, Math.min(31, Math.round((s.rssi + 113) / 2))) : 99;
  return { rssi, errorRate: 99, ...state.signal };
}

/** Connect values of a session (activated) or of a session id with nothing up (deactivated). */
export function connectValues(sessionId: number, s: MbimSession | undefined, nwError = 0) {
  return {
    sessionId,
    activationState: s ? MbimActivationState.activated : MbimActivationState.deactivated,
    voiceCallState: MbimVoiceCallState.none,
    ipType: s ? s.ipType : MbimContextIpType.default,
    contextType: ContextType.internet,
    nwError,
  };
}

function pinValues(res: Pick<PinResult, 'sim'>) {
  const sim = res.sim;
  if (sim.state === 'puk' || sim.state === 'blocked') return { pinType: MbimPinType.puk1, pinState: MbimPinState.locked, remainingAttempts: sim.pukRetries };
  return { pinType: MbimPinType.pin1, pinState: sim.state === 'pin' ? MbimPinState.locked : MbimPinState.unlocked, remainingAttempts: sim.pinRetries };
}

function pinSet(req: Record<string, any>, ctx: MbimHandlerContext): MbimReply<typeof Pin> {
  const { model } = ctx;
  if (req.pinOperation !== MbimPinOperation.enter) return { status: MbimStatus.OperationNotAllowed };
  let res: PinResult;
  if (req.pinType === MbimPinType.pin1) res = model.verifyPin(req.pin);
  else if (req.pinType === MbimPinType.puk1) res = model.unblockPin(req.pin, req.newPin);
  else return { status: MbimStatus.InvalidParameters };
  if (res.ok) return { status: 0, values: pinValues(res) };
  if (res.error === 'absent') return { status: MbimStatus.SimNotInserted };
  if (res.error === 'not-allowed') return { status: res.sim.initializing ? MbimStatus.NotInitialized : res.sim.state === 'ready' ? MbimStatus.PinDisabled : MbimStatus.Failure, values: pinValues(res) };
  return { status: MbimStatus.Failure, values: pinValues(res) };
}

function activate(req: Record<string, any>, ctx: MbimHandlerContext): MbimReply<typeof Connect> {
  const { model, state, scenario } = ctx;
  const sid = req.sessionId as number;
  const existing = state.sessions.get(sid);
  if (existing) return existing.apn === req.accessString ? { status: 0, values: connectValues(sid, existing) } : { status: MbimStatus.MaxActivatedContexts, values: connectValues(sid, existing) };
  const blocked = simBlocker(model)
    ?? (model.operatingMode !== 'online' ? MbimStatus.RadioPowerOff : undefined)
    ?? (model.registration.state !== 'registered' ? MbimStatus.NotRegistered : undefined)
    ?? (state.detached ? MbimStatus.PacketServiceDetached : undefined);
  if (blocked !== undefined) return { status: blocked, values: connectValues(sid, undefined) };
  const asked = req.ipType as number;
  const wantV4 = asked !== MbimContextIpType.ipv6;
  const wantV6 = asked !== MbimContextIpType.ipv4 && scenario.data.ipv6 !== undefined;
  // IPv6 only, from a network without IPv6: refused with cause 50 "PDP type IPv4 only allowed".
  if (!wantV4 && !wantV6) return { status: MbimStatus.Failure, values: connectValues(sid, undefined, 50) };
  const auth = req.authProtocol === 1 ? 1 : req.authProtocol >= 2 ? 2 : 0;
  const handles: number[] = [];
  for (const family of [...(wantV4 ? [4] : []), ...(wantV6 ? [6] : [])] as (4 | 6)[]) {
    const r = model.startSession({ owner: `mbim:${sid}`, apn: req.accessString, family, auth, username: req.userName || undefined });
    if (!r.ok) {
      for (const h of handles) model.stopSession(h);
      const nwError = nwErrorOf(r.end);
      return { status: r.end.reason === 1002 ? MbimStatus.NotRegistered : connectFailureStatus(nwError), values: connectValues(sid, undefined, nwError) };
    }
    handles.push(r.session.handle);
  }
  const ipType = wantV4 && wantV6 ? MbimContextIpType.ipv4v6 : wantV6 ? MbimContextIpType.ipv6 : MbimContextIpType.ipv4;
  const session: MbimSession = { sessionId: sid, handles, ipType, apn: req.accessString };
  state.sessions.set(sid, session);
  // Asked for both but the network offers IPv4 only: activated, with cause 50 as real networks send.
  const v4only = (asked === MbimContextIpType.default || asked >= MbimContextIpType.ipv4v6) && !wantV6 ? 50 : 0;
  return { status: 0, values: connectValues(sid, session, v4only) };
}

function connect(req: Record<string, any>, ctx: MbimHandlerContext): MbimReply<typeof Connect> {
  const sid = req.sessionId as number;
  const s = ctx.state.sessions.get(sid);
  if (ctx.kind === 'query') return { status: 0, values: connectValues(sid, s) };
  if (req.activationCommand === MbimActivationCommand.activate) return activate(req, ctx);
  if (req.activationCommand !== MbimActivationCommand.deactivate) return { status: MbimStatus.InvalidParameters };
  if (!s) return { status: MbimStatus.ContextNotActivated, values: connectValues(sid, undefined) };
  ctx.state.sessions.delete(sid);
  for (const h of s.handles) ctx.model.stopSession(h);
  return { status: 0, values: connectValues(sid, undefined) };
}

function ipConfiguration(req: Record<string, any>, ctx: MbimHandlerContext): MbimReply<typeof IpConfiguration> {
  const sid = req.sessionId as number;
  const s = ctx.state.sessions.get(sid);
  if (!s) return { status: MbimStatus.ContextNotActivated };
  const all = MbimIPConfigurationAvailableFlag.address | MbimIPConfigurationAvailableFlag.gateway | MbimIPConfigurationAvailableFlag.dns | MbimIPConfigurationAvailableFlag.mtu;
  const v4 = s.handles.map((h) => ctx.model.session(h)).find((x) => x?.family === 4);
  const v6 = s.handles.map((h) => ctx.model.session(h)).find((x) => x?.family === 6);
  return {
    status: 0,
    values: {
      sessionId: sid,
      ipv4ConfigurationAvailable: v4 ? all : 0,
      ipv6ConfigurationAvailable: v6 ? all : 0,
      ipv4Address: v4 ? [{ onLinkPrefixLength: v4.settings.prefix, ipv4Address: v4.settings.address }] : [],
      ipv6Address: v6 ? [{ onLinkPrefixLength: v6.settings.prefix, ipv6Address: v6.settings.address }] : [],
      ipv4Gateway: v4?.settings.gateway,
      ipv6Gateway: v6?.settings.gateway,
      ipv4DnsServer: v4?.settings.dns ?? [],
      ipv6DnsServer: v6?.settings.dns ?? [],
      ipv4Mtu: v4 ? v4.mtu : 0,
      ipv6Mtu: v6 ? v6.mtu : 0,
    },
  };
}

/** Basic Connect routes. Layouts: libmbim mbim-service-basic-connect.json (via src/mbim/services/basic-connect.ts). */
export const basicConnectRoutes: MbimRoute[] = [
  mbimRoute(DeviceCaps, (_r, { scenario }) => {
    const id = scenario.identity;
    const dataClass = DATA_CLASS.gsm | DATA_CLASS.umts | DATA_CLASS.lte | (scenario.registration.rat === 'nr5g' ? MbimDataClass['5gNsa'] | MbimDataClass['5gSa'] : 0);
    return {
      status: 0,
      values: {
        deviceType: MbimDeviceType.embedded, cellularClass: MbimCellularClass.gsm, voiceClass: 1, simClass: 0x2, dataClass,
        smsCaps: 0x3, controlCaps: 0x1, maxSessions: 8, customDataClass: '', deviceId: id.imei, firmwareInfo: id.revision, hardwareInfo: id.model,
      },
    };
  }),
  mbimRoute(SubscriberReadyStatus, (_r, { model, scenario }) => ({ status: 0, values: subscriberReadyValues(model, scenario) })),
  mbimRoute(RadioState, (r, { model, kind }) => {
    if (kind === 'set') {
      if (r.radioState !== MbimRadioSwitchState.on && r.radioState !== MbimRadioSwitchState.off) return { status: MbimStatus.InvalidParameters };
      // FCC-locked: the set on fails (OperationNotAllowed) or succeeds with the radio still off (scenario fccLock.mbimAnswer).
      if (r.radioState === MbimRadioSwitchState.on && model.vendor.fccLocked) {
        return model.vendor.mbimLockAnswer === 'stays-off' ? { status: 0, values: radioValues(model) } : { status: MbimStatus.OperationNotAllowed };
      }
      model.setOperatingMode(r.radioState === MbimRadioSwitchState.on ? 'online' : 'low-power');
    }
    return { status: 0, values: radioValues(model) };
  }),
  mbimRoute(Pin, (r, ctx) => {
    if (ctx.kind === 'set') return pinSet(r, ctx);
    const sim = ctx.model.sim;
    if (sim.state === 'absent') return { status: MbimStatus.SimNotInserted };
    if (sim.initializing) return { status: MbimStatus.NotInitialized };
    return { status: 0, values: pinValues({ sim }) };
  }),
  mbimRoute(HomeProvider, (_r, { model, kind }) => {
    if (kind === 'set') return { status: MbimStatus.OperationNotAllowed };
    const blocked = simBlocker(model);
    if (blocked !== undefined) return { status: blocked };
    const h = model.home;
    const digits = model.registration.mncDigits;
    return {
      status: 0,
      values: { provider: { providerId: providerId(h.mcc, h.mnc, digits), providerState: MbimProviderState.home, providerName: h.operator, cellularClass: MbimCellularClass.gsm, rssi: 99, errorRate: 99 } },
    };
  }),
  mbimRoute(RegisterState, (r, { model, kind, state, after }) => {
    if (kind === 'set' && r.registerAction === MbimRegisterAction.manual) {
      const reg = model.registration;
      if (r.providerId !== providerId(reg.mcc, reg.mnc, reg.mncDigits)) return { status: PROVIDER_NOT_VISIBLE };
    }
    // DataClass of a set: the preferred data classes, kept (the MBIMEx 2.0 answer reports them).
    if (kind === 'set' && r.dataClass && r.dataClass !== state.preferredDataClasses) {
      state.preferredDataClasses = r.dataClass as number;
      // The modem camps on an allowed technology: Register State / Packet Service indications follow.
      after(() => model.emit('registration', model.registration));
    }
    return { status: 0, buffer: registerStateBuffer(model, state) };
  }),
  mbimRoute(PacketService, (r, { model, state, kind, after }) => {
    if (kind === 'set') {
      const blocked = simBlocker(model) ?? (model.registration.state !== 'registered' ? MbimStatus.NotRegistered : undefined);
      if (r.packetServiceAction === MbimPacketServiceAction.attach) {
        if (blocked !== undefined) return { status: blocked, values: packetServiceValues(model, state) };
        state.detached = false;
      } else if (r.packetServiceAction === MbimPacketServiceAction.detach) {
        state.detached = true;
        const ids = [...state.sessions.keys()];
        after(() => { for (const id of ids) dropMbimSession(model, state, id, PACKET_DETACHED); });
      } else {
        return { status: MbimStatus.InvalidParameters };
      }
    }
    return { status: 0, values: packetServiceValues(model, state) };
  }),
  mbimRoute(SignalState, (r, { model, state, kind }) => {
    if (kind === 'set') state.signal = { signalStrengthInterval: r.signalStrengthInterval, rssiThreshold: r.rssiThreshold, errorRateThreshold: r.errorRateThreshold };
    return { status: 0, values: signalValues(model, state) };
  }),
  mbimRoute(Connect, connect),
  mbimRoute(IpConfiguration, ipConfiguration),
  mbimRoute(DeviceServices, (_r, { scenario }) => ({
    status: 0,
    values: {
      maxDssSessions: 0,
      deviceServices: [
        { deviceServiceId: ServiceUuid.basicConnect, dssPayload: 0, maxDssInstances: 0, cids: BASIC_CONNECT_CIDS },
        ...(scenario.mbim.qmi ? [{ deviceServiceId: ServiceUuid.qmi, dssPayload: 0, maxDssInstances: 0, cids: [1] }] : []),
        { deviceServiceId: ServiceUuid.sms, dssPayload: 0, maxDssInstances: 0, cids: [1, 2, 3, 4, 5] },
        ...(functionMbimex(scenario) >= MBIMEX_VERSION_2_0 ? [{ deviceServiceId: ServiceUuid.msBasicConnectExtensions, dssPayload: 0, maxDssInstances: 0, cids: MS_BCE_CIDS }] : []),
      ],
    },
  })),
  mbimRoute(DeviceServiceSubscribeList, (r, { state }) => {
    const events = r.events as { deviceServiceId: string; cids: number[] }[];
    state.subscriptions = new Map(events.map((e) => [e.deviceServiceId, new Set(e.cids)]));
    return { status: 0, values: { events } };
  }),
  mbimRoute(PacketStatistics, (_r, { model }) => {
    const t = model.totalStats();
    const e = model.radio.scenario.packetErrors;
    return {
      status: 0,
      values: {
        inDiscards: e.rxDropped, inErrors: e.rxErrors, inOctets: t.rxBytes, inPackets: BigInt(t.rxPackets), outOctets: t.txBytes, outPackets: BigInt(t.txPackets),
        outErrors: e.txErrors, outDiscards: e.txDropped,
      },
    };
  }),
];

/** Call end of a detach: 3GPP cause 10 "implicitly detached". */
const PACKET_DETACHED: CallEnd = { reason: 1003, verboseType: 6, verboseReason: 10 };

/**
 * Has the network end an MBIM session: its model sessions are dropped, and the responder's
 * 'session-dropped' listener removes it and sends the Connect indication. False when none was up.
 */
export function dropMbimSession(model: ModemModel, state: MbimState, sessionId: number, end?: CallEnd): boolean {
  const s = state.sessions.get(sessionId);
  if (!s) return false;
  for (const h of s.handles) model.dropSession(h, end);
  return true;
}

/** The Connect SessionId of a model session started by this responder (owner "mbim:N"), or undefined. */
export function mbimSessionIdOf(owner: string): number | undefined {
  const m = /^mbim:(\d+)$/.exec(owner);
  return m ? Number(m[1]) : undefined;
}
