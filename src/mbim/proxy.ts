// mbim-proxy: other programs (mbimcli -p, ModemManager, scripts on libmbim) share an MBIM port the
// daemon owns, over libmbim's proxy protocol (facts from libmbim src/libmbim-glib/mbim-proxy.c and
// mbim-uuid.c): a client first sends COMMAND set of Configuration (CID 1) on the Proxy Control service
// (UUID 838cf7fb-8d0d-4d7f-871e-d71dbefbb39b) whose information buffer holds the device path (an
// offset/length pair of UTF-16LE text) and a u32 timeout at offset 8; the answer is a COMMAND_DONE on
// that service. The client's OPEN and CLOSE never reach the modem — an OPEN would reset the daemon's
// session and end its call — they are answered OPEN_DONE/CLOSE_DONE here. Commands go to the modem with
// a transaction id of the daemon's device; the reply gets the client's id back. Indications go to
// every configured client of the device. A client's Device Service Subscribe List set is answered
// here and not forwarded (it would replace the daemon's own subscriptions). The MBIMEx version is the
// function's, agreed by the daemon at open: a configured client is told it by a Proxy Control Version
// indication (CID 2: guint16 MbimVersion, guint16 MbimExtendedVersion; libmbim mbim-proxy.c
// build_proxy_control_version_notification), and a client's MS Basic Connect Extensions Version query
// is answered here with it — forwarded, a client asking for less would switch the layouts under the daemon.
import type { Logger } from '../log';
import type { Clock } from '../util/wait';
import type { MbimDevice } from './device';
import { FragmentCollector, MbimStreamFramer } from './fragment';
import { MbimMessage, decodeMessage, encodeMessage } from './message';
import { ServiceUuid } from './uuid';
import { MBIMEX_VERSION_2_0, MBIM_VERSION_1_0, Version } from './services/ms-basic-connect-extensions';
import { decodeUtf16le } from '../util/utf8';
import { u32le } from '../util/bytes';

/** libmbim MBIM_UUID_PROXY_CONTROL. */
export const PROXY_CONTROL_UUID = '838cf7fb-8d0d-4d7f-871e-d71dbefbb39b';
/** MBIM_CID_PROXY_CONTROL_CONFIGURATION. */
export const PROXY_CONTROL_CONFIGURATION = 1;
/** MBIM_CID_PROXY_CONTROL_VERSION (libmbim mbim-service-proxy-control.json: Version, notification only). */
export const PROXY_CONTROL_VERSION = 2;
/** MBIM_CID_BASIC_CONNECT_DEVICE_SERVICE_SUBSCRIBE_LIST. */
const DEVICE_SERVICE_SUBSCRIBE_LIST = 19;
/** MBIM status codes used here (MBIM 1.0 table 9-3; libmbim MbimStatusError). */
const Status = Object.freeze({ none: 0, busy: 1, failure: 2, invalidParameters: 21 });
/** MBIM_PROTOCOL_ERROR_NOT_OPENED. */
const NOT_OPENED = 5;
/** How long a forwarded command waits for the modem before its slot is dropped, ms. */
const COMMAND_TIMEOUT_MS = 60_000;

/** The MBIM device the daemon has open at the path a client names (undefined: not ours). */
export type FindMbimDevice = (path: string) => MbimDevice | undefined;

/** The timers the proxy needs: a Clock (src/util/wait.ts; systemClock in the daemon). */
export type MbimProxyTimers = Pick<Clock, 'setTimeout' | 'clearTimeout'>;

/** One connected client. */
class MbimProxyClient {
  device?: MbimDeviceState;
  opened = false;
  closed = false;
  readonly framer = new MbimStreamFramer();
  readonly collector = new FragmentCollector();
  constructor(readonly id: number, readonly write: (b: Uint8Array) => Promise<void>, readonly end: () => void) {}
  send(m: MbimMessage): void {
    if (this.closed) return;
    this.write(encodeMessage(m)).catch(() => this.end());
  }
}

