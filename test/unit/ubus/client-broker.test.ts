// Client ⇄ broker (or a real ubusd when UBUS_SOCKET is set): calls, errors, deferred replies, timeouts, events, subscriptions, load.
import * as net from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../../src/util/wait';
import { EncodedReply, UbusError, UbusJson, UbusMsgType, encodeJsonTable, encodeMessage } from '../../../src/ubus';
import { TestBus, deferred, rejects, startTestBus, uniquePath } from './helpers';

let bus: TestBus;
test.before.each(async () => { bus = await startTestBus(); });
test.after.each(async () => { await bus.close(); });

test('HELLO gives a client id ≥ 1024; ping echoes', async () => {
  const c = await bus.client();
  assert.ok(c.clientId >= 1024);
  await c.ping();
});

test('addObject → `ubus -v list`-style lookup shows typed signatures; call with args replies DATA', async () => {
  const srv = await bus.client();
  const cli = await bus.client();
  const path = uniquePath('qtest.obj');
  await srv.addObject(path, {
    hello: { policy: { name: 'string', id: 'int32' }, handler: async (a, ctx) => ({ reply: `hi ${a.name}`, id: a.id, method: ctx.method }) },
    noargs: () => undefined,
  });
  const [info] = await cli.lookup(path);
  assert.ok(info.id >= 1024);
  assert.equal(info.signature, { hello: { name: 'string', id: 'int32' }, noargs: {} });
  assert.equal(await cli.call(path, 'hello', { name: 'abc', id: 7 }), { reply: 'hi abc', id: 7, method: 'hello' });
  assert.is(await cli.call(path, 'noargs'), undefined);
  assert.equal(await cli.call(info.id, 'hello', { name: 'x' }), { reply: 'hi x', method: 'hello' });
  const prefix = await cli.lookup(`${path.slice(0, -2)}*`);
  assert.ok(prefix.some((o) => o.path === path));
  assert.ok((await cli.lookup()).some((o) => o.path === path));
});

test('status codes map to typed errors: NOT_FOUND, METHOD_NOT_FOUND, INVALID_ARGUMENT, handler errors', async () => {
  const srv = await bus.client();
  const cli = await bus.client();
  const path = uniquePath('qtest.err');
  await srv.addObject(path, {
    need: { policy: { iface: { type: 'string', required: true } }, handler: () => ({}) },
    deny: () => { throw new UbusError(6, 'deny'); },
    named: () => { throw Object.assign(new Error('no such interface'), { ubusStatus: 'NOT_FOUND' }); },
    crash: () => { throw new Error('bug'); },
  });
  await rejects(cli.call(uniquePath('qtest.missing'), 'x'), 'NOT_FOUND');
  await rejects(cli.lookup(uniquePath('qtest.missing')), 'NOT_FOUND');
  await rejects(cli.call(path, 'nope'), 'METHOD_NOT_FOUND');
  await rejects(cli.call(path, 'need', {}), 'INVALID_ARGUMENT');
  await rejects(cli.call(path, 'need', { iface: 3 }), 'INVALID_ARGUMENT');
  assert.equal(await cli.call(path, 'need', { iface: 'wan' }), {});
  const e = await rejects(cli.call(path, 'deny'), 'PERMISSION_DENIED');
  assert.is(e.code, 6);
  await rejects(cli.call(path, 'named'), 'NOT_FOUND');
  await rejects(cli.call(path, 'crash'), 'UNKNOWN_ERROR');
  await rejects(srv.addObject(path, {}), 'INVALID_ARGUMENT');
  await rejects(cli.send('ubus.fake', {}), 'PERMISSION_DENIED');
});

