// The Node platform's control port: refusals before any byte moves (issue 12 item 1), and a real pty
// round trip through threadpool reads (a socat pty, as the simulator uses), unplug and reopen.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { platform } from '../../../src/platform';
import type { PlatformError } from '../../../src/platform';
import { openControlPort } from '../../../src/device/control-port';
import { QmiModem } from '../../../src/modem/qmi-modem';
import { ModemError } from '../../../src/modem/modem-errors';
import { SimPty } from '../../../src/sim/pty';

const none = { onData: () => {}, onClose: () => {} };

function code(fn: () => unknown): string | undefined {
  try { fn(); } catch (e) { return (e as PlatformError).code; }
  return undefined;
}

test('regular file, directory, fifo: ENOTCHR, and the file is left as it was', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qmi4g-port-'));
  try {
    const file = path.join(dir, 'cdc-wdm0');
    fs.writeFileSync(file, 'precious data');
    assert.is(code(() => platform.openControlPort(file, none)), 'ENOTCHR');
    assert.is(fs.readFileSync(file, 'utf8'), 'precious data');
    assert.is(code(() => platform.openControlPort(dir, none)), 'EISDIR', 'O_RDWR on a directory fails in open(2) already');
    const link = path.join(dir, 'by-id');
    fs.symlinkSync(file, link);
    assert.is(code(() => platform.openControlPort(link, none)), 'ENOTCHR', 'symlinks are followed, then checked');
    assert.is(code(() => platform.openControlPort(path.join(dir, 'nope'), none)), 'ENOENT');
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
});

test('/dev/null, /dev/zero, /dev/urandom, /dev/full: EMEMDEV (char devices, never modems)', () => {
  for (const p of ['/dev/null', '/dev/zero', '/dev/urandom', '/dev/full']) {
    if (!fs.existsSync(p)) continue;
    assert.is(code(() => platform.openControlPort(p, none)), 'EMEMDEV', p);
  }
  let e: unknown;
  try { openControlPort('/dev/zero'); } catch (x) { e = x; }
  assert.match((e as Error).message, /memory device/);
});

test('the daemon side: QmiModem.open on /dev/zero is NO_DEVICE with the refusal code, nothing thrown past it', async () => {
  let e: unknown;
  try { await QmiModem.open('/dev/zero', { timeoutMs: 500 }); } catch (x) { e = x; }
  assert.instance(e, ModemError);
  assert.is((e as ModemError).code, 'NO_DEVICE');
  assert.match((e as Error).message, /not a modem port/);
});

test('a pty: bytes both ways, close(), reopen gets the next message, hang-up is EIO', async () => {
  const link = path.join(os.tmpdir(), `qmi4g-port-${process.pid}-pty`);
  const pty = await SimPty.open({ path: link });
  try {
    const got: Uint8Array[] = [];
    const fromHost: Buffer[] = [];
    pty.on('data', (d: Buffer) => fromHost.push(d));
    const p = openControlPort(link);
    p.on('data', (c: Uint8Array) => got.push(c));
    assert.is(Object.getPrototypeOf(await new Promise<Uint8Array>((r) => { p.on('data', r); void pty.write(Uint8Array.of(1, 2, 3)); })), Uint8Array.prototype);
    assert.equal(got.map((c) => [...c]), [[1, 2, 3]]);
    await p.write(Uint8Array.of(9, 8));
    for (let i = 0; i < 50 && fromHost.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal([...Buffer.concat(fromHost)], [9, 8]);
    let closedWith: unknown = 'not yet';
    p.on('close', (e?: Error) => { closedWith = e; });
    p.close();
    assert.is(closedWith, undefined, 'close() reports undefined, synchronously');
    // close() killed the closed port's reader, so the next message belongs to the reopened port.
    const q = openControlPort(link);
    const next = new Promise<Uint8Array>((r) => q.on('data', r));
    await pty.write(Uint8Array.of(7));
    assert.equal([...(await next)], [7]);
    const gone = new Promise<Error | undefined>((r) => q.on('close', r));
    await pty.close();
    const err = await gone as { code?: string } | undefined;
    assert.ok(err && (err.code === 'EIO' || err.code === 'ENODEV'), `hang-up error ${err?.code}`);
  } finally { await pty.close(); }
});

test.run();
