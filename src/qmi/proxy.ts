// qmi-proxy: other programs (qmicli -p, ModemManager, scripts on libqmi) share a control port the daemon
// owns, over libqmi's proxy protocol (facts from libqmi src/libqmi-glib/qmi-proxy.c and
// qmi-service-ctl.json): a client's first message is CTL "Internal Proxy Open" (0xFF00) whose TLV 0x01
// names the device; the answer is a plain success response. The proxy then relays the client's QMUX
// frames: CTL requests get a transaction id of the device (the client's own is put back into the
// response); an Allocate CID response gives the client that CID; responses and indications go to the
// client owning the (service, CID), broadcasts (CID 0xFF) to every client holding a CID of that service.
// Unlike libqmi's proxy, a client's CTL Sync never reaches the modem (it would release the daemon's
// CIDs and end its call): it releases that client's own CIDs. Release CID and requests on CIDs the
// client does not own are refused, and so are CTL Set Instance ID / Set Data Format (they change the
// link the daemon runs), so the daemon's clients are never touched.
import type { Logger } from '../log';
import type { Clock } from '../util/wait';
import type { QmiDevice } from './device';
import { QmiFrame, QmuxReassembler, encodeFrame } from './frame';
import { splitTlvs } from './message';
import { decodeUtf8 } from '../util/utf8';

/** The CTL message ids the proxy looks at (libqmi qmi-service-ctl.json; 0xFF00 from qmi-proxy.c). */
export const ProxyCtl = Object.freeze({
  setInstanceId: 0x0020, getVersionInfo: 0x0021, allocateCid: 0x0022, releaseCid: 0x0023, setDataFormat: 0x0026,
  sync: 0x0027, internalProxyOpen: 0xff00,
});

/** QMI errors the proxy answers with itself (libqmi qmi-errors.h). */
export const ProxyError = Object.freeze({ internal: 3, invalidClientId: 7, invalidArgument: 48, notSupported: 94 });
/** How long a forwarded CTL request's transaction id stays claimed waiting for the modem, ms. */
const CTL_TIMEOUT_MS = 30_000;
/**
 * CIDs a departed client left allocated (`qmicli --client-no-release-cid`) kept per device for a later
 * `--client-cid`; beyond this many the oldest is released on the modem.
 */
export const MAX_DISOWNED_CIDS = 32;

/** A device the daemon owns, found by the path a client names (undefined: not ours). */
export type FindDevice = (path: string) => QmiDevice | undefined;

/** The timers the proxy needs: a Clock (src/util/wait.ts; systemClock in the daemon). */
export type ProxyTimers = Pick<Clock, 'setTimeout' | 'clearTimeout'>;

/** A QMI response to `req` with result `error` (0 = success) and extra TLV bytes. */
export function proxyResponse(req: QmiFrame, error: number, extra: Uint8Array = new Uint8Array(0)): QmiFrame {
  const tlvs = new Uint8Array(7 + extra.length);
  tlvs.set([0x02, 0x04, 0x00, error === 0 ? 0 : 1, 0, error & 0xff, error >> 8]);
  tlvs.set(extra, 7);
  return { service: req.service, cid: req.cid, kind: 'response', txn: req.txn, messageId: req.messageId, tlvs };
}

/** TLV `type` of a frame's value, or undefined (also for a malformed TLV block). */
function tlvValue(f: QmiFrame, type: number): Uint8Array | undefined {
  try { return splitTlvs(f.tlvs).find((t) => t.type === type)?.value; } catch { return undefined; }
}

function succeeded(f: QmiFrame): boolean {
  const r = tlvValue(f, 0x02);
  return !!r && r.length >= 2 && r[0] === 0 && r[1] === 0;
}

const key = (service: number, cid: number) => `${service}:${cid}`;

/** A CTL request forwarded for a client: who gets the answer (none for the proxy's own releases). */
interface CtlWait { client?: ProxyClient; request: QmiFrame; timer: unknown }

/** Per-device state: the tap on its frames, its proxy clients, forwarded CTL requests, disowned CIDs. */
interface DeviceState {
  device: QmiDevice; clients: Set<ProxyClient>; ctl: Map<number, CtlWait>; disowned: string[]; untap: () => void; offClose: () => void;
}

/** One connected proxy client. */
class ProxyClient {
  device?: DeviceState;
  readonly cids = new Set<string>();
  readonly reassembler = new QmuxReassembler();
  closed = false;
  constructor(readonly id: number, readonly write: (b: Uint8Array) => Promise<void>, readonly end: () => void) {}

  send(f: QmiFrame): void {
    if (this.closed) return;
    this.write(encodeFrame(f)).catch(() => this.end());
  }
}

/** Counters for status/tests. */
export interface QmiProxyStats { clients: number; devices: number; disowned: number; forwarded: number; refused: number }

