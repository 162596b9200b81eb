// The test networks' namespaces: names no live process shares, and what a killed run left behind is swept, not collided with.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { realTest } from '../helpers/owrt-env';
import { carrierTag, createCarrierNetwork, sweepStaleNamespaces } from '../../src/sim/carrier-network';

const rtest = realTest(test);
const exists = (name: string) => fs.existsSync(`/var/run/netns/${name}`);

test('tags are distinct and fit a veth name and its peer (15 bytes)', () => {
  const tags = Array.from({ length: 500 }, carrierTag);
  assert.is(new Set(tags).size, 500);
  for (const t of tags) assert.ok(`q4gv${t}c`.length <= 15, t);
});

rtest('a namespace left by a dead process is swept; one of a live process is kept; a network is made beside them', () => {
  let dead = 4_000_000;
  for (; dead > 1; dead--) { try { process.kill(dead, 0); } catch (e) { if ((e as NodeJS.ErrnoException).code === 'ESRCH') break; } }
  const stale = `q4g-r-${dead.toString(36)}-0`;
  const live = `q4g-c-${process.pid.toString(36)}-zz`;
  execFileSync('ip', ['netns', 'add', stale]);
  execFileSync('ip', ['netns', 'add', live]);
  try {
    assert.ok(sweepStaleNamespaces() >= 1);
    assert.not.ok(exists(stale), 'the dead process\'s namespace is gone');
    assert.ok(exists(live), 'ours is kept');
    const net = createCarrierNetwork();
    try { assert.ok(exists(net.routerNs) && exists(net.carrierNs)); } finally { net.destroy(); }
    assert.not.ok(exists(net.routerNs) || exists(net.carrierNs), 'destroy deletes both');
  } finally {
    for (const n of [stale, live]) { try { execFileSync('ip', ['netns', 'del', n], { stdio: 'ignore' }); } catch { /* gone */ } }
  }
});

test.run();
