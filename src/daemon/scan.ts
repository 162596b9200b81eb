// `ubus call qmi4g scan` / `scan_result`: one network scan at a time per interface, refused during a live call unless forced.
import type { Modem, ScanNetwork } from '../modem/modem';
import { ModemError } from '../modem/modem-errors';
import type { Logger } from '../log';
import { NETWORK_SCAN_TIMEOUT_MS } from '../modem/qmi-scan';

/**
 * How long `scan` holds its ubus reply for the result, ms: below the 30 s `ubus call` waits by
 * default (openwrt/ubus cli.c `-t` timeout), so a scan that ends in time answers at once and a
 * longer one answers `running` (then `scan_result`).
 */
export const SCAN_REPLY_WAIT_MS = 25_000;

/** Jobs kept after they end (their results stay readable by `scan_result`). */
const MAX_JOBS = 16;

/** One scan of one interface: running, done (networks), or failed (error). Times epoch ms. */
export interface ScanJob {
  state: 'running' | 'done' | 'failed';
  started: number;
  finished?: number;
  forced: boolean;
  networks?: ScanNetwork[];
  error?: { code: string; message: string };
  /** Resolves when the job ends; never rejects. */
  readonly done: Promise<void>;
  readonly abort: AbortController;
}

/** What `scan` needs to know about the interface right now. */
export interface ScanTarget {
  modem?: Modem;
  /** The session state (status words): a data call is live (or being set up) while `connected` or `connecting`. */
  state: string;
}

/** A refusal answered as `{ok: false, error: {code, message}}` (like `up`'s CONFIG_INVALID). */
export interface ScanRefusal { ok: false; error: { code: string; message: string } }

/** The ubus reply of a job: times in epoch s; networks as {mcc, mnc, operator, status, rat}. */
export function scanReply(iface: string, j: ScanJob): Record<string, unknown> {
  const r: Record<string, unknown> = { ok: j.state !== 'failed', interface: iface, state: j.state, started: Math.floor(j.started / 1000), forced: j.forced };
  if (j.finished !== undefined) { r.finished = Math.floor(j.finished / 1000); r.duration_s = Math.round((j.finished - j.started) / 1000); }
  if (j.networks) r.networks = j.networks.map((n) => ({ ...n }));
  if (j.error) r.error = { ...j.error };
  if (j.state === 'running') r.hint = `the scan goes on; ubus call qmi4g scan_result '{"interface":"${iface}","wait":true}'`;
  return r;
}

/**
 * The scans of all interfaces. `start` refuses (BUSY) while a data call is connected (or being
 * started) unless
 * `force`; with `force` it logs that the call may drop — the session's own recovery reconnects
 * it. A scan already running is joined, never doubled. Each scan is bounded by
 * NETWORK_SCAN_TIMEOUT_MS and aborted by `cancel` (interface down).
 */
export class ScanJobs {
  private readonly jobs = new Map<string, ScanJob>();

  constructor(private readonly log: Logger, private readonly now: () => number = Date.now) {}

  /** The job of `iface`, running or ended, if any. */
  get(iface: string): ScanJob | undefined { return this.jobs.get(iface); }

  /** Starts (or joins) the scan of `iface`; a refusal when it cannot run now. */
  start(iface: string, t: ScanTarget, force: boolean): ScanJob | ScanRefusal {
    const running = this.jobs.get(iface);
    if (running?.state === 'running') return running;
    const modem = t.modem;
    if (!modem) return refuse('NO_DEVICE', `${iface}: the modem is not open (state ${t.state}); a scan needs an open modem`);
    if (!modem.scan) return refuse('DEVICE_NOT_SUPPORTED', `${iface}: this modem cannot scan for networks`);
    const live = t.state === 'connected' || t.state === 'connecting';
    if (live && !force) {
      return refuse('BUSY', `${iface}: a data call is ${t.state} and a network scan may drop it; call again with "force": true to scan anyway (the call then reconnects by itself)`);
    }
    if (live) this.log.warn(`[${iface}] forced network scan during a live call: the call may drop; it reconnects by itself`);
    const abort = new AbortController();
    const job: ScanJob = { state: 'running', started: this.now(), forced: force, abort, done: Promise.resolve() };
    (job as { done: Promise<void> }).done = modem.scan({ signal: abort.signal, timeoutMs: NETWORK_SCAN_TIMEOUT_MS }).then(
      (networks) => { job.state = 'done'; job.networks = networks; this.log.info(`[${iface}] network scan: ${networks.length} network(s)`); },
      (e: unknown) => {
        job.state = 'failed';
        job.error = { code: e instanceof ModemError ? e.code : abort.signal.aborted ? 'CANCELLED' : 'INTERNAL_ERROR', message: (e as Error)?.message ?? String(e) };
        this.log.warn(`[${iface}] network scan failed: ${job.error.message}`);
      },
    ).finally(() => { job.finished = this.now(); });
    this.jobs.delete(iface);
    this.jobs.set(iface, job);
    while (this.jobs.size > MAX_JOBS) this.jobs.delete(this.jobs.keys().next().value as string);
    return job;
  }

  /** Aborts the running scan of `iface` (the interface goes down). */
  cancel(iface: string): void {
    const j = this.jobs.get(iface);
    if (j?.state === 'running') j.abort.abort();
  }
}

function refuse(code: string, message: string): ScanRefusal { return { ok: false, error: { code, message } }; }

