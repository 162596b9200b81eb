// Connectivity watchdog: probes hosts through the wwan device every interval and reports a dead link after N failed rounds.
//
// Probes (no shell anywhere; hosts and device names are validated before they reach an argv):
// - `icmp` (default): `ping -c 1 -W 2 -I IFNAME HOST` through Platform.run with an
//   argument array. busybox ping and iputils ping both take `-I` as the interface to send from
//   (SO_BINDTODEVICE), so the probe really leaves through the modem even when another WAN holds
//   the default route. Exit status 0 means a reply came back.
// - `dns`: a DNS query (`. IN NS`, RD set) over UDP to HOST:53 through Platform.udpQuery. On the
//   router (qjs) the socket is bound to the device with SO_BINDTODEVICE. Node does not expose
//   SO_BINDTODEVICE, so there the socket binds the device's own address (IPv4 for an IPv4 server,
//   a global IPv6 address for an IPv6 one): the kernel still routes by destination, and with another
//   default route the query may leave elsewhere carrying the modem's source address — upstream then
//   normally drops it, which reads as a failure (a false alarm, never a false "healthy").
//   Any well-formed answer with our id counts (even REFUSED): the server was reached. Host names
//   cannot be used with `dns` (resolving them would need the very link being tested).
// A round succeeds when any host answers; rounds never overlap (the next one is scheduled an
// interval after the previous one ended) and each is bounded by `probeTimeoutMs`.

import { platform } from '../platform';
import { ipFamily } from '../util/ip';
import { Logger, silentLogger } from '../log';
import { Clock, systemClock } from '../util/wait';
import { isValidIfname, probeHostProblem } from './probe-host';

/** How a host is probed: ICMP echo via ping(8), or a DNS query over UDP. */
export type ProbeKind = 'icmp' | 'dns';

/**
 * Sends one probe to `host` through network device `ifname`; resolves true when the host
 * answered, false otherwise (no reply, error, no address on the device). Must settle soon after
 * `signal` aborts and should not reject (a rejection counts as no answer).
 */
export type Prober = (ifname: string, host: string, signal: AbortSignal) => Promise<boolean>;

/** Watchdog settings. */
export interface WatchdogOptions {
  /** Hosts to probe (IPv4, IPv6 or host name; validated). None: the watchdog never runs. */
  readonly hosts: readonly string[];
  /** Time between rounds, ms (from the end of one round to the start of the next). > 0. */
  readonly intervalMs: number;
  /** Consecutive failed rounds before onUnhealthy. Integer ≥ 1. */
  readonly failures: number;
  /** Built-in prober to use when `prober` is not given. Default `icmp`. */
  readonly kind?: ProbeKind;
  /** Replaces the built-in prober (tests, or another probe method). */
  readonly prober?: Prober;
  /** Upper bound of one round, ms; its probes are aborted then. Default min(5000, intervalMs). */
  readonly probeTimeoutMs?: number;
  readonly clock?: Clock;
  readonly log?: Logger;
}

/** A watchdog for one interface; start it when connected, call the returned stop when leaving. */
export interface Watchdog {
  /**
   * Starts probing through `ifname`; the first round runs after one interval. After `failures`
   * failed rounds in a row `onUnhealthy(why)` is called once and probing stops until start is
   * called again. Returns stop (idempotent; aborts a round in flight). With no hosts, or an
   * invalid `ifname` (logged), nothing runs and stop does nothing.
   */
  start(ifname: string, onUnhealthy: (why: string) => void): () => void;
}

/** Wait for one ping reply, seconds (`ping -W`). */
const PING_WAIT_S = 2;
/** Hard limit on the ping process itself, ms (name resolution included). */
const PING_KILL_MS = 4000;
/** DNS server port (RFC 1035 §4.2). */
const DNS_PORT = 53;
/** Longest wait for a DNS answer, ms (the round's own limit usually ends it first). */
const DNS_WAIT_MS = 5000;

/**
 * Creates a watchdog. Throws RangeError when a host is invalid, `intervalMs` is not > 0 or
 * `failures` is not an integer ≥ 1 (the daemon validates config first, so this is a bug guard).
 */
