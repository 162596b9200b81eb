// Benchmark: daemon memory over many reconnects (ubus `qmi4g reconnect` on a connected simulated QMI modem); prints RSS every 500 (figures, not assertions).
//   npx tsx bench/reconnect-memory.ts [--reconnects 3000] [--every 500] [--in-process]
// Default: the daemon is the bundle in its own process (as procd runs it), RSS read from /proc/PID/status.
// --in-process (run with node --expose-gc): the daemon in this process; prints heap used after a full GC too.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startHarness } from '../src/sim/harness';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

async function main(): Promise<void> {
  const total = arg('reconnects', 3000);
  const every = arg('every', 500);
  const inProcess = process.argv.includes('--in-process');
  const gc = (globalThis as { gc?: () => void }).gc;
  const bundle = path.resolve(__dirname, '../dist/qmi4g.js');
  const h = await startHarness({ bundle, daemon: inProcess ? 'in-process' : 'child', scenario: { registration: { delayMs: 0 } } });
  try {
    const connected = (timeoutMs = 20_000) => h.waitState('wdm0', (s) => s.state === 'connected', timeoutMs);
    const first = connected();
    const r = await h.handler('setup', 'wdm0', { wdmif: h.devicePath, apn: 'internet', dhcp: '0', pdptype: 'ipv4v6' });
    if (r.status !== 0) throw new Error(`setup failed: ${r.output}`);
    await first;
    const pid = inProcess ? process.pid : h.child!.pid!;
    const sample = (n: number) => {
      gc?.();
      const heap = inProcess ? `, heap used ${(process.memoryUsage().heapUsed / 1024).toFixed(0)} kB${gc ? ' (after GC)' : ''}` : '';
      console.log(`${String(n).padStart(6)} reconnects: daemon RSS ${(rssKb(pid) / 1024).toFixed(1)} MB${heap}`);
    };
    console.log(`reconnect memory bench: daemon ${inProcess ? 'in this process' : `pid ${pid} (bundle, own process)`}, node ${process.version}`);
    sample(0);
    const t0 = Date.now();
    for (let i = 1; i <= total; i++) {
      const up = connected();
      await h.client.call('qmi4g', 'reconnect', { interface: 'wdm0' }, { timeoutMs: 20_000 });
      await up;
      if (i % every === 0) sample(i);
    }
    console.log(`${total} reconnects in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await h.close();
  }
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
