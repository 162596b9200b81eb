// uvu's test API (https://github.com/lukeed/uvu: test, suite, test.run, before/after[.each],
// test.skip, test.only) for unit test files bundled to run on QuickJS (scripts/qjs-tests.mjs puts
// this module in place of `uvu`; `uvu/assert` itself is bundled as is). Suites run in the order
// their run() was called; the file's result is printed in uvu's words ("Total: N", "Passed: N",
// "Skipped: N") and the process exits 1 when a test failed.
import * as std from 'qjs:std';

type Fn = (ctx: Record<string, unknown>) => unknown;
interface Case { name: string; fn: Fn; skip: boolean; only: boolean }
interface Hooks { before: Fn[]; after: Fn[]; beforeEach: Fn[]; afterEach: Fn[] }

/** A uvu-style test function with its hooks and run(). */
export interface Test {
  (name: string, fn: Fn): void;
  only(name: string, fn: Fn): void;
  skip(name?: string, fn?: Fn): void;
  before: ((fn: Fn) => void) & { each(fn: Fn): void };
  after: ((fn: Fn) => void) & { each(fn: Fn): void };
  run(): void;
}

const queue: (() => Promise<void>)[] = [];
let total = 0;
let passed = 0;
let skipped = 0;
let started = false;

function describe(e: unknown): string {
  if (e instanceof Error) {
    // uvu/assert's Assertion keeps its diff in `details`
    const details = (e as { details?: unknown }).details;
    return `${e.name}: ${e.message}${typeof details === 'string' ? `\n${details}` : ''}\n${e.stack ?? ''}`;
  }
  return String(e);
}

async function runSuite(title: string, cases: Case[], hooks: Hooks, ctx: Record<string, unknown>): Promise<void> {
  const only = cases.filter((c) => c.only);
  const chosen = only.length ? only : cases;
  skipped += cases.length - chosen.length + chosen.filter((c) => c.skip).length;
  const run = chosen.filter((c) => !c.skip);
  try {
    for (const h of hooks.before) await h(ctx);
  } catch (e) {
    total += run.length;
    std.out.puts(`  FAIL ${title} (before hook): ${describe(e)}\n`);
    return;
  }
  for (const c of run) {
    total++;
    try {
      for (const h of hooks.beforeEach) await h(ctx);
      await c.fn(ctx);
      for (const h of hooks.afterEach) await h(ctx);
      passed++;
      std.out.puts(`  ok   ${title}${c.name}\n`);
    } catch (e) {
      std.out.puts(`  FAIL ${title}${c.name}\n    ${describe(e).replace(/\n/g, '\n    ')}\n`);
    }
  }
  try {
    for (const h of hooks.after) await h(ctx);
  } catch (e) {
    total++;
    std.out.puts(`  FAIL ${title} (after hook): ${describe(e)}\n`);
  }
}

async function drain(): Promise<void> {
  while (queue.length) await queue.shift()!();
  std.out.puts(`Total: ${total}\nPassed: ${passed}\nSkipped: ${skipped}\n`);
  std.out.flush();
  std.exit(passed === total ? 0 : 1);
}

/** A new suite: `suite(name, ctx)` as uvu's; test names are prefixed with `name` when given. */
export function suite(name = '', ctx: Record<string, unknown> = {}): Test {
  const cases: Case[] = [];
  const hooks: Hooks = { before: [], after: [], beforeEach: [], afterEach: [] };
  const t = ((n: string, fn: Fn) => { cases.push({ name: n, fn, skip: false, only: false }); }) as Test;
  t.only = (n, fn) => { cases.push({ name: n, fn, skip: false, only: true }); };
  t.skip = (n = '', fn = () => undefined) => { cases.push({ name: n, fn, skip: true, only: false }); };
  t.before = Object.assign((fn: Fn) => { hooks.before.push(fn); }, { each: (fn: Fn) => { hooks.beforeEach.push(fn); } });
  t.after = Object.assign((fn: Fn) => { hooks.after.push(fn); }, { each: (fn: Fn) => { hooks.afterEach.push(fn); } });
  t.run = () => {
    queue.push(() => runSuite(name ? `${name}: ` : '', cases, hooks, ctx));
    if (!started) {
      started = true;
      Promise.resolve().then(drain).catch((e) => {
        std.out.puts(`  FAIL runner: ${describe(e)}\n`);
        std.exit(1);
      });
    }
  };
  return t;
}

/** The default suite, as uvu's `test`. */
export const test = suite();
