// Regression tests for what a side-by-side run against the real ubusd (3cc98db) showed: lenient attribute
// parsing, ADD_OBJECT/LOOKUP/SUBSCRIBE quirks, built-in objects, and the `ubus` CLI's output and exit codes.
// Byte-level facts are fixed vectors; the socket tests run against our broker (or UBUS_SOCKET's ubusd).
import * as net from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BlobmsgType, UbusAttr, UbusFramer, UbusMessage, UbusMsgType, decodeMessage, encodeJsonTable, encodeMessage, encodeSignature,
  formatBlobmsgJson, formatDoubleLf, typed, AttrEntry,
} from '../../../src/ubus';
import { ubusCommand } from '../../../src/cli/ubus';
import { TestBus, hex, startTestBus, uniquePath } from './helpers';

// ---- codec facts (libubox blob_for_each_attr / blob_parse_untrusted, as ubusd and libubus use them) ----

test('LOOKUP whose last attribute overruns the blob: attributes before it still count (ubusd answers the lookup)', () => {
  const m = decodeMessage(hex(String.raw`00 04 0083 00000000 | 00000018 | 02000008 "p.b\0" | 07000040 00000000 00000000`));
  assert.equal(m.attrs, { objpath: 'p.b' });
});

test('an attribute whose padding falls outside the top-level length is not seen (padded length must fit)', () => {
  // top-level length 0x0D: a 9-byte OBJPATH "abcd" needs 12 bytes once padded → ignored.
  assert.equal(decodeMessage(hex(String.raw`00 04 0001 00000000 | 0000000D | 02000009 "abcd\0" 000000`)).attrs, {});
});

test('version byte: the client rejects ≠ 0 (libubus ubus_validate_hdr); the broker, like ubusd, accepts it', () => {
  const v1 = hex('01 03 0082 00000000 | 00000004');
  assert.throws(() => decodeMessage(v1));
  assert.equal(decodeMessage(v1, { anyVersion: true }), { type: UbusMsgType.PING, seq: 0x82, peer: 0, attrs: {} });
});

test('TARGET, ACTIVE and NO_REPLY are not type-checked by ubusd: first 4 / first byte are read', () => {
  const m = decodeMessage(hex('00 08 0001 00000000 | 00000018 | 08000009 00000400 FF 000000 | 0A000006 0100 0000'));
  assert.equal(m.attrs, { target: 1024, noReply: true });
});

// ---- `ubus call` output: libubox blobmsg_format_json_indent, captured from the real CLI ----

const STATUS_REPLY = { state: 'connected', rssi: -71, big: 2 ** 40, f: 1.5, arr: [1, 'x', null], nested: { on: false } };
const STATUS_INDENTED = '{\n\t"state": "connected",\n\t"rssi": -71,\n\t"big": 1099511627776,\n\t"f": 1.500000,\n\t"arr": [\n\t\t1,\n\t\t"x",\n\t\tnull\n\t],\n\t"nested": {\n\t\t"on": false\n\t}\n}';
const STATUS_SIMPLE = '{"state":"connected","rssi":-71,"big":1099511627776,"f":1.500000,"arr":[1,"x",null],"nested":{"on":false}}';

test('reply formatting = real `ubus call` / `ubus -S call` output byte for byte; empty table is "{\\n\\t\\n}"', () => {
  assert.is(formatBlobmsgJson(encodeJsonTable(STATUS_REPLY), true), STATUS_INDENTED);
  assert.is(formatBlobmsgJson(encodeJsonTable(STATUS_REPLY), false), STATUS_SIMPLE);
  assert.is(formatBlobmsgJson(Buffer.alloc(0), true), '{\n\t\n}');
  assert.is(formatBlobmsgJson(Buffer.alloc(0), false), '{}');
  const odd = encodeJsonTable({ s: 'a"b\\c\n\u0001', i16: typed({ type: BlobmsgType.INT16, value: -5 }), i64: typed({ type: BlobmsgType.INT64, value: -(2n ** 63n) }) });
  assert.is(formatBlobmsgJson(odd, false), '{"s":"a\\"b\\\\c\\n\\u0001","i16":-5,"i64":-9223372036854775808}');
});

test('doubles print as C "%lf": exact value, ties to even, inf/nan', () => {
  const d = (v: number) => { const b = Buffer.alloc(8); b.writeDoubleBE(v); return formatDoubleLf(b); };
  assert.equal([d(1.5), d(0.0078125), d(0.0234375), d(-0), d(2), d(1e21), d(Infinity), d(-Infinity), d(NaN)],
    ['1.500000', '0.007812', '0.023438', '-0.000000', '2.000000', '1000000000000000000000.000000', 'inf', '-inf', 'nan']);
});

