// Network device changes the daemon makes itself (MTU), through `ip` with argument arrays — never a shell.
import { execFile } from 'node:child_process';

/** Sets a device's MTU in bytes via `ip link set dev IF mtu N`; rejects with the tool's stderr. */
export function setMtu(ifname: string, mtu: number): Promise<void> {
  if (!/^[A-Za-z0-9_.@-]{1,15}$/.test(ifname)) return Promise.reject(new Error(`bad interface name ${JSON.stringify(ifname)}`));
  if (!Number.isInteger(mtu) || mtu < 68 || mtu > 65535) return Promise.reject(new Error(`bad MTU ${mtu}`));
  return new Promise((resolve, reject) => {
    execFile('ip', ['link', 'set', 'dev', ifname, 'mtu', String(mtu)], { timeout: 5000 }, (err, _out, stderr) => {
      if (err) reject(new Error(`ip link set ${ifname} mtu ${mtu}: ${stderr.trim() || err.message}`)); else resolve();
    });
  });
}