/**
 * The proxy's routing, free of sockets: `connect()` gives the handlers of one client connection. Never
 * throws on client input; a client naming no port the daemon owns gets an error response.
 */
export class QmiProxy {
  private readonly devices = new Map<QmiDevice, DeviceState>();
  private readonly clients = new Set<ProxyClient>();
  private nextId = 1;
  private forwarded = 0;
  private refused = 0;

  constructor(private readonly find: FindDevice, readonly log: Logger, private readonly timers: ProxyTimers) {}

  /** Clients, devices in use, disowned CIDs, frames forwarded to the modem, requests refused. */
  get stats(): QmiProxyStats {
    let disowned = 0;
    for (const d of this.devices.values()) disowned += d.disowned.length;
    return { clients: this.clients.size, devices: this.devices.size, disowned, forwarded: this.forwarded, refused: this.refused };
  }

  /** A new client connection: `write` sends to it, `end` closes it. Returns its onData/onClose. */
  connect(write: (b: Uint8Array) => Promise<void>, end: () => void): { onData(chunk: Uint8Array): void; onClose(): void } {
    const c = new ProxyClient(this.nextId++, write, end);
    this.clients.add(c);
    return {
      onData: (chunk) => {
        const { frames, skipped } = c.reassembler.push(chunk);
        if (skipped.length) this.log.debug(`proxy client ${c.id}: skipped ${skipped.reduce((n, s) => n + s.bytes, 0)} byte(s) of non-QMUX data`);
        for (const f of frames) this.onClientFrame(c, f);
      },
      onClose: () => this.drop(c),
    };
  }

  /** Ends every client and forgets every device (daemon exit): no timer or tap is left behind. */
  close(): void {
    for (const c of [...this.clients]) { c.end(); this.drop(c); }
    for (const d of [...this.devices.values()]) this.forget(d);
  }

  /** A client went away: its CIDs become disowned (reusable, bounded); its pending CTL answers are dropped on arrival. */
  private drop(c: ProxyClient): void {
    if (c.closed) return;
    c.closed = true;
    this.clients.delete(c);
    const d = c.device;
    if (!d) return;
    d.clients.delete(c);
    for (const k of c.cids) this.disown(d, k);
    if (c.cids.size) this.log.debug(`proxy client ${c.id} left CID(s) ${[...c.cids].join(' ')} allocated (kept for --client-cid)`);
    c.cids.clear();
  }

  private disown(d: DeviceState, k: string): void {
    d.disowned.push(k);
    while (d.disowned.length > MAX_DISOWNED_CIDS) {
      const [service, cid] = d.disowned.shift()!.split(':').map(Number);
      this.forwardCtl(undefined, d, { service: 0, cid: 0, kind: 'request', txn: 0, messageId: ProxyCtl.releaseCid, tlvs: Uint8Array.of(0x01, 0x02, 0x00, service, cid) });
    }
  }

  /** Forgets a device (its port closed, or the daemon stops): untaps it and gives back claimed transaction ids. */
  private forget(d: DeviceState): void {
    d.untap();
    d.offClose();
    for (const [txn, w] of d.ctl) { this.timers.clearTimeout(w.timer); d.device.releaseCtlTxn(txn); }
    d.ctl.clear();
    this.devices.delete(d.device);
  }

  /** A frame from a client. */
  private onClientFrame(c: ProxyClient, f: QmiFrame): void {
    if (f.kind !== 'request') { this.log.debug(`proxy client ${c.id}: ignored a ${f.kind} frame`); return; }
    if (f.service === 0 && f.messageId === ProxyCtl.internalProxyOpen) { this.open(c, f); return; }
    const d = c.device;
    if (!d || d.device.isClosed) { this.refuse(c, f, ProxyError.internal); return; }
    if (f.service === 0) { this.ctl(c, d, f); return; }
    const k = key(f.service, f.cid);
    if (!c.cids.has(k)) {
      const i = d.disowned.indexOf(k);
      if (i < 0) { this.refuse(c, f, ProxyError.invalidClientId); return; } // the daemon's CID, or nobody's
      d.disowned.splice(i, 1);
      c.cids.add(k); // a CID an earlier client kept (qmicli --client-no-release-cid, then --client-cid)
    }
    this.forwarded++;
    d.device.writeFrame(f).catch(() => c.send(proxyResponse(f, ProxyError.internal)));
  }

  private refuse(c: ProxyClient, f: QmiFrame, error: number): void {
    this.refused++;
    c.send(proxyResponse(f, error));
  }

