// `qmi4g ubus [-s SOCKET] [-t SECONDS] [-S] call PATH METHOD [JSON]` and `send TYPE [JSON]`: the `ubus` CLI's calls, for hosts without it.
import { UbusClient } from '../ubus/client';
import { UbusError, UbusStatus, statusText } from '../ubus/errors';
import { formatBlobmsgJson } from '../ubus/json';
import { UsageError } from './args';
import { platform } from '../platform';
import { printLine } from './run';

/** Where output goes, and whether stderr is a terminal (the real CLI's exit codes depend on it). */
export interface UbusCommandIo {
  err?: (s: string) => void;
  stderrIsTty?: boolean;
}

const USAGE = 'Usage: ubus [-s SOCKET] [-t SECONDS] [-S] call PATH METHOD [JSON] | send TYPE [JSON]\n';

/**
 * Behaves like OpenWrt's `ubus` CLI (ubus 3cc98db, checked side by side against a real ubusd;
 * docs/ubus.md "Verified against real ubusd") for `call` and `send`:
 * - each DATA reply is printed as libubox formats it (tab-indented, doubles as "%lf"; `-S` compact);
 * - no ubusd: "Failed to connect to ubus", exit 255;
 * - `call` to a path that LOOKUP does not find: "Command failed: Not found", exit 4;
 * - the call itself failing (status N from the object or ubusd, TIMEOUT, unparsable JSON):
 *   when stderr is not a terminal (scripts, netifd) "Command failed: ubus call ARGS (text)" and
 *   exit 256 − N (INVALID_ARGUMENT → 254, which also prints the usage, as the real CLI does);
 *   on a terminal or with -S, exit N ("Command failed: text" unless -S);
 * - `send` failing with N (PERMISSION_DENIED for ubus.*, PARSE_ERROR 12 for bad JSON): exit N.
 * Returns the exit code (0–255).
 */
export async function ubusCommand(argv: string[], out: (s: string) => void = printLine, io: UbusCommandIo = {}): Promise<number> {
  const err = io.err ?? ((s: string) => { platform.writeStderr(s); });
  const tty = io.stderrIsTty ?? platform.isatty(2);
  let socketPath = platform.env('UBUS_SOCKET');
  let timeoutS = 30;
  let simple = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '-s') socketPath = argv[++i];
    else if (argv[i] === '-t') timeoutS = Number(argv[++i]);
    else if (argv[i] === '-S') simple = true;
    else if (argv[i] === '-v') continue;
    else rest.push(argv[i]);
  }
  const [verb, ...args] = rest;
  if (verb !== 'call' && verb !== 'send') throw new UsageError('ubus: only "call PATH METHOD [JSON]" and "send TYPE [JSON]" are supported');
  if (verb === 'call' ? args.length < 2 || args.length > 3 : args.length < 1 || args.length > 2) throw new UsageError(`ubus: wrong number of arguments for ${verb}`);
  // A positive status: "Command failed: text" (unless -S), exit code = status.
  const failed = (code: number): number => { if (!simple) err(`Command failed: ${statusText(code)}\n`); return code & 0xff; };
  // ubus_cli_error: scripts (stderr not a tty) get the command line and 256 − status.
  const callFailed = (code: number): number => {
    if (simple || tty) return failed(code);
    err(`Command failed: ubus ${verb} ${args.map((a) => `${a} `).join('')}(${statusText(code)})\n`);
    if (code === UbusStatus.INVALID_ARGUMENT) err(USAGE);
    return (256 - code) & 0xff;
  };
  let client: UbusClient;
  try {
    client = await UbusClient.connect({ socketPath, reconnect: false, timeoutMs: Math.min(timeoutS, 5) * 1000 });
  } catch {
    err('Failed to connect to ubus\n');
    return 255;
  }
  try {
    let data: Record<string, unknown> = {};
    const json = verb === 'call' ? args[2] : args[1];
    if (json !== undefined) {
      let parsed: unknown;
      try { parsed = JSON.parse(json); } catch { parsed = undefined; }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return verb === 'call' ? callFailed(UbusStatus.PARSE_ERROR) : failed(UbusStatus.PARSE_ERROR);
      }
      data = parsed as Record<string, unknown>;
    }
    if (verb === 'send') {
      try { await client.send(args[0], data, { timeoutMs: timeoutS * 1000 }); } catch (e) { if (e instanceof UbusError) return failed(e.code); throw e; }
      return 0;
    }
    let id: number;
    try {
      const found = (await client.lookup(args[0], { timeoutMs: timeoutS * 1000 })).find((o) => o.path === args[0]);
      if (!found) return failed(UbusStatus.NOT_FOUND);
      id = found.id;
    } catch (e) {
      if (e instanceof UbusError) return failed(e.code);
      throw e;
    }
    let replies: Uint8Array[];
    try { replies = await client.callRaw(id, args[1], data, { timeoutMs: timeoutS * 1000 }); } catch (e) { if (e instanceof UbusError) return callFailed(e.code); throw e; }
    for (const r of replies) out(formatBlobmsgJson(r, !simple));
    return 0;
  } finally {
    client.close();
  }
}
