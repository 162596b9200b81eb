// An in-memory MBIM modem for MbimModem tests (replies built with src/mbim encodeReply): answers OPEN/CLOSE and each command from handlers.
import { Emitter } from '../../src/util/emitter';
import type { ControlPort } from '../../src/device/control-port';
import { CidDef, decodeCommandBuffer, encodeReply } from '../../src/mbim/cid';
import { MbimStatus } from '../../src/mbim/errors';
import { MbimMessage, decodeMessage, encodeMessage } from '../../src/mbim/message';
import { basicConnect as bc, msBasicConnectExtensions as bcx } from '../../src/mbim/services';
import { ContextType, ServiceUuid } from '../../src/mbim/uuid';
import { BaseStationsInfo } from '../../src/mbim/services/ms-basic-connect-ext';
import { MbimModem, MbimModemOptions } from '../../src/modem/mbim-modem';
import type { ModemError } from '../../src/modem/modem-errors';
import type { ModemEvent } from '../../src/modem/modem';

export const DEFS: CidDef[] = [bc.DeviceCaps, bc.SubscriberReadyStatus, bc.RadioState, bc.Pin, bc.RegisterState, bc.PacketService, bc.SignalState,
  bc.Connect, bc.IpConfiguration, bc.DeviceServices, bc.DeviceServiceSubscribeList, bc.PacketStatistics, bcx.Version, BaseStationsInfo];

export type Reply = { status?: number; values?: Record<string, unknown> } | undefined;
export type Handler = (req: Record<string, any>) => Reply;

export const packet = { nwError: 0, packetServiceState: 2, highestAvailableDataClass: bc.MbimDataClass.lte, uplinkSpeed: 50_000_000n, downlinkSpeed: 150_000_000n };
export const register = (registerState: number, extra: Record<string, unknown> = {}) => ({
  nwError: 0, registerState, registerMode: 1, availableDataClasses: bc.MbimDataClass.lte, currentCellularClass: 1, providerId: '26201',
  providerName: 'Telekom.de', roamingText: '', registrationFlag: 0, ...extra,
});
export const subscriber = (readyState: number) => ({ readyState, subscriberId: '262011234567890', simIccId: '89490200001234567890', readyInfo: 0, telephoneNumbers: [] });
export const ipConfig = {
  sessionId: 0, ipv4ConfigurationAvailable: 0xf, ipv6ConfigurationAvailable: 0x7,
  ipv4Address: [{ onLinkPrefixLength: 30, ipv4Address: '10.64.0.2' }], ipv6Address: [{ onLinkPrefixLength: 64, ipv6Address: '2001:db8::2' }],
  ipv4Gateway: '10.64.0.1', ipv6Gateway: '2001:db8::1', ipv4DnsServer: ['10.64.0.1', '10.64.0.254'], ipv6DnsServer: ['2001:db8::53'], ipv4Mtu: 1500, ipv6Mtu: 0,
};

/** An MBIM modem in memory: answers OPEN/CLOSE and each command from `handlers` (by "Name kind"), records what it got. */
export class FakeMbim extends Emitter implements ControlPort {
  readonly path = '/dev/fake-mbim0';
  closed = false;
  answerOpen = true;
  /** Set by a Version handler that agreed to MBIMEx 2.0. */
  mbimex2 = false;
  /** Definitions read and answered in another layout (e.g. the MBIMEx 3.0 ones once 3.0 was agreed), by the 1.0 definition. */
  readonly layouts = new Map<CidDef, CidDef>();
  /** Replies (by "Name kind") sent as a first fragment of two whose second never comes (a hostile modem). */
  readonly brokenFragment = new Set<string>();
  readonly got: { name: string; kind: string; values: Record<string, any> }[] = [];
  readonly handlers: Record<string, Handler> = {
    'Device Caps query': () => ({ values: { deviceType: 1, cellularClass: 1, voiceClass: 1, simClass: 2, dataClass: 0x3f, smsCaps: 0, controlCaps: 1,
      maxSessions: 8, customDataClass: '', deviceId: '356789012345678', firmwareInfo: 'SWI9X30C_02.33', hardwareInfo: 'EM7455' } }),
    'Device Services query': () => ({ values: { maxDssSessions: 0, deviceServices: [{ deviceServiceId: ServiceUuid.basicConnect, dssPayload: 0, maxDssInstances: 0, cids: [1, 2, 3] }] } }),
    'Device Service Subscribe List set': (r) => ({ values: r }),
    'Subscriber Ready Status query': () => ({ values: subscriber(1) }),
    'Pin query': () => ({ values: { pinType: 0, pinState: 0, remainingAttempts: 0 } }),
    'Radio State query': () => ({ values: { hwRadioState: 1, swRadioState: 1 } }),
    'Radio State set': (r) => ({ values: { hwRadioState: 1, swRadioState: r.radioState } }),
    'Register State query': () => ({ values: register(3) }),
    'Register State set': (r) => ({ values: register(3, { registerMode: r.registerAction === 1 ? 2 : 1, providerId: r.providerId || '26201' }) }),
    'Packet Service query': () => ({ values: packet }),
    'Packet Service set': () => ({ values: packet }),
    'Signal State query': () => ({ values: { rssi: 20, errorRate: 99, signalStrengthInterval: 0, rssiThreshold: 0, errorRateThreshold: 0 } }),
    'Connect set': (r) => ({ values: { sessionId: r.sessionId, activationState: r.activationCommand === 1 ? 1 : 3, voiceCallState: 0, ipType: r.ipType, contextType: ContextType.internet, nwError: 0 } }),
    'Connect query': () => ({ values: { sessionId: 0, activationState: 1, voiceCallState: 0, ipType: 3, contextType: ContextType.internet, nwError: 0 } }),
    'IP Configuration query': () => ({ values: ipConfig }),
    'Packet Statistics query': () => ({ values: { inDiscards: 0, inErrors: 0, inOctets: 1234n, inPackets: 10n, outOctets: 567n, outPackets: 5n, outErrors: 0, outDiscards: 0 } }),
  };