// ---- raw protocol behaviour (broker by default; UBUS_SOCKET runs the same against ubusd) ----

class Raw {
  msgs: Array<{ m: UbusMessage; raw: Uint8Array }> = [];
  id = 0;
  private waiters: Array<() => void> = [];
  private constructor(readonly s: net.Socket) {}
  static open(path: string): Promise<Raw> {
    return new Promise((resolve, reject) => {
      const s = net.createConnection(path);
      const r = new Raw(s);
      const f = new UbusFramer();
      s.on('error', reject);
      s.on('data', (c: Uint8Array) => {
        for (const raw of f.push(c)) {
          const m = decodeMessage(raw, { anyVersion: true });
          if (m.type === UbusMsgType.HELLO) { r.id = m.peer; resolve(r); continue; }
          r.msgs.push({ m, raw });
          for (const w of r.waiters.splice(0)) w();
        }
      });
    });
  }
  send(type: UbusMsgType, seq: number, peer: number, attrs: readonly AttrEntry[]): void { this.s.write(encodeMessage(type, seq, peer, attrs)); }
  /** Waits for a STATUS with `seq` and returns every message with that seq received so far. */
  async reply(seq: number, count = 1): Promise<UbusMessage[]> {
    const done = () => this.msgs.filter((x) => x.m.seq === seq && x.m.type === UbusMsgType.STATUS).length >= count;
    const t0 = Date.now();
    while (!done()) {
      if (Date.now() - t0 > 3000) throw new Error(`no STATUS for seq ${seq}`);
      await new Promise<void>((r) => { this.waiters.push(r); setTimeout(r, 50); });
    }
    return this.msgs.filter((x) => x.m.seq === seq).map((x) => x.m);
  }
  async anon(seq: number): Promise<number> { this.send(UbusMsgType.ADD_OBJECT, seq, 0, []); return (await this.reply(seq))[0].attrs.objid!; }
  close(): void { this.s.destroy(); }
}

let bus: TestBus;
const raws: Raw[] = [];
const raw = async () => { const r = await Raw.open(bus.socketPath); raws.push(r); return r; };
test.before.each(async () => { bus = await startTestBus(); });
test.after.each(async () => { for (const r of raws.splice(0)) r.close(); await bus.close(); });

test('ADD_OBJECT with an unknown OBJTYPE or an unusable signature succeeds without a type; LOOKUP finds the path, sends no DATA', async () => {
  const a = await raw();
  const p1 = uniquePath('qtest.notype');
  const p2 = uniquePath('qtest.badsig');
  a.send(UbusMsgType.ADD_OBJECT, 1, 0, [[UbusAttr.OBJPATH, p1], [UbusAttr.OBJTYPE, 12345]]);
  a.send(UbusMsgType.ADD_OBJECT, 2, 0, [[UbusAttr.OBJPATH, p2], [UbusAttr.SIGNATURE, hex('82000008 00000000')]]); // unnamed table
  for (const seq of [1, 2]) {
    const [data, status] = await a.reply(seq);
    assert.is(data.type, UbusMsgType.DATA);
    assert.equal(Object.keys(data.attrs), ['objid']);
    assert.is(status.attrs.status, 0);
  }
  a.send(UbusMsgType.LOOKUP, 3, 0, [[UbusAttr.OBJPATH, p1]]);
  assert.equal((await a.reply(3)).map((m) => [m.type, m.attrs.status]), [[UbusMsgType.STATUS, 0]]);
  a.send(UbusMsgType.LOOKUP, 4, 0, [[UbusAttr.OBJPATH, uniquePath('qtest.absent')]]);
  assert.equal((await a.reply(4)).map((m) => m.attrs.status), [4]);
});

test('ADD_OBJECT with SIGNATURE and OBJTYPE: the existing type is used and reported', async () => {
  const a = await raw();
  const sig = encodeSignature({ m: { s: 'string' } });
  a.send(UbusMsgType.ADD_OBJECT, 1, 0, [[UbusAttr.OBJPATH, uniquePath('qtest.t1')], [UbusAttr.SIGNATURE, sig]]);
  const type = (await a.reply(1))[0].attrs.objtype!;
  a.send(UbusMsgType.ADD_OBJECT, 2, 0, [[UbusAttr.OBJPATH, uniquePath('qtest.t2')], [UbusAttr.SIGNATURE, sig], [UbusAttr.OBJTYPE, type]]);
  assert.is((await a.reply(2))[0].attrs.objtype, type);
  a.send(UbusMsgType.ADD_OBJECT, 3, 0, [[UbusAttr.OBJPATH, uniquePath('qtest.t3')], [UbusAttr.OBJTYPE, type]]);
  assert.is((await a.reply(3))[0].attrs.objtype, undefined);
});

