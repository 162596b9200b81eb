// A ByteStream over a non-blocking file descriptor on QuickJS's event loop: reads when
// os.setReadHandler says the fd is readable (select(2); fds must stay below FD_SETSIZE, 1024),
// writes at once and, when the kernel's buffer is full (EAGAIN), again from os.setWriteHandler.
// Devices and ttys use read(2)/write(2); sockets recv(2)/send(2) with MSG_NOSIGNAL.
import * as os from 'qjs:os';
import * as native from 'qmi4g_native';
import { platformError } from '../errors';
import type { ByteStream, PlatformError, StreamHandlers } from '../types';
import { abRange, errnoError } from './sys';

/** Bytes asked for per read: more than any cdc-wdm message (wMaxCommand ≤ 4096) or ubus message chunk. */
const READ_SIZE = 16384;
/** Highest fd select(2) can watch (FD_SETSIZE - 1). */
const MAX_SELECT_FD = 1023;

/** read/write primitives of one fd kind, returning bytes or -errno. */
interface FdIo {
  read(fd: number, buf: ArrayBuffer, off: number, len: number): number;
  write(fd: number, buf: ArrayBuffer, off: number, len: number): number;
}
const FILE_IO: FdIo = { read: os.read, write: os.write };
const SOCKET_IO: FdIo = { read: native.recv, write: native.send };

interface PendingWrite {
  bytes: Uint8Array;
  done: number;
  resolve(): void;
  reject(e: PlatformError): void;
}

/** A stream over `fd` (already open, non-blocking); owns and closes it. */
export class FdStream implements ByteStream {
  closed = false;
  private readonly io: FdIo;
  private readonly buf = new ArrayBuffer(READ_SIZE);
  private queue: PendingWrite[] = [];
  private watchingWrite = false;

  /**
   * Starts reading at once. `kind` 'socket' uses recv/send (no SIGPIPE), 'file' read/write.
   * Throws PlatformError EMFILE (after closing fd) when fd is beyond what select(2) can watch.
   */
  constructor(readonly path: string, protected readonly fd: number, kind: 'file' | 'socket', private readonly handlers: StreamHandlers) {
    this.io = kind === 'socket' ? SOCKET_IO : FILE_IO;
    if (fd > MAX_SELECT_FD) {
      os.close(fd);
      throw platformError('EMFILE', `${path}: fd ${fd} is beyond select()'s limit of ${MAX_SELECT_FD}`, 'open', path);
    }
    os.setReadHandler(fd, this.onReadable);
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(platformError('EBADF', `write ${this.path}: stream closed`, 'write', this.path));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ bytes, done: 0, resolve, reject });
      if (this.queue.length === 1) this.flush();
    });
  }

  close(): void {
    this.finish(undefined);
  }

  private onReadable = (): void => {
    if (this.closed) return;
    const n = this.io.read(this.fd, this.buf, 0, READ_SIZE);
    if (n > 0) {
      this.handlers.onData(new Uint8Array(this.buf.slice(0, n)));
    } else if (n === 0) {
      this.finish(platformError('EOF', `${this.path}: closed by the other side`, 'read', this.path));
    } else if (n !== -native.EAGAIN && n !== -native.EINTR) {
      this.finish(errnoError(n, 'read', this.path));
    }
  };

  private onWritable = (): void => {
    this.flush();
  };

  /** Writes queued bytes until done or EAGAIN (then waits for writability). */
  private flush(): void {
    while (!this.closed && this.queue.length) {
      const w = this.queue[0];
      const [ab, off, len] = abRange(w.bytes);
      const n = len === w.done ? 0 : this.io.write(this.fd, ab, off + w.done, len - w.done);
      if (n === -native.EAGAIN || n === -native.EINTR) {
        this.watchWrite(true);
        return;
      }
      if (n < 0) {
        const err = errnoError(n, 'write', this.path);
        this.queue.shift();
        w.reject(err);
        this.finish(err);
        return;
      }
      w.done += n;
      if (w.done >= len) {
        this.queue.shift();
        w.resolve();
      }
    }
    this.watchWrite(false);
  }

  private watchWrite(on: boolean): void {
    if (on === this.watchingWrite || this.closed) return;
    this.watchingWrite = on;
    os.setWriteHandler(this.fd, on ? this.onWritable : null);
  }

  /** Ends the stream once: stops watching, closes the fd, fails queued writes, calls onClose. */
  protected finish(err: PlatformError | undefined): void {
    if (this.closed) return;
    this.closed = true;
    os.setReadHandler(this.fd, null);
    if (this.watchingWrite) os.setWriteHandler(this.fd, null);
    os.close(this.fd);
    const pending = this.queue;
    this.queue = [];
    const why = err ?? platformError('EBADF', `write ${this.path}: stream closed`, 'write', this.path);
    for (const w of pending) w.reject(why);
    this.handlers.onClose(err);
  }
}
