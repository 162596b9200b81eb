// `port_sharing` in `qmi4g status`: signs of another program that opened the interface's control port
// directly instead of through qmi-proxy/mbim-proxy (src/device/port-sharing.ts).
import { platform } from '../platform';
import { portSharing } from '../device/port-sharing';

/**
 * `reply` with `port_sharing: {direct_open_seen, last_sign, signs, seconds_ago, hint}` added when a
 * direct opener was seen on `port` (the interface's wdmif, matched as given or by its real path);
 * `reply` unchanged otherwise.
 */
export function withPortSharing<T extends Record<string, unknown>>(reply: T, port: string): T {
  if (portSharing.empty) return reply; // the usual case, every status call: no realpath syscall
  const now = Date.now(); // the devices' clock (src/util/wait.ts systemClock)
  let s = portSharing.status(port, now);
  if (!s) { try { s = portSharing.status(platform.fs.realpath(port), now); } catch { /* port gone */ } }
  return s ? { ...reply, port_sharing: s } : reply;
}