test('a repeated SUBSCRIBE is kept twice; NOTIFY lists subscribers newest first; one UNSUBSCRIBE drops one', async () => {
  const pub = await raw();
  const sub = await raw();
  const path = uniquePath('qtest.dupsub');
  pub.send(UbusMsgType.ADD_OBJECT, 1, 0, [[UbusAttr.OBJPATH, path], [UbusAttr.SIGNATURE, encodeSignature({})]]);
  const obj = (await pub.reply(1))[0].attrs.objid!;
  const w1 = await sub.anon(1);
  const w2 = await sub.anon(2);
  for (const [seq, w] of [[3, w1], [4, w2], [5, w2]]) {
    sub.send(UbusMsgType.SUBSCRIBE, seq, 0, [[UbusAttr.OBJID, w], [UbusAttr.TARGET, obj]]);
    assert.is((await sub.reply(seq))[0].attrs.status, 0);
  }
  pub.send(UbusMsgType.NOTIFY, 9, obj, [[UbusAttr.OBJID, obj], [UbusAttr.METHOD, 'x'], [UbusAttr.NO_REPLY, 0]]);
  assert.equal((await pub.reply(9))[0].attrs.subscribers, [w2, w2, w1]);
  sub.send(UbusMsgType.UNSUBSCRIBE, 6, 0, [[UbusAttr.OBJID, w2], [UbusAttr.TARGET, obj]]);
  await sub.reply(6);
  pub.send(UbusMsgType.NOTIFY, 10, obj, [[UbusAttr.OBJID, obj], [UbusAttr.METHOD, 'x']]);
  assert.equal((await pub.reply(10))[0].attrs.subscribers, [w2, w1]);
});

test('built-in objects: ACL `query` → DATA {acl: []}, other ACL method INVALID_COMMAND; monitor unknown method METHOD_NOT_FOUND', async () => {
  const a = await raw();
  a.send(UbusMsgType.INVOKE, 1, 2, [[UbusAttr.OBJID, 2], [UbusAttr.METHOD, 'query']]);
  const [data, status] = await a.reply(1);
  assert.is(data.attrs.objid, 2);
  assert.equal((formatBlobmsgJson(data.attrs.data!, false).match(/"acl":\[\]/) ?? [])[0], '"acl":[]');
  assert.is(status.attrs.status, 0);
  a.send(UbusMsgType.INVOKE, 2, 2, [[UbusAttr.OBJID, 2], [UbusAttr.METHOD, 'nope']]);
  a.send(UbusMsgType.INVOKE, 3, 3, [[UbusAttr.OBJID, 3], [UbusAttr.METHOD, 'nope']]);
  a.send(UbusMsgType.INVOKE, 4, 1, [[UbusAttr.OBJID, 1], [UbusAttr.METHOD, 'nope']]);
  assert.equal([(await a.reply(2))[0].attrs.status, (await a.reply(3))[0].attrs.status, (await a.reply(4))[0].attrs.status], [1, 3, 1]);
});

test('ubusd ignores the version byte and skips bad attributes instead of disconnecting', async () => {
  const a = await raw();
  const path = uniquePath('qtest.lenient');
  a.send(UbusMsgType.ADD_OBJECT, 1, 0, [[UbusAttr.OBJPATH, path], [UbusAttr.SIGNATURE, encodeSignature({})]]);
  await a.reply(1);
  const ping = encodeMessage(UbusMsgType.PING, 2, 0, []);
  ping[0] = 1;
  a.s.write(ping);
  const [pong, st] = await a.reply(2);
  assert.equal([pong.type, st.attrs.status], [UbusMsgType.DATA, 0]);
  assert.is(a.msgs.find((x) => x.m.seq === 2)!.raw[0], 1, 'the echo keeps version 1');
  const junk = Buffer.concat([encodeMessage(UbusMsgType.LOOKUP, 3, 0, [[UbusAttr.OBJPATH, path], [UbusAttr.DATA, Buffer.alloc(8)]])]);
  junk.writeUInt32BE(0x07000040, junk.length - 12);
  a.s.write(junk);
  assert.equal((await a.reply(3)).map((m) => m.attrs.objpath ?? m.attrs.status), [path, 0]);
});

