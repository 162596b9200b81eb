// The main job on the real OpenWrt stack: netifd's ifup wdm0 → qmi4g.sh → ubus → qmi4gd → simulated modem → link-up → netifd's dhcp proto (udhcpc) leases on wwan0.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { realTest } from '../helpers/owrt-env';
import { OwrtStack, OwrtStackOptions, startOwrtStack } from '../helpers/owrt-stack';
import { after } from '../helpers/owrt-suite';

const rtest = realTest(test);

/** seed 000's /etc/config/network: DHCP interface broadband on wwan0, wdm0 bringing it up (`wwanif`). */
const SEED = (extra: Record<string, string> = {}) => ({
  broadband: { ifname: 'wwan0', proto: 'dhcp', auto: 0 },
  wdm0: { proto: 'qmi4g', wdmif: '$DEVICE', wwanif: 'broadband', apn: 'internet', auto: 0, ...extra },
});

async function withStack(o: OwrtStackOptions, fn: (s: OwrtStack) => Promise<void>): Promise<void> {
  const s = await startOwrtStack(o);
  try { await fn(s); } finally { await s.close(); }
}

function verifyCount(s: OwrtStack): number {
  return Object.entries(s.sim.stats.requests).filter(([k]) => /Verify PIN/.test(k)).reduce((a, [, n]) => a + n, 0);
}

const leased = (st: { 'ipv4-address'?: { address: string }[] }) => (st['ipv4-address'] ?? []).length > 0;

rtest('seed 000 config: ifup wdm0 → broadband leases 10.64.0.2 from the carrier; status connected in qmi4g and netifd; ifdown stops it all', async () => {
  await withStack({ scenario: { dataFormat: '802.3', dataFormats: ['802.3'], sim: { state: 'pin', pin: '4321', pinRetries: 3 } }, network: SEED({ pincode: '4321' }) }, async (s) => {
    await s.ifup('wdm0');
    const bb = await s.waitIface('broadband', leased, 'DHCP lease');
    assert.equal(bb['ipv4-address'], [{ address: '10.64.0.2', mask: 30 }]);
    assert.equal(bb.route?.map((r) => r.nexthop), ['10.64.0.1']);
    assert.is(bb.l3_device, 'wwan0');
    assert.equal(s.net.addresses(), ['10.64.0.2/30']);
    assert.is(verifyCount(s), 1, 'PIN sent exactly once');

    const st = (await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.is(st.state, 'connected');
    assert.equal(st.operator, { name: 'Telekom.de', mcc: '262', mnc: '01' });
    assert.is(st.rat, 'lte');
    assert.is((st.signal as Record<string, unknown>).bars, 3);
    assert.is((st.ipv4 as Record<string, unknown>).address, '10.64.0.2');
    assert.is((st.sim as Record<string, unknown>).state, 'ready');
    assert.not.match(JSON.stringify(st), /4321/, 'no PIN in status');

    const wdm0 = await s.ifstatus('wdm0');
    assert.ok(wdm0.up, 'wdm0 up in netifd');
    assert.is(wdm0.proto, 'qmi4g');
    assert.is(wdm0.l3_device, 'wwan0');
    assert.is(wdm0.data?.operator, 'Telekom.de');
    assert.is(wdm0.data?.qmi4g_state, 'connected');
    assert.not.match(JSON.stringify(wdm0), /4321/, 'no PIN in netifd status');
    const cli = await s.qmi4g(['status']);
    assert.is(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /wdm0 .*connected/);

    const down = s.waitState('wdm0', (x) => x.state === 'down');
    await down.ready;
    await s.ifdown('wdm0');
    await down;
    await s.waitIface('broadband', (x) => !x.up, 'broadband down after ifdown wdm0');
    await s.waitIface('wdm0', (x) => !x.up && !x.pending, 'wdm0 down');
    assert.ok(s.sim.stats.stopNetworkSeen, 'Stop Network sent');
    assert.ok(s.sim.stats.allocations > 0);
    assert.is(s.sim.stats.releases, s.sim.stats.allocations, 'every CID released');
    assert.is(s.sim.model.listSessions().length, 0, 'no data session left on the modem');
    assert.not.ok(s.daemonLog.some((l) => l.includes('4321')), 'no PIN in the daemon log');
    assert.not.ok(s.netifdLog.some((l) => l.includes('4321')), 'no PIN in the netifd log');
    // netifd refuses link updates while it tears the interface down (proto-shell.c: PERMISSION_DENIED): none sent then.
    assert.not.ok(s.daemonLog.some((l) => /notify link down|PERMISSION_DENIED/.test(l)), 'no refused link update in the daemon log');
  });
});

rtest('proto qmi style config (no wwanif): link-up names wwan0, netifd adds wdm0_4 (dhcp) and wdm0_6 (dhcpv6); wdm0_4 leases', async () => {
  await withStack({ scenario: { dataFormat: '802.3', dataFormats: ['802.3'] }, network: { wdm0: { proto: 'qmi4g', device: '$DEVICE', apn: 'internet', pdptype: 'ipv4v6', dhcpv6: '1', metric: 10, zone: 'wan', auto: 0 } } }, async (s) => {
    await s.ifup('wdm0');
    const v4 = await s.waitIface('wdm0_4', leased, 'DHCP lease on the dynamic child');
    assert.equal(v4['ipv4-address'], [{ address: '10.64.0.2', mask: 30 }]);
    assert.is(v4.proto, 'dhcp');
    assert.is(v4.dynamic, true);
    assert.is(v4.metric, 10);
    assert.is(v4.l3_device, 'wwan0');
    const wdm0 = await s.ifstatus('wdm0');
    assert.is(wdm0.l3_device, 'wwan0', 'link-up named the device found in sysfs');
    const v6 = await s.ifstatus('wdm0_6');
    assert.is(v6.dynamic, true);
    // The OpenWrt tree has no odhcp6c, so no dhcpv6 handler: netifd keeps the child with proto none.
    const handlers = (await s.client.call('network', 'get_proto_handlers', {}))!;
    assert.is(v6.proto, 'dhcpv6' in handlers ? 'dhcpv6' : 'none');
    const st = (await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.ok((st.ipv6 as Record<string, unknown>).address, 'IPv6 session too');
    await s.ifdown('wdm0');
    await s.waitIface('wdm0', (x) => !x.up, 'down');
  });
});

rtest('a dropped call is renewed: broadband goes down, the data session is restarted, DHCP leases again', async () => {
  await withStack({ scenario: { dataFormat: '802.3', dataFormats: ['802.3'] }, network: SEED() }, async (s) => {
    await s.ifup('wdm0');
    await s.waitIface('broadband', leased, 'first lease');
    const reconnecting = s.waitState('wdm0', (x) => x.state === 'reconnecting');
    await reconnecting.ready;
    const again = s.waitState('wdm0', after((x) => x.state === 'reconnecting', (x) => x.state === 'connected'));
    await again.ready;
    assert.is(s.sim.dropCall(), 1);
    assert.match((await reconnecting).reason, /dropped/);
    await s.waitIface('broadband', (x) => !x.up, 'broadband down after the drop');
    await again;
    const bb = await s.waitIface('broadband', leased, 'second lease');
    assert.equal(bb['ipv4-address'], [{ address: '10.64.0.2', mask: 30 }]);
    const st = (await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.is(st.reconnects, 1);
    assert.ok((await s.ifstatus('wdm0')).up, 'wdm0 up again');
  });
});

test.run();
