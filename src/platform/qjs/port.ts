// Modem control ports and AT ttys on QuickJS: open(2) O_RDWR|O_NOCTTY|O_NONBLOCK as libqmi/libmbim
// do, fstat the fresh fd and refuse what cannot be a modem port (refuseDevice) before a byte moves.
import * as os from 'qjs:os';
import * as native from 'qmi4g_native';
import { refuseDevice } from '../errors';
import type { DevicePort, StreamHandlers } from '../types';
import { FdStream } from './fd-stream';
import { errnoError } from './sys';

class FdDevicePort extends FdStream implements DevicePort {
  constructor(path: string, fd: number, readonly rdev: { major: number; minor: number }, handlers: StreamHandlers) {
    super(path, fd, 'file', handlers);
  }

  wdmMaxCommand(): number | undefined {
    if (this.closed) return undefined;
    const n = native.wdmMaxCommand(this.fd);
    return n > 0 ? n : undefined;
  }
}

/** Opens `path` as a character device and checks it; returns the fd and its rdev. Throws PlatformError. */
function openDevice(path: string): { fd: number; rdev: { major: number; minor: number } } {
  const fd = os.open(path, native.O_RDWR | native.O_NOCTTY | native.O_NONBLOCK | native.O_CLOEXEC);
  if (fd < 0) throw errnoError(fd, 'open', path);
  const st = native.fstat(fd);
  if (typeof st === 'number') {
    os.close(fd);
    throw errnoError(st, 'fstat', path);
  }
  const rdev = { major: st.major, minor: st.minor };
  const refusal = refuseDevice(path, st.isChar, rdev);
  if (refusal) {
    os.close(fd);
    throw refusal;
  }
  return { fd, rdev };
}

/** Platform.openControlPort on QuickJS (see types.ts). */
export function openControlPort(path: string, handlers: StreamHandlers): DevicePort {
  const { fd, rdev } = openDevice(path);
  return new FdDevicePort(path, fd, rdev, handlers);
}

/** Platform.openTty on QuickJS: openControlPort's checks, then raw mode at `baud` (native ttyRaw). */
export function openTty(path: string, baud: number, handlers: StreamHandlers): Promise<DevicePort> {
  try {
    const { fd, rdev } = openDevice(path);
    const r = native.ttyRaw(fd, baud);
    if (r < 0) {
      os.close(fd);
      throw errnoError(r, 'tcsetattr', path);
    }
    return Promise.resolve(new FdDevicePort(path, fd, rdev, handlers));
  } catch (e) {
    return Promise.reject(e);
  }
}
