// Node.js control ports and AT ttys without private bindings: a `cat` child reads the device.
//
// Node cannot poll an arbitrary character device: net.Socket refuses fds that are not pipes, sockets
// or ttys, and the only way around that was the undocumented process.binding('pipe_wrap'). Blocking
// fs.read() calls on the libuv threadpool work, but a read blocked in the driver cannot be cancelled:
// close() would leave a thread stuck until the modem speaks again, and libuv joins its threads when
// the process exits, so a daemon that had closed a port could never exit. So the port's fd is handed
// to a `cat` child as its stdin (child_process.spawn with an fd in `stdio`, a documented API): cat
// blocks in read(2), writes each message to a pipe, and Node reads the pipe with epoll. close() kills
// cat (SIGKILL interrupts its read), so nothing is left waiting and no message is read for a closed
// port. Writes go straight to the device fd (fs.write, one write(2) per message, in order).
//
// The open follows the Platform contract: open(2) O_RDWR|O_NOCTTY|O_NONBLOCK, fstat, refuse
// (errors.ts refuseDevice) before any byte moves; then the same file is opened again through
// /proc/self/fd/N without O_NONBLOCK (a fresh open of the very node that passed the check, not of a
// path that may have changed) for cat's blocking reads and our writes, and the first fd is closed.
//
// A pipe may coalesce messages that cdc-wdm returned one per read; the QMI and MBIM framers split
// them again (they must anyway: ptys do the same).
//
// Terminals (the simulator's ptys, and ttys) need no child: tty.ReadStream polls them with epoll
// (libuv reopens the tty non-blocking) and closes cleanly. So a `cat` reader runs only for real
// character devices such as /dev/cdc-wdm* under Node — on the router QuickJS reads them itself. A
// reader is killed at close() and when this process exits; only a SIGKILLed Node leaves it behind
// until its next message (which it then loses to a closed pipe).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as tty from 'node:tty';
import { platformError, refuseDevice, splitDevT } from '../errors';
import type { DevicePort, PlatformError, StreamHandlers } from '../types';

/** Node errors already carry code/syscall/path; anything else becomes EIO. */
function asPlatformError(e: unknown, path: string, syscall: string): PlatformError {
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string') return platformError(err.code, `${path}: ${err.message}`, err.syscall ?? syscall, path);
  return platformError('EIO', `${path}: ${String((e as Error)?.message ?? e)}`, syscall, path);
}

/**
 * Opens `path` O_RDWR|O_NOCTTY|O_NONBLOCK, fstats it and applies refuseDevice; returns the fd and its
 * device number. Throws PlatformError (ENOENT, EACCES, ENOTCHR, EMEMDEV…); the fd is closed on refusal.
 */
export function openCheckedDevice(path: string): { fd: number; rdev: { major: number; minor: number } } {
  let fd: number;
  try {
    fd = fs.openSync(path, fs.constants.O_RDWR | fs.constants.O_NOCTTY | fs.constants.O_NONBLOCK);
  } catch (e) { throw asPlatformError(e, path, 'open'); }
  try {
    const st = fs.fstatSync(fd);
    const rdev = splitDevT(st.rdev);
    const refusal = refuseDevice(path, st.isCharacterDevice(), rdev);
    if (refusal) throw refusal;
    return { fd, rdev };
  } catch (e) {
    fs.closeSync(fd);
    throw (e as PlatformError).name === 'PlatformError' ? e : asPlatformError(e, path, 'fstat');
  }
}

/** Readers still running; killed when this process exits (a crash, process.exit). */
const liveReaders = new Set<ChildProcess>();
process.on('exit', () => { for (const r of liveReaders) r.kill('SIGKILL'); });

/** A control port read by a `cat` child (see the file comment). */
class NodeDevicePort implements DevicePort {
  closed = false;
  private writeChain: Promise<void> = Promise.resolve();
  private readonly reader: ChildProcess;

  constructor(readonly path: string, private readonly fd: number, readonly rdev: { major: number; minor: number }, private handlers: StreamHandlers) {
    this.reader = spawn('cat', [], { stdio: [fd, 'pipe', 'ignore'] });
    liveReaders.add(this.reader);
    this.reader.on('exit', () => liveReaders.delete(this.reader));
    this.reader.stdout!.on('data', (d: Buffer) => { if (!this.closed) this.handlers.onData(new Uint8Array(d)); });
    this.reader.on('error', (e: NodeJS.ErrnoException) => this.finish(platformError(e.code ?? 'EIO', `${path}: cannot start the reader (cat): ${e.message}`, 'spawn', path)));
    // cat exits 0 at end of file and 1 on a read error (EIO/ENODEV on unplug, EIO at a pty hang-up).
    this.reader.on('close', (code: number | null) => this.finish(code === 0
      ? platformError('EOF', `${path}: device closed`, 'read', path)
      : platformError('EIO', `${path}: read failed (device gone?)`, 'read', path)));
  }

  wdmMaxCommand(): number | undefined { return undefined; }

