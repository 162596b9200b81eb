// Node.js control ports and AT ttys: blocking reads on the libuv threadpool, no private bindings.
//
// Node cannot poll an arbitrary character device: net.Socket refuses fds that are not pipes, sockets
// or ttys, and the only way around that was the undocumented process.binding('pipe_wrap'). So a port
// is read with fs.read() on a blocking fd — each read waits in a libuv threadpool thread until the
// modem sends something — and index.ts raises UV_THREADPOOL_SIZE (each open port holds one thread).
//
// The open follows the Platform contract: open(2) O_RDWR|O_NOCTTY|O_NONBLOCK, fstat, refuse
// (errors.ts refuseDevice) before any byte moves; then the same file is opened again through
// /proc/self/fd/N without O_NONBLOCK (a fresh open of the very node that passed the check, not of a
// path that may have changed) for the blocking reads, and the first fd is closed.
//
// A blocking read cannot be interrupted by close(2). close() therefore marks the port closed and
// closes the fd when the read in flight returns; bytes that read returns are handed to the port
// opened next on the same device (cdc-wdm and ptys give each message to whichever reader asks first,
// so after a reopen they belong to the new port), else dropped.
import * as fs from 'node:fs';
import { platformError, refuseDevice, splitDevT } from '../errors';
import type { DevicePort, PlatformError, StreamHandlers } from '../types';

const READ_SIZE = 64 * 1024;

/** Ports open per device number, newest last: where a closed port's late read goes. */
const openByDevice = new Map<string, NodeDevicePort[]>();

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

/** A control port read on the threadpool (see the file comment). */
class NodeDevicePort implements DevicePort {
  closed = false;
  private reading = false;
  private fdClosed = false;
  private writeChain: Promise<void> = Promise.resolve();
  private readonly key: string;

  constructor(readonly path: string, private readonly fd: number, readonly rdev: { major: number; minor: number }, private handlers: StreamHandlers) {
    this.key = `${rdev.major}:${rdev.minor}`;
    const list = openByDevice.get(this.key) ?? [];
    list.push(this);
    openByDevice.set(this.key, list);
    this.readNext();
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

  /** Bytes a closed port's late read returned: ours now. */
  adopt(chunk: Uint8Array): void { if (!this.closed) this.handlers.onData(chunk); }

  private readNext(): void {
    if (this.closed) return;
    this.reading = true;
    const buf = new Uint8Array(READ_SIZE);
    fs.read(this.fd, buf, 0, READ_SIZE, null, (err, n) => {
      this.reading = false;
      if (this.closed) {
        if (!err && n > 0) this.handOver(buf.slice(0, n));
        this.closeFd();
        return;
      }
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN' || code === 'EINTR') { this.readNext(); return; }
        this.finish(asPlatformError(err, this.path, 'read'));
        return;
      }
      if (n === 0) { this.finish(platformError('EOF', `${this.path}: device closed`, 'read', this.path)); return; }
      this.handlers.onData(buf.slice(0, n));
      this.readNext();
    });
  }

  private handOver(chunk: Uint8Array): void {
    const next = (openByDevice.get(this.key) ?? []).at(-1);
    if (next) next.adopt(chunk);
  }

  private finish(err: PlatformError | undefined): void {
    if (this.closed) return;
    this.closed = true;
    const list = (openByDevice.get(this.key) ?? []).filter((p) => p !== this);
    if (list.length) openByDevice.set(this.key, list); else openByDevice.delete(this.key);
    if (!this.reading) this.closeFd();
    const h = this.handlers;
    this.handlers = { onData: () => {}, onClose: () => {} };
    h.onClose(err);
  }

  private closeFd(): void {
    if (this.fdClosed) return;
    this.fdClosed = true;
    fs.close(this.fd, () => {});
  }
}

/** Platform.openControlPort for Node (see the file comment). */
export function openControlPort(path: string, handlers: StreamHandlers): DevicePort {
  const { fd: checkFd, rdev } = openCheckedDevice(path);
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
