// At daemon start: set up again the qmi4g/mbim interfaces netifd gave up on because the daemon was away (DAEMON_UNAVAILABLE).
import type { Logger } from '../log';
import type { UbusCaller } from '../netifd/link';
import { OUR_PROTOS } from './netifd-guard';

interface DumpedInterface { interface?: unknown; proto?: unknown; up?: unknown; pending?: unknown; autostart?: unknown; errors?: unknown }

/**
 * Interfaces of `ubus call network.interface dump` (openwrt/netifd interface.c) that wait for the
 * daemon: proto qmi4g/mbim, not up, not being set up (a handler still inside its 15 s wait for
 * qmi4gd sets up by itself), autostart still on, and DAEMON_UNAVAILABLE among their errors.
 */
export function waitingForDaemon(dump: unknown): string[] {
  const list = (dump as { interface?: unknown } | undefined)?.interface;
  if (!Array.isArray(list)) return [];
  return (list as DumpedInterface[]).filter((i) => typeof i.interface === 'string' && OUR_PROTOS.includes(String(i.proto))
    && i.up !== true && i.pending !== true && i.autostart === true
    && Array.isArray(i.errors) && i.errors.some((e) => (e as { code?: unknown })?.code === 'DAEMON_UNAVAILABLE'))
    .map((i) => i.interface as string);
}

/**
 * Runs `network.interface.NAME up` for each waitingForDaemon() interface; resolves with their
 * names. ubus errors are logged, never thrown (the daemon serves on regardless).
 */
export async function retriggerWaiting(bus: UbusCaller, log: Logger): Promise<string[]> {
  let dump: unknown;
  try { dump = await bus.call('network.interface', 'dump', {}, { timeoutMs: 5000 }); } catch (e) {
    log.warn(`netifd interface dump: ${(e as Error).message}`);
    return [];
  }
  const names = waitingForDaemon(dump);
  for (const n of names) {
    await bus.call(`network.interface.${n}`, 'up', {}, { timeoutMs: 5000 }).catch((e) => log.warn(`[${n}] ifup after daemon start: ${(e as Error).message}`));
  }
  return names;
}