export function createWatchdog(opts: WatchdogOptions): Watchdog {
  for (const h of opts.hosts) {
    const problem = probeHostProblem(h);
    if (problem) throw new RangeError(`watchdog: invalid probe host ${JSON.stringify(h)}: ${problem}`);
  }
  if (!(opts.intervalMs > 0)) throw new RangeError(`watchdog: intervalMs must be > 0, got ${opts.intervalMs}`);
  if (!Number.isInteger(opts.failures) || opts.failures < 1) throw new RangeError(`watchdog: failures must be an integer >= 1, got ${opts.failures}`);
  const hosts = [...opts.hosts];
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? silentLogger;
  const kind = opts.kind ?? 'icmp';
  const prober = opts.prober ?? (kind === 'dns' ? dnsProber : icmpProber(log));
  const roundMs = opts.probeTimeoutMs ?? Math.min(5000, opts.intervalMs);

  return {
    start(ifname, onUnhealthy) {
      if (hosts.length === 0) return () => {};
      if (!isValidIfname(ifname)) {
        log.error(`watchdog: not starting on invalid device name ${JSON.stringify(ifname)}`);
        return () => {};
      }
      let stopped = false;
      let failed = 0;
      let timer: unknown;
      let round: AbortController | undefined;

      const schedule = () => { timer = clock.setTimeout(() => { timer = undefined; void runOne(); }, opts.intervalMs); };
      const runOne = async () => {
        round = new AbortController();
        const ok = await probeRound(prober, ifname, hosts, round, roundMs, clock);
        round = undefined;
        if (stopped) return;
        if (ok) {
          if (failed > 0) log.info(`watchdog: ${ifname} answers again after ${failed} failed round(s)`);
          failed = 0;
          schedule();
          return;
        }
        failed++;
        log.warn(`watchdog: no answer from ${hosts.join(', ')} via ${ifname} (${kind}), round ${failed} of ${opts.failures}`);
        if (failed < opts.failures) { schedule(); return; }
        stopped = true;
        const why = `no answer from ${hosts.join(', ')} via ${ifname} (${kind}) in ${failed} rounds ${Math.round(opts.intervalMs / 1000)} s apart`;
        try { onUnhealthy(why); } catch (e) { log.error(`watchdog: onUnhealthy threw: ${(e as Error)?.message ?? String(e)}`); }
      };

      schedule();
      return () => {
        if (stopped) return;
        stopped = true;
        if (timer !== undefined) clock.clearTimeout(timer);
        round?.abort();
      };
    },
  };
}

/** One round: true as soon as any probe says true; false when all said false or after `limitMs` (probes aborted). */
function probeRound(prober: Prober, ifname: string, hosts: readonly string[], ac: AbortController, limitMs: number, clock: Clock): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    let left = hosts.length;
    let done = false;
    const finish = (v: boolean) => {
      if (done) return;
      done = true;
      clock.clearTimeout(timer);
      ac.abort();
      resolve(v);
    };
    const timer = clock.setTimeout(() => finish(false), limitMs);
    ac.signal.addEventListener('abort', () => finish(false), { once: true });
    for (const h of hosts) {
      let p: Promise<boolean>;
      try { p = prober(ifname, h, ac.signal); } catch { p = Promise.resolve(false); }
      p.then((ok) => { if (ok === true) finish(true); else if (--left === 0) finish(false); },
        () => { if (--left === 0) finish(false); });
    }
  });
}

/**
 * The ICMP prober: `ping -c 1 -W 2 -I IFNAME HOST` via Platform.run (argument array, no shell),
 * killed after 4 s or on abort. True when ping exits 0. A missing ping binary (exit 127) is logged once.
 */
export function icmpProber(log: Logger = silentLogger): Prober {
  let warned = false;
  return async (ifname, host, signal) => {
    if (!isValidIfname(ifname) || probeHostProblem(host)) return false;
    if (signal.aborted) return false;
    const r = await platform.run(['ping', '-c', '1', '-W', String(PING_WAIT_S), '-I', ifname, host], { timeoutMs: PING_KILL_MS, signal });
    if (r.exitCode === 127 && !warned) {
      warned = true;
      log.warn('watchdog: ping not found; ICMP probes cannot succeed');
    }
    return r.exitCode === 0;
  };
}

/** A DNS query for `. IN NS` with recursion desired (RFC 1035 §4.1), 17 bytes. */
export function dnsQuery(id: number): Uint8Array {
  const b = new Uint8Array(17);
  const v = new DataView(b.buffer);
  v.setUint16(0, id & 0xffff);
  v.setUint16(2, 0x0100); // RD
  v.setUint16(4, 1); // QDCOUNT
  b[12] = 0; // root name
  v.setUint16(13, 2); // QTYPE NS
  v.setUint16(15, 1); // QCLASS IN
  return b;
}

/** True when `msg` is a DNS response (QR set) to query `id`. */
export function isDnsAnswer(msg: Uint8Array, id: number): boolean {
  return msg.length >= 12 && ((msg[0] << 8) | msg[1]) === (id & 0xffff) && (msg[2] & 0x80) !== 0;
}

/**
 * The DNS prober: one query to HOST:53 through the device (Platform.udpQuery: SO_BINDTODEVICE on
 * the router, the device's address as source on Node — see the file comment). False for host
 * names, when the device has no address of the server's family, on any socket error, on timeout
 * and when aborted.
 */
export const dnsProber: Prober = async (ifname, host, signal) => {
  if (ipFamily(host) === 0 || signal.aborted) return false;
  const id = platform.randomBytes(2);
  const qid = (id[0] << 8) | id[1];
  try {
    await platform.udpQuery({ host, port: DNS_PORT, device: ifname, payload: dnsQuery(qid), timeoutMs: DNS_WAIT_MS, signal, accept: (m) => isDnsAnswer(m, qid) });
    return true;
  } catch {
    return false;
  }
};
