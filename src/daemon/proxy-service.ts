// qmi4gd's proxy sockets: libqmi's proxy protocol on the abstract unix socket `qmi-proxy` (libqmi
// QMI_PROXY_SOCKET_PATH; `qmicli -p` and ModemManager connect there) and libmbim's on `mbim-proxy`
// (MBIM_PROXY_SOCKET_PATH; `mbimcli -p`), for the ports the daemon has open. Routing: src/qmi/proxy.ts
// and src/mbim/proxy.ts. Abstract sockets belong to the network namespace the daemon runs in.
import { platform, type AcceptedStream, type UnixListener } from '../platform';
import type { Logger } from '../log';
import type { Modem } from '../modem/modem';
import type { QmiDevice } from '../qmi/device';
import type { MbimDevice } from '../mbim/device';
import { QmiProxy } from '../qmi/proxy';
import { MbimProxy } from '../mbim/proxy';
import { systemClock } from '../util/wait';

/** libqmi's proxy socket (abstract namespace). */
export const QMI_PROXY_SOCKET = '@qmi-proxy';
/** libmbim's proxy socket (abstract namespace). */
export const MBIM_PROXY_SOCKET = '@mbim-proxy';

/** The running proxy sockets (either may be absent: its name was taken). */
export interface ProxyService {
  readonly qmi?: QmiProxy;
  readonly mbim?: MbimProxy;
  /** Closes both sockets and every client connection; the modems are not touched. Idempotent. */
  close(): void;
}

/** Canonical form of a device path for matching (symlinks resolved, as libqmi/libmbim compare them). */
function canonical(path: string): string {
  try { return platform.fs.realpath(path); } catch { return path; }
}

/** The device of the open modem whose port is `path` and speaks `protocol`, or undefined. */
function findDevice<D>(modems: () => Modem[], protocol: 'qmi' | 'mbim', path: string): D | undefined {
  const want = canonical(path);
  for (const m of modems()) {
    const device = (m as { device?: D }).device;
    if (m.protocol !== protocol || !device) continue;
    if (m.path === path || canonical(m.path) === want) return device;
  }
  return undefined;
}

/** Peers accepted, as libqmi's/libmbim's proxies do by default: root (uid unknown on Node: accepted). */
function allowedPeer(s: AcceptedStream, log: Logger): boolean {
  if (s.peerUid === undefined || s.peerUid === 0) return true;
  log.warn(`${s.path}: refused a client of uid ${s.peerUid} (only root may share the modem)`);
  return false;
}

/**
 * Listens on `qmi-proxy` and `mbim-proxy`; `modems()` lists the modems the daemon has open now. A socket
 * name already taken (libqmi's own qmi-proxy runs: EADDRINUSE) is logged and that proxy is not served.
 */
export async function startProxies(modems: () => Modem[], log: Logger, names = { qmi: QMI_PROXY_SOCKET, mbim: MBIM_PROXY_SOCKET }): Promise<ProxyService> {
  const qmi = new QmiProxy((p) => findDevice<QmiDevice>(modems, 'qmi', p), log.child('qmi'), systemClock);
  const mbim = new MbimProxy((p) => findDevice<MbimDevice>(modems, 'mbim', p), log.child('mbim'), systemClock);
  const listen = async (name: string, proxy: { connect(w: (b: Uint8Array) => Promise<void>, end: () => void): { onData(c: Uint8Array): void; onClose(): void } }): Promise<UnixListener | undefined> => {
    try {
      const l = await platform.listenUnix(name, (s) => {
        if (!allowedPeer(s, log)) { platform.defer(() => s.close()); return { onData() {}, onClose() {} }; }
        const h = proxy.connect((b) => s.write(b), () => s.close());
        return { onData: h.onData, onClose: () => h.onClose() };
      });
      log.info(`serving libqmi/libmbim clients on ${name}`);
      return l;
    } catch (e) {
      log.warn(`${name} not served: ${(e as Error).message} (another proxy holds it?)`);
      return undefined;
    }
  };
  const [ql, ml] = await Promise.all([listen(names.qmi, qmi), listen(names.mbim, mbim)]);
  let open = true;
  return {
    qmi: ql ? qmi : undefined,
    mbim: ml ? mbim : undefined,
    close: () => {
      if (!open) return;
      open = false;
      ql?.close();
      ml?.close();
      qmi.close();
      mbim.close();
    },
  };
}
