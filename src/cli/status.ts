// `qmi4g status`: asks qmi4gd over ubus and prints the answer as a person reads it (or JSON).
import { platform } from '../platform';
import { printLine } from './run';
import { formatStatus } from '../daemon/status';
import { UbusClient } from '../ubus/client';
import { ParsedArgs, str } from './args';

/** Prints status of one or all interfaces; resolves 0, or 1 when the daemon cannot be reached. */
export async function statusCommand(a: ParsedArgs, out: (s: string) => void = printLine): Promise<number> {
  const client = await UbusClient.connect({ socketPath: str(a, 'ubus-socket') ?? platform.env('UBUS_SOCKET'), reconnect: false, timeoutMs: 5000 });
  try {
    const iface = str(a, 'interface');
    const reply = (await client.call('qmi4g', 'status', iface ? { interface: iface } : {}, { timeoutMs: 10_000 })) ?? {};
    if (a.json) { out(JSON.stringify(reply, null, 2)); return 0; }
    const list = (iface ? [reply] : (reply.interfaces as Record<string, unknown>[] | undefined) ?? []) as Record<string, any>[];
    if (!list.length) out('no qmi4g interfaces');
    for (const s of list) out(formatStatus(s));
    return 0;
  } finally {
    client.close();
  }
}
