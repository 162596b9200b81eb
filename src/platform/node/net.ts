// Node.js sockets: the AF_UNIX stream to ubusd and the watchdog's device-bound UDP query.
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import * as os from 'node:os';
import { platformError } from '../errors';
import type { ByteStream, PlatformError, StreamHandlers, UdpQuery } from '../types';

function toPlatformError(e: unknown, path: string | undefined, syscall: string): PlatformError {
  const err = e as NodeJS.ErrnoException;
  return platformError(typeof err?.code === 'string' ? err.code : 'EIO', `${path ? `${path}: ` : ''}${err?.message ?? String(e)}`, err?.syscall ?? syscall, path);
}

/** Platform.connectUnix for Node: net.createConnection (Node never raises SIGPIPE; a dead peer is EPIPE). */
export function connectUnix(path: string, handlers: StreamHandlers, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ByteStream> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) { reject(platformError('ECANCELED', `connect ${path}: aborted`, 'connect', path)); return; }
    const sock = net.createConnection(path);
    let connected = false;
    let closed = false;
    const finish = (err: PlatformError | undefined) => {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      sock.destroy();
      if (!connected) { reject(err ?? platformError('ECANCELED', `connect ${path}: closed`, 'connect', path)); return; }
      handlers.onClose(err);
    };
    const onAbort = () => { if (!connected) finish(platformError('ECANCELED', `connect ${path}: aborted`, 'connect', path)); };
    const timeoutMs = opts.timeoutMs ?? 5000;
    const timer = setTimeout(() => { if (!connected) finish(platformError('ETIMEDOUT', `connect ${path}: no connection within ${timeoutMs} ms`, 'connect', path)); }, timeoutMs);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    sock.on('data', (d: Buffer) => { if (!closed) handlers.onData(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)); });
    sock.on('error', (e) => finish(toPlatformError(e, path, connected ? 'read' : 'connect')));
    sock.on('end', () => finish(platformError('EOF', `${path}: peer closed the connection`, 'read', path)));
    sock.on('close', () => finish(platformError('EOF', `${path}: connection closed`, 'read', path)));
    sock.on('connect', () => {
      connected = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({
        path,
        get closed() { return closed; },
        write: (bytes) => new Promise<void>((res, rej) => {
          if (closed) { rej(platformError('EBADF', `${path}: connection closed`, 'write', path)); return; }
          sock.write(bytes, (err) => (err ? rej(toPlatformError(err, path, 'write')) : res()));
        }),
        close: () => finish(undefined),
      });
    });
  });
}

/**
 * The address of `ifname` to send from for a server of IP `family` (global IPv6 preferred over
 * link-local). Loopback addresses count only for the loopback device itself (`lo`), never as a
 * stand-in for another device.
 */
export function sourceAddress(ifname: string, family: 4 | 6, interfaces = os.networkInterfaces()): string | undefined {
  const addrs = (interfaces[ifname] ?? []).filter((a) => (ifname === 'lo' || !a.internal) && (a.family === `IPv${family}` || (a.family as unknown) === family));
  if (family === 4) return addrs[0]?.address;
  return (addrs.find((a) => !/^fe80:/i.test(a.address)) ?? (ifname === 'lo' ? addrs[0] : undefined))?.address;
}

/**
 * Platform.udpQuery for Node: binds the device's own address as source (Node has no SO_BINDTODEVICE;
 * see UdpQuery.device), sends the payload, resolves with the first accepted reply from host:port.
 */
export function udpQuery(q: UdpQuery): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const family = net.isIP(q.host);
    if (family === 0) { reject(platformError('EINVAL', `udp: ${JSON.stringify(q.host)} is not an IP address`, 'sendto')); return; }
    if (q.signal?.aborted) { reject(platformError('ECANCELED', 'udp query aborted', 'recvfrom')); return; }
    const local = sourceAddress(q.device, family as 4 | 6);
    if (!local) { reject(platformError('EADDRNOTAVAIL', `udp: ${q.device} has no IPv${family} address to send from`, 'bind')); return; }
    const sock = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
    let settled = false;
    const finish = (err: PlatformError | undefined, reply?: Uint8Array) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      q.signal?.removeEventListener('abort', onAbort);
      try { sock.close(); } catch { /* already closed */ }
      if (err) reject(err); else resolve(reply!);
    };
    const onAbort = () => finish(platformError('ECANCELED', 'udp query aborted', 'recvfrom'));
    const timer = setTimeout(() => finish(platformError('ETIMEDOUT', `udp: no reply from ${q.host} within ${q.timeoutMs} ms`, 'recvfrom')), q.timeoutMs);
    q.signal?.addEventListener('abort', onAbort, { once: true });
    sock.on('error', (e) => finish(toPlatformError(e, undefined, 'sendto')));
    // A connected socket only hears host:port and gets ICMP errors back (ECONNREFUSED: port unreachable).
    sock.on('message', (msg) => {
      const bytes = new Uint8Array(msg);
      if (q.accept(bytes)) finish(undefined, bytes);
    });
    sock.bind({ address: local, port: 0 }, () => {
      sock.connect(q.port, q.host, () => {
        sock.send(q.payload, (err) => { if (err) finish(toPlatformError(err, undefined, 'sendto')); });
      });
    });
  });
}
