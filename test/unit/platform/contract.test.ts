// The Platform contract (src/platform/types.ts), checked against real peers: socat on a unix
// socket, a UDP port and a pty (they exit 1 s after the last traffic: -T 1); sh/sleep/kill as child processes; /dev/null; files under /tmp.
// Node runs this file on the Node platform (npm run test:unit); scripts/qjs-tests.mjs bundles it
// with the qjs platform and runs it on QuickJS — one contract, both runtimes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { platform, type ByteStream, type PlatformError, type StreamHandlers } from '../../../src/platform';

const p = platform;
const sleep = (ms: number) => new Promise<void>((r) => p.setTimeout(r, ms));
const hex = (u: Uint8Array) => Array.from(u, (b) => b.toString(16).padStart(2, '0')).join('');
const bytes = (s: string) => new Uint8Array(Array.from(s, (c) => c.charCodeAt(0)));
const text = (u: Uint8Array) => String.fromCharCode(...u);
const tmp = `/tmp/qmi4g-contract-${p.pid}-${hex(p.randomBytes(4))}`;

/** Waits until `cond()` or throws after `ms`. */
async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const t0 = p.monotonicMs();
  while (!cond()) {
    if (p.monotonicMs() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}
/** connectUnix, retried while the peer has bound its socket but is not listening yet (ECONNREFUSED). */
async function connectWhenListening(path: string, h: StreamHandlers): Promise<ByteStream> {
  for (let i = 0; ; i++) {
    try {
      return await p.connectUnix(path, h);
    } catch (e) {
      if (i > 300 || !['ENOENT', 'ECONNREFUSED'].includes((e as PlatformError).code)) throw e;
      await sleep(10);
    }
  }
}
/** The code of the PlatformError `fn` throws (or rejects with). */
async function codeOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (e) {
    return (e as PlatformError).code;
  }
  return 'no error';
}

test.before(() => p.fs.mkdirp(tmp, 0o700));
test.after(async () => { await p.run(['rm', '-rf', tmp], { timeoutMs: 5000 }); });

test('timers fire by deadline, ties in creation order; clearTimeout cancels; defer runs soon', async () => {
  const order: string[] = [];
  p.setTimeout(() => order.push('30'), 30);
  p.setTimeout(() => order.push('10'), 10);
  const gone = p.setTimeout(() => order.push('cancelled'), 5);
  p.setTimeout(() => order.push('20a'), 20);
  p.setTimeout(() => order.push('20b'), 20);
  p.clearTimeout(gone);
  p.clearTimeout(gone);
  p.clearTimeout(undefined);
  p.defer(() => order.push('defer'));
  const t0 = p.monotonicMs();
  await sleep(45);
  assert.equal(order, ['defer', '10', '20a', '20b', '30']);
  assert.ok(p.monotonicMs() - t0 >= 44, 'monotonic clock advanced with the timers');
});

test('timers that expired while the loop was busy still run by deadline', async () => {
  const order: number[] = [];
  p.setTimeout(() => order.push(2), 2);
  p.setTimeout(() => order.push(1), 1);
  const t0 = p.monotonicMs();
  while (p.monotonicMs() - t0 < 10) { /* busy: both expire before the loop looks */ }
  await sleep(5);
  assert.equal(order, [1, 2]);
});

