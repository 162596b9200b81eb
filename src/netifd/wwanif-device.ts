// The network device of a `wwanif` interface when sysfs names none: netifd's own status, else its uci ifname/device.
import { findSection, getOption, readUciFile } from '../uci';
import type { UbusCaller } from './link';

/** Where the daemon reads uci's network config (OpenWrt's /etc/config/network). */
export const NETWORK_CONFIG = '/etc/config/network';

const IFNAME_RE = /^[A-Za-z0-9_.-]{1,15}$/;

/** A usable Linux interface name (IFNAMSIZ 16 with the NUL; no '@', which netifd uses for aliases), or undefined. */
function ifname(v: unknown): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && IFNAME_RE.test(s) ? s : undefined;
}

/**
 * The device of netifd interface `wwanif` (seed 000's `broadband`): `l3_device`, else `device`
 * from `ubus call network.interface.WWANIF status` (openwrt/netifd interface.c dumps both), else
 * the first of uci options `ifname` (pre-21.02 configs) and `device` of section WWANIF in
 * `networkFile`. Undefined when none names a plain interface; never throws (a failed ubus call
 * or an unreadable file just moves on to the next source). `tried` collects what was looked at.
 */
export async function deviceOfInterface(ubus: UbusCaller, wwanif: string, tried: string[] = [], networkFile = NETWORK_CONFIG): Promise<string | undefined> {
  try {
    const st = (await ubus.call(`network.interface.${wwanif}`, 'status', {}, { timeoutMs: 5000 })) as Record<string, unknown> | undefined;
    const found = ifname(st?.l3_device) ?? ifname(st?.device);
    if (found) return found;
    tried.push(`netifd status of ${wwanif} names no device`);
  } catch (e) {
    tried.push(`netifd status of ${wwanif}: ${(e as Error).message}`);
  }
  try {
    const pkg = await readUciFile(networkFile);
    const sec = findSection(pkg, wwanif);
    const found = sec && (ifname(getOption(sec, 'ifname')) ?? ifname(getOption(sec, 'device')));
    if (found) return found;
    tried.push(`uci ${networkFile} ${wwanif} has no ifname/device`);
  } catch (e) {
    tried.push(`uci ${networkFile}: ${(e as Error).message}`);
  }
  return undefined;
}
