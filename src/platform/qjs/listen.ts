// Platform.listenUnix on QuickJS: a listening AF_UNIX socket from qmi4g_native (unixListen, with
// "@name" bound in the abstract namespace at exactly the name's length), accepted on
// os.setReadHandler (accept4 until EAGAIN), each connection an FdStream.
import * as os from 'qjs:os';
import * as native from 'qmi4g_native';
import { platformError } from '../errors';
import type { AcceptedStream, StreamHandlers, UnixListener } from '../types';
import { FdStream } from './fd-stream';
import { errnoError } from './sys';

/** listen(2) backlog: room for a burst of `qmicli -p` clients started at once. */
const BACKLOG = 64;
/** Abstract names this platform accepts (the names libqmi/libmbim use, and test names). */
const ABSTRACT_NAME = /^@[A-Za-z0-9_.-]{1,100}$/;

/** An accepted connection: an FdStream that knows its peer's uid. */
class AcceptedFdStream extends FdStream implements AcceptedStream {
  constructor(path: string, fd: number, readonly peerUid: number | undefined, handlers: StreamHandlers) {
    super(path, fd, 'socket', handlers);
  }
}

/** Platform.listenUnix on QuickJS (see types.ts). */
export function listenUnix(path: string, accept: (stream: AcceptedStream) => StreamHandlers): Promise<UnixListener> {
  if (path.startsWith('@') && !ABSTRACT_NAME.test(path)) {
    return Promise.reject(platformError('EINVAL', `listen ${path}: abstract name must be [A-Za-z0-9_.-]{1,100}`, 'bind', path));
  }
  const fd = native.unixListen(path, BACKLOG);
  if (fd < 0) return Promise.reject(errnoError(fd, 'bind', path));
  const open = new Set<AcceptedFdStream>();
  let closed = false;
  const onConnection = (c: number): void => {
    const uid = native.peerUid(c);
    // The handlers are known only once accept() returned; reads start on a later turn of the loop.
    let h: StreamHandlers | undefined;
    let stream: AcceptedFdStream;
    try {
      stream = new AcceptedFdStream(path, c, uid >= 0 ? uid : undefined, {
        onData: (chunk) => h?.onData(chunk),
        onClose: (err) => { open.delete(stream); h?.onClose(err); },
      });
    } catch {
      return; // beyond select()'s fd limit: FdStream closed it, the peer sees EOF
    }
    open.add(stream);
    h = accept(stream);
  };
  os.setReadHandler(fd, () => {
    for (;;) {
      const c = native.unixAccept(fd);
      if (c >= 0) { onConnection(c); continue; }
      // EAGAIN: none left; ECONNABORTED and friends concern one peer only
      return;
    }
  });
  return Promise.resolve({
    path,
    get connections() { return open.size; },
    close(): void {
      if (closed) return;
      closed = true;
      os.setReadHandler(fd, null);
      os.close(fd);
      if (!path.startsWith('@')) os.remove(path);
      for (const s of [...open]) s.close();
    },
  });
}
