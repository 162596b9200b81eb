// Publishes the daemon as ubus object `qmi4g` with typed argument policies (`ubus -v list qmi4g`).
import type { UbusClient } from '../ubus/client';
import type { UbusObject } from '../ubus/client-types';
import type { MethodPolicy } from '../ubus/policy';
import { createLogger } from '../log';
import { METHOD_POLICIES, Qmi4gDaemon } from './daemon';
import { requireOurInterface } from './netifd-guard';
import { SMS_METHOD_POLICIES } from './sms-methods';

/**
 * Adds object `qmi4g` (up, down, status, info, reconnect, hotplug, signal_history,
 * sms_list, sms_read, sms_delete, sms_send, usb_composition, scan, scan_result) to the client; re-added by the
 * client after a ubusd restart. `up`, `down`, `reconnect` and `scan` first check with netifd that the
 * interface is a qmi4g/mbim one (requireOurInterface): INVALID_ARGUMENT otherwise.
 */
export function addQmi4gObject(client: UbusClient, daemon: Qmi4gDaemon): Promise<UbusObject> {
  const p = METHOD_POLICIES as unknown as Record<keyof typeof METHOD_POLICIES, MethodPolicy>;
  const sp = SMS_METHOD_POLICIES as unknown as Record<keyof typeof SMS_METHOD_POLICIES, MethodPolicy>;
  const log = createLogger('qmi4gd:');
  const guarded = (fn: (a: Record<string, unknown>) => Promise<Record<string, unknown>>) =>
    async (a: Record<string, unknown>) => { await requireOurInterface(client, a, log); return fn(a); };
  return client.addObject('qmi4g', {
    up: { policy: p.up, handler: guarded((a) => daemon.up(a)) },
    down: { policy: p.down, handler: guarded((a) => daemon.down(a)) },
    status: { policy: p.status, handler: (a) => daemon.statusEncoded(a) },
    info: { policy: p.info, handler: (a) => daemon.info(a) },
    reconnect: { policy: p.reconnect, handler: guarded((a) => daemon.reconnect(a)) },
    hotplug: { policy: p.hotplug, handler: (a) => daemon.hotplug(a) },
    sms_list: { policy: sp.sms_list, handler: (a) => daemon.sms.list(a) },
    sms_read: { policy: sp.sms_read, handler: (a) => daemon.sms.read(a) },
    sms_delete: { policy: sp.sms_delete, handler: (a) => daemon.sms.delete(a) },
    sms_send: { policy: sp.sms_send, handler: (a) => daemon.sms.send(a) },
    usb_composition: { policy: p.usb_composition, handler: (a) => daemon.usbComposition(a) },
    scan: { policy: p.scan, handler: guarded((a) => daemon.scan(a)) },
    scan_result: { policy: p.scan_result, handler: (a) => daemon.scanResult(a) },
    signal_history: { policy: p.signal_history, handler: (a) => daemon.signalHistory(a) },
  });
}
