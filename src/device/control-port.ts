// Control port I/O for /dev/cdc-wdm*, /dev/wwan*qmi*/mbim* and pseudo-terminals: event-driven reads, whole-message writes.
import { platform, type DevicePort, type PlatformError } from '../platform';
import { Emitter } from '../util/emitter';

/** Why a control port could not be opened or stopped working. `code` is the errno name (ENOENT, EIO, ENODEV, ENOTCHR, EMEMDEV…). */
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
  write(message: Uint8Array): Promise<void>;
  on(event: 'data', listener: (chunk: Uint8Array) => void): this;
  on(event: 'close', listener: (err?: PortError) => void): this;
  off(event: 'data', listener: (chunk: Uint8Array) => void): this;
  close(): void;
  readonly closed: boolean;
  /** The cdc-wdm driver's max message size in bytes (IOCTL_WDM_MAX_COMMAND), when the port tells. */
  maxMessageSize?(): number | undefined;
}

function toPortError(e: PlatformError, path: string): PortError {
  // End of file on a control port is the device going away (unplug, pty master closed): EIO as before.
  if (e.code === 'EOF') return new PortError(`${path}: device closed`, 'EIO', path);
  return new PortError(e.message.startsWith(path) ? e.message : `${path}: ${e.message}`, e.code, path);
}

class PlatformPort extends Emitter implements ControlPort {
  private port?: DevicePort;
  constructor(readonly path: string) { super(); }

  /** @internal Opens through the platform; throws PortError. */
  open(): void {
    try {
      this.port = platform.openControlPort(this.path, {
        onData: (chunk) => this.emit('data', chunk),
        onClose: (err) => this.emit('close', err ? toPortError(err, this.path) : undefined),
      });
    } catch (e) {
      throw toPortError(e as PlatformError, this.path);
    }
  }

  get closed(): boolean { return this.port?.closed ?? true; }

  write(message: Uint8Array): Promise<void> {
    if (!this.port || this.port.closed) return Promise.reject(new PortError(`${this.path}: port closed`, 'EBADF', this.path));
    return this.port.write(message).catch((e: PlatformError) => { throw toPortError(e, this.path); });
  }

  close(): void { this.port?.close(); }

  maxMessageSize(): number | undefined { return this.port?.wdmMaxCommand(); }
}

/**
 * Opens a control port O_RDWR|O_NOCTTY|O_NONBLOCK, as libqmi/libmbim do (Platform.openControlPort).
 * Throws PortError with code ENOENT when the node does not exist (netifd error NO_DEVICE), EACCES,
 * EBUSY…, ENOTCHR for a path that is not a character device and EMEMDEV for /dev/null, /dev/zero,
 * /dev/urandom and the like — both refused before a byte is read or written.
 */
export function openControlPort(path: string): ControlPort {
  const p = new PlatformPort(path);
  p.open();
  return p;
}
