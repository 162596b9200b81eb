// Platform.listenUnix (src/platform/types.ts) against a real peer: socat connecting to the abstract
// name (as libqmi's qmicli -p connects to `qmi-proxy`) and to a filesystem socket. Runs on Node
// (npm run test:unit) and, bundled with the qjs platform, on QuickJS (scripts/qjs-tests.mjs).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { platform, type AcceptedStream, type PlatformError } from '../../../src/platform';

const p = platform;
const hex = (u: Uint8Array) => Array.from(u, (b) => b.toString(16).padStart(2, '0')).join('');
const bytes = (s: string) => new Uint8Array(Array.from(s, (c) => c.charCodeAt(0)));
const text = (u: Uint8Array) => String.fromCharCode(...u);
const tag = `${p.pid}-${hex(p.randomBytes(4))}`;
const tmp = `/tmp/qmi4g-listen-${tag}`;

/** The code of the PlatformError `fn` rejects with. */
async function codeOf(fn: () => Promise<unknown>): Promise<string> {
  try { await fn(); } catch (e) { return (e as PlatformError).code; }
  return 'no error';
}

/** A listener that answers `hello` with `world` and then closes the connection; records what it saw. */
function echoAcceptor(seen: { peers: AcceptedStream[]; got: string[]; closes: (PlatformError | undefined)[] }) {
  return (s: AcceptedStream) => {
    seen.peers.push(s);
    let got = '';
    return {
      onData: (c: Uint8Array) => { got += text(c); if (got === 'hello') { seen.got.push(got); void s.write(bytes('world')).then(() => s.close()); } },
      onClose: (e?: PlatformError) => { seen.closes.push(e); },
    };
  };
}

/** socat as the client: sends `hello` to `address` (socat syntax), prints what comes back. */
function client(address: string) {
  return p.run(['sh', '-c', 'printf hello | socat -t 3 - "$0"', address], { timeoutMs: 10_000 });
}

test.before(() => p.fs.mkdirp(tmp, 0o700));
test.after(async () => { await p.run(['rm', '-rf', tmp], { timeoutMs: 5000 }); });

test('abstract @name: a real client connects by that exact name, bytes both ways; a second listener gets EADDRINUSE', async () => {
  const seen = { peers: [] as AcceptedStream[], got: [] as string[], closes: [] as (PlatformError | undefined)[] };
  const name = `@qmi4g-test-${tag}`;
  const l = await p.listenUnix(name, echoAcceptor(seen));
  try {
    assert.is(l.path, name);
    const r = await client(`ABSTRACT-CONNECT:${name.slice(1)}`);
    assert.is(r.exitCode, 0, r.stderr);
    assert.is(r.stdout, 'world');
    assert.equal(seen.got, ['hello']);
    assert.equal(seen.closes, [undefined], 'closed by our side');
    const uid = seen.peers[0].peerUid;
    assert.ok(uid === undefined || uid === Number((await p.run(['id', '-u'], { timeoutMs: 5000 })).stdout.trim()), `peer uid ${uid}`);
    assert.is(await codeOf(() => p.listenUnix(name, echoAcceptor(seen))), 'EADDRINUSE');
    // several clients at once
    const rs = await Promise.all([1, 2, 3, 4, 5].map(() => client(`ABSTRACT-CONNECT:${name.slice(1)}`)));
    assert.equal(rs.map((x) => x.stdout), ['world', 'world', 'world', 'world', 'world']);
    assert.is(l.connections, 0);
  } finally { l.close(); }
  const after = await client(`ABSTRACT-CONNECT:${name.slice(1)}`);
  assert.is.not(after.exitCode, 0, 'nobody listens after close()');
});

test('close() ends the connections still open (onClose undefined) and frees the name', async () => {
  const name = `@qmi4g-test2-${tag}`;
  const closes: (PlatformError | undefined)[] = [];
  let accepted = 0;
  const l = await p.listenUnix(name, () => { accepted++; return { onData() {}, onClose: (e) => { closes.push(e); } }; });
  // a client that stays connected until we close it (socat -u: reads the socket until its end)
  const held = p.run(['socat', '-u', `ABSTRACT-CONNECT:${name.slice(1)}`, 'STDOUT'], { timeoutMs: 10_000 });
  for (let i = 0; i < 300 && l.connections === 0; i++) await new Promise<void>((r) => p.setTimeout(r, 10));
  assert.is(l.connections, 1);
  const t0 = p.monotonicMs();
  l.close();
  l.close();
  assert.equal(closes, [undefined]);
  assert.is(l.connections, 0);
  const r = await held;
  assert.ok(p.monotonicMs() - t0 < 4000, 'the client saw the end at once, not after its stdin');
  assert.is(accepted, 1, r.stderr);
  const again = await p.listenUnix(name, () => ({ onData() {}, onClose() {} }));
  again.close();
});

test('filesystem path: listens there, refuses an existing path, removes the socket at close; bad abstract names: EINVAL', async () => {
  const seen = { peers: [] as AcceptedStream[], got: [] as string[], closes: [] as (PlatformError | undefined)[] };
  const path = `${tmp}/proxy.sock`;
  const l = await p.listenUnix(path, echoAcceptor(seen));
  assert.is(p.fs.stat(path).kind, 'socket');
  const r = await client(`UNIX-CONNECT:${path}`);
  assert.is(r.stdout, 'world', r.stderr);
  assert.is(await codeOf(() => p.listenUnix(path, echoAcceptor(seen))), 'EADDRINUSE');
  l.close();
  assert.not.ok(p.fs.exists(path));
  assert.is(await codeOf(() => p.listenUnix('@bad name', echoAcceptor(seen))), 'EINVAL');
  assert.is(await codeOf(() => p.listenUnix('@', echoAcceptor(seen))), 'EINVAL');
});

test.run();
