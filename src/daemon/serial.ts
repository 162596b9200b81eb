// Per-key serialisation of daemon methods: `up`/`down` of one interface, and of interfaces sharing
// one control port, run one after the other (a second `up` waits for the first to finish).

/**
 * Runs tasks one at a time per key. A task holding several keys waits for all of them; keys are
 * taken in sorted order so two tasks never wait on each other. A failing task releases its keys.
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `fn` once every task queued earlier on any of `keys` has settled; resolves or rejects as `fn` does. */
  run<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    const unique = [...new Set(keys)].sort();
    const before = unique.map((k) => this.tails.get(k) ?? Promise.resolve());
    let release!: () => void;
    const mine = new Promise<void>((r) => { release = r; });
    for (const k of unique) this.tails.set(k, mine);
    const result = Promise.all(before).then(() => fn());
    const cleanup = () => {
      release();
      for (const k of unique) if (this.tails.get(k) === mine) this.tails.delete(k);
    };
    result.then(cleanup, cleanup);
    return result;
  }

  /** Keys with work queued or running (tests). */
  get busyKeys(): string[] { return [...this.tails.keys()]; }
}
