// MbimProxy routing over an in-memory MBIM port and in-memory clients: the proxy Configuration names the
// port, OPEN/CLOSE answered here and never sent, transaction ids rewritten both ways, Device Service
// Subscribe List kept from the modem, indications to every opened client, a reply after its client
// left taken (no stray), close(). Runs on Node and on QuickJS.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Emitter } from '../../../src/util/emitter';
import type { ControlPort } from '../../../src/device/control-port';
import { MbimDevice } from '../../../src/mbim/device';
import { MbimStreamFramer } from '../../../src/mbim/fragment';
import { MbimMessage, decodeMessage, encodeMessage } from '../../../src/mbim/message';
import { MbimProxy, PROXY_CONTROL_CONFIGURATION, PROXY_CONTROL_UUID, PROXY_CONTROL_VERSION, configurationPath } from '../../../src/mbim/proxy';
import { ServiceUuid } from '../../../src/mbim/uuid';
import { silentLogger } from '../../../src/log';
import { encodeUtf16le } from '../../../src/util/utf8';
import { systemClock } from '../../../src/util/wait';
import { FakeClock } from '../../helpers/fake-clock';

class FakePort extends Emitter implements ControlPort {
  readonly path = '/dev/fake-mbim-proxy0';
  closed = false;
  readonly written: MbimMessage[] = [];
  write(m: Uint8Array): Promise<void> { this.written.push(decodeMessage(m)); return Promise.resolve(); }
  close(): void { this.closed = true; this.emit('close', undefined); }
  send(m: MbimMessage): void { this.emit('data', encodeMessage(m)); }
}
const tick = () => new Promise<void>((r) => setTimeout(r, 0));

/** The Configuration set's information buffer: path (offset/length, UTF-16LE, padded to 4), timeout u32. */
function configBuffer(path: string, timeout = 30): Uint8Array {
  const s = encodeUtf16le(path);
  const padded = (s.length + 3) & ~3;
  const b = new Uint8Array(12 + padded);
  const v = new DataView(b.buffer);
  v.setUint32(0, 12, true); v.setUint32(4, s.length, true); v.setUint32(8, timeout, true);
  b.set(s, 12);
  return b;
}

async function setup() {
  const port = new FakePort();
  const clock = new FakeClock();
  const device = new MbimDevice(port, { clock });
  const opening = device.open();
  await tick();
  port.send({ type: 'open-done', tid: port.written[0].tid, status: 0 });
  await opening;
  const proxy = new MbimProxy((p) => (p === port.path ? device : undefined), silentLogger, systemClock);
  const client = () => {
    const got: MbimMessage[] = [];
    const framer = new MbimStreamFramer();
    let ended = false;
    const h = proxy.connect((b) => { for (const m of framer.push(b).messages) got.push(decodeMessage(m)); return Promise.resolve(); }, () => { ended = true; });
    const send = (m: MbimMessage) => h.onData(encodeMessage(m));
    const configure = (path = port.path) => send({ type: 'command', tid: 1, service: PROXY_CONTROL_UUID, cid: PROXY_CONTROL_CONFIGURATION, commandType: 'set', buffer: configBuffer(path) });
    return { got, send, configure, h, get ended() { return ended; }, last: () => got[got.length - 1] };
  };
  return { port, device, proxy, client, clock };
}

test('configurationPath reads libmbim\'s device path; malformed buffers are undefined', () => {
  assert.is(configurationPath(configBuffer('/dev/cdc-wdm0')), '/dev/cdc-wdm0');
  assert.is(configurationPath(new Uint8Array(4)), undefined);
  const bad = configBuffer('/dev/x');
  new DataView(bad.buffer).setUint32(4, 999, true);
  assert.is(configurationPath(bad), undefined);
});

test('Configuration names the port (another path fails); OPEN and CLOSE answered here, never sent to the modem', async () => {
  const { port, client } = await setup();
  const a = client();
  a.configure('/dev/not-ours');
  assert.equal([a.last().type, (a.last() as { status: number }).status], ['command-done', 2]);
  a.configure();
  const done = a.last() as Extract<MbimMessage, { type: 'command-done' }>;
  assert.equal([done.service, done.status, done.tid], [PROXY_CONTROL_UUID, 0, 1]);
  const before = port.written.length;
  a.send({ type: 'open', tid: 2, maxControlTransfer: 4096 });
  assert.equal(a.last(), { type: 'open-done', tid: 2, status: 0 });
  a.send({ type: 'close', tid: 3 });
  assert.equal(a.last(), { type: 'close-done', tid: 3, status: 0 });
  assert.is(port.written.length, before, 'nothing reached the modem');
});