interface Wait { client: MbimProxyClient; tid: number; timer: unknown }
interface MbimDeviceState { device: MbimDevice; clients: Set<MbimProxyClient>; waits: Map<number, Wait>; untap: () => void; offClose: () => void }

/** MbimVersion 1.0 and `mbimex` (BCD) as the Version answer and the Proxy Control Version indication carry them: two guint16. */
function versionBuffer(mbimex: number): Uint8Array {
  return Version.response.encodeAlone({ mbimVersion: MBIM_VERSION_1_0, mbimExtendedVersion: mbimex });
}

/** The device path of a Configuration set's information buffer, or undefined when malformed. */
export function configurationPath(buffer: Uint8Array): string | undefined {
  if (buffer.length < 12) return undefined;
  const off = u32le(buffer, 0);
  const len = u32le(buffer, 4);
  if (len === 0 || len % 2 !== 0 || off + len > buffer.length) return undefined;
  return decodeUtf16le(buffer.subarray(off, off + len)).replace(/\0+$/, '');
}

/**
 * The proxy's routing, free of sockets: `connect()` gives the handlers of one client connection.
 * Never throws on client input.
 */
export class MbimProxy {
  private readonly devices = new Map<MbimDevice, MbimDeviceState>();
  private readonly clients = new Set<MbimProxyClient>();
  private nextId = 1;
  /** Commands forwarded to the modem; OPEN/CLOSE messages absorbed. */
  forwarded = 0;
  absorbed = 0;

  constructor(private readonly find: FindMbimDevice, readonly log: Logger, private readonly timers: MbimProxyTimers) {}

  /** Clients connected now. */
  get clientCount(): number { return this.clients.size; }

  /** A new client connection: `write` sends to it, `end` closes it. Returns its onData/onClose. */
  connect(write: (b: Uint8Array) => Promise<void>, end: () => void): { onData(chunk: Uint8Array): void; onClose(): void } {
    const c = new MbimProxyClient(this.nextId++, write, end);
    this.clients.add(c);
    return {
      onData: (chunk) => {
        const { messages } = c.framer.push(chunk);
        for (const frag of messages) {
          const r = c.collector.push(frag, 0);
          if (!r.message) continue;
          let m: MbimMessage;
          try { m = decodeMessage(r.message); } catch (e) { this.log.debug(`proxy client ${c.id}: ${(e as Error).message}`); continue; }
          this.onClientMessage(c, m);
        }
      },
      onClose: () => this.drop(c),
    };
  }

  /** Ends every client and forgets every device (daemon exit). */
  close(): void {
    for (const c of [...this.clients]) { c.end(); this.drop(c); }
    for (const d of [...this.devices.values()]) this.forget(d);
  }

  private drop(c: MbimProxyClient): void {
    if (c.closed) return;
    c.closed = true;
    this.clients.delete(c);
    const d = c.device;
    if (!d) return;
    d.clients.delete(c);
    // its commands' waits stay until the reply (taken, dropped) or the timeout: a late reply is no stray
  }

  private forget(d: MbimDeviceState): void {
    d.untap();
    d.offClose();
    for (const w of d.waits.values()) this.timers.clearTimeout(w.timer);
    d.waits.clear();
    this.devices.delete(d.device);
  }

  private onClientMessage(c: MbimProxyClient, m: MbimMessage): void {
    switch (m.type) {
      case 'open':
        this.absorbed++;
        c.opened = true;
        c.send({ type: 'open-done', tid: m.tid, status: c.device && c.device.device.state === 'open' ? Status.none : Status.failure });
        return;
      case 'close':
        this.absorbed++;
        c.opened = false;
        c.send({ type: 'close-done', tid: m.tid, status: Status.none });
        return;
      case 'command':
        if (m.service === PROXY_CONTROL_UUID) { this.configure(c, m); return; }
        this.command(c, m);
        return;
      default:
        this.log.debug(`proxy client ${c.id}: ignored a ${m.type} message`);
    }
  }

