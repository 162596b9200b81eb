// sysfs discovery: the network device behind a control port, and qmi_wwan's raw_ip flag. Root overridable for tests.
import { platform } from '../platform';
import { baseName, dirName, joinPath, normalizePath } from '../util/path';

/** The sysfs root: `QMI4G_SYSFS_ROOT` or /sys (tests point it at a fake tree). */
export function sysfsRoot(): string { return platform.env('QMI4G_SYSFS_ROOT') || '/sys'; }

function list(dir: string): string[] {
  try { return platform.fs.readdir(dir).sort(); } catch { return []; }
}

/**
 * The names a control port goes by: the basename of `port`, then of each symlink hop it points
 * through (e.g. `/dev/modem` → `cdc-wdm0` → …), then of its realpath; duplicates dropped, at most
 * 8 hops. A path that does not exist gives just its basename.
 */
export function portNames(port: string): string[] {
  const names = [baseName(port)];
  let p = port;
  for (let i = 0; i < 8; i++) {
    let target: string;
    try { target = platform.fs.readlink(p); } catch { break; }
    p = target.startsWith('/') ? normalizePath(target) : joinPath(dirName(p), target);
    names.push(baseName(p));
  }
  try { names.push(baseName(platform.fs.realpath(port))); } catch { /* missing port: the names so far */ }
  return [...new Set(names)];
}

/**
 * Network device names of a control port, as a router finds them: for each of portNames(port),
 * `/dev/cdc-wdm0` → class usbmisc → its USB interface's `net/` (qmi_wwan, cdc_mbim);
 * `/dev/wwan0qmi0`/`wwan0mbim0` (MHI, class wwan) → the port's or its wwan device's `net/`.
 * Empty when none is found (the caller falls back to wwanif's device or reports NO_IFACE).
 */
export function netDevicesOfPort(port: string, root = sysfsRoot()): string[] {
  for (const name of portNames(port)) {
    const candidates = [
      joinPath(root, 'class', 'usbmisc', name, 'device', 'net'),
      joinPath(root, 'class', 'wwan', name, 'device', 'net'),
    ];
    const wwanDev = /^(wwan\d+)/.exec(name)?.[1];
    if (wwanDev) candidates.push(joinPath(root, 'class', 'wwan', wwanDev, 'device', 'net'));
    for (const c of candidates) {
      const found = list(c);
      if (found.length) return found;
    }
  }
  return [];
}

/** qmi_wwan's raw-IP flag (`/sys/class/net/IF/qmi/raw_ip` = Y) — undefined when the file is absent. */
export function readRawIp(ifname: string, root = sysfsRoot()): boolean | undefined {
  try {
    return platform.fs.readText(joinPath(root, 'class', 'net', ifname, 'qmi', 'raw_ip')).trim().toUpperCase().startsWith('Y');
  } catch { return undefined; }
}

/**
 * Sets qmi_wwan's raw-IP flag (`/sys/class/net/IF/qmi/raw_ip`, `Y` or `N`) as OpenWrt qmi.sh
 * does before the link goes up (`echo Y > /sys/class/net/$ifname/qmi/raw_ip`), and reads it
 * back. Returns the value now in effect; undefined when the attribute does not exist (not
 * qmi_wwan: MHI/cdc_mbim devices are raw-IP by nature). Throws the write error (e.g. EBUSY:
 * the kernel refuses while the device is up) when the flag still differs afterwards.
 */
export function writeRawIp(ifname: string, on: boolean, root = sysfsRoot()): boolean | undefined {
  const now = readRawIp(ifname, root);
  if (now === undefined || now === on) return now;
  platform.fs.writeFile(joinPath(root, 'class', 'net', ifname, 'qmi', 'raw_ip'), on ? 'Y\n' : 'N\n');
  return readRawIp(ifname, root);
}

/** Does a network device exist (`/sys/class/net/IF`)? */
export function netDeviceExists(ifname: string, root = sysfsRoot()): boolean {
  return platform.fs.exists(joinPath(root, 'class', 'net', ifname));
}
