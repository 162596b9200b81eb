// Control port I/O for /dev/cdc-wdm*, /dev/wwan*qmi*/mbim* and pseudo-terminals: event-driven reads, whole-message writes.
import * as fs from 'node:fs';
import * as net from 'node:net';
import { EventEmitter } from 'node:events';

/** Why a control port could not be opened or stopped working. `code` is the errno name (ENOENT, EIO, ENODEV…). */
export class PortError extends Error {
  override readonly name = 'PortError';
  constructor(message: string, readonly code: string, readonly path: string) { super(message); }
}

/**
 * A byte-message port to a modem. `data` events carry what one read returned (cdc-wdm: one
 * message; a pty may split or coalesce). `close` fires once, with the error that ended it
 * (EIO/ENODEV on unplug) or undefined after close().
 */
export interface ControlPort {
  readonly path: string;
  write(message: Buffer): Promise<void>;
  on(event: 'data', listener: (chunk: Buffer) => void): this;
  on(event: 'close', listener: (err?: PortError) => void): this;
  off(event: 'data', listener: (chunk: Buffer) => void): this;
  close(): void;
  readonly closed: boolean;
}

type PipeCtor = new (type: number) => { open(fd: number): number };

function pipeBinding(): { Pipe: PipeCtor; SOCKET: number } | undefined {
  try {
    // libuv pipe handles poll any fd (cdc-wdm and ptys support poll); net.Socket refuses
    // character devices in its fd guesser, so the handle is made directly.
    const b = (process as unknown as { binding(name: string): { Pipe: PipeCtor; constants: { SOCKET: number } } }).binding('pipe_wrap');
    return { Pipe: b.Pipe, SOCKET: b.constants.SOCKET };
  } catch {
    return undefined;
  }
}

class SocketPort extends EventEmitter implements ControlPort {
  closed = false;
  constructor(readonly path: string, private readonly sock: net.Socket) {
    super();
    sock.on('data', (d: Buffer) => this.emit('data', d));
    sock.on('error', (e: NodeJS.ErrnoException) => this.finish(new PortError(`${path}: ${e.message}`, e.code ?? 'EIO', path)));
    sock.on('end', () => this.finish(new PortError(`${path}: device closed`, 'EIO', path)));
    sock.on('close', () => this.finish(new PortError(`${path}: device closed`, 'EIO', path)));
  }

  write(message: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new PortError(`${this.path}: port closed`, 'EBADF', this.path));
    return new Promise((resolve, reject) => {
      this.sock.write(message, (err) => (err ? reject(new PortError(`${this.path}: write: ${err.message}`, (err as NodeJS.ErrnoException).code ?? 'EIO', this.path)) : resolve()));
    });
  }

  close(): void {
    if (this.closed) return;
    this.finish(undefined);
  }

  private finish(err: PortError | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.sock.destroy();
    this.emit('close', err);
  }
}

/**
 * Opens a control port O_RDWR|O_NOCTTY|O_NONBLOCK, as libqmi/libmbim do. Throws PortError
 * with code ENOENT when the node does not exist (netifd error NO_DEVICE), EACCES, EBUSY…
 */
export function openControlPort(path: string): ControlPort {
  let fd: number;
  try {
    fd = fs.openSync(path, fs.constants.O_RDWR | fs.constants.O_NOCTTY | fs.constants.O_NONBLOCK);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new PortError(`${path}: ${err.message}`, err.code ?? 'EIO', path);
  }
  const binding = pipeBinding();
  if (!binding) {
    fs.closeSync(fd);
    throw new PortError(`${path}: this Node.js has no pipe_wrap binding to poll the port`, 'ENOTSUP', path);
  }
  const handle = new binding.Pipe(binding.SOCKET);
  const rc = handle.open(fd);
  if (rc !== 0) {
    fs.closeSync(fd);
    throw new PortError(`${path}: cannot poll the port (uv error ${rc})`, 'EIO', path);
  }
  const sock = new net.Socket({ handle, readable: true, writable: true } as unknown as net.SocketConstructorOpts);
  return new SocketPort(path, sock);
}
