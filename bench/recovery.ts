// Recovery time: a network drop (Packet Service Status) → netifd link-up again, at 0 and 20 ms simulator latency; prints figures.
import * as path from 'node:path';
import { startHarness } from '../src/sim/harness';
import { waitFor } from '../src/util/wait';

const BUNDLE = path.resolve(__dirname, '../dist/qmi4g.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

async function once(latencyMs: number): Promise<{ ms: number; requests: number }> {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process', scenario: { latencyMs, registration: { delayMs: 0 } } });
  try {
    const ups = () => h.netifd.calls.filter((c) => c.method === 'notify_proto' && c.args.action === 0 && c.args['link-up'] === true).length;
    const linkUps = (n: number) => waitFor<number>('link-up', (done) => {
      const check = () => setImmediate(() => { if (ups() >= n) done(performance.now()); });
      h.netifd.on('call', check);
      check();
      return () => { h.netifd.off('call', check); };
    }, { timeoutMs: 20_000 });
    await h.client.call('qmi4g', 'up', { interface: 'wdm0', config: { wdmif: h.devicePath, apn: 'internet', dhcp: '0' } });
    await linkUps(1);
    const before = h.sim.stats.roundTrips;
    const t0 = performance.now();
    h.sim.dropCall();
    const t1 = await linkUps(2);
    return { ms: t1 - t0, requests: h.sim.stats.roundTrips - before };
  } finally {
    await h.close();
  }
}

async function main(): Promise<void> {
  console.log(`recovery: network drop → netifd link-up again (in-process daemon, ${RUNS} runs each, median)`);
  for (const latency of [0, 20]) {
    const samples = [];
    for (let i = 0; i < RUNS; i++) samples.push(await once(latency));
    samples.sort((a, b) => a.ms - b.ms);
    const m = samples[Math.floor(samples.length / 2)];
    console.log(`  latency ${String(latency).padStart(2)} ms: ${m.ms.toFixed(1)} ms, ${m.requests} modem round trips (min ${samples[0].ms.toFixed(1)}, max ${samples.at(-1)!.ms.toFixed(1)})`);
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
