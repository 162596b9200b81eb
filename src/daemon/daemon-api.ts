// What the daemon's ubus methods share: the bus it needs, the error a handler throws for a bad
// request, the methods' argument policies, the `interface` argument, and one running interface.
import type { NetifdLink, UbusCaller } from '../netifd/link';
import type { Session } from '../session/session';
import type { InterfaceConfig } from './config';
import type { InterfaceRecord } from './session-store';
import type { EncodedStatus } from './status-replies';

/** What the daemon needs from ubus: calls (netifd) and events; `on('reconnected')` when the client survives ubusd restarts. */
export interface DaemonBus extends UbusCaller {
  send(event: string, data: Record<string, unknown>): Promise<void>;
  on?(event: 'reconnected', listener: () => void): unknown;
}

/** Thrown by method handlers for a bad request; `ubusStatus` is the ubus status name to answer with. */
export class MethodError extends Error {
  override readonly name = 'MethodError';
  constructor(readonly ubusStatus: 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'PERMISSION_DENIED', message: string) { super(message); }
}

/** Argument types of the `qmi4g` methods (ubus policy; `ubus -v list qmi4g` shows them). */
export const METHOD_POLICIES = {
  up: { interface: { type: 'string', required: true }, config: 'table', protocol: 'string' },
  down: { interface: { type: 'string', required: true } },
  status: { interface: 'string' },
  info: { gc: 'bool' },
  reconnect: { interface: { type: 'string', required: true } },
  hotplug: { device: { type: 'string', required: true }, action: { type: 'string', required: true } },
  usb_composition: { interface: 'string', device: 'string', set: 'int32' },
  scan: { interface: { type: 'string', required: true }, force: 'bool' },
  scan_result: { interface: { type: 'string', required: true }, wait: 'bool' },
  signal_history: { interface: { type: 'string', required: true } },
} as const;

/** One running interface: its session, its netifd link, the config it runs with, its persisted record and its encoded status reply. */
export interface Entry { session: Session; link: NetifdLink; config: InterfaceConfig; configKey: string; record: InterfaceRecord; savedKey?: string; encoded: EncodedStatus }

const IFACE_RE = /^[A-Za-z0-9_.-]{1,64}$/;

/** The `interface` argument of a method: a netifd interface name; missing is allowed unless `required`. Throws MethodError INVALID_ARGUMENT. */
export function ifaceArg(args: Record<string, unknown>, required: true): string;
export function ifaceArg(args: Record<string, unknown>, required: false): string | undefined;
export function ifaceArg(args: Record<string, unknown>, required: boolean): string | undefined {
  const v = args.interface;
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || !IFACE_RE.test(v)) throw new MethodError('INVALID_ARGUMENT', 'interface must be a netifd interface name ([A-Za-z0-9_.-], 1–64 characters)');
  return v;
}
