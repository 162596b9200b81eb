// Benchmark: ubus `status`-like call rate and latency through our broker (figures, not assertions).
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { UbusClient, startBroker } from '../src/ubus';

/** A reply shaped like `qmi4g status`: ~30 fields, nested tables and an array. */
function statusReply(n: number): Record<string, unknown> {
  return {
    interface: 'wdm0', state: 'connected', reason: 'data session up', since: 1700000000 + n, uptime: n,
    last_error: '', protocol: 'qmi',
    modem: { manufacturer: 'Quectel', model: 'EC25', revision: 'EC25EFAR06A08M4G', imei: '861234567890123' },
    sim: { state: 'ready', iccid: '8944500000000000000', imsi: '234150000000000', pin_retries: 3, puk_retries: 10 },
    registration: { state: 'registered', roaming: false, operator: 'Example', mcc: '234', mnc: '15', rat: 'lte' },
    signal: { rssi: -65, rsrp: -95, rsrq: -10, sinr: 12.5, bars: 4 },
    cell: { id: 123456789, tac: 4321, band: 'B3', earfcn: 1300 },
    ipv4: { address: '10.20.30.40', prefix: 30, gateway: '10.20.30.41', dns: ['8.8.8.8', '1.1.1.1'] },
    counters: { rx_bytes: 123456789012, tx_bytes: 9876543210, rx_packets: 1234567, tx_packets: 7654321 },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function run(caller: UbusClient, calls: number, inFlight: number): Promise<{ rate: number; p50: number; p99: number }> {
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < calls) {
      next++;
      const s = performance.now();
      await caller.call('qmi4g', 'status', { interface: 'wdm0' }, { timeoutMs: 5000 });
      lat.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  return { rate: calls / elapsed, p50: percentile(lat, 50), p99: percentile(lat, 99) };
}

async function main(): Promise<void> {
  const socketPath = path.join(os.tmpdir(), `qmi4g-bench-ubus-${process.pid}.sock`);
  const broker = await startBroker(socketPath);
  const server = await UbusClient.connect({ socketPath });
  const caller = await UbusClient.connect({ socketPath });
  let n = 0;
  await server.addObject('qmi4g', { status: { policy: { interface: 'string' }, handler: () => statusReply(n++) } });
  await run(caller, 500, 8);
  const reply = await caller.call('qmi4g', 'status', { interface: 'wdm0' });
  const fields = JSON.stringify(reply).match(/":/g)?.length ?? 0;
  console.log(`ubus bench: broker + server + caller in one process (node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'})`);
  console.log(`status reply: ${fields} fields`);
  for (const [calls, inFlight] of [[5000, 1], [20000, 32]] as const) {
    const r = await run(caller, calls, inFlight);
    console.log(`${String(inFlight).padStart(2)} in flight: ${calls} calls, ${r.rate.toFixed(0)} calls/s, p50 ${(r.p50 * 1000).toFixed(0)} µs, p99 ${(r.p99 * 1000).toFixed(0)} µs`);
  }
  caller.close();
  server.close();
  await broker.close();
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