  private open(c: ProxyClient, f: QmiFrame): void {
    const raw = tlvValue(f, 0x01);
    const path = raw ? decodeUtf8(raw).replace(/\0+$/, '') : '';
    const device = path ? this.find(path) : undefined;
    if (!device || device.isClosed) {
      this.log.info(`proxy client ${c.id}: ${path || '(no path)'} is not a port qmi4gd owns`);
      this.refuse(c, f, ProxyError.invalidArgument);
      return;
    }
    let d = this.devices.get(device);
    if (!d) {
      const state: DeviceState = { device, clients: new Set(), ctl: new Map(), disowned: [], untap: () => undefined, offClose: () => undefined };
      state.untap = device.addTap((m) => this.fromModem(state, m));
      const onClose = () => { for (const x of [...state.clients]) { x.end(); this.drop(x); } this.forget(state); };
      device.on('close', onClose);
      state.offClose = () => device.off('close', onClose);
      this.devices.set(device, state);
      d = state;
    }
    if (c.device && c.device !== d) { for (const k of c.cids) this.disown(c.device, k); c.cids.clear(); c.device.clients.delete(c); }
    c.device = d;
    d.clients.add(c);
    this.log.debug(`proxy client ${c.id} opened ${path}`);
    c.send(proxyResponse(f, 0));
  }

  private ctl(c: ProxyClient, d: DeviceState, f: QmiFrame): void {
    switch (f.messageId) {
      case ProxyCtl.sync:
        // Never to the modem: it would release the daemon's CIDs. Releases this client's own CIDs instead.
        for (const k of [...c.cids]) {
          const [service, cid] = k.split(':').map(Number);
          this.forwardCtl(undefined, d, { ...f, messageId: ProxyCtl.releaseCid, tlvs: Uint8Array.of(0x01, 0x02, 0x00, service, cid) });
        }
        c.cids.clear();
        this.log.debug(`proxy client ${c.id}: CTL Sync absorbed (its own CIDs released)`);
        c.send(proxyResponse(f, 0));
        return;
      case ProxyCtl.releaseCid: {
        const info = tlvValue(f, 0x01);
        const k = info && info.length >= 2 ? key(info[0], info[1]) : '';
        if (!c.cids.has(k)) { this.refuse(c, f, ProxyError.invalidClientId); return; }
        c.cids.delete(k);
        this.forwardCtl(c, d, f);
        return;
      }
      case ProxyCtl.setInstanceId:
      case ProxyCtl.setDataFormat:
        this.refuse(c, f, ProxyError.notSupported);
        return;
      default:
        this.forwardCtl(c, d, f);
    }
  }

  /** Sends a CTL request with a transaction id claimed from the device; `c` undefined: the answer is the proxy's. */
  private forwardCtl(c: ProxyClient | undefined, d: DeviceState, f: QmiFrame): void {
    const txn = d.device.claimCtlTxn();
    if (txn === undefined) { if (c) this.refuse(c, f, ProxyError.internal); return; }
    const timer = this.timers.setTimeout(() => { d.ctl.delete(txn); d.device.releaseCtlTxn(txn); }, CTL_TIMEOUT_MS);
    d.ctl.set(txn, { client: c, request: f, timer });
    this.forwarded++;
    d.device.writeFrame({ ...f, cid: 0, txn }).catch(() => {
      this.timers.clearTimeout(timer);
      d.ctl.delete(txn);
      d.device.releaseCtlTxn(txn);
      if (c) c.send(proxyResponse(f, ProxyError.internal));
    });
  }

  /** A frame from the modem (device tap): true when it belongs to proxy clients only. */
  private fromModem(d: DeviceState, m: QmiFrame): boolean {
    if (m.service === 0) {
      if (m.kind !== 'response') return false; // CTL indications (e.g. Sync) concern the daemon
      const w = d.ctl.get(m.txn);
      if (!w) return false;
      d.ctl.delete(m.txn);
      this.timers.clearTimeout(w.timer);
      d.device.releaseCtlTxn(m.txn);
      if (m.messageId === ProxyCtl.allocateCid && succeeded(m)) {
        const info = tlvValue(m, 0x01);
        if (info && info.length >= 2) {
          const k = key(info[0], info[1]);
          if (w.client && !w.client.closed && w.client.device === d) w.client.cids.add(k);
          else this.disown(d, k); // its client left meanwhile
        }
      }
      if (w.client) w.client.send({ ...m, txn: w.request.txn });
      return true;
    }
    const k = key(m.service, m.cid);
    if (m.kind === 'indication' && m.cid === 0xff) {
      const prefix = `${m.service}:`;
      for (const c of d.clients) if ([...c.cids].some((x) => x.startsWith(prefix))) c.send(m);
      return false; // the daemon's clients of that service get broadcasts too
    }
    for (const c of d.clients) if (c.cids.has(k)) { c.send(m); return true; }
    return d.disowned.includes(k); // an orphan's traffic is nobody's concern here
  }
}