  private done(c: MbimProxyClient, m: Extract<MbimMessage, { type: 'command' }>, status: number, buffer: Uint8Array = new Uint8Array(0)): void {
    c.send({ type: 'command-done', tid: m.tid, service: m.service, cid: m.cid, status, buffer });
  }

  private configure(c: MbimProxyClient, m: Extract<MbimMessage, { type: 'command' }>): void {
    if (m.cid !== PROXY_CONTROL_CONFIGURATION || m.commandType !== 'set') { this.done(c, m, Status.invalidParameters); return; }
    const path = configurationPath(m.buffer);
    if (!path) { this.done(c, m, Status.invalidParameters); return; }
    const device = this.find(path);
    if (!device || device.isClosed) {
      this.log.info(`proxy client ${c.id}: ${path} is not an MBIM port qmi4gd owns`);
      this.done(c, m, Status.failure);
      return;
    }
    if (c.device) { this.done(c, m, c.device.device === device ? Status.none : Status.failure); return; }
    let d = this.devices.get(device);
    if (!d) {
      const state: MbimDeviceState = { device, clients: new Set(), waits: new Map(), untap: () => undefined, offClose: () => undefined };
      state.untap = device.addTap((x) => this.fromModem(state, x));
      const onClose = () => { for (const x of [...state.clients]) { x.end(); this.drop(x); } this.forget(state); };
      device.on('close', onClose);
      state.offClose = () => device.off('close', onClose);
      this.devices.set(device, state);
      d = state;
    }
    c.device = d;
    d.clients.add(c);
    this.log.debug(`proxy client ${c.id} configured for ${path}`);
    // As libmbim's proxy: the version indication first, then the Configuration answer.
    if (device.mbimexVersion >= MBIMEX_VERSION_2_0) {
      c.send({ type: 'indicate-status', tid: 0, service: PROXY_CONTROL_UUID, cid: PROXY_CONTROL_VERSION, buffer: versionBuffer(device.mbimexVersion) });
    }
    this.done(c, m, Status.none);
  }

  private command(c: MbimProxyClient, m: Extract<MbimMessage, { type: 'command' }>): void {
    const d = c.device;
    if (!d || d.device.isClosed || d.device.state !== 'open') { c.send({ type: 'function-error', tid: m.tid, error: NOT_OPENED }); return; }
    if (m.service === ServiceUuid.basicConnect && m.cid === DEVICE_SERVICE_SUBSCRIBE_LIST && m.commandType === 'set') {
      this.done(c, m, Status.none, m.buffer); // the daemon's subscriptions stay; standard indications reach every client anyway
      return;
    }
    if (m.service === ServiceUuid.msBasicConnectExtensions && m.cid === Version.cid && m.commandType === 'query' && d.device.mbimexVersion >= MBIMEX_VERSION_2_0) {
      this.done(c, m, Status.none, versionBuffer(d.device.mbimexVersion));
      return;
    }
    const tid = d.device.claimTid();
    const timer = this.timers.setTimeout(() => { d.waits.delete(tid); }, COMMAND_TIMEOUT_MS);
    d.waits.set(tid, { client: c, tid: m.tid, timer });
    this.forwarded++;
    d.device.writeMessage({ ...m, tid }).catch(() => {
      this.timers.clearTimeout(timer);
      d.waits.delete(tid);
      c.send({ type: 'function-error', tid: m.tid, error: NOT_OPENED });
    });
  }

  /** A whole message from the modem (device tap): true when it answers a proxy client's command. */
  private fromModem(d: MbimDeviceState, m: MbimMessage): boolean {
    if (m.type === 'indicate-status') {
      for (const c of d.clients) if (c.opened) c.send(m);
      return false;
    }
    if (m.type !== 'command-done' && m.type !== 'function-error') return false;
    const w = d.waits.get(m.tid);
    if (!w) return false;
    d.waits.delete(m.tid);
    this.timers.clearTimeout(w.timer);
    w.client.send({ ...m, tid: w.tid });
    return true;
  }
}
