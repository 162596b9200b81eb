// End-to-end recovery (issue 6) through handler, ubus, daemon and simulator: drops, unplug + hotplug, hang, ubusd restart, two modems.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Harness, startHarness } from '../../src/sim/harness';
import { QmiSimulator, startQmiSimulator } from '../../src/sim';
import { NetifdStandIn } from '../../src/sim/netifd-stand-in';
import { startBroker } from '../../src/ubus/broker';
import { UbusClient } from '../../src/ubus/client';
import { waitFor } from '../../src/util/wait';

const BUNDLE = path.resolve(__dirname, '../../dist/qmi4g.js');

type Call = Harness['netifd']['calls'][number];
const linkUps = (calls: Call[], iface = 'wdm0') => calls.filter((c) => c.method === 'notify_proto' && c.args.interface === iface && c.args.action === 0 && c.args['link-up'] === true);
const linkDowns = (calls: Call[], iface = 'wdm0') => calls.filter((c) => c.method === 'notify_proto' && c.args.interface === iface && c.args.action === 0 && c.args['link-up'] === false);

/** Resolves when `pred` holds, checking after every netifd call (no sleeping). */
function netifdSees(netifd: NetifdStandIn, pred: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  return waitFor<void>(what, (done) => {
    const check = () => { if (pred()) done(); };
    const later = () => setImmediate(check); // the stand-in updates its view after the 'call' event
    netifd.on('call', later);
    check();
    return () => { netifd.off('call', later); };
  }, { timeoutMs });
}

/** Lets a just-made waitState subscription reach the broker (a round trip on the same connection) before the fault. */
async function armed(h: Harness): Promise<void> { await h.client.call('qmi4g', 'info', {}); }

async function up(h: Harness, iface: string, config: Record<string, unknown>): Promise<void> {
  const connected = h.waitState(iface, (s) => s.state === 'connected' || s.state === 'failed');
  const r = await h.handler('setup', iface, { apn: 'internet', dhcp: '0', ...config });
  assert.is(r.status, 0, r.output);
  assert.is((await connected).state, 'connected');
}

test('call dropped by the network: link down, reconnected at once; a second drop right after backs off reconnect_min', async () => {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process' });
  try {
    await up(h, 'wdm0', { wdmif: h.devicePath, reconnect_min: 1, reconnect_max: 4 });
    let t0 = Date.now();
    assert.is(h.sim.dropCall(), 1);
    await netifdSees(h.netifd, () => linkUps(h.netifd.calls).length === 2, 'link up again');
    const first = Date.now() - t0;
    assert.ok(first < 800, `first reconnect at once (${first} ms)`);
    const waiting = h.waitState('wdm0', (s) => /retrying in 1 s/.test(s.reason));
    await armed(h);
    t0 = Date.now();
    h.sim.dropCall();
    await waiting;
    await netifdSees(h.netifd, () => linkUps(h.netifd.calls).length === 3, 'link up a third time');
    const second = Date.now() - t0;
    assert.ok(second >= 750, `consecutive drop backed off (${second} ms)`);
    assert.is(linkDowns(h.netifd.calls).length, 2, 'link reported down each time');
    assert.is(linkUps(h.netifd.calls).length, 3, 'and up again');
    assert.is(h.sim.model.listSessions().length, 1);
  } finally { await h.close(); }
});

test('USB unplug: NO_DEVICE, unavailable; a new modem on the same path + hotplug add: available, connected', async () => {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process' });
  let sim2: QmiSimulator | undefined;
  try {
    await up(h, 'wdm0', { wdmif: h.devicePath });
    const view = h.netifd.view('wdm0');
    await h.sim.unplug();
    await netifdSees(h.netifd, () => !view.available, 'unavailable');
    assert.is(view.available, false, 'netifd told: unavailable');
    assert.is(view.up, false);
    assert.ok(view.errors.some((e) => e.code === 'NO_DEVICE'));
    sim2 = await startQmiSimulator({ path: h.devicePath });
    const reply = await h.client.call('qmi4g', 'hotplug', { device: h.devicePath, action: 'add' });
    assert.equal(reply!.interfaces, ['wdm0']);
    await netifdSees(h.netifd, () => view.up, 'link up again');
    assert.is(view.available, true);
    assert.is(view.up, true);
    assert.is(sim2.model.listSessions().length, 1);
  } finally { await sim2?.close(); await h.close(); }
});

