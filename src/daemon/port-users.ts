// Which interface already uses a control port: one port carries one data session for one
// netifd interface (a second one on the same wwan0 would make the first one's link flap).

/** A control-port path in one canonical spelling: repeated slashes and `/./` collapsed, no trailing slash. */
export function canonicalPort(p: string): string {
  let s = p.replace(/\/{2,}/g, '/');
  while (s.includes('/./')) s = s.replace('/./', '/');
  return s.length > 1 ? s.replace(/\/$/, '') : s;
}

/**
 * The name of another interface (not `iface`) whose config uses `port`, or undefined.
 * `entries` maps interface names to anything with `config.wdmif` (the daemon's entries).
 */
export function portUser(entries: ReadonlyMap<string, { config: { wdmif: string } }>, iface: string, port: string): string | undefined {
  const want = canonicalPort(port);
  for (const [name, e] of entries) if (name !== iface && canonicalPort(e.config.wdmif) === want) return name;
  return undefined;
}
