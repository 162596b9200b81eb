// Publishes the daemon as ubus object `qmi4g` with typed argument policies (`ubus -v list qmi4g`).
import type { UbusClient } from '../ubus/client';
import type { UbusObject } from '../ubus/client-types';
import type { MethodPolicy } from '../ubus/policy';
import { METHOD_POLICIES, Qmi4gDaemon } from './daemon';

/** Adds object `qmi4g` (up, down, status, info, reconnect, hotplug) to the client; re-added by the client after a ubusd restart. */
export function addQmi4gObject(client: UbusClient, daemon: Qmi4gDaemon): Promise<UbusObject> {
  const p = METHOD_POLICIES as unknown as Record<keyof typeof METHOD_POLICIES, MethodPolicy>;
  return client.addObject('qmi4g', {
    up: { policy: p.up, handler: (a) => daemon.up(a) },
    down: { policy: p.down, handler: (a) => daemon.down(a) },
    status: { policy: p.status, handler: (a) => daemon.status(a) },
    info: { policy: p.info, handler: () => daemon.info() },
    reconnect: { policy: p.reconnect, handler: (a) => daemon.reconnect(a) },
    hotplug: { policy: p.hotplug, handler: (a) => daemon.hotplug(a) },
  });
}
