// Public shapes of the ubus client: options, method handlers, object/listener/subscription handles.
import type { Clock } from '../util/wait';
import type { WaitOptions } from './connection';
import type { EncodedReply } from './encoded-reply';
import type { UbusError } from './errors';
import type { UbusJson } from './json';
import type { MethodPolicy, PolicyType } from './policy';

/** Socket paths tried in order when none is given: current, then pre-2020 (openwrt/ubus ubusd.c (socket and stream framing)). */
export const DEFAULT_SOCKET_PATHS: readonly string[] = Object.freeze(['/var/run/ubus/ubus.sock', '/var/run/ubus.sock']);

/** Reconnect backoff (ms): first delay, ceiling, growth factor. */
export interface BackoffOptions { initialMs?: number; maxMs?: number; factor?: number }

/** UbusClient options. All durations in ms. */
export interface UbusClientOptions {
  /** Unix socket of ubusd; default DEFAULT_SOCKET_PATHS, first that answers. */
  socketPath?: string;
  /** Reconnect with backoff after the session drops, restoring objects, listeners and subscriptions (default true). */
  reconnect?: boolean;
  /** Default 100 ms doubling up to 5000 ms. */
  backoff?: BackoffOptions;
  /** Connect + HELLO limit per attempt (default 5000). */
  connectTimeoutMs?: number;
  /** Request timeout when a call gives none (default 30000, the ubus CLI's). */
  defaultTimeoutMs?: number;
  /** Injectable timers. */
  clock?: Clock;
}

/** Per-call options: timeout (ms) and cancellation. */
export type CallOptions = WaitOptions;

/** Who invoked a method, as ubusd reports it (openwrt/ubus libubus-obj.c (INVOKE)). */
export interface InvokeContext {
  path: string;
  method: string;
  /** Caller's client id (the INVOKE's peer). */
  caller: number;
  user?: string;
  group?: string;
}

/**
 * A method implementation: gets the validated arguments, returns the reply table (sent as
 * DATA then STATUS 0) or that table already encoded (EncodedReply, sent as is), nothing
 * (STATUS 0 only), or throws — a UbusError's code, or an error with a `ubusStatus` name,
 * becomes the STATUS; anything else UNKNOWN_ERROR. A handler that returns a value (not a
 * promise) is answered before the INVOKE's read returns; async handlers reply when they settle
 * (deferred reply).
 */
export type MethodHandler = (args: Record<string, UbusJson>, ctx: InvokeContext) =>
  Promise<MethodResult> | MethodResult;

/** What a method handler answers with (see MethodHandler). */
export type MethodResult = Record<string, unknown> | EncodedReply | void | undefined;

/** A method: its argument policy (shown by `ubus -v list`, enforced on invoke) and handler. */
export interface UbusMethod { policy?: MethodPolicy; handler: MethodHandler }

/** Methods of an object by name; a bare handler means "no arguments declared". */
export type UbusMethods = Readonly<Record<string, UbusMethod | MethodHandler>>;

/** Options of addObject: `onSubscribers` hears ubusd's ACTIVE notices (first subscriber came / last left). */
export interface AddObjectOptions extends CallOptions { onSubscribers?: (active: boolean) => void }

/** Options of notify: `noReply` sends NO_REPLY (no STATUS at all; resolves once written). */
export interface NotifyOptions extends CallOptions { noReply?: boolean }

/** A published object. `id` changes when the client reconnects (same path). */
export interface UbusObject {
  readonly path: string;
  readonly id: number;
  readonly typeId: number;
  /** Whether ubusd reported subscribers (NOTIFY ACTIVE). */
  readonly hasSubscribers: boolean;
  /** Notifies subscribers; without noReply resolves when every subscriber answered (UbusError TIMEOUT otherwise). */
  notify(type: string, data?: Record<string, unknown>, opts?: NotifyOptions): Promise<void>;
  /** Withdraws the object (REMOVE_OBJECT) and stops restoring it. */
  remove(opts?: CallOptions): Promise<void>;
}

/** An event: its type (e.g. `qmi4g.state`) and data. */
export type EventHandler = (event: string, data: Record<string, UbusJson>) => void;

/** An event listener (anonymous object + patterns). */
export interface UbusListener {
  readonly id: number;
  readonly patterns: readonly string[];
  /** Stops listening (removes the anonymous object). */
  close(opts?: CallOptions): Promise<void>;
}

/** Handles a notification; may return a status code (default 0) or throw (its status is sent). */
export type NotificationHandler = (type: string, data: Record<string, UbusJson>) => number | void | Promise<number | void>;

/**
 * subscribe options: `onRemove` runs once when the subscription ends without close() — the
 * target object went away (ubusd's UNSUBSCRIBE). After a reconnect the subscription is
 * re-made; if the target is not back yet it waits for its ubus.object.add.
 */
export interface SubscribeOptions extends CallOptions { onRemove?: (reason: UbusError) => void }

/** A subscription to another client's object. */
export interface UbusSubscription {
  readonly path: string;
  /** Our anonymous subscriber object's id. */
  readonly id: number;
  readonly targetId: number;
  /** UNSUBSCRIBE and remove the subscriber object. */
  close(opts?: CallOptions): Promise<void>;
}

/** One LOOKUP result (openwrt/ubus libubus-req.c (ubus_invoke)). */
export interface UbusObjectInfo {
  path: string;
  id: number;
  typeId: number;
  /** method → argument → type, as `ubus -v list` shows. */
  signature: Record<string, Record<string, PolicyType>>;
}
