// A Map kept to a fixed number of entries, oldest set first out (the daemon's snapshots of
// interfaces that went down: thousands of stale names must not grow the `status` reply past
// ubus's 1 MiB message limit).

/** Snapshots of interfaces that are gone kept for `status`, at most (most recently set win). */
export const MAX_GONE_SNAPSHOTS = 64;

/** Sets `key` as the newest entry of `map` and drops the oldest entries beyond `max`. */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done) break;
    map.delete(oldest.value);
  }
}
