// The carrier side for the demo and e2e tests: a router namespace with wwan0, a carrier namespace whose dnsmasq answers DHCP.
import { execFile, execFileSync, spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A DHCP lease as udhcpc's script saw it. */
export interface Lease { ip: string; mask: string; router: string; dns: string }

/** The two namespaces, the veth pair and the carrier's DHCP server. */
export interface CarrierNetwork {
  routerNs: string;
  carrierNs: string;
  /** The modem's network device in the router namespace. */
  ifname: string;
  /** Lets the carrier side answer (data session up) or not. */
  setCarrier(up: boolean): void;
  /** Runs busybox udhcpc on wwan0 in the router namespace, as netifd's dhcp proto would; resolves with the lease or rejects. */
  dhcp(timeoutS?: number): Promise<Lease>;
  /** IPv4 addresses on wwan0 in the router namespace. */
  addresses(): string[];
  destroy(): void;
}

/** True when this process can make network namespaces with real DHCP (root; ip, ethtool, dnsmasq, busybox present). */
export function canUseNetns(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    execFileSync('sh', ['-c', 'command -v ethtool && command -v dnsmasq && command -v busybox'], { stdio: 'ignore' });
    return true;
  } catch { return false; }
}

function run(args: string[]): void { execFileSync(args[0], args.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] }); }

let seq = 0;
let swept = false;

/**
 * A tag no live process uses: this process's pid and a counter, both base 36 ("q4g-r-<pid>-<n>"), short enough for the
 * veth names (at most 15 bytes, IFNAMSIZ - 1).
 */
export function carrierTag(): string { return `${process.pid.toString(36)}-${(seq++).toString(36)}`; }

/** True when process `pid` exists (EPERM: it does, owned by another user). */
function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/**
 * Deletes the namespaces named by carrierTag whose process is gone (a test run that was killed leaves them behind, and a
 * later process with the same pid would collide with them). Returns how many were deleted; errors are ignored.
 */
export function sweepStaleNamespaces(): number {
  let names: string[];
  try { names = fs.readdirSync('/var/run/netns'); } catch { return 0; }
  let n = 0;
  for (const name of names) {
    const m = /^q4g-[rc]-([0-9a-z]+)-[0-9a-z]+$/.exec(name);
    if (!m || alive(parseInt(m[1], 36))) continue;
    try { run(['ip', 'netns', 'del', name]); n++; } catch { /* gone meanwhile */ }
  }
  return n;
}

/** Adds namespace `name`; one by that name is left over from a dead process with our pid (the tag is ours), so it goes first. */
function addNamespace(name: string): void {
  if (fs.existsSync(path.join('/var/run/netns', name))) { try { run(['ip', 'netns', 'del', name]); } catch { /* gone */ } }
  run(['ip', 'netns', 'add', name]);
}

/** Creates the network: router ns with `wwan0`, carrier ns with `carrier0` 10.64.0.1/30 and dnsmasq offering 10.64.0.2. */
export function createCarrierNetwork(tag = carrierTag()): CarrierNetwork {
  if (!swept) { swept = true; sweepStaleNamespaces(); }
  const routerNs = `q4g-r-${tag}`;
  const carrierNs = `q4g-c-${tag}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qmi4g-net-'));
  const script = path.join(dir, 'udhcpc.sh');
  const leaseFile = path.join(dir, 'lease');
  fs.writeFileSync(script, `#!/bin/sh\nif [ "$1" = bound ] || [ "$1" = renew ]; then\n  ip addr flush dev "$interface"\n  ip addr add "$ip/$mask" dev "$interface"\n  printf '%s\\n%s\\n%s\\n%s\\n' "$ip" "$mask" "$router" "$dns" > ${leaseFile}\nfi\nexit 0\n`, { mode: 0o755 });
  const veth = `q4gv${tag}`.slice(0, 14); // and its peer `${veth}c`: 15 bytes at most
  addNamespace(routerNs);
  addNamespace(carrierNs);
  let dnsmasq: ChildProcess | undefined;
  try {
    run(['ip', 'link', 'add', veth, 'type', 'veth', 'peer', 'name', `${veth}c`]);
    run(['ip', 'link', 'set', veth, 'netns', routerNs]);
    run(['ip', 'link', 'set', `${veth}c`, 'netns', carrierNs]);
    run(['ip', '-n', routerNs, 'link', 'set', veth, 'name', 'wwan0']);
    run(['ip', '-n', carrierNs, 'link', 'set', `${veth}c`, 'name', 'carrier0']);
    run(['ip', '-n', carrierNs, 'addr', 'add', '10.64.0.1/30', 'dev', 'carrier0']);
    run(['ip', 'netns', 'exec', carrierNs, 'ethtool', '-K', 'carrier0', 'tx', 'off']);
    run(['ip', '-n', routerNs, 'link', 'set', 'lo', 'up']);
    run(['ip', '-n', routerNs, 'link', 'set', 'wwan0', 'up']);
    dnsmasq = spawn('ip', ['netns', 'exec', carrierNs, 'dnsmasq', '--no-daemon', '--conf-file=/dev/null', '--interface=carrier0', '--bind-interfaces',
      '--dhcp-range=10.64.0.2,10.64.0.2,255.255.255.252,1h', '--dhcp-option=option:router,10.64.0.1', '--dhcp-option=option:dns-server,10.64.0.1',
      '--port=0', '--no-ping', `--dhcp-leasefile=${path.join(dir, 'dnsmasq.leases')}`, `--pid-file=${path.join(dir, 'dnsmasq.pid')}`], { stdio: 'ignore' });
  } catch (e) {
    try { run(['ip', 'netns', 'del', routerNs]); } catch { /* already gone */ }
    try { run(['ip', 'netns', 'del', carrierNs]); } catch { /* already gone */ }
    throw e;
  }
  return {
    routerNs, carrierNs, ifname: 'wwan0',
    setCarrier(up) { run(['ip', '-n', carrierNs, 'link', 'set', 'carrier0', up ? 'up' : 'down']); },
    dhcp(timeoutS = 10) {
      fs.rmSync(leaseFile, { force: true });
      return new Promise<Lease>((resolve, reject) => {
        execFile('ip', ['netns', 'exec', routerNs, 'busybox', 'udhcpc', '-i', 'wwan0', '-f', '-q', '-n', '-t', String(timeoutS), '-T', '1', '-s', script],
          { timeout: (timeoutS + 5) * 1000 }, (err, _out, stderr) => {
            if (err) { reject(new Error(`udhcpc: no lease (${stderr.trim().split('\n').pop()})`)); return; }
            const [ip, mask, router, dns] = fs.readFileSync(leaseFile, 'utf8').trim().split('\n');
            resolve({ ip, mask, router, dns });
          });
      });
    },
    addresses() {
      const out = execFileSync('ip', ['-n', routerNs, '-4', '-o', 'addr', 'show', 'dev', 'wwan0'], { encoding: 'utf8' });
      return [...out.matchAll(/inet (\S+)/g)].map((m) => m[1]);
    },
    destroy() {
      dnsmasq?.kill('SIGTERM');
      for (const ns of [routerNs, carrierNs]) { try { run(['ip', 'netns', 'del', ns]); } catch { /* gone */ } }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
