// Benchmark: daemon memory over many reconnects on the real OpenWrt ubusd with simulated QMI
// modems, for qmi4gd (the QuickJS executable) and the Node bundle (figures, not assertions).
//
//   npx tsx bench/reconnect-memory.ts [--reconnects 3000] [--every 500] [--modems 4] [--only qjs,node]
// QMI4G_BENCH_QMI4GD=PATH: another qmi4gd executable.
//
// `ubus call qmi4g reconnect` round-robin over wdm0…wdmN-1, one at a time; a reconnect is done
// when netifd (the stand-in, test/router/stack.ts) was told link down and then link up again for
// that interface (notify_proto) — what netifd itself waits for, and not paced by the qmi4g.state
// event limiter (src/daemon/state-events.ts). Every `every` reconnects: VmRSS of the daemon and its
// JS heap as `ubus call qmi4g info` reports it (memory.heap_bytes: QuickJS malloc_size and object
// count, V8 heapUsed), as it is and after a full GC (`info {"gc": true}`; Node runs with --expose-gc).
// Needs `npm run build` and `npm run build:router`, and the OpenWrt tree (QMI4G_OWRT or ../shared/owrt).
import type { NetifdCall } from '../src/sim/netifd-stand-in';
import { NODE_BUNDLE, Stack, routerExe, startStack, stuck } from '../test/router/stack';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
}

const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;

/** Resolves when netifd hears link down and then link up for `iface` (notify_proto action 0); rejects after timeoutMs. */
export function linkCycled(s: Stack, iface: string, timeoutMs = 30_000, needDown = true): Promise<void> {
  return new Promise((resolve, reject) => {
    let down = !needDown;
    const off = () => { clearTimeout(t); s.netifd.off('call', onCall); };
    const onCall = (c: NetifdCall) => {
      if (c.method !== 'notify_proto' || c.args.interface !== iface || Number(c.args.action) !== 0) return;
      if (c.args['link-up'] === false) down = true;
      else if (c.args['link-up'] === true && down) { off(); resolve(); }
    };
    const t = setTimeout(() => { off(); reject(new Error(`${iface}: no link down → up within ${timeoutMs} ms:\n${s.daemonLog.slice(-20).join('\n')}`)); }, timeoutMs);
    s.netifd.on('call', onCall);
  });
}

interface Runtime { key: string; name: string; argv: string[] }

async function run(rt: Runtime, total: number, every: number, modems: number): Promise<void> {
  const s = await startStack(rt.argv, { modems });
  try {
    const sample = async (label: string, extra = '') => {
      await new Promise((r) => setTimeout(r, 300)); // timers and in-flight replies settle
      const rss = s.rssKb();
      const heap = async (gc: boolean) => {
        const m = (await s.client.call('qmi4g', 'info', gc ? { gc: true } : {}) as { memory?: Record<string, number> } | undefined)?.memory;
        if (m?.heap_bytes === undefined) return '?';
        const counts = m.heap_objects === undefined ? '' : gc
          ? ` (${m.heap_objects} objects, ${m.strings} strings ${(m.string_bytes / 1024).toFixed(0)} kB, ${m.atoms} atoms, ${m.shapes} shapes, ${m.array_elements} array elements, ${(m.buffer_bytes / 1024).toFixed(0)} kB buffers)`
          : ` (${m.heap_objects} objects)`;
        return `${(m.heap_bytes / 1024).toFixed(0)} kB${counts}`;
      };
      console.log(`  ${rt.name}: ${label.padEnd(22)} RSS ${mb(rss)}, JS heap ${await heap(false)}, after a full GC ${await heap(true)}${extra}`);
    };
    await sample('idle');
    for (let n = 0; n < modems; n++) {
      const up = linkCycled(s, `wdm${n}`, 30_000, false);
      await s.client.call('qmi4g', 'up', { interface: `wdm${n}`, config: { wdmif: s.ports[n], apn: 'internet', dhcp: '0' } });
      await up;
      if (n === 0 && modems > 1) await sample('1 modem connected');
    }
    await sample(`${modems} modems connected`);
    const t0 = performance.now();
    for (let i = 1; i <= total; i++) {
      const iface = `wdm${i % modems}`;
      const cycled = linkCycled(s, iface);
      await s.client.call('qmi4g', 'reconnect', { interface: iface }, { timeoutMs: 30_000 });
      await cycled;
      if (i % every === 0 || i === total) await sample(`after ${i} reconnects`, ` (${((performance.now() - t0) / i).toFixed(1)} ms per reconnect)`);
    }
  } finally {
    await s.close();
  }
}

/** Runs the bench for the selected runtimes (`only`: 'qjs', 'node'), printing as it goes. */
export async function reconnectMemoryBench(o: { reconnects: number; every: number; modems: number; only: string[] }): Promise<void> {
  const { reconnects: total, every, modems, only } = o;
  const runtimes: Runtime[] = [
    { key: 'qjs', name: 'qjs qmi4gd', argv: [process.env.QMI4G_BENCH_QMI4GD ?? routerExe('native')] },
    { key: 'node', name: 'node bundle', argv: [process.execPath, '--expose-gc', NODE_BUNDLE] },
  ];
  console.log(`reconnect memory: ${total} reconnects round-robin over ${modems} simulated QMI modems on the real ubusd, one at a time, each until netifd hears link down → up (goal: a flat line)`);
  for (const rt of runtimes) if (only.includes(rt.key)) await run(rt, total, every, modems);
}

async function main(): Promise<void> {
  await reconnectMemoryBench({ reconnects: Number(arg('reconnects', '3000')), every: Number(arg('every', '500')), modems: Number(arg('modems', '4')), only: arg('only', 'qjs,node').split(',') });
  if (stuck.length) console.log(`did not exit within 10 s of SIGTERM (killed): ${stuck.join('; ')}`);
}

if (require.main === module) main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
