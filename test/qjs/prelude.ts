// Timer globals for unit test files on QuickJS, which has none: test fixtures (fake clocks, waits in
// tests) use Node's setTimeout/setInterval/setImmediate. Injected by scripts/qjs-tests.mjs into the
// test bundles only — never into the router bundle, where code reaches timers through the Platform
// (the router smoke tests run the real qmi4gd, which has no such globals).
import { platform } from '../../src/platform';

type G = Record<string, unknown>;
const g = globalThis as unknown as G;
interface Interval { timer: unknown; active: boolean }

if (typeof g.setTimeout !== 'function') {
  g.setTimeout = (fn: (...a: unknown[]) => void, ms = 0, ...args: unknown[]) => platform.setTimeout(() => fn(...args), ms);
  g.clearTimeout = (h: unknown) => platform.clearTimeout(h);
  g.setImmediate = (fn: (...a: unknown[]) => void, ...args: unknown[]) => platform.setTimeout(() => fn(...args), 0);
  g.clearImmediate = (h: unknown) => platform.clearTimeout(h);
  g.setInterval = (fn: (...a: unknown[]) => void, ms = 0, ...args: unknown[]) => {
    const iv: Interval = { timer: undefined, active: true };
    const tick = () => { if (!iv.active) return; iv.timer = platform.setTimeout(tick, ms); fn(...args); };
    iv.timer = platform.setTimeout(tick, ms);
    return iv;
  };
  g.clearInterval = (iv: Interval | undefined) => { if (iv) { iv.active = false; platform.clearTimeout(iv.timer); } };
  if (typeof g.queueMicrotask !== 'function') g.queueMicrotask = (fn: () => void) => { void Promise.resolve().then(fn); };
}
