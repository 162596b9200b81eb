// Side by side on the real OpenWrt stack: ifup → IPv4 address for qmi4g vs OpenWrt's qmi.sh+uqmi, and proto mbim (ours) vs OpenWrt's mbim.sh+umbim; prints times, processes spawned, ratios.
//
// Same set-up for all four: real netifd + ubusd (test/helpers/owrt-stack.ts), the simulated modem
// on a pty, wwan0 in the router namespace, netifd's own dhcp proto against the carrier's dnsmasq,
// a fake /sys/class/usbmisc/cdc-wdm0/device/net/wwan0 (qmi.sh and mbim.sh need it too).
// Time: from `ubus call network.interface.wwan up` to netifd showing an IPv4 address on `wwan`
// or its DHCP child `wwan_4`, whichever the handler uses. Processes: every fork/clone (not
// threads) and execve of netifd, qmi4gd and all their descendants during that time, counted by
// `strace -f` in a second, separate run (strace slows what it watches, so it is not timed).
import { spawn } from 'node:child_process';
import { owrtSkipReason } from '../test/helpers/owrt-env';
import { OwrtStack, startOwrtStack } from '../test/helpers/owrt-stack';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Variant { label: string; protocol: 'qmi' | 'mbim'; handlers: 'qmi4g' | 'openwrt'; proto: string }
const VARIANTS: Variant[] = [
  { label: 'qmi4g (proto qmi4g)', protocol: 'qmi', handlers: 'qmi4g', proto: 'qmi4g' },
  { label: 'OpenWrt qmi.sh + uqmi', protocol: 'qmi', handlers: 'openwrt', proto: 'qmi' },
  { label: 'qmi4g (proto mbim)', protocol: 'mbim', handlers: 'qmi4g', proto: 'mbim' },
  { label: 'OpenWrt mbim.sh + umbim', protocol: 'mbim', handlers: 'openwrt', proto: 'mbim' },
];

async function addressed(s: OwrtStack<'qmi' | 'mbim'>): Promise<void> {
  const has = async (n: string) => ((await s.ifstatus(n).catch(() => undefined))?.['ipv4-address'] ?? []).length > 0;
  await s.waitIface('wwan', () => true, 'present');
  const t0 = Date.now();
  for (;;) {
    if (await has('wwan') || await has('wwan_4')) return;
    if (Date.now() - t0 > 60_000) throw new Error(`no IPv4 address after 60 s; netifd: ${s.netifdLog.slice(-8).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Counts process creations (fork/vfork/clone without CLONE_THREAD, clone3) and execve under `pids` until stop(). */
function traceProcesses(pids: number[]): { ready: Promise<void>; stop(): Promise<{ forks: number; execs: number; programs: Record<string, number> }> } {
  const t = spawn('strace', ['-f', '-qq', '-e', 'trace=fork,vfork,clone,clone3,execve', ...pids.flatMap((p) => ['-p', String(p)])], { stdio: ['ignore', 'ignore', 'pipe'] });
  let out = '';
  let readyDone!: () => void;
  const ready = new Promise<void>((r) => { readyDone = r; });
  t.stderr!.setEncoding('utf8').on('data', (d: string) => { out += d; });
  // strace prints nothing on a quiet attach (-qq): give it a moment to attach to every pid.
  setTimeout(readyDone, 300);
  return {
    ready,
    stop: () => new Promise((resolve) => {
      t.once('exit', () => {
        const lines = out.split('\n');
        const forks = lines.filter((l) => /\b(fork|vfork|clone3?)\(/.test(l) && !/CLONE_THREAD/.test(l) && /= \d+$/.test(l.trim())).length;
        const execLines = lines.filter((l) => /\bexecve\("/.test(l) && /= 0$/.test(l.trim()));
        const programs: Record<string, number> = {};
        for (const l of execLines) { const p = /execve\("([^"]+)"/.exec(l)![1].split('/').pop()!; programs[p] = (programs[p] ?? 0) + 1; }
        resolve({ forks, execs: execLines.length, programs });
      });
      t.kill('SIGINT');
    }),
  };
}

async function once(v: Variant, trace: boolean): Promise<{ ms: number; forks?: number; execs?: number; programs?: Record<string, number> }> {
  const s = await startOwrtStack<'qmi' | 'mbim'>({
    protocol: v.protocol, handlers: v.handlers, daemon: v.handlers === 'qmi4g', scenario: { dataFormat: '802.3', registration: { delayMs: 0 } },
    network: { wwan: { proto: v.proto, device: '$DEVICE', apn: 'internet', auto: 0 } },
  });
  try {
    const pids = [s.netifdPid(), ...(s.daemon?.pid ? [s.daemon.pid] : [])];
    const tr = trace ? traceProcesses(pids) : undefined;
    await tr?.ready;
    const t0 = performance.now();
    await s.ifup('wwan');
    await addressed(s);
    const ms = performance.now() - t0;
    const counted = await tr?.stop();
    return { ms, ...counted };
  } finally { await s.close(); }
}

async function main(): Promise<void> {
  const why = owrtSkipReason();
  if (why) { console.log(`real-stack bench skipped: ${why}`); return; }
  console.log(`real stack (netifd + ubusd from QMI4G_OWRT, simulated modem, netifd dhcp proto): ifup → IPv4 address, median of ${RUNS} runs; processes from one strace -f run`);
  const res: { v: Variant; ms: number; min: number; max: number; forks: number; execs: number; programs: Record<string, number> }[] = [];
  for (const v of VARIANTS) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push((await once(v, false)).ms);
    times.sort((a, b) => a - b);
    const c = await once(v, true);
    res.push({ v, ms: times[Math.floor(times.length / 2)], min: times[0], max: times.at(-1)!, forks: c.forks ?? 0, execs: c.execs ?? 0, programs: c.programs ?? {} });
    const r = res.at(-1)!;
    const top = Object.entries(r.programs).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([p, n]) => `${p}×${n}`).join(' ');
    console.log(`${v.label.padEnd(26)} ${r.ms.toFixed(0).padStart(6)} ms (min ${r.min.toFixed(0)}, max ${r.max.toFixed(0)})  ${String(r.forks).padStart(4)} processes, ${String(r.execs).padStart(4)} execs  [${top}]`);
  }
  for (const [ours, theirs] of [[0, 1], [2, 3]] as const) {
    const a = res[ours]; const b = res[theirs];
    console.log(`${b.v.label} / ${a.v.label}: time ×${(b.ms / a.ms).toFixed(1)}, processes ×${(b.forks / Math.max(1, a.forks)).toFixed(1)}`);
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
