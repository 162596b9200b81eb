// Sockets on QuickJS through the qmi4g_native module: ubusd's AF_UNIX stream socket and the
// watchdog's one-shot UDP query bound to a network device (SO_BINDTODEVICE).
import * as os from 'qjs:os';
import * as native from 'qmi4g_native';
import { platformError } from '../errors';
import type { ByteStream, PlatformError, StreamHandlers, UdpQuery } from '../types';
import { FdStream } from './fd-stream';
import { abRange, errnoError } from './sys';
import { clearTimer, setTimer } from './timers';

/** Default limit of connectUnix, ms (types.ts). */
const CONNECT_TIMEOUT_MS = 5000;
/** First retry delay after EAGAIN (the listener's backlog is full), ms; doubles up to 100 ms. */
const BACKLOG_RETRY_MS = 5;

function cancelled(what: string, path?: string): PlatformError {
  return platformError('ECANCELED', `${what}: cancelled`, what.split(' ')[0], path);
}

/** Platform.connectUnix on QuickJS (see types.ts). */
export function connectUnix(path: string, handlers: StreamHandlers, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ByteStream> {
  const limit = opts.timeoutMs ?? CONNECT_TIMEOUT_MS;
  const signal = opts.signal;
  return new Promise<ByteStream>((resolve, reject) => {
    let retry: unknown;
    let delay = BACKLOG_RETRY_MS;
    const deadline = os.now() + limit;
    const onAbort = (): void => { clearTimer(retry); reject(cancelled(`connect ${path}`, path)); };
    const attempt = (): void => {
      if (signal?.aborted) return onAbort();
      const fd = native.unixConnect(path);
      if (fd >= 0) {
        signal?.removeEventListener('abort', onAbort);
        try {
          resolve(new FdStream(path, fd, 'socket', handlers));
        } catch (e) {
          reject(e);
        }
        return;
      }
      if (fd === -native.EAGAIN && os.now() + delay < deadline) {
        retry = setTimer(attempt, delay);
        delay = Math.min(delay * 2, 100);
        return;
      }
      signal?.removeEventListener('abort', onAbort);
      reject(fd === -native.EAGAIN ? platformError('ETIMEDOUT', `connect ${path}: listener busy for ${limit} ms`, 'connect', path) : errnoError(fd, 'connect', path));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    attempt();
  });
}

/** Platform.udpQuery on QuickJS: a UDP socket connected to host:port and bound to q.device. */
export function udpQuery(q: UdpQuery): Promise<Uint8Array> {
  return new Promise<Uint8Array>((resolve, reject) => {
    if (q.signal?.aborted) return reject(cancelled('udp query'));
    const fd = native.udpConnect(q.host, q.port, q.device);
    if (fd < 0) return reject(errnoError(fd, 'connect', `${q.host}:${q.port}%${q.device}`));
    const buf = new ArrayBuffer(65536);
    let timer: unknown;
    const end = (err: PlatformError | undefined, reply?: Uint8Array): void => {
      os.setReadHandler(fd, null);
      os.close(fd);
      clearTimer(timer);
      q.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(reply!);
    };
    const onAbort = (): void => end(cancelled('udp query'));
    const sent = native.send(fd, ...abRange(q.payload));
    if (sent < 0) return end(errnoError(sent, 'send', `${q.host}:${q.port}`));
    // a connected UDP socket only receives datagrams from host:port (udp(7))
    os.setReadHandler(fd, () => {
      const n = native.recv(fd, buf, 0, buf.byteLength);
      if (n === -native.EAGAIN || n === -native.EINTR) return;
      if (n < 0) return end(errnoError(n, 'recv', `${q.host}:${q.port}`));
      const reply = new Uint8Array(buf.slice(0, n));
      if (q.accept(reply)) end(undefined, reply);
    });
    timer = setTimer(() => end(platformError('ETIMEDOUT', `udp query ${q.host}:${q.port}: no reply in ${q.timeoutMs} ms`, 'recv')), q.timeoutMs);
    q.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
