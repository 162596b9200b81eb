// End to end as netifd drives it: handler → ubus → daemon → simulated modem → link-up → real DHCP on wwan0 in a namespace.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { canUseNetns } from '../helpers/netns';
import { Harness, startHarness } from '../../src/sim/harness';

const BUNDLE = path.resolve(__dirname, '../../dist/qmi4g.js');

function verifyCount(h: Harness): number {
  return Object.entries(h.sim.stats.requests).filter(([k]) => /Verify PIN/.test(k)).reduce((a, [, n]) => a + n, 0);
}

test('root with network namespaces is available (the DHCP tests need it)', () => {
  assert.ok(canUseNetns(), 'run the e2e suite as root with ip, ethtool, dnsmasq and busybox installed (npm test installs them)');
});

test('seed 000 config: ifup wdm0 → wwanif broadband up → DHCP lease on wwan0; status connected; ifdown stops the network', async () => {
  const h = await startHarness({ bundle: BUNDLE, netns: true, daemon: 'child', scenario: { dataFormat: '802.3', sim: { state: 'pin', pin: '4321', pinRetries: 3 } } });
  try {
    const config = { wdmif: h.devicePath, wwanif: 'broadband', apn: 'internet', pincode: '4321' };
    const connected = h.waitState('wdm0', (s) => s.state === 'connected' || s.state === 'failed');
    const lease = h.nextLease();
    const r = await h.handler('setup', 'wdm0', config);
    assert.is(r.status, 0, r.output);
    assert.is((await connected).state, 'connected');
    const l = await lease;
    assert.is(l.ip, '10.64.0.2');
    assert.is(l.router, '10.64.0.1');
    assert.equal(h.net!.addresses(), ['10.64.0.2/30']);
    assert.is(verifyCount(h), 1, 'PIN sent exactly once');

    const st = (await h.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.is(st.state, 'connected');
    assert.equal(st.operator, { name: 'Telekom.de', mcc: '262', mnc: '01' });
    assert.is(st.rat, 'lte');
    assert.is((st.signal as Record<string, unknown>).bars, 3);
    assert.is((st.ipv4 as Record<string, unknown>).address, '10.64.0.2');
    assert.is(st.apn, 'internet');
    assert.is((st.sim as Record<string, unknown>).state, 'ready');
    assert.not.match(JSON.stringify(st), /4321/, 'no PIN in status');

    const view = h.netifd.view('wdm0');
    assert.ok(view.up, 'wdm0 link up in netifd');
    assert.is(view.l3_device, 'wwan0');
    assert.is(view.data.operator, 'Telekom.de');
    assert.ok(h.netifd.calls.some((c) => c.path === 'network.interface.broadband' && c.method === 'up'), 'ifup broadband');

    const down = h.waitState('wdm0', (s) => s.state === 'down');
    const before = h.netifd.calls.length;
    const t = await h.handler('teardown', 'wdm0', config);
    assert.is(t.status, 0, t.output);
    await down;
    // netifd refuses link updates while it tears the interface down (PERMISSION_DENIED): none sent.
    assert.equal(h.netifd.calls.slice(before).filter((c) => c.method === 'notify_proto' && c.args.action === 0), [], 'no link update during teardown');
    assert.not.ok(h.daemonLog.some((l) => /notify link down|PERMISSION_DENIED/.test(l)), 'no refused link update in the daemon log');
    assert.ok(h.sim.stats.stopNetworkSeen, 'Stop Network sent');
    assert.ok(h.sim.stats.allocations > 0);
    assert.is(h.sim.stats.releases, h.sim.stats.allocations, 'every CID released');
    assert.is(h.sim.model.listSessions().length, 0, 'no data session left on the modem');
    assert.ok(h.netifd.calls.some((c) => c.path === 'network.interface.broadband' && c.method === 'down'), 'ifdown broadband');
    assert.not.ok(h.daemonLog.some((l) => l.includes('4321')), 'no PIN in the daemon log');
  } finally {
    await h.close();
  }
});

test('proto qmi style config (no wwanif): link-up with ifname, add_dynamic wdm0_4 (dhcp) and wdm0_6 (dhcpv6), lease on wwan0', async () => {
  const h = await startHarness({ bundle: BUNDLE, netns: true, daemon: 'child', scenario: { dataFormat: '802.3' } });
  try {
    const config = { device: h.devicePath, apn: 'internet', pdptype: 'ipv4v6', dhcpv6: '1', metric: 10, zone: 'wan' };
    const connected = h.waitState('wdm0', (s) => s.state === 'connected' || s.state === 'failed');
    const lease = h.nextLease();
    assert.is((await h.handler('setup', 'wdm0', config)).status, 0);
    assert.is((await connected).state, 'connected');
    assert.is((await lease).ip, '10.64.0.2');
    const link = h.netifd.calls.find((c) => c.method === 'notify_proto' && c.args.action === 0);
    assert.ok(link);
    assert.is(link!.args.ifname, 'wwan0');
    assert.is(link!.args['link-up'], true);
    const dyn = h.netifd.calls.filter((c) => c.method === 'add_dynamic').map((c) => c.args);
    assert.equal(dyn.map((d) => [d.name, d.ifname, d.proto]), [['wdm0_4', '@wdm0', 'dhcp'], ['wdm0_6', '@wdm0', 'dhcpv6']]);
    assert.is(dyn[0].metric, 10);
    assert.is(dyn[0].zone, 'wan');
    assert.is(dyn[1].extendprefix, 1);
    const st = (await h.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.ok((st.ipv6 as Record<string, unknown>).address, 'IPv6 session too');
    await h.handler('teardown', 'wdm0', config);
  } finally {
    await h.close();
  }
});

test('a dropped call is renewed: link reported down, data session restarted, DHCP again', async () => {
  const h = await startHarness({ bundle: BUNDLE, netns: true, daemon: 'child', scenario: { dataFormat: '802.3' } });
  try {
    const config = { wdmif: h.devicePath, wwanif: 'broadband', apn: 'internet' };
    const connected = h.waitState('wdm0', (s) => s.state === 'connected');
    const firstLease = h.nextLease();
    await h.handler('setup', 'wdm0', config);
    await connected;
    await firstLease;
    const reconnecting = h.waitState('wdm0', (s) => s.state === 'reconnecting');
    const again = h.waitState('wdm0', (s) => s.state === 'connected');
    const secondLease = h.nextLease();
    assert.is(h.sim.dropCall(), 1);
    assert.match((await reconnecting).reason, /dropped/);
    await again;
    assert.is((await secondLease).ip, '10.64.0.2');
    const st = (await h.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.is(st.reconnects, 1);
    assert.ok(h.netifd.calls.some((c) => c.method === 'notify_proto' && c.args['link-up'] === false), 'link-down reported to netifd');
    await h.handler('teardown', 'wdm0', config);
  } finally {
    await h.close();
  }
});

test.run();
