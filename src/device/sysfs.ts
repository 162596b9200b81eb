// sysfs discovery: the network device behind a control port, and qmi_wwan's raw_ip flag. Root overridable for tests.
import { platform } from '../platform';
import { baseName, joinPath } from '../util/path';

/** The sysfs root: `QMI4G_SYSFS_ROOT` or /sys (tests point it at a fake tree). */
export function sysfsRoot(): string { return platform.env('QMI4G_SYSFS_ROOT') || '/sys'; }

function list(dir: string): string[] {
  try { return platform.fs.readdir(dir).sort(); } catch { return []; }
}

/**
 * Network device names of a control port: `/dev/cdc-wdm0` → class usbmisc → its USB interface's
 * `net/` (qmi_wwan, cdc_mbim); `/dev/wwan0qmi0`/`wwan0mbim0` → class wwan → the wwan device's `net/`.
 * Empty when none is found (the caller reports NO_IFACE).
 */
export function netDevicesOfPort(port: string, root = sysfsRoot()): string[] {
  const name = baseName(port);
  const candidates = [
    joinPath(root, 'class', 'usbmisc', name, 'device', 'net'),
    joinPath(root, 'class', 'wwan', name, 'device', 'net'),
  ];
  for (const c of candidates) {
    const found = list(c);
    if (found.length) return found;
  }
  const wwanDev = /^(wwan\d+)/.exec(name)?.[1];
  if (wwanDev) {
    const nets = list(joinPath(root, 'class', 'wwan', wwanDev, 'device', 'net'));
    if (nets.length) return nets;
  }
  return [];
}

/** qmi_wwan's raw-IP flag (`/sys/class/net/IF/qmi/raw_ip` = Y) — undefined when the file is absent. */
export function readRawIp(ifname: string, root = sysfsRoot()): boolean | undefined {
  try {
    return platform.fs.readText(joinPath(root, 'class', 'net', ifname, 'qmi', 'raw_ip')).trim().toUpperCase().startsWith('Y');
  } catch { return undefined; }
}

/** Does a network device exist (`/sys/class/net/IF`)? */
export function netDeviceExists(ifname: string, root = sysfsRoot()): boolean {
  return platform.fs.exists(joinPath(root, 'class', 'net', ifname));
}