test('sha256: FIPS 180-4 examples, strings as UTF-8', () => {
  assert.is(hex(p.sha256('')), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.is(hex(p.sha256('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.is(hex(p.sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  assert.is(hex(p.sha256(new Uint8Array([0xc3, 0xa9]))), hex(p.sha256('é')));
});

test('randomBytes: the length asked for, and not the same twice', () => {
  const a = p.randomBytes(32);
  const b = p.randomBytes(32);
  assert.is(a.length, 32);
  assert.is.not(hex(a), hex(b));
  assert.is(p.randomBytes(0).length, 0);
});

test('fs: write, read (UTF-8), atomic replace, stat, readdir, realpath, unlink, errors by code', async () => {
  const f = `${tmp}/a.txt`;
  p.fs.writeFile(f, 'grüße 📶\n', 0o600);
  assert.is(p.fs.readText(f), 'grüße 📶\n');
  assert.is(p.fs.readBytes(f).length, 13);
  assert.is(p.fs.stat(f).kind, 'file');
  assert.is(p.fs.stat(f).size, 13);
  p.fs.writeFileAtomic(f, new Uint8Array([0x61, 0xff, 0x62]));
  assert.is(p.fs.readText(f), 'a\ufffdb');
  assert.ok(p.fs.exists(f));
  p.fs.mkdirp(`${tmp}/d/e/f`);
  p.fs.mkdirp(`${tmp}/d/e`);
  assert.is(p.fs.stat(`${tmp}/d/e`).kind, 'dir');
  assert.equal(p.fs.readdir(tmp).sort(), ['a.txt', 'd']);
  assert.is(p.fs.realpath(`${tmp}/d/e/../e/f`), `${tmp}/d/e/f`);
  assert.is(p.fs.stat('/dev/null').kind, 'char');
  assert.is(await codeOf(() => p.fs.readText(`${tmp}/none`)), 'ENOENT');
  assert.is(await codeOf(() => p.fs.unlink(`${tmp}/d/e/f`)), 'EISDIR');
  assert.is(await codeOf(() => p.fs.readlink(f)), 'EINVAL');
  assert.is(await codeOf(() => p.fs.mkdirp(`${f}/x`)), 'ENOTDIR');
  assert.is(p.fs.readlink('/proc/self/fd/0').length > 0, true);
  p.fs.unlink(f);
  assert.not.ok(p.fs.exists(f));
  assert.not.ok(p.fs.exists(`${tmp}/none/deeper`));
});

test('run: exit code, stdout/stderr, 127 when not found, timeout, abort, output limit', async () => {
  const r = await p.run(['sh', '-c', 'echo out; echo err >&2; exit 3'], { timeoutMs: 5000 });
  assert.equal([r.exitCode, r.stdout, r.stderr, r.timedOut, r.aborted], [3, 'out\n', 'err\n', false, false]);
  assert.is((await p.run(['qmi4g-no-such-program'], { timeoutMs: 5000 })).exitCode, 127);
  const t = await p.run(['sleep', '5'], { timeoutMs: 100 });
  assert.equal([t.exitCode, t.signal, t.timedOut], [null, 'SIGKILL', true]);
  const ac = new AbortController();
  p.setTimeout(() => ac.abort(), 50);
  const a = await p.run(['sleep', '5'], { timeoutMs: 5000, signal: ac.signal });
  assert.equal([a.exitCode, a.aborted, a.timedOut], [null, true, false]);
  const big = await p.run(['sh', '-c', 'head -c 100000 /dev/zero | tr "\\0" x'], { timeoutMs: 5000, maxOutput: 1000 });
  assert.equal([big.exitCode, big.stdout.length], [0, 1000]);
  try {
    await p.run([], { timeoutMs: 100 });
    assert.unreachable('empty argv');
  } catch (e) {
    assert.instance(e, RangeError);
  }
});

test('connectUnix: ENOENT when nobody listens; bytes both ways with a real peer; EOF when it goes', async () => {
  assert.is(await codeOf(() => p.connectUnix(`${tmp}/none.sock`, { onData() {}, onClose() {} })), 'ENOENT');
  const path = `${tmp}/echo.sock`;
  const peer = p.run(['socat', `UNIX-LISTEN:${path}`, 'PIPE'], { timeoutMs: 10000 });
  let got = '';
  let closedWith: PlatformError | undefined | 'open' = 'open';
  const s = await connectWhenListening(path, { onData: (c) => { got += text(c); }, onClose: (e) => { closedWith = e; } });
  await s.write(bytes('ubus hello'));
  await waitFor(() => got === 'ubus hello', 3000, 'echo');
  s.close();
  assert.is(closedWith, undefined);
  assert.ok(s.closed);
  assert.is(await codeOf(() => s.write(bytes('x'))), 'EBADF');
  await peer;
  const path2 = `${tmp}/gone.sock`;
  const peer2 = p.run(['socat', `UNIX-LISTEN:${path2}`, 'EXEC:true'], { timeoutMs: 10000 });
  let end: PlatformError | undefined | 'open' = 'open';
  await connectWhenListening(path2, { onData() {}, onClose: (e) => { end = e; } });
  await waitFor(() => end !== 'open', 3000, 'end of stream');
  assert.is((end as unknown as PlatformError).code, 'EOF');
  await peer2;
});

/** Sends `payload` until socat on `port` has started (the first datagrams may find no socket yet). */
async function firstQuery(port: number, payload: string, accept: (r: Uint8Array) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<Uint8Array> {
  for (let i = 0; ; i++) {
    try {
      return await p.udpQuery({ host: '127.0.0.1', port, device: 'lo', payload: bytes(payload), timeoutMs, accept, signal });
    } catch (e) {
      if (i > 50 || (e as PlatformError).code !== 'ECONNREFUSED') throw e;
      await sleep(20);
    }
  }
}

test('run: stdin is /dev/null (cat ends at once)', async () => {
  const stdin = await p.run(['cat'], { timeoutMs: 5000 });
  assert.equal([stdin.exitCode, stdin.stdout, stdin.timedOut], [0, '', false]);
});

test('udpQuery: reply through device lo from a real peer; accept filters; timeout; abort; unknown device', async () => {
  // socat's UDP4-LISTEN answers only the first sender (it connects to it): one peer per case
  const port = 20000 + (p.pid % 20000);
  const udpPeer = (n: number, to: string) => p.run(['socat', '-T', '1', `UDP4-LISTEN:${port + n},bind=127.0.0.1`, to], { timeoutMs: 10000 });
  const peers = [udpPeer(0, 'PIPE'), udpPeer(1, 'PIPE'), udpPeer(2, '/dev/null')];
  const reply = await firstQuery(port, 'q1', (r) => text(r) === 'q1', 1000);
  assert.is(text(reply), 'q1');
  // the echo comes back but is not accepted
  assert.is(await codeOf(() => firstQuery(port + 1, 'q2', () => false, 300)), 'ETIMEDOUT');
  const ac = new AbortController();
  const t0 = p.monotonicMs();
  p.setTimeout(() => ac.abort(), 300);
  assert.is(await codeOf(() => firstQuery(port + 2, 'q3', () => true, 5000, ac.signal)), 'ECANCELED');
  assert.ok(p.monotonicMs() - t0 < 2000, 'aborted, not timed out');
  assert.ok(['ENODEV', 'EADDRNOTAVAIL'].includes(await codeOf(() => p.udpQuery({ host: '127.0.0.1', port, device: 'nosuchdev0', payload: bytes('q'), timeoutMs: 150, accept: () => true }))));
  await Promise.all(peers);
});

test('openControlPort: refuses /dev/null (EMEMDEV), a file (ENOTCHR), a missing node (ENOENT); talks to a pty', async () => {
  const h = { onData() {}, onClose() {} };
  assert.is(await codeOf(() => p.openControlPort('/dev/null', h)), 'EMEMDEV');
  p.fs.writeFile(`${tmp}/plain`, 'x');
  assert.is(await codeOf(() => p.openControlPort(`${tmp}/plain`, h)), 'ENOTCHR');
  assert.is(await codeOf(() => p.openControlPort(`${tmp}/cdc-wdm9`, h)), 'ENOENT');
  const link = `${tmp}/pty`;
  const peer = p.run(['socat', '-T', '1', `PTY,link=${link},rawer`, 'PIPE'], { timeoutMs: 10000 });
  await waitFor(() => p.fs.exists(link), 3000, 'pty');
  let got = '';
  const port = p.openControlPort(link, { onData: (c) => { got += text(c); }, onClose() {} });
  assert.ok(port.rdev.major > 1, `a pty's major, got ${port.rdev.major}`);
  assert.is(port.wdmMaxCommand(), undefined);
  await port.write(bytes('\x01\x0c\x00'));
  await waitFor(() => got === '\x01\x0c\x00', 3000, 'pty echo');
  port.close();
  port.close();
  await peer;
});

test('onSignal: SIGHUP reaches the handler instead of ending the process; removal restores nothing else', async () => {
  let hups = 0;
  const off = p.onSignal('SIGHUP', () => { hups++; });
  const off2 = p.onSignal('SIGHUP', () => { hups += 10; });
  await p.run(['kill', '-HUP', String(p.pid)], { timeoutMs: 5000 });
  await waitFor(() => hups === 11, 3000, 'SIGHUP handled');
  off2();
  await p.run(['kill', '-HUP', String(p.pid)], { timeoutMs: 5000 });
  await waitFor(() => hups === 12, 3000, 'second SIGHUP');
  off();
});

test('process facts: pid, env, argv, isatty', () => {
  assert.ok(Number.isInteger(p.pid) && p.pid > 1);
  assert.is(p.env('QMI4G_SURELY_UNSET_VARIABLE'), undefined);
  assert.is(typeof p.env('PATH'), 'string');
  assert.ok(Array.isArray(p.argv));
  assert.is(typeof p.isatty(1), 'boolean');
});

test.run();
