// Recovery on the real netifd: drops with backoff, USB unplug + hotplug, a hung modem, ubusd restarted, two modems that never disturb each other.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { realTest } from '../helpers/owrt-env';
import type { IfaceStatus, OwrtStack } from '../helpers/owrt-stack';
import { after as afterState, errorCodes, ifupUntil, leased, settled, withStack } from '../helpers/owrt-suite';
import { QmiSimulator, startQmiSimulator } from '../../src/sim';

const rtest = realTest(test);

/** wdm0 (static settings, dhcp 0) on the simulated modem, plus `extra`. */
const wdm0 = (extra: Record<string, string | number> = {}) => ({ proto: 'qmi4g', wdmif: '$DEVICE', apn: 'internet', dhcp: '0', auto: 0, ...extra });
const upWithAddress = (x: IfaceStatus) => x.up && leased(x);

async function connected(s: OwrtStack, iface = 'wdm0'): Promise<void> {
  assert.is((await ifupUntil(s, iface, settled)).state, 'connected');
  await s.waitIface(iface, upWithAddress, 'up with its address');
}

rtest('call dropped by the network: reconnected at once; a second drop right after backs off reconnect_min; netifd has the address again', async () => {
  await withStack({ network: { wdm0: wdm0({ reconnect_min: 1, reconnect_max: 4 }) } }, async (s) => {
    await connected(s);
    const reconnected = afterState((x) => x.state === 'reconnecting', (x) => x.state === 'connected');
    let again = s.waitState('wdm0', reconnected);
    await again.ready;
    let t0 = Date.now();
    assert.is(s.sim.dropCall(), 1);
    await again;
    const first = Date.now() - t0;
    assert.ok(first < 800, `first reconnect at once (${first} ms)`);
    await s.waitIface('wdm0', upWithAddress, 'up after the first reconnect');
    const waiting = s.waitState('wdm0', (x) => /retrying in 1 s/.test(x.reason));
    again = s.waitState('wdm0', afterState((x) => /retrying in 1 s/.test(x.reason), (x) => x.state === 'connected'));
    await waiting.ready; await again.ready;
    t0 = Date.now();
    s.sim.dropCall();
    await waiting;
    await again;
    const second = Date.now() - t0;
    assert.ok(second >= 750, `consecutive drop backed off (${second} ms)`);
    const st = await s.waitIface('wdm0', upWithAddress, 'up again');
    assert.equal(st['ipv4-address'], [{ address: '10.64.0.2', mask: 30 }]);
    assert.is(s.sim.model.listSessions().length, 1);
    assert.is((await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!.reconnects, 2);
  });
});

rtest('USB unplug: NO_DEVICE, netifd marks wdm0 unavailable; a new modem on the same path + hotplug add: available, up again by itself', async () => {
  let sim2: QmiSimulator | undefined;
  await withStack({ network: { wdm0: wdm0() } }, async (s) => {
    await connected(s);
    await s.sim.unplug();
    const gone = await s.waitIface('wdm0', (x) => !x.available && !x.up, 'unavailable');
    assert.ok(errorCodes(gone).includes('NO_DEVICE'));
    sim2 = await startQmiSimulator({ path: s.devicePath });
    const reply = await s.client.call('qmi4g', 'hotplug', { device: s.devicePath, action: 'add' });
    assert.equal(reply!.interfaces, ['wdm0']);
    const back = await s.waitIface('wdm0', (x) => x.available && upWithAddress(x), 'available and up again');
    assert.ok(back.up);
    assert.is(sim2.model.listSessions().length, 1);
  }).finally(() => sim2?.close());
});

rtest('modem stops answering while connected: liveness check → hang → port reopened → connected again; netifd saw it go down and up', async () => {
  await withStack({ network: { wdm0: wdm0() }, qmi4gOptions: { liveness_interval: '1', liveness_timeout: '1' } }, async (s) => {
    await connected(s);
    s.sim.setUnresponsive(true);
    await s.waitIface('wdm0', (x) => !x.up, 'down after the hang', 15_000);
    s.sim.setUnresponsive(false);
    await s.waitIface('wdm0', upWithAddress, 'up again', 20_000);
    assert.is(s.sim.model.listSessions().length, 1);
    assert.ok((s.sim.stats.requests['ctl Sync'] ?? 0) >= 2, 'reopened with CTL Sync');
  });
});

rtest('ubusd restarted: netifd and qmi4gd reconnect; the daemon re-reports link-up with addresses; status answers', async () => {
  await withStack({ network: { wdm0: wdm0() } }, async (s) => {
    await connected(s);
    await s.restartUbusd();
    // netifd re-registers its objects; the daemon its object, then re-reports wdm0.
    await s.waitIface('wdm0', (x) => upWithAddress(x) && x.data?.qmi4g_state === 'connected', 'wdm0 re-reported', 20_000).catch(async (e) => {
      throw new Error(`${(e as Error).message}; daemon: ${s.daemonLog.slice(-6).join(' | ')}`);
    });
    const st = (await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.is(st.state, 'connected');
  });
});

rtest('two modems: drop, hang and unplug on one never disturb the other (same netifd, same daemon)', async () => {
  let sim1: QmiSimulator | undefined;
  await withStack({ network: { wdm0: wdm0() }, qmi4gOptions: { liveness_interval: '1', liveness_timeout: '1' } }, async (s) => {
    const dev1 = path.join(s.dir, 'cdc-wdm1');
    sim1 = await startQmiSimulator({ path: dev1, scenario: { data: { ipv4: { address: '10.65.0.2', prefix: 30, gateway: '10.65.0.1', dns: ['10.65.0.1'] } } } });
    // A second network device for it, and its sysfs entry, in the router namespace.
    execFileSync('ip', ['-n', s.net.routerNs, 'link', 'add', 'wwan1', 'type', 'veth', 'peer', 'name', 'wwan1p']);
    execFileSync('ip', ['-n', s.net.routerNs, 'link', 'set', 'wwan1p', 'up']);
    execFileSync('ip', ['-n', s.net.routerNs, 'link', 'set', 'wwan1', 'up']);
    assert.is((await s.exec(['mkdir', '-p', '/sys/class/usbmisc/cdc-wdm1/device/net/wwan1'])).status, 0);
    await s.writeNetwork({ wdm0: wdm0(), wdm1: { ...wdm0(), wdmif: dev1 } });
    await connected(s, 'wdm0');
    await connected(s, 'wdm1');
    const handle0 = s.sim.model.listSessions()[0].handle;
    const before = await s.ifstatus('wdm0');
    let back = s.waitState('wdm1', afterState((x) => x.state === 'reconnecting', (x) => x.state === 'connected'));
    await back.ready;
    sim1.dropCall();
    await back;
    back = s.waitState('wdm1', afterState((x) => x.state !== 'connected', (x) => x.state === 'connected'), 30_000);
    await back.ready;
    sim1.setUnresponsive(true);
    await s.waitIface('wdm1', (x) => !x.up, 'wdm1 down after its hang', 15_000);
    sim1.setUnresponsive(false);
    await back;
    await sim1.unplug();
    await s.waitIface('wdm1', (x) => !x.available, 'wdm1 unavailable');
    const after = await s.ifstatus('wdm0');
    assert.ok(after.up);
    assert.equal(after['ipv4-address'], before['ipv4-address']);
    assert.ok((after.uptime as number) >= (before.uptime as number), 'wdm0 never restarted');
    assert.equal(s.sim.model.listSessions().map((x) => x.handle), [handle0], 'wdm0 session untouched');
    const st = (await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.is(st.state, 'connected');
    assert.is(st.reconnects, 0);
    assert.ok(!fs.existsSync(dev1) || fs.lstatSync(dev1).isSymbolicLink());
  }).finally(() => sim1?.close());
});

test.run();
