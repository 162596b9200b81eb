// `qmi4g demo`: the main job on the built-in simulator — handler, daemon, ubus, netifd stand-in, DHCP when root — and the status a person reads.
import * as path from 'node:path';
import { canUseNetns } from '../sim/carrier-network';
import { startHarness } from '../sim/harness';
import { formatStatus } from '../daemon/status';
import { createLogger } from '../log';
import type { ParsedArgs } from './args';

/**
 * Runs `ifup wdm0` with the seed-000 config (wwanif 'broadband') against a simulated modem.
 * As root: wwan0 lives in a network namespace and gets its lease by real DHCP (dnsmasq on the
 * carrier side, busybox udhcpc). Otherwise: `dhcp 0`, the modem's settings reported as static.
 * Prints what netifd was told and `qmi4g status`; then `ifdown`. `--keep` stays up until Ctrl-C.
 */
export async function demoCommand(a: ParsedArgs, out: (s: string) => void = (s) => process.stdout.write(`${s}\n`)): Promise<number> {
  const bundle = path.resolve(process.argv[1] ?? 'dist/qmi4g.js');
  const netns = canUseNetns();
  const log = createLogger('demo');
  out(netns
    ? 'qmi4g demo: simulated QMI modem, wwan0 in a network namespace, real DHCP from the carrier side'
    : 'qmi4g demo: simulated QMI modem (not root: no network namespaces, so dhcp 0 — the modem\'s settings are reported as static)');
  const h = await startHarness({ bundle, netns, daemon: 'child', scenario: netns ? { dataFormat: '802.3', dataFormats: ['802.3'] } : {}, log: log.child('harness') });
  try {
    const config: Record<string, unknown> = netns
      ? { wdmif: h.devicePath, wwanif: 'broadband', apn: 'internet' }
      : { wdmif: h.devicePath, apn: 'internet', dhcp: '0', pdptype: 'ipv4v6', dhcpv6: '0' };
    out(`\n$ ifup wdm0   (netifd runs: qmi4g.sh qmi4g setup wdm0 '${JSON.stringify(config)}')`);
    const t0 = Date.now();
    const connected = h.waitState('wdm0', (s) => s.state === 'connected' || s.state === 'failed', 30_000);
    const lease = netns ? h.nextLease(30_000) : undefined;
    const r = await h.handler('setup', 'wdm0', config);
    if (r.status !== 0) { out(`handler failed (exit ${r.status}): ${r.output}`); return 1; }
    const s = await connected;
    out(`session ${s.state} after ${Date.now() - t0} ms`);
    if (lease) {
      const l = await lease;
      out(`DHCP on wwan0 (ifup broadband): lease ${l.ip}/${l.mask} router ${l.router} dns ${l.dns} after ${Date.now() - t0} ms; wwan0 has ${h.net!.addresses().join(', ')}`);
    }
    out('\nnetifd was told:');
    for (const c of h.netifd.calls) out(`  ubus call ${c.path} ${c.method} '${JSON.stringify(c.args)}'`);
    const status = (await h.client.call('qmi4g', 'status', { interface: 'wdm0' })) ?? {};
    out('\n$ qmi4g status');
    out(formatStatus(status as Record<string, any>));
    if (a.json) out(JSON.stringify(status, null, 2));
    if (a.keep) {
      out(`\nkept running. Try:\n  node ${bundle} status --ubus-socket ${h.socketPath}\n  node ${bundle} ubus -s ${h.socketPath} call qmi4g status\nCtrl-C to stop.`);
      await new Promise<void>((res) => { process.once('SIGINT', res); process.once('SIGTERM', res); });
    }
    out('\n$ ifdown wdm0');
    const down = h.waitState('wdm0', (x) => x.state === 'down', 15_000);
    await h.handler('teardown', 'wdm0', config);
    await down;
    out(`modem saw Stop Network: ${h.sim.stats.stopNetworkSeen ? 'yes' : 'no'}; client ids allocated ${h.sim.stats.allocations}, released ${h.sim.stats.releases}`);
    return s.state === 'connected' ? 0 : 1;
  } finally {
    await h.close();
  }
}