test('commands: device transaction id out, the client\'s back in; subscribe list kept; indications to opened clients', async () => {
  const { port, device, client, clock } = await setup();
  const a = client();
  const b = client();
  for (const c of [a, b]) { c.configure(); c.send({ type: 'open', tid: 2, maxControlTransfer: 4096 }); }
  a.send({ type: 'command', tid: 77, service: ServiceUuid.basicConnect, cid: 11, commandType: 'query', buffer: new Uint8Array(0) });
  const out = port.written[port.written.length - 1] as Extract<MbimMessage, { type: 'command' }>;
  assert.equal([out.type, out.cid], ['command', 11]);
  assert.is.not(out.tid, 77, 'a transaction id of the device');
  port.send({ type: 'command-done', tid: out.tid, service: ServiceUuid.basicConnect, cid: 11, status: 0, buffer: Uint8Array.of(1, 2, 3, 4) });
  await tick();
  const reply = a.last() as Extract<MbimMessage, { type: 'command-done' }>;
  assert.equal([reply.tid, [...reply.buffer]], [77, [1, 2, 3, 4]]);
  assert.not.ok(b.got.some((m) => m.type === 'command-done' && m.cid === 11), 'only the asking client got it');
  const n = port.written.length;
  a.send({ type: 'command', tid: 78, service: ServiceUuid.basicConnect, cid: 19, commandType: 'set', buffer: Uint8Array.of(0, 0, 0, 0) });
  assert.is(port.written.length, n, 'Device Service Subscribe List not forwarded');
  assert.equal([(a.last() as { status: number }).status, a.last().tid], [0, 78]);
  port.send({ type: 'indicate-status', tid: 0, service: ServiceUuid.basicConnect, cid: 11, buffer: new Uint8Array(0) });
  await tick();
  assert.ok([a, b].every((c) => c.last().type === 'indicate-status'), 'both clients got the indication');
  // a reply arriving after its client left is taken by the proxy, not a stray for the daemon
  b.send({ type: 'command', tid: 5, service: ServiceUuid.basicConnect, cid: 2, commandType: 'query', buffer: new Uint8Array(0) });
  const late = port.written[port.written.length - 1];
  b.h.onClose();
  await clock.advance(11_000); // past the device's settle time: a stray now counts as a direct opener's
  let strays = 0;
  device.on('direct-open', () => { strays++; });
  port.send({ type: 'command-done', tid: late.tid, service: ServiceUuid.basicConnect, cid: 2, status: 0, buffer: new Uint8Array(0) });
  await tick();
  assert.is(strays, 0, 'the late reply was the proxy\'s');
  port.send({ type: 'command-done', tid: 0x7fff0000, service: ServiceUuid.basicConnect, cid: 2, status: 0, buffer: new Uint8Array(0) });
  assert.is(strays, 1, 'a reply nobody here asked for is a sign');
});

test('commands before a Configuration get FUNCTION_ERROR NotOpened; close() ends every client', async () => {
  const { proxy, client } = await setup();
  const a = client();
  a.send({ type: 'command', tid: 9, service: ServiceUuid.basicConnect, cid: 1, commandType: 'query', buffer: new Uint8Array(0) });
  assert.equal(a.last(), { type: 'function-error', tid: 9, error: 5 });
  proxy.close();
  assert.ok(a.ended);
  assert.is(proxy.clientCount, 0);
});

test('MBIMEx agreed (3.0): a configured client gets the Proxy Control Version indication before the Configuration answer; its Version query is answered here', async () => {
  const { port, device, client } = await setup();
  device.mbimexVersion = 0x0300;
  const a = client();
  a.configure();
  const [ind, done] = a.got.slice(-2);
  assert.equal(ind, { type: 'indicate-status', tid: 0, service: PROXY_CONTROL_UUID, cid: PROXY_CONTROL_VERSION, buffer: new Uint8Array([0x00, 0x01, 0x00, 0x03]) });
  assert.is(done.type, 'command-done');
  const before = port.written.length;
  a.send({ type: 'command', tid: 7, service: ServiceUuid.msBasicConnectExtensions, cid: 15, commandType: 'query', buffer: new Uint8Array([0x00, 0x01, 0x00, 0x02]) });
  assert.equal(a.last(), { type: 'command-done', tid: 7, service: ServiceUuid.msBasicConnectExtensions, cid: 15, status: 0, buffer: new Uint8Array([0x00, 0x01, 0x00, 0x03]) }, 'the version agreed, not the one asked');
  assert.is(port.written.length, before, 'not forwarded to the modem');
});

test('no MBIMEx agreed: no version indication, a Version query goes to the modem', async () => {
  const { port, client } = await setup();
  const a = client();
  a.configure();
  assert.equal(a.got.map((m) => m.type), ['command-done']);
  const before = port.written.length;
  a.send({ type: 'command', tid: 7, service: ServiceUuid.msBasicConnectExtensions, cid: 15, commandType: 'query', buffer: new Uint8Array([0x00, 0x01, 0x00, 0x03]) });
  assert.is(port.written.length, before + 1, 'forwarded');
});

test.run();
