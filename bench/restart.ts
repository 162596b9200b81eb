// Daemon restart on the real netifd + ubusd: qmi4gd kill -9 → respawned → `qmi4g status` connected again (adoption); prints figures.
import { owrtSkipReason } from '../test/helpers/owrt-env';
import { startOwrtStack } from '../test/helpers/owrt-stack';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

async function main(): Promise<void> {
  const why = owrtSkipReason();
  if (why) { console.log(`restart: skipped — ${why}`); return; }
  const s = await startOwrtStack({
    scenario: { dataFormat: '802.3' },
    network: { broadband: { ifname: 'wwan0', proto: 'dhcp', auto: 0 }, wdm0: { proto: 'qmi4g', wdmif: '$DEVICE', wwanif: 'broadband', apn: 'internet', auto: 0 } },
  });
  try {
    await s.ifup('wdm0');
    await s.waitIface('broadband', (x) => x.up && (x['ipv4-address'] ?? []).length > 0, 'lease');
    const samples: { start: number; connected: number; requests: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      await s.killDaemon('SIGKILL');
      const before = s.sim.stats.roundTrips;
      const t0 = performance.now();
      await s.startDaemon();
      const t1 = performance.now();
      for (;;) {
        const st = await s.client.call('qmi4g', 'status', { interface: 'wdm0' }).catch(() => undefined);
        if (st?.state === 'connected') break;
        await new Promise((r) => setTimeout(r, 5));
      }
      samples.push({ start: t1 - t0, connected: performance.now() - t0, requests: s.sim.stats.roundTrips - before });
    }
    const calls = s.sim.model.listSessions().length;
    samples.sort((a, b) => a.connected - b.connected);
    const m = samples[Math.floor(samples.length / 2)];
    console.log(`restart: qmi4gd kill -9 → respawn → status connected (real netifd + ubusd, ${RUNS} runs, median; the call is adopted, never redialled)`);
    console.log(`  process start → qmi4g on ubus ${m.start.toFixed(0)} ms; → connected ${m.connected.toFixed(0)} ms (min ${samples[0].connected.toFixed(0)}, max ${samples.at(-1)!.connected.toFixed(0)}); ${m.requests} modem round trips; calls on the modem: ${calls}`);
  } finally {
    await s.close();
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
