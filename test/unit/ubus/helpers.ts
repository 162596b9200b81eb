// Shared helpers of the ubus tests: hex vectors and the bus under test (our broker, or a real ubusd named by UBUS_SOCKET).
import * as os from 'node:os';
import * as path from 'node:path';
import * as assert from 'uvu/assert';
import { UbusBroker, UbusClient, UbusClientOptions, UbusError, startBroker } from '../../../src/ubus';

export { hex } from './hex';

/** The bus a test talks to. `broker` is undefined when UBUS_SOCKET names a real ubusd. */
export interface TestBus {
  socketPath: string;
  broker?: UbusBroker;
  /** Clients made here, closed by close(). */
  client(opts?: UbusClientOptions): Promise<UbusClient>;
  close(): Promise<void>;
}

let counter = 0;

/** A path unique to this run, so tests can share a real ubusd without collisions. */
export function uniquePath(base: string): string {
  return `${base}.t${process.pid}x${++counter}`;
}

/**
 * UBUS_SOCKET=/path/to/ubus.sock runs the integration tests against that (real) ubusd;
 * otherwise each test bus is our UbusBroker on a fresh socket under os.tmpdir().
 */
export async function startTestBus(): Promise<TestBus> {
  const real = process.env.UBUS_SOCKET;
  const socketPath = real || path.join(os.tmpdir(), `qmi4g-ubus-${process.pid}-${++counter}.sock`);
  const clients: UbusClient[] = [];
  const bus: TestBus = {
    socketPath,
    broker: real ? undefined : await startBroker(socketPath),
    async client(opts = {}) {
      const c = await UbusClient.connect({ socketPath, backoff: { initialMs: 10, maxMs: 100 }, ...opts });
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) c.close();
      // a restart test replaces bus.broker: close whichever broker is current
      await bus.broker?.close();
    },
  };
  return bus;
}

/** True when the tests run against a real ubusd (UBUS_SOCKET set). */
export const REAL_UBUSD = !!process.env.UBUS_SOCKET;

/** Resolves with the next `event` emitted by `em` (first argument), or rejects after `ms`. */
export function nextEvent<T>(em: { once(event: string, fn: (v: T) => void): unknown; off(event: string, fn: (v: T) => void): unknown }, event: string, ms = 5000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => { em.off(event, on); reject(new Error(`no ${event} within ${ms} ms`)); }, ms);
    const on = (v: T) => { clearTimeout(t); resolve(v); };
    em.once(event, on);
  });
}

/** A promise with its resolve function exposed (for deferred replies and awaited events). */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}

/** Awaits `p` and checks it rejects with a UbusError named `name` (e.g. 'NOT_FOUND'); returns the error. */
export async function rejects(p: Promise<unknown>, name: string): Promise<UbusError> {
  try { await p; } catch (e) {
    assert.instance(e, UbusError, String(e));
    assert.is((e as UbusError).name, name, (e as Error).message);
    return e as UbusError;
  }
  assert.unreachable(`resolved, expected ${name}`);
  throw new Error('unreachable');
}