test('a handler may answer with an EncodedReply (sent as is) or synchronously; both reach the caller as DATA then STATUS', async () => {
  const srv = await bus.client();
  const cli = await bus.client();
  const path = uniquePath('qtest.enc');
  const pre = new EncodedReply(encodeJsonTable({ state: 'connected', n: 7, nested: { a: [1, 2] } }));
  let syncCalls = 0;
  await srv.addObject(path, {
    pre: () => pre,
    prelater: async () => pre,
    sync: () => { syncCalls++; return { sync: true }; },
    throws: () => { throw new UbusError(6, 'deny'); },
  });
  assert.equal(await cli.call(path, 'pre'), { state: 'connected', n: 7, nested: { a: [1, 2] } });
  assert.equal(Array.from((await cli.callRaw(path, 'pre'))[0]), Array.from(pre.data), 'the bytes, unchanged');
  assert.equal(await cli.call(path, 'prelater'), { state: 'connected', n: 7, nested: { a: [1, 2] } });
  assert.equal(await Promise.all([1, 2, 3].map(() => cli.call(path, 'sync'))), [{ sync: true }, { sync: true }, { sync: true }]);
  assert.is(syncCalls, 3);
  await rejects(cli.call(path, 'throws'), 'PERMISSION_DENIED');
});

test('deferred reply: the handler answers later; DATA then STATUS reach the caller', async () => {
  const srv = await bus.client();
  const cli = await bus.client();
  const path = uniquePath('qtest.defer');
  const gate = deferred<string>();
  const entered = deferred();
  await srv.addObject(path, { slow: async () => { entered.resolve(); return { v: await gate.promise }; } });
  const call = cli.call(path, 'slow');
  await entered.promise;
  gate.resolve('late');
  assert.equal(await call, { v: 'late' });
});

test('timeout → TIMEOUT; a reply after the timeout is harmless; abort → AbortedError', async () => {
  const srv = await bus.client();
  const cli = await bus.client();
  const path = uniquePath('qtest.timeout');
  const gate = deferred();
  const entered = deferred();
  await srv.addObject(path, { hang: async () => { entered.resolve(); await gate.promise; return { late: true }; }, quick: () => ({ ok: 1 }) });
  const e = await rejects(cli.call(path, 'hang', {}, { timeoutMs: 50 }), 'TIMEOUT');
  assert.is(e.code, 7);
  await entered.promise;
  gate.resolve();
  assert.equal(await cli.call(path, 'quick'), { ok: 1 });
  const ac = new AbortController();
  const p = cli.call(path, 'hang', {}, { signal: ac.signal });
  ac.abort();
  try { await p; assert.unreachable('resolved'); } catch (err) { assert.instance(err, AbortedError); }
});

test('closing the client rejects pending calls with CONNECTION_FAILED; later calls fail fast', async () => {
  const srv = await bus.client();
  const cli = await bus.client();
  const path = uniquePath('qtest.pending');
  const entered = deferred();
  await srv.addObject(path, { hang: () => { entered.resolve(); return new Promise(() => {}); } });
  const p = cli.call(path, 'hang');
  await entered.promise;
  cli.close();
  await rejects(p, 'CONNECTION_FAILED');
  await rejects(cli.call(path, 'hang'), 'CONNECTION_FAILED');
  cli.close();
});

test('events: wildcard and exact patterns, one delivery per listener, never back to the sender', async () => {
  const a = await bus.client();
  const b = await bus.client();
  const base = uniquePath('qtest.ev');
  const got: Array<[string, Record<string, UbusJson>]> = [];
  const own: string[] = [];
  const done = deferred();
  await a.listen([`${base}.*`, `${base}.x.exact`, 'qtest.other'], (ev, data) => {
    got.push([ev, data]);
    if (ev === `${base}.end`) done.resolve();
  });
  await b.listen(`${base}.*`, (ev) => own.push(ev));
  await b.send(`${base}.x.exact`, { n: 1, big: 2 ** 40, on: true });
  await b.send(`${base}X.nomatch`, {});
  await b.send('qtest.other', { s: 'x' });
  await b.send(`${base}.end`, {});
  await done.promise;
  assert.equal(got, [[`${base}.x.exact`, { n: 1, big: 2 ** 40, on: true }], ['qtest.other', { s: 'x' }], [`${base}.end`, {}]]);
  assert.equal(own, []);
});

