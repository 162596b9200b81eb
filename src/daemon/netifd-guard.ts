// Only interfaces netifd runs with proto qmi4g or mbim may be started, stopped or reconnected over ubus (a typo must not take the DHCP WAN down).
import type { Logger } from '../log';
import type { UbusCaller } from '../netifd/link';
import { MethodError } from './daemon';

/** The netifd protocols whose interfaces qmi4gd manages (netifd-proto/qmi4g.sh, netifd-proto/mbim.sh). */
export const OUR_PROTOS: readonly string[] = ['qmi4g', 'mbim'];

const NAME_RE = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Asks netifd (`ubus call network.interface.NAME status`, its `proto` field — openwrt/netifd
 * interface.c) whether `args.interface` is one of ours before `up`/`down`/`reconnect` acts on it.
 * Throws MethodError INVALID_ARGUMENT when netifd has no such interface (NOT_FOUND) or runs it
 * with another proto; nothing is sent to netifd then. A malformed name is left to the method's
 * own argument check. When netifd cannot be asked (timeout, not running) the call goes ahead,
 * logged: a ubus/netifd hiccup must not stop the daemon from serving its own interfaces.
 */
export async function requireOurInterface(bus: UbusCaller, args: Record<string, unknown>, log: Logger): Promise<void> {
  const iface = args.interface;
  if (typeof iface !== 'string' || !NAME_RE.test(iface)) return;
  let st: Record<string, unknown> | undefined;
  try {
    st = (await bus.call(`network.interface.${iface}`, 'status', {}, { timeoutMs: 5000 })) as Record<string, unknown> | undefined;
  } catch (e) {
    if ((e as Error).name === 'NOT_FOUND') throw new MethodError('INVALID_ARGUMENT', `netifd has no interface ${iface}`);
    log.warn(`[${iface}] could not ask netifd for its proto (${(e as Error).message}); going ahead`);
    return;
  }
  const proto = typeof st?.proto === 'string' ? st.proto : '';
  if (!OUR_PROTOS.includes(proto)) throw new MethodError('INVALID_ARGUMENT', `interface ${iface} has proto ${proto || 'none'}, not qmi4g or mbim`);
}

/**
 * Whether netifd is setting `iface` up or has it up (`pending` or `up` in its status): only then
 * may block_restart/setup_failed be sent. A setup_failed for an interface that is down makes
 * proto-shell tear down what is not there and netifd never sets the interface up again
 * (seen with openwrt/netifd proto-shell.c). False when netifd cannot be asked.
 */
export async function netifdIsActive(bus: UbusCaller, iface: string): Promise<boolean> {
  try {
    const st = (await bus.call(`network.interface.${iface}`, 'status', {}, { timeoutMs: 5000 })) as Record<string, unknown> | undefined;
    return st?.pending === true || st?.up === true;
  } catch { return false; }
}
