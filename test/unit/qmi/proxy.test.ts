// QmiProxy routing over an in-memory control port and in-memory clients: Internal Proxy Open, CTL
// transaction ids claimed from the device and given back, Allocate CID ownership, responses and
// indications per CID, broadcasts, a client's Sync absorbed, requests on the daemon's CIDs refused,
// disowned CIDs, close(). Runs on Node and on QuickJS.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Emitter } from '../../../src/util/emitter';
import type { ControlPort } from '../../../src/device/control-port';
import { QmiDevice } from '../../../src/qmi/device';
import { QmiFrame, QmuxReassembler, decodeFrame, encodeFrame } from '../../../src/qmi/frame';
import { ProxyCtl, ProxyError, QmiProxy } from '../../../src/qmi/proxy';
import { silentLogger } from '../../../src/log';
import { encodeUtf8 } from '../../../src/util/utf8';

class FakePort extends Emitter implements ControlPort {
  readonly path = '/dev/fake-proxy-wdm0';
  closed = false;
  readonly written: QmiFrame[] = [];
  write(m: Uint8Array): Promise<void> { this.written.push(decodeFrame(m)); return Promise.resolve(); }
  close(): void { this.closed = true; this.emit('close', undefined); }
  /** The modem answers `req` (as written) with TLVs. */
  answer(req: QmiFrame, tlvs: number[]): void { this.emit('data', encodeFrame({ ...req, kind: 'response', tlvs: Uint8Array.from(tlvs) })); }
  indicate(service: number, cid: number, messageId: number): void { this.emit('data', encodeFrame({ service, cid, kind: 'indication', txn: 0, messageId, tlvs: new Uint8Array(0) })); }
}

const OK = [0x02, 0x04, 0x00, 0, 0, 0, 0];
import { systemClock as timers } from '../../../src/util/wait';

function setup() {
  const port = new FakePort();
  const device = new QmiDevice(port);
  const proxy = new QmiProxy((p) => (p === port.path ? device : undefined), silentLogger, timers);
  const client = () => {
    const got: QmiFrame[] = [];
    const r = new QmuxReassembler();
    let ended = false;
    const h = proxy.connect((b) => { got.push(...r.push(b).frames); return Promise.resolve(); }, () => { ended = true; });
    const req = (f: Partial<QmiFrame> & { messageId: number }) => h.onData(encodeFrame({ service: 0, cid: 0, kind: 'request', txn: 1, tlvs: new Uint8Array(0), ...f }));
    const open = (path = port.path) => { const v = encodeUtf8(path); req({ messageId: ProxyCtl.internalProxyOpen, tlvs: Uint8Array.of(0x01, v.length, 0, ...v) }); };
    return { got, req, open, h, get ended() { return ended; } };
  };
  return { port, device, proxy, client };
}
const error = (f: QmiFrame) => f.tlvs[5] | (f.tlvs[6] << 8);

test('Internal Proxy Open: a port the daemon owns is accepted, another path refused', () => {
  const { client } = setup();
  const a = client();
  a.open('/dev/not-ours');
  assert.is(error(a.got[0]), ProxyError.invalidArgument);
  a.open();
  assert.is(error(a.got[1]), 0);
});

test('Allocate CID: device transaction id, client id restored, CID owned; its responses and indications routed; txn given back', () => {
  const { port, device, client } = setup();
  const a = client();
  const b = client();
  a.open(); b.open();
  a.req({ txn: 9, messageId: ProxyCtl.allocateCid, tlvs: Uint8Array.of(0x01, 0x01, 0x00, 3) });
  const sent = port.written[0];
  assert.is(sent.messageId, ProxyCtl.allocateCid);
  port.answer(sent, [...OK, 0x01, 0x02, 0x00, 3, 17]);
  const resp = a.got[a.got.length - 1];
  assert.is(resp.txn, 9, "the client's own transaction id");
  assert.equal(device.strayCount, 0, 'the proxy took the answer: no stray');
  // the client's NAS request on CID 17 goes out as is; the answer goes to it alone
  a.req({ service: 3, cid: 17, txn: 300, messageId: 0x0024 });
  const nas = port.written[1];
  assert.equal([nas.service, nas.cid, nas.txn], [3, 17, 300]);
  const before = b.got.length;
  port.answer(nas, OK);
  assert.is(a.got[a.got.length - 1].txn, 300);
  port.indicate(3, 17, 0x0024);
  assert.is(a.got[a.got.length - 1].kind, 'indication');
  port.indicate(3, 0xff, 0x0024);
  assert.is(a.got[a.got.length - 1].cid, 0xff, 'a NAS broadcast reaches the NAS client');
  assert.is(b.got.length, before, 'the other client, with no NAS CID, saw none of it');
  const claimable = new Set(Array.from({ length: 255 }, () => device.claimCtlTxn()));
  assert.ok(claimable.has(sent.txn), 'the CTL transaction id was given back to the device');
});

test("requests on a CID the client does not own (the daemon's) are refused; Sync is absorbed and releases the client's own CIDs", () => {
  const { port, client } = setup();
  const a = client();
  a.open();
  a.req({ service: 3, cid: 5, txn: 2, messageId: 0x0024 });
  assert.is(error(a.got[a.got.length - 1]), ProxyError.invalidClientId);
  a.req({ messageId: ProxyCtl.releaseCid, tlvs: Uint8Array.of(0x01, 0x02, 0x00, 3, 5) });
  assert.is(error(a.got[a.got.length - 1]), ProxyError.invalidClientId);
  a.req({ messageId: ProxyCtl.setDataFormat });
  assert.is(error(a.got[a.got.length - 1]), ProxyError.notSupported);
  assert.is(port.written.length, 0, 'nothing reached the modem');
  a.req({ txn: 4, messageId: ProxyCtl.allocateCid, tlvs: Uint8Array.of(0x01, 0x01, 0x00, 2) });
  port.answer(port.written[0], [...OK, 0x01, 0x02, 0x00, 2, 8]);
  a.req({ txn: 5, messageId: ProxyCtl.sync });
  assert.is(error(a.got[a.got.length - 1]), 0, 'Sync answered by the proxy');
  const out = port.written.slice(1);
  assert.equal(out.map((f) => f.messageId), [ProxyCtl.releaseCid], 'only a Release CID of its own DMS CID went out, no Sync');
  assert.equal([...out[0].tlvs.slice(3)], [2, 8]);
});

test('a departed client\'s CIDs are disowned and reusable by the next client; close() ends every client', () => {
  const { port, proxy, client } = setup();
  const a = client();
  a.open();
  a.req({ txn: 4, messageId: ProxyCtl.allocateCid, tlvs: Uint8Array.of(0x01, 0x01, 0x00, 1) });
  port.answer(port.written[0], [...OK, 0x01, 0x02, 0x00, 1, 12]);
  a.h.onClose();
  assert.is(proxy.stats.disowned, 1);
  const b = client();
  b.open();
  b.req({ service: 1, cid: 12, txn: 7, messageId: 0x0022 });
  assert.is(port.written[port.written.length - 1].cid, 12, 'the kept CID is usable with --client-cid');
  assert.is(proxy.stats.disowned, 0);
  proxy.close();
  assert.ok(b.ended);
  assert.is(proxy.stats.clients, 0);
  assert.is(proxy.stats.devices, 0);
});

test.run();