test('ubus.object.add / ubus.object.remove events carry {id, path}', async () => {
  const l = await bus.client();
  const srv = await bus.client();
  const path = uniquePath('qtest.announce');
  const seen: Array<[string, UbusJson]> = [];
  const removed = deferred();
  await l.listen('ubus.object.*', (ev, d) => {
    if (d.path !== path) return;
    seen.push([ev, d.path]);
    if (ev === 'ubus.object.remove') removed.resolve();
  });
  const obj = await srv.addObject(path, { m: () => ({}) });
  await obj.remove();
  await removed.promise;
  assert.equal(seen, [['ubus.object.add', path], ['ubus.object.remove', path]]);
});

test('subscribe/notify: ACTIVE notices, notify waits for subscribers, NO_REPLY, unsubscribe, target removal', async () => {
  const pub = await bus.client();
  const sub = await bus.client();
  const path = uniquePath('qtest.pub');
  const active: boolean[] = [];
  const becameActive = deferred();
  const becameIdle = deferred();
  const obj = await pub.addObject(path, { status: () => ({}) }, {
    onSubscribers: (a) => { active.push(a); (a ? becameActive : becameIdle).resolve(); },
  });
  const notes: Array<[string, Record<string, UbusJson>]> = [];
  const second = deferred();
  const s = await sub.subscribe(path, (type, data) => { notes.push([type, data]); if (notes.length === 2) second.resolve(); });
  assert.is(s.targetId, obj.id);
  await becameActive.promise;
  assert.ok(obj.hasSubscribers);
  await obj.notify('state', { up: true });
  assert.equal(notes, [['state', { up: true }]]);
  await obj.notify('quiet', { n: 2 }, { noReply: true });
  await second.promise;
  assert.equal(notes[1], ['quiet', { n: 2 }]);
  await s.close();
  await becameIdle.promise;
  assert.equal(active, [true, false]);
  await obj.notify('nobody', {});
  const gone = deferred<UbusError>();
  await sub.subscribe(path, () => {}, { onRemove: (e) => gone.resolve(e) });
  await obj.remove();
  assert.is((await gone.promise).name, 'NOT_FOUND');
});

test('subscribing to one\'s own object is refused (ubusd: INVALID_ARGUMENT)', async () => {
  const c = await bus.client();
  const path = uniquePath('qtest.self');
  await c.addObject(path, {});
  await rejects(c.subscribe(path, () => {}), 'INVALID_ARGUMENT');
});

test('1,000 concurrent calls complete without loss or mix-up', async () => {
  const srv = await bus.client();
  const cli = await bus.client();
  const path = uniquePath('qtest.load');
  await srv.addObject(path, { echo: { policy: { n: 'int32' }, handler: async (a) => ({ n: a.n, sq: (a.n as number) * (a.n as number) }) } });
  const n = 1000;
  const replies = await Promise.all(Array.from({ length: n }, (_, i) => cli.call(path, 'echo', { n: i })));
  replies.forEach((r, i) => assert.equal(r, { n: i, sq: i * i }));
});

test('malformed bytes from one client disconnect only that client', async () => {
  const good = await bus.client();
  const path = uniquePath('qtest.survive');
  await good.addObject(path, { ok: () => ({ ok: true }) });
  for (const junk of [Buffer.from('000000000000000000000002', 'hex'), Buffer.from('0000000000000000 00ffffff'.replace(' ', ''), 'hex'),
    Buffer.concat([encodeMessage(UbusMsgType.INVOKE, 1, 1, []).subarray(0, 8), Buffer.from('00000010 01000020 00000000 00000000'.replace(/ /g, ''), 'hex')])]) {
    const s = net.createConnection(bus.socketPath);
    const closed = new Promise<void>((r) => s.on('close', () => r()));
    s.on('error', () => {});
    s.write(junk);
    await Promise.race([closed, new Promise<void>((r) => setTimeout(() => { s.destroy(); r(); }, 500))]);
  }
  if (bus.broker) assert.ok(bus.broker.malformedDisconnects >= 2);
  const other = await bus.client();
  assert.equal(await other.call(path, 'ok'), { ok: true });
});

test.run();
