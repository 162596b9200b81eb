// The firewall zone an interface is in, as qmi.sh asks fw3 (`fw3 -q network IFACE`): read from uci over ubus.

/** The one ubus call needed (UbusClient.call fits). Rejects on ubus errors. */
export interface ZoneCaller {
  call(path: string, method: string, args: Record<string, unknown>, opts?: { timeoutMs?: number }): Promise<unknown>;
}

/**
 * The name of the first `config zone` of a `uci get {config: firewall, type: zone}` reply
 * (`{values: {SECTION: {name, network}}}`, rpcd's uci plugin) whose `network` (a uci list, or one
 * option with blank-separated names, as firewall3 reads it) holds `iface`; undefined when none does
 * or the reply has another shape. A zone without `name` is named by its section, as fw3 does.
 */
export function zoneOfInterface(reply: unknown, iface: string): string | undefined {
  const values = (reply as { values?: unknown } | null)?.values;
  if (typeof values !== 'object' || values === null) return undefined;
  const zones = Object.entries(values as Record<string, Record<string, unknown>>)
    .filter(([, s]) => s && s['.type'] === 'zone')
    .sort(([, a], [, b]) => Number(a['.index'] ?? 0) - Number(b['.index'] ?? 0));
  for (const [section, s] of zones) {
    const net = s.network;
    const names = Array.isArray(net) ? net.flatMap((n) => String(n).split(/\s+/)) : typeof net === 'string' ? net.split(/\s+/) : [];
    if (names.includes(iface)) return typeof s.name === 'string' && s.name !== '' ? s.name : section;
  }
  return undefined;
}

/**
 * Asks uci (rpcd's `uci get` on ubus) for the firewall zone of `iface`; undefined when the
 * interface is in no zone, or rpcd/uci cannot be asked (the reason goes to `onError`).
 */
export async function firewallZoneOf(ubus: ZoneCaller, iface: string, onError: (message: string) => void = () => undefined): Promise<string | undefined> {
  try {
    return zoneOfInterface(await ubus.call('uci', 'get', { config: 'firewall', type: 'zone' }, { timeoutMs: 5000 }), iface);
  } catch (e) {
    onError((e as Error).message);
    return undefined;
  }
}