test('modem stops answering while connected: liveness check → hang → port reopened → connected again', async () => {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process', sessionOverrides: { livenessIntervalMs: 300, livenessTimeoutMs: 400 } });
  try {
    await up(h, 'wdm0', { wdmif: h.devicePath });
    h.sim.setUnresponsive(true);
    await netifdSees(h.netifd, () => linkDowns(h.netifd.calls).length === 1, 'hang detected, link down');
    h.sim.setUnresponsive(false);
    await netifdSees(h.netifd, () => linkUps(h.netifd.calls).length === 2, 'link up again');
    assert.ok(linkDowns(h.netifd.calls).length >= 1);
    assert.is(h.sim.model.listSessions().length, 1);
    assert.ok((h.sim.stats.requests['ctl Sync'] ?? 0) >= 2, 'reopened with CTL Sync');
  } finally { await h.close(); }
});

test('ubusd restarted: the daemon reconnects and re-reports link-up with addresses to a new netifd; status answers', async () => {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process', ubusReconnect: true });
  try {
    await up(h, 'wdm0', { wdmif: h.devicePath });
    await h.broker.close();
    fs.rmSync(h.socketPath, { force: true });
    const broker2 = await startBroker(h.socketPath);
    const client2 = await UbusClient.connect({ socketPath: h.socketPath, reconnect: false });
    const netifd2 = new NetifdStandIn(client2, h.socketPath, BUNDLE);
    try {
      await netifd2.start(['broadband']);
      await netifdSees(netifd2, () => linkUps(netifd2.calls).some((c) => Array.isArray(c.args.ipaddr)), 'link-up re-reported', 15_000);
      const v = netifd2.view('wdm0');
      assert.equal(v.ipaddr, [{ ipaddr: '10.64.0.2', mask: '30' }]);
      assert.is(v.data.qmi4g_state, 'connected');
      const st = (await client2.call('qmi4g', 'status', { interface: 'wdm0' }))!;
      assert.is(st.state, 'connected');
    } finally { netifd2.dispose(); client2.close(); await broker2.close(); }
  } finally { await h.close(); }
});

test('two modems: unplug, drop and hang on one never disturb the other', async () => {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process', sessionOverrides: { livenessIntervalMs: 300, livenessTimeoutMs: 400 } });
  const dev1 = path.join(h.dir, 'cdc-wdm1');
  fs.mkdirSync(path.join(h.sysfsRoot, 'class', 'usbmisc', 'cdc-wdm1', 'device', 'net', 'wwan1'), { recursive: true });
  const sim1 = await startQmiSimulator({ path: dev1, scenario: { data: { ipv4: { address: '10.65.0.2', prefix: 30, gateway: '10.65.0.1', dns: ['10.65.0.1'] } } } });
  try {
    await up(h, 'wdm0', { wdmif: h.devicePath });
    await up(h, 'wdm1', { wdmif: dev1 });
    const handle0 = h.sim.model.listSessions()[0].handle;
    const before = h.netifd.calls.length;
    const ups1 = () => linkUps(h.netifd.calls, 'wdm1').length;
    sim1.dropCall();
    await netifdSees(h.netifd, () => ups1() === 2, 'wdm1 reconnected after the drop');
    sim1.setUnresponsive(true);
    await netifdSees(h.netifd, () => linkDowns(h.netifd.calls, 'wdm1').length === 2, 'wdm1 hang detected');
    sim1.setUnresponsive(false);
    await netifdSees(h.netifd, () => ups1() === 3, 'wdm1 recovered from the hang');
    await sim1.unplug();
    await netifdSees(h.netifd, () => !h.netifd.view('wdm1').available, 'wdm1 unavailable');
    const after = h.netifd.calls.slice(before);
    assert.is(after.filter((c) => c.args.interface === 'wdm0').length, 0, 'netifd heard nothing about wdm0');
    assert.equal(h.sim.model.listSessions().map((s) => s.handle), [handle0], 'wdm0 session untouched');
    const st = (await h.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.is(st.state, 'connected');
    assert.is(st.reconnects, 0);
    assert.ok(after.some((c) => c.args.interface === 'wdm1' && c.args.action === 5 && c.args.available === false));
  } finally { await sim1.close(); await h.close(); }
});

test.run();
