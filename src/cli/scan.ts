// `qmi4g scan`: asks qmi4gd for a network scan over ubus, follows it to the end and prints the networks as a person reads them (or JSON).
import { platform } from '../platform';
import { printLine } from './run';
import { UbusClient } from '../ubus/client';
import { ParsedArgs, str, UsageError } from './args';

/** How long the command follows one scan at most, ms: the daemon's bound (300 s) and a margin. */
const FOLLOW_MS = 330_000;

/** One network of a `scan` reply as a text line: MCC-MNC, status, RAT, name (control characters replaced). */
export function formatNetwork(n: Record<string, unknown>): string {
  // eslint-disable-next-line no-control-regex
  const name = String(n.operator ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd');
  return `  ${`${n.mcc}-${n.mnc}`.padEnd(8)} ${String(n.status).padEnd(10)} ${String(n.rat).padEnd(8)} ${name}`;
}

/**
 * `qmi4g scan --interface IFACE [--force] [--json]`: `scan`, then `scan_result` with `wait`
 * until the scan ends (bounded by FOLLOW_MS). Resolves 0 with networks, 1 when refused (BUSY…),
 * failed or the daemon cannot be reached; throws UsageError without `--interface`.
 */
export async function scanCommand(a: ParsedArgs, out: (s: string) => void = printLine): Promise<number> {
  const iface = str(a, 'interface');
  if (!iface) throw new UsageError('scan needs --interface IFACE');
  const client = await UbusClient.connect({ socketPath: str(a, 'ubus-socket') ?? platform.env('UBUS_SOCKET'), reconnect: false, timeoutMs: 5000 });
  try {
    const started = Date.now();
    let r = (await client.call('qmi4g', 'scan', { interface: iface, ...(a.force ? { force: true } : {}) }, { timeoutMs: 40_000 })) ?? {};
    while (r.state === 'running' && Date.now() - started < FOLLOW_MS) {
      r = (await client.call('qmi4g', 'scan_result', { interface: iface, wait: true }, { timeoutMs: 40_000 })) ?? {};
    }
    if (a.json) { out(JSON.stringify(r, null, 2)); return r.state === 'done' ? 0 : 1; }
    const err = r.error as { code?: string; message?: string } | undefined;
    if (r.state !== 'done') { out(`${iface}: no scan result: ${err ? `${err.code} — ${err.message}` : String(r.state ?? 'no answer')}`); return 1; }
    const list = (r.networks as Record<string, unknown>[] | undefined) ?? [];
    out(`${iface}: ${list.length} network(s) in ${r.duration_s ?? '?'} s${r.forced ? ' (forced)' : ''}`);
    for (const n of list) out(formatNetwork(n));
    return 0;
  } finally {
    client.close();
  }
}
