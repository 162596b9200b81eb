// The qjs platform's timers: one TimerQueue (deadline order) on QuickJS's os.setTimeout.
import * as os from 'qjs:os';
import type { TimerHandle } from '../types';
import { TimerQueue } from './timer-queue';

const queue = new TimerQueue({ arm: os.setTimeout, disarm: os.clearTimeout, now: os.now });

/** Platform.setTimeout: `fn` after `ms`; expired timers run earliest deadline first, ties in creation order. */
export function setTimer(fn: () => void, ms: number): TimerHandle {
  return queue.add(fn, ms);
}

/** Platform.clearTimeout. */
export function clearTimer(handle: TimerHandle): void {
  queue.cancel(handle);
}
