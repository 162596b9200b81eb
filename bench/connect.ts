// Connect time: from `ubus call qmi4g up` to netifd's link-up, at 0 and 20 ms simulator latency per response; prints figures.
import * as path from 'node:path';
import { startHarness } from '../src/sim/harness';

const BUNDLE = path.resolve(__dirname, '../dist/qmi4g.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Sample { ms: number; roundTrips: number; sequential: number }

async function once(latencyMs: number): Promise<Sample> {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process', scenario: { latencyMs, registration: { delayMs: 0 } } });
  try {
    const linkUp = new Promise<number>((resolve) => {
      h.netifd.on('call', (c: { method: string; args: Record<string, unknown> }) => {
        if (c.method === 'notify_proto' && c.args.action === 0 && c.args['link-up'] === true) resolve(performance.now());
      });
    });
    const t0 = performance.now();
    await h.client.call('qmi4g', 'up', { interface: 'wdm0', config: { wdmif: h.devicePath, apn: 'internet', dhcp: '0' } });
    const t1 = await linkUp;
    const caps = h.sim.stats.captured;
    return { ms: t1 - t0, roundTrips: h.sim.stats.roundTrips, sequential: caps.length };
  } finally {
    await h.close();
  }
}

async function main(): Promise<void> {
  console.log(`connect: ubus up → netifd link-up (in-process daemon, ${RUNS} runs each, median)`);
  for (const latency of [0, 20]) {
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await once(latency));
    samples.sort((a, b) => a.ms - b.ms);
    const med = samples[Math.floor(samples.length / 2)];
    const goal = 1.1 * med.roundTrips * latency + 50;
    console.log(`latency ${String(latency).padStart(2)} ms: ${med.ms.toFixed(1)} ms (min ${samples[0].ms.toFixed(1)}, max ${samples.at(-1)!.ms.toFixed(1)}), ` +
      `${med.roundTrips} modem round trips; goal ≤ 1.1 × RT × latency + 50 ms = ${goal.toFixed(0)} ms → ${med.ms <= goal ? 'met' : 'NOT met'}`);
  }
  console.log('for scale: OpenWrt qmi.sh spends ≥ 5 s in fixed sleeps and starts 20–25 uqmi processes before DHCP begins');
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