test('a disconnecting client\'s objects go newest first (ubus.object.remove order)', async () => {
  const l = await raw();
  const lid = await l.anon(1);
  l.send(UbusMsgType.INVOKE, 2, 1, [[UbusAttr.OBJID, 1], [UbusAttr.METHOD, 'register'], [UbusAttr.DATA, encodeJsonTable({ object: typed({ type: BlobmsgType.INT32, value: lid }), pattern: 'ubus.object.remove' })]]);
  await l.reply(2);
  const a = await raw();
  const paths = [uniquePath('qtest.order'), uniquePath('qtest.order'), uniquePath('qtest.order')];
  for (const [i, p] of paths.entries()) { a.send(UbusMsgType.ADD_OBJECT, i + 1, 0, [[UbusAttr.OBJPATH, p], [UbusAttr.SIGNATURE, encodeSignature({})]]); await a.reply(i + 1); }
  a.close();
  const t0 = Date.now();
  const removed = () => l.msgs.filter((x) => x.m.type === UbusMsgType.INVOKE).map((x) => formatBlobmsgJson(x.m.attrs.data!, false)).filter((s) => paths.some((p) => s.includes(`"${p}"`)));
  while (removed().length < 3 && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 20));
  assert.equal(removed().map((s) => paths.find((p) => s.includes(`"${p}"`))), [...paths].reverse());
});

// ---- the `qmi4g ubus` shim: exit codes and messages of the real CLI (stderr not a tty, as under netifd) ----

test('`qmi4g ubus call/send`: output, messages and exit codes as the real ubus CLI', async () => {
  const srv = await bus.client();
  const path = uniquePath('qtest.cli');
  await srv.addObject(path, {
    status: () => STATUS_REPLY,
    empty: () => ({}),
    none: () => undefined,
    need: { policy: { interface: { type: 'string', required: true } }, handler: () => ({}) },
    gone: () => { throw Object.assign(new Error('x'), { ubusStatus: 'NOT_FOUND' }); },
  });
  const run = async (argv: string[], tty = false) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await ubusCommand(['-s', bus.socketPath, ...argv], (s) => out.push(s), { err: (s) => err.push(s), stderrIsTty: tty });
    return { code, out: out.join('\n'), err: err.join('') };
  };
  assert.equal(await run(['call', path, 'status']), { code: 0, out: STATUS_INDENTED, err: '' });
  assert.equal(await run(['-S', 'call', path, 'status']), { code: 0, out: STATUS_SIMPLE, err: '' });
  assert.equal(await run(['call', path, 'empty']), { code: 0, out: '{\n\t\n}', err: '' });
  assert.equal(await run(['call', path, 'none']), { code: 0, out: '', err: '' });
  const bad = await run(['call', path, 'need', '{"interface":5}']);
  assert.is(bad.code, 254);
  assert.ok(bad.err.startsWith(`Command failed: ubus call ${path} need {"interface":5} (Invalid argument)\n`), bad.err);
  assert.ok(bad.err.includes('Usage:'), 'INVALID_ARGUMENT also prints the usage, as the real CLI');
  assert.equal(await run(['call', path, 'need', '{"interface":5}'], true), { code: 2, out: '', err: 'Command failed: Invalid argument\n' });
  assert.equal(await run(['call', path, 'nosuch']), { code: 253, out: '', err: `Command failed: ubus call ${path} nosuch (Method not found)\n` });
  assert.equal(await run(['call', path, 'gone']), { code: 252, out: '', err: `Command failed: ubus call ${path} gone (Not found)\n` });
  assert.equal(await run(['call', uniquePath('qtest.nobody'), 'x']), { code: 4, out: '', err: 'Command failed: Not found\n' });
  assert.equal(await run(['call', path, 'status', 'notjson']), { code: 244, out: '', err: `Command failed: ubus call ${path} status notjson (Parsing message data failed)\n` });
  assert.equal(await run(['send', 'ubus.x', '{}']), { code: 6, out: '', err: 'Command failed: Permission denied\n' });
  assert.equal(await run(['send', 'qtest.x', 'notjson']), { code: 12, out: '', err: 'Command failed: Parsing message data failed\n' });
  assert.equal(await run(['send', 'qtest.x', '{"a":1}']), { code: 0, out: '', err: '' });
  const none = { code: 0, out: [] as string[], err: [] as string[] };
  none.code = await ubusCommand(['-s', '/nonexistent/ubus.sock', 'call', 'a', 'b'], (s) => none.out.push(s), { err: (s) => none.err.push(s) });
  assert.equal([none.code, none.err.join('')], [255, 'Failed to connect to ubus\n']);
});

test.run();
