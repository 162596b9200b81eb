// Network device changes the daemon makes itself (MTU), through `ip` with argument arrays — never a shell.
import { platform } from '../platform';

/** Sets a device's MTU in bytes via `ip link set dev IF mtu N`; rejects with the tool's stderr. */
export function setMtu(ifname: string, mtu: number): Promise<void> {
  if (!/^[A-Za-z0-9_.@-]{1,15}$/.test(ifname)) return Promise.reject(new Error(`bad interface name ${JSON.stringify(ifname)}`));
  if (!Number.isInteger(mtu) || mtu < 68 || mtu > 65535) return Promise.reject(new Error(`bad MTU ${mtu}`));
  return platform.run(['ip', 'link', 'set', 'dev', ifname, 'mtu', String(mtu)], { timeoutMs: 5000 }).then((r) => {
    if (r.exitCode === 0) return;
    const why = r.stderr.trim() || (r.timedOut ? 'timed out after 5000 ms' : r.exitCode === 127 ? 'cannot run ip' : `exit ${r.exitCode ?? r.signal}`);
    throw new Error(`ip link set ${ifname} mtu ${mtu}: ${why}`);
  });
}
