// Platform.listenUnix for Node: net.createServer on a filesystem socket. Node 20's libuv binds
// `\0name` with the whole sun_path as the address (NUL padded: `ss -xl` shows `@name@@@…`), which is
// not the name libqmi's qmicli connects to; so for `@name` a `socat ABSTRACT-LISTEN:name,fork` child
// bridges each abstract connection to a private filesystem socket (socat is already a dependency of
// the simulator and the tests; Node is not the router runtime — QuickJS binds the name itself,
// src/platform/qjs/listen.ts). Node has no SO_PEERCRED: peerUid is undefined.
import * as net from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { spawn } from 'node:child_process';
import { platformError } from '../errors';
import type { AcceptedStream, PlatformError, StreamHandlers, UnixListener } from '../types';

const ABSTRACT_NAME = /^@[A-Za-z0-9_.-]{1,100}$/;
/** How long socat gets to report a failed bind before the listener counts as up, ms. */
const BRIDGE_SETTLE_MS = 300;

/** Platform.listenUnix for Node (see types.ts). */
export async function listenUnix(path: string, accept: (stream: AcceptedStream) => StreamHandlers): Promise<UnixListener> {
  if (!path.startsWith('@')) return listenPath(path, path, accept, () => { try { fs.unlinkSync(path); } catch { /* gone */ } });
  if (!ABSTRACT_NAME.test(path)) throw platformError('EINVAL', `listen ${path}: abstract name must be [A-Za-z0-9_.-]{1,100}`, 'bind', path);
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'qmi4g-abstract-'));
  const file = nodePath.join(dir, 'sock');
  const removeDir = () => { try { fs.rmSync(dir, { recursive: true, force: true }); } catch { /* gone */ } };
  const inner = await listenPath(file, path, accept, removeDir).catch((e) => { removeDir(); throw e; });
  // socat in its own process group: close() ends the listener and every forked per-connection child at once.
  const bridge = spawn('socat', [`ABSTRACT-LISTEN:${path.slice(1)},fork,backlog=64`, `UNIX-CONNECT:${file}`], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  bridge.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const early = await new Promise<string | undefined>((res) => {
    const t = setTimeout(() => res(undefined), BRIDGE_SETTLE_MS);
    bridge.once('error', (e) => { clearTimeout(t); res(e.message); });
    bridge.once('exit', (code) => { clearTimeout(t); res(`socat exited ${code}: ${stderr.trim()}`); });
  });
  const killBridge = () => { try { process.kill(-bridge.pid!, 'SIGTERM'); } catch { /* gone */ } };
  if (early !== undefined) {
    killBridge();
    inner.close();
    throw platformError(/Address already in use/.test(early) ? 'EADDRINUSE' : 'EIO', `listen ${path}: ${early}`, 'bind', path);
  }
  bridge.stderr!.destroy();
  bridge.unref();
  let open = true;
  return {
    path,
    get connections() { return inner.connections; },
    close: () => { if (!open) return; open = false; killBridge(); inner.close(); },
  };
}

function listenPath(address: string, path: string, accept: (stream: AcceptedStream) => StreamHandlers, cleanup: () => void): Promise<UnixListener> {
  return new Promise<UnixListener>((resolve, reject) => {
    const streams = new Set<AcceptedStream>();
    const server = net.createServer((sock) => {
      let closed = false;
      let handlers: StreamHandlers | undefined;
      const finish = (err: PlatformError | undefined) => {
        if (closed) return;
        closed = true;
        streams.delete(stream);
        sock.destroy();
        handlers?.onClose(err);
      };
      const stream: AcceptedStream = {
        path,
        peerUid: undefined,
        get closed() { return closed; },
        write: (bytes) => new Promise<void>((res, rej) => {
          if (closed) { rej(platformError('EBADF', `${path}: connection closed`, 'write', path)); return; }
          sock.write(bytes, (e) => (e ? rej(platformError('EPIPE', `${path}: ${e.message}`, 'write', path)) : res()));
        }),
        close: () => finish(undefined),
      };
      streams.add(stream);
      handlers = accept(stream);
      sock.on('data', (d: Buffer) => { if (!closed) handlers!.onData(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)); });
      sock.on('error', (e) => finish(platformError('ECONNRESET', `${path}: ${e.message}`, 'read', path)));
      sock.on('end', () => finish(platformError('EOF', `${path}: peer closed the connection`, 'read', path)));
      sock.on('close', () => finish(platformError('EOF', `${path}: connection closed`, 'read', path)));
    });
    server.once('error', (e: NodeJS.ErrnoException) => reject(platformError(e.code ?? 'EIO', `listen ${path}: ${e.message}`, 'bind', path)));
    server.listen(address, () => {
      let open = true;
      resolve({
        path,
        get connections() { return streams.size; },
        close: () => {
          if (!open) return;
          open = false;
          server.close();
          for (const s of [...streams]) s.close();
          cleanup();
        },
      });
    });
  });
}
