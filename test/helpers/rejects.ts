// One assertion for tests on Node and QuickJS: a promise rejects with an error of a given class (and message).
import * as assert from 'uvu/assert';

/** Awaits `p`; asserts it rejects with an instance of `cls` whose message matches `re`; returns that error. Fails the test if it resolves. */
export async function rejects(p: Promise<unknown>, cls: new (...a: never[]) => Error, re?: RegExp): Promise<Error> {
  try { await p; } catch (e) {
    assert.instance(e, cls);
    if (re) assert.match((e as Error).message, re);
    return e as Error;
  }
  assert.unreachable(`expected ${cls.name}`);
  throw new Error('unreachable');
}
