// The caller of bench/status.ts, in a process of its own (not beside the simulator or the daemon):
// calls OBJECT METHOD ARGS on the ubusd at SOCKET at a fixed rate, open loop (call i is sent at
// i / rate whether or not the earlier ones returned, as many LuCI tabs and scripts would), and
// prints one JSON line: the latencies in ms (send → reply decoded) and the calls that failed.
//
//   node -r tsx/cjs bench/status-client.ts SOCKET OBJECT METHOD ARGS_JSON RATE SECONDS WARMUP_CALLS
//
// WARMUP_CALLS calls at the same rate go first and are not timed (connection set-up, JIT, the
// object id lookup); a bench harness, Node only.
import { performance } from 'node:perf_hooks';
import { UbusClient } from '../src/ubus/client';

async function main(): Promise<void> {
  const [socketPath, object, method, argsJson, rateS, secondsS, warmupS] = process.argv.slice(2);
  const rate = Number(rateS);
  const args = JSON.parse(argsJson) as Record<string, unknown>;
  const total = Math.round(rate * Number(secondsS));
  const warmup = Number(warmupS ?? 0);
  const client = await UbusClient.connect({ socketPath, reconnect: false });
  const lat: number[] = [];
  let failed = 0;
  let firstError = '';
  /** Runs `n` paced calls; `record` says whether they are timed. */
  const run = async (n: number, record: boolean): Promise<number> => {
    const pending: Promise<void>[] = [];
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const s = performance.now();
      pending.push(client.call(object, method, args, { timeoutMs: 5000 }).then(
        () => { if (record) lat.push(performance.now() - s); },
        (e: Error) => { if (record) { failed++; firstError ||= e.message; } },
      ));
    }
    await Promise.all(pending);
    return (performance.now() - t0) / 1000;
  };
  await run(warmup, false);
  const elapsed = await run(total, true);
  client.close();
  process.stdout.write(`${JSON.stringify({ lat, failed, firstError, elapsed })}\n`);
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