  write(buf: Uint8Array): Promise<void> {
    const m = decodeMessage(buf);
    setImmediate(() => this.onMessage(m));
    return Promise.resolve();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', undefined);
  }

  private send(m: MbimMessage, broken = false): void {
    if (this.closed) return;
    const bytes = encodeMessage(m);
    // Fragment header after the 12-byte message header: TotalFragments (u32 LE) claims 2.
    if (broken) new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(12, 2, true);
    this.emit('data', bytes);
  }

  private onMessage(m: MbimMessage): void {
    if (m.type === 'open') { if (this.answerOpen) this.send({ type: 'open-done', tid: m.tid, status: 0 }); return; }
    if (m.type === 'close') { this.send({ type: 'close-done', tid: m.tid, status: 0 }); return; }
    if (m.type !== 'command') return;
    const def = DEFS.find((d) => d.service === m.service && d.cid === m.cid);
    if (!def) { this.send({ type: 'command-done', tid: m.tid, service: m.service, cid: m.cid, status: MbimStatus.NoDeviceSupport, buffer: new Uint8Array(0) }); return; }
    const values = decodeCommandBuffer(this.layouts.get(def) ?? def, m.commandType, m.buffer);
    this.got.push({ name: def.name, kind: m.commandType, values });
    const r = this.handlers[`${def.name} ${m.commandType}`]?.(values) ?? { status: MbimStatus.NoDeviceSupport };
    // After an MBIMEx 2.0 Version exchange, Register State answers in the 2.0 layout (PreferredDataClasses).
    const layout = def === bc.RegisterState && this.mbimex2 ? bcx.RegisterStateV2 : this.layouts.get(def) ?? def;
    const reply = layout === bcx.RegisterStateV2 && r.values ? { preferredDataClasses: 0, ...r.values } : r.values;
    const buffer = reply ? encodeReply(layout, 'response', reply as never) : new Uint8Array(0);
    this.send({ type: 'command-done', tid: m.tid, service: m.service, cid: m.cid, status: r.status ?? 0, buffer }, this.brokenFragment.has(`${def.name} ${m.commandType}`));
  }

  /** Sends an INDICATE_STATUS for `def` with `values`. */
  indicate(def: CidDef, values: Record<string, unknown>): void {
    this.send({ type: 'indicate-status', tid: 0, service: def.service, cid: def.cid, buffer: encodeReply(this.layouts.get(def) ?? def, 'notification', values as never) });
  }

  names(): string[] { return this.got.map((g) => `${g.name} ${g.kind}`); }
}

export async function opened(setup?: (f: FakeMbim) => void, opts: MbimModemOptions = {}): Promise<{ fake: FakeMbim; modem: MbimModem; events: ModemEvent[] }> {
  const fake = new FakeMbim();
  setup?.(fake);
  const modem = await MbimModem.openOn(fake, { timeoutMs: 500, ...opts });
  const events: ModemEvent[] = [];
  modem.onEvent((e) => events.push(e));
  return { fake, modem, events };
}

export async function rejection(p: Promise<unknown>): Promise<ModemError> {
  try { await p; } catch (e) { return e as ModemError; }
  throw new Error('resolved');
}

export const tick = () => new Promise<void>((r) => setImmediate(r));