  write(bytes: Uint8Array): Promise<void> {
    // One fs.write per message, serialized: threadpool requests may otherwise run out of order.
    const p = this.writeChain.then(() => new Promise<void>((resolve, reject) => {
      if (this.closed) { reject(platformError('EBADF', `${this.path}: port closed`, 'write', this.path)); return; }
      fs.write(this.fd, bytes, 0, bytes.length, null, (err, n) => {
        if (err) { const pe = asPlatformError(err, this.path, 'write'); reject(pe); this.finish(pe); return; }
        if (n !== bytes.length) { const pe = platformError('EIO', `${this.path}: short write (${n} of ${bytes.length} bytes)`, 'write', this.path); reject(pe); this.finish(pe); return; }
        resolve();
      });
    }));
    this.writeChain = p.catch(() => undefined);
    return p;
  }

  close(): void { this.finish(undefined); }

  private finish(err: PlatformError | undefined): void {
    if (this.closed) return;
    this.closed = true;
    if (this.reader.exitCode === null && this.reader.signalCode === null) this.reader.kill('SIGKILL');
    // The fd is closed once queued writes are done (a write in flight must not hit a reused fd number).
    void this.writeChain.then(() => fs.close(this.fd, () => {}));
    const h = this.handlers;
    this.handlers = { onData: () => {}, onClose: () => {} };
    h.onClose(err);
  }
}

/** A pty or tty control port: tty.ReadStream reads it with epoll; writes go to the same (non-blocking) fd. */
class NodeTtyPort implements DevicePort {
  closed = false;
  private writeChain: Promise<void> = Promise.resolve();
  private readonly stream: tty.ReadStream;

  constructor(readonly path: string, private readonly fd: number, readonly rdev: { major: number; minor: number }, private handlers: StreamHandlers) {
    this.stream = new tty.ReadStream(fd);
    this.stream.on('data', (d: Buffer) => { if (!this.closed) this.handlers.onData(new Uint8Array(d)); });
    this.stream.on('error', (e: NodeJS.ErrnoException) => this.finish(asPlatformError(e, path, 'read')));
    this.stream.on('end', () => this.finish(platformError('EOF', `${path}: device closed`, 'read', path)));
  }

  wdmMaxCommand(): number | undefined { return undefined; }

  write(bytes: Uint8Array): Promise<void> {
    // Like net.Socket: written at once (writeSync on the non-blocking fd, in call order) while
    // nothing is queued; a full buffer (EAGAIN) queues the rest, retried shortly.
    if (this.pending === 0) {
      try {
        const n = this.tryWrite(bytes, 0);
        if (n === bytes.length) return Promise.resolve();
        return this.enqueue(bytes, n);
      } catch (e) { return Promise.reject(e); }
    }
    return this.enqueue(bytes, 0);
  }

  private pending = 0;

  /** Writes what the fd takes now; returns the bytes written (0 on EAGAIN). Throws PlatformError (and closes). */
  private tryWrite(bytes: Uint8Array, off: number): number {
    if (this.closed) throw platformError('EBADF', `${this.path}: port closed`, 'write', this.path);
    try {
      return off + fs.writeSync(this.fd, bytes, off, bytes.length - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return off;
      const pe = asPlatformError(e, this.path, 'write');
      this.finish(pe);
      throw pe;
    }
  }

  private enqueue(bytes: Uint8Array, off: number): Promise<void> {
    this.pending++;
    const p = this.writeChain.then(() => this.drain(bytes, off, 0));
    this.writeChain = p.catch(() => undefined).then(() => { this.pending--; });
    return p;
  }

  /** Retries every 2 ms, at most 500 times (1 s: a pty nobody reads), then EAGAIN. */
  private drain(bytes: Uint8Array, off: number, tries: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let at: number;
      try { at = this.tryWrite(bytes, off); } catch (e) { reject(e); return; }
      if (at === bytes.length) { resolve(); return; }
      if (tries >= 500) { const pe = platformError('EAGAIN', `${this.path}: nobody reads the port (write blocked for 1 s)`, 'write', this.path); reject(pe); this.finish(pe); return; }
      setTimeout(() => this.drain(bytes, at, tries + 1).then(resolve, reject), 2);
    });
  }

  close(): void { this.finish(undefined); }

  private finish(err: PlatformError | undefined): void {
    if (this.closed) return;
    this.closed = true;
    // destroy() closes the fd once libuv is done with it (no write may follow).
    void this.writeChain.then(() => this.stream.destroy());
    const h = this.handlers;
    this.handlers = { onData: () => {}, onClose: () => {} };
    h.onClose(err);
  }
}

/** Platform.openControlPort for Node (see the file comment). */
export function openControlPort(path: string, handlers: StreamHandlers): DevicePort {
  const { fd: checkFd, rdev } = openCheckedDevice(path);
  if (tty.isatty(checkFd)) return new NodeTtyPort(path, checkFd, rdev, handlers);
  let fd: number;
  try {
    fd = fs.openSync(`/proc/self/fd/${checkFd}`, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
  } catch (e) {
    throw asPlatformError(e, path, 'open');
  } finally {
    fs.closeSync(checkFd);
  }
  return new NodeDevicePort(path, fd, rdev, handlers);
}
