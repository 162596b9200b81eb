// `qmi4g ubus [-s SOCKET] [-t SECONDS] call PATH METHOD [JSON]` and `send TYPE [JSON]`: the `ubus` CLI's calls, for hosts without it.
import { UbusClient } from '../ubus/client';
import { UbusError } from '../ubus/errors';
import { UsageError } from './args';

/**
 * Behaves like OpenWrt's `ubus` for `call` and `send`: prints the reply as JSON, exits with the
 * ubus status code (4 NOT_FOUND, 7 TIMEOUT, 10 CONNECTION_FAILED, …) as the real CLI does.
 */
export async function ubusCommand(argv: string[], out: (s: string) => void = (s) => process.stdout.write(`${s}\n`)): Promise<number> {
  let socketPath = process.env.UBUS_SOCKET;
  let timeoutS = 30;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '-s') socketPath = argv[++i];
    else if (argv[i] === '-t') timeoutS = Number(argv[++i]);
    else if (argv[i] === '-S') continue;
    else rest.push(argv[i]);
  }
  const [verb, ...args] = rest;
  if (verb !== 'call' && verb !== 'send') throw new UsageError('ubus: only "call PATH METHOD [JSON]" and "send TYPE [JSON]" are supported');
  let data: Record<string, unknown> = {};
  const json = verb === 'call' ? args[2] : args[1];
  if (json !== undefined) {
    try { data = JSON.parse(json); } catch { process.stderr.write('Failed to parse message data\n'); return 2; }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) { process.stderr.write('Failed to parse message data\n'); return 2; }
  }
  let client: UbusClient;
  try {
    client = await UbusClient.connect({ socketPath, reconnect: false, timeoutMs: Math.min(timeoutS, 5) * 1000 });
  } catch {
    process.stderr.write('Failed to connect to ubus\n');
    return 10;
  }
  try {
    if (verb === 'send') { await client.send(args[0], data); return 0; }
    const reply = await client.call(args[0], args[1], data, { timeoutMs: timeoutS * 1000 });
    if (reply && Object.keys(reply).length) out(JSON.stringify(reply, null, '\t'));
    return 0;
  } catch (e) {
    if (e instanceof UbusError) { process.stderr.write(`Command failed: ${e.message}\n`); return e.code; }
    throw e;
  } finally {
    client.close();
  }
}
