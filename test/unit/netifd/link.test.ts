// Tests for NetifdLink against a recording ubus and a fake sysfs tree: DHCP children, static settings, wwanif, errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DataSession } from '../../../src/modem/modem';
import { ModemError } from '../../../src/modem/modem-errors';
import { LinkConfig, NetifdLink, UbusCaller } from '../../../src/netifd/link';
import { NotifyAction } from '../../../src/netifd/notify';
import { zoneOfInterface } from '../../../src/netifd/zone';
import type { SessionSnapshot } from '../../../src/session/session-types';
import { FakeModem } from '../../helpers/fake-modem';
import { readRawIp } from '../../../src/device/sysfs';

interface Call { path: string; method: string; args: Record<string, unknown> }

/** Records every ubus call; `fail` makes calls matching it reject; `uci get` answers `firewall` (rpcd's reply shape). */
class RecordingUbus implements UbusCaller {
  /** Every call, uci ones included. */
  readonly all: Call[] = [];
  fail?: (c: Call) => boolean;
  firewall: unknown = { values: {} };
  async call(p: string, method: string, args: Record<string, unknown>): Promise<unknown> {
    const c = { path: p, method, args: JSON.parse(JSON.stringify(args)) as Record<string, unknown> };
    this.all.push(c);
    if (this.fail?.(c)) throw new Error('ubus: Not found');
    return p === 'uci' ? this.firewall : {};
  }
  /** The calls to netifd (everything but the firewall zone look-up). */
  get calls(): Call[] { return this.all.filter((c) => c.path !== 'uci'); }
  get notifies(): Record<string, unknown>[] { return this.calls.filter((c) => c.path === 'network.interface' && c.method === 'notify_proto').map((c) => c.args); }
  get actions(): unknown[] { return this.notifies.map((n) => n.action); }
}

let root = '';
let savedRoot: string | undefined;

/** class/usbmisc/cdc-wdm0/device/net/wwan0 and class/net/wwan0/qmi/raw_ip, as qmi_wwan lays them out. */
function makeSysfs(rawIp: 'Y' | 'N' | undefined): void {
  fs.rmSync(path.join(root, 'class'), { recursive: true, force: true });
  fs.mkdirSync(path.join(root, 'class/usbmisc/cdc-wdm0/device/net/wwan0'), { recursive: true });
  fs.mkdirSync(path.join(root, 'class/net/wwan0/qmi'), { recursive: true });
  if (rawIp) fs.writeFileSync(path.join(root, 'class/net/wwan0/qmi/raw_ip'), `${rawIp}\n`);
}

test.before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'qmi4g-sysfs-'));
  savedRoot = process.env.QMI4G_SYSFS_ROOT;
  process.env.QMI4G_SYSFS_ROOT = root;
});
test.after(() => {
  if (savedRoot === undefined) delete process.env.QMI4G_SYSFS_ROOT; else process.env.QMI4G_SYSFS_ROOT = savedRoot;
  fs.rmSync(root, { recursive: true, force: true });
});

const v4: DataSession = { family: 4, handle: 1, apn: 'internet', settings: { family: 4, address: '10.64.0.2', prefix: 30, gateway: '10.64.0.1', dns: ['10.64.0.1'] } };
const v6: DataSession = { family: 6, handle: 2, apn: 'internet', settings: { family: 6, address: '2001:db8::2', prefix: 64, gateway: '2001:db8::1', dns: ['2001:db8::53', '10.64.0.1'] } };

function link(cfg: Partial<LinkConfig> = {}, summary: Record<string, unknown> = { apn: 'internet' }) {
  const ubus = new RecordingUbus();
  const states: SessionSnapshot[] = [];
  const l = new NetifdLink('wdm0', { device: '/dev/cdc-wdm0', dhcp: true, dhcpv6: true, ...cfg }, ubus, (s) => states.push(s), () => ({ ...summary }));
  return { l, ubus, states };
}

test('dhcp: link-up with the network device, then add_dynamic wdm0_4 (proto dhcp on @wdm0)', async () => {
  makeSysfs('N');
  const { l, ubus } = link();
  await l.linkUp([v4], new FakeModem());
  assert.is(l.networkDevice, 'wwan0');
  assert.equal(ubus.calls.map((c) => `${c.path} ${c.method}`), ['network.interface notify_proto', 'network add_dynamic']);
  assert.equal(ubus.calls[0].args, { action: NotifyAction.Update, interface: 'wdm0', 'link-up': true, keep: true, ifname: 'wwan0', data: { apn: 'internet', qmi4g_state: 'connected' } });
  assert.is(ubus.calls[0].args.action, 0);
  assert.not.ok('ipaddr' in ubus.calls[0].args, 'no addresses on the parent in DHCP mode');
  assert.equal(ubus.calls[1].args, { name: 'wdm0_4', ifname: '@wdm0', proto: 'dhcp' });
});

test('dhcp ipv4v6: wdm0_6 with proto dhcpv6 and extendprefix 1; options copied to the children', async () => {
  makeSysfs(undefined);
  const { l, ubus } = link({ defaultroute: false, peerdns: false, metric: 20, zone: 'wan', ip4table: '100', ip6table: '200' });
  await l.linkUp([v4, v6], new FakeModem());
  const dyn = ubus.calls.filter((c) => c.method === 'add_dynamic').map((c) => c.args);
  assert.equal(dyn, [
    { name: 'wdm0_4', ifname: '@wdm0', proto: 'dhcp', defaultroute: false, peerdns: false, metric: 20, zone: 'wan', ip4table: '100' },
    { name: 'wdm0_6', ifname: '@wdm0', proto: 'dhcpv6', extendprefix: 1, defaultroute: false, peerdns: false, metric: 20, zone: 'wan', ip6table: '200' },
  ]);
  assert.equal(ubus.notifies[0].data, { apn: 'internet', qmi4g_state: 'connected', zone: 'wan' });
  assert.is(ubus.calls[0].method, 'notify_proto', 'link-up before the children');
});

test('dhcpv6 off: IPv6 goes static on the parent, IPv4 still by DHCP child', async () => {
  makeSysfs('N');
  const { l, ubus } = link({ dhcpv6: false });
  await l.linkUp([v4, v6], new FakeModem());
  const up = ubus.notifies[0];
  assert.not.ok('ipaddr' in up);
  assert.equal(up.ip6addr, [{ ipaddr: '2001:db8::2', mask: '128' }]);
  assert.equal(up.ip6prefix, ['2001:db8::2/64']);
  assert.equal(up.routes6, [{ target: '::', netmask: '0', gateway: '2001:db8::1' }]);
  assert.equal(ubus.calls.filter((c) => c.method === 'add_dynamic').map((c) => c.args.name), ['wdm0_4']);
});

test('dhcp false: static update shaped like the observed netifd message', async () => {
  makeSysfs('N');
  const { l, ubus } = link({ dhcp: false });
  await l.linkUp([v4], new FakeModem());
  assert.equal(ubus.calls.length, 1, 'no add_dynamic');
  // observed from the real netifd (openwrt/netifd proto-shell.c notify) with a daemon-backed handler: {"action":0,"ifname":"wwan0","link-up":true,"data":{"apn":"internet"},"keep":true,
  //   "ipaddr":[{"ipaddr":"10.64.0.2","mask":"30"}],"routes":[{"target":"0.0.0.0","netmask":"0","gateway":"10.64.0.1"}],"dns":["10.64.0.1"],"interface":"wdm0"}
  const observed = JSON.parse('{"action":0,"ifname":"wwan0","link-up":true,"data":{"apn":"internet"},"keep":true,"ipaddr":[{"ipaddr":"10.64.0.2","mask":"30"}],"routes":[{"target":"0.0.0.0","netmask":"0","gateway":"10.64.0.1"}],"dns":["10.64.0.1"],"interface":"wdm0"}');
  // `data` is our summary; linkUp marks it connected already (the session enters `connected` right after)
  assert.equal(ubus.notifies[0], { ...observed, data: { apn: 'internet', qmi4g_state: 'connected' } });
});

function rawIpModem(): FakeModem { const m = new FakeModem(); m.dataFormat = 'raw-ip'; return m; }

test('raw_ip Y: static even with dhcp on; defaultroute 0 / peerdns 0 / metric / zone honoured', async () => {
  makeSysfs('Y');
  const { l, ubus } = link({ dhcp: true, metric: 10, zone: 'wwan' });
  await l.linkUp([v4, v6], rawIpModem());
  assert.equal(ubus.calls.length, 1, 'no DHCP children on raw-IP');
  const m = ubus.notifies[0];
  assert.equal(m.ipaddr, [{ ipaddr: '10.64.0.2', mask: '30' }]);
  assert.equal(m.routes, [{ target: '0.0.0.0', netmask: '0', gateway: '10.64.0.1', metric: 10 }]);
  assert.equal(m.routes6, [{ target: '::', netmask: '0', gateway: '2001:db8::1', metric: 10 }]);
  assert.equal(m.dns, ['10.64.0.1', '2001:db8::53'], 'deduplicated, in order');
  assert.equal(m.data, { apn: 'internet', qmi4g_state: 'connected', zone: 'wwan' });

  const b = link({ dhcp: false, defaultroute: false, peerdns: false });
  await b.l.linkUp([v4], rawIpModem());
  const n = b.ubus.notifies[0];
  assert.ok(n.ipaddr);
  assert.not.ok('routes' in n);
  assert.not.ok('dns' in n);
});

test('raw_ip follows the modem\'s format before link-up (OpenWrt qmi.sh): Y left over with an 802.3 modem is set back to N, DHCP used', async () => {
  makeSysfs('Y');
  const { l, ubus } = link({ dhcp: true });
  await l.linkUp([v4], new FakeModem());
  assert.is(readRawIp('wwan0', root), false);
  assert.ok(ubus.calls.some((c) => c.method === 'add_dynamic'), 'DHCP child');
  makeSysfs('N');
  await link().l.linkUp([v4], rawIpModem());
  assert.is(readRawIp('wwan0', root), true, 'a raw-IP modem gets Y');
});

test('modem reporting raw-ip: static even without the sysfs flag', async () => {
  makeSysfs(undefined);
  const modem = new FakeModem();
  modem.dataFormat = 'raw-ip';
  const { l, ubus } = link();
  await l.linkUp([v4], modem);
  assert.equal(ubus.calls.map((c) => c.method), ['notify_proto']);
  assert.ok(ubus.notifies[0].ipaddr);
});

test('wwanif: link-up on the parent, then network.interface.broadband up; no children', async () => {
  makeSysfs('N');
  const { l, ubus } = link({ wwanif: 'broadband' });
  await l.linkUp([v4, v6], new FakeModem());
  assert.equal(ubus.calls.map((c) => `${c.path} ${c.method}`), ['network.interface notify_proto', 'network.interface.broadband up']);
  assert.equal(ubus.notifies[0], { action: 0, interface: 'wdm0', 'link-up': true, keep: true, ifname: 'wwan0', data: { apn: 'internet', qmi4g_state: 'connected' } });

  await l.linkDown('data session IPv4 dropped');
  assert.equal(ubus.calls.slice(2).map((c) => `${c.path} ${c.method}`), ['network.interface.broadband down', 'network.interface notify_proto']);
  assert.equal(ubus.calls[3].args, { action: 0, interface: 'wdm0', 'link-up': false, keep: false });
});

test('no network device: NO_IFACE ModemError, nothing sent', async () => {
  fs.rmSync(path.join(root, 'class'), { recursive: true, force: true });
  const { l, ubus } = link();
  try {
    await l.linkUp([v4], new FakeModem());
    assert.unreachable('should throw');
  } catch (e) {
    assert.instance(e, ModemError);
    assert.is((e as ModemError).code, 'NO_IFACE');
    assert.not.ok((e as ModemError).permanent);
  }
  assert.is(ubus.calls.length, 0);
});

test('error: permanent → actions 3, 4, 7 in that order; non-permanent → only 3', async () => {
  const p = link();
  await p.l.error('PIN_FAILED', 'SIM rejected the PIN', [], true);
  assert.equal(p.ubus.actions, [3, 4, 7]);
  assert.equal(p.ubus.notifies, [
    { action: 3, interface: 'wdm0', error: ['PIN_FAILED'] },
    { action: 4, interface: 'wdm0' },
    { action: 7, interface: 'wdm0' },
  ]);
  const t = link();
  await t.l.error('CALL_FAILED', 'refused', ['missing-or-unknown-apn'], false);
  assert.equal(t.ubus.notifies, [{ action: 3, interface: 'wdm0', error: ['CALL_FAILED', 'missing-or-unknown-apn'] }]);
});

test('error rejects when netifd does; linkDown never rejects', async () => {
  const { l, ubus } = link({ wwanif: 'broadband' });
  ubus.fail = () => true;
  let threw = false;
  try { await l.error('NO_DEVICE', 'gone', [], false); } catch { threw = true; }
  assert.ok(threw);
  await l.linkDown('stop');
  assert.equal(ubus.calls.slice(1).map((c) => c.method), ['down', 'notify_proto']);
  await new Promise((r) => setImmediate(r));
  assert.ok(l.redelivering, 'the lost link down is being re-sent');
  l.dispose();
});

test('add_dynamic failing is logged, not thrown', async () => {
  makeSysfs('N');
  const { l, ubus } = link();
  ubus.fail = (c) => c.method === 'add_dynamic';
  await l.linkUp([v4, v6], new FakeModem());
  assert.equal(ubus.calls.map((c) => c.method), ['notify_proto', 'add_dynamic', 'add_dynamic']);
});

test('zone unset: the firewall zone this interface is in (uci firewall via rpcd, as qmi.sh asks fw3) goes to the children', async () => {
  makeSysfs('N');
  const { l, ubus } = link();
  ubus.firewall = { values: {
    cfg02dc81: { '.type': 'zone', '.index': 1, name: 'lan', network: ['lan'] },
    cfg03dc81: { '.type': 'zone', '.index': 2, name: 'wan', network: ['wan', 'wan6', 'wdm0'] },
  } };
  await l.linkUp([v4, v6], new FakeModem());
  assert.equal(ubus.all[0], { path: 'uci', method: 'get', args: { config: 'firewall', type: 'zone' } });
  assert.equal(ubus.calls.filter((c) => c.method === 'add_dynamic').map((c) => c.args.zone), ['wan', 'wan']);
  assert.is((ubus.notifies[0]!.data as Record<string, unknown>).zone, 'wan');
  // Option zone wins and is not looked up; no rpcd: no zone, nothing thrown.
  const own = link({ zone: 'wwan' });
  await own.l.linkUp([v4], new FakeModem());
  assert.not.ok(own.ubus.all.some((c) => c.path === 'uci'));
  assert.is(own.ubus.calls.find((c) => c.method === 'add_dynamic')!.args.zone, 'wwan');
  const none = link();
  none.ubus.fail = (c) => c.path === 'uci';
  await none.l.linkUp([v4], new FakeModem());
  assert.not.ok('zone' in none.ubus.calls.find((c) => c.method === 'add_dynamic')!.args);
});

test('zoneOfInterface: list or blank-separated option, unnamed zone named by its section, other shapes', () => {
  assert.is(zoneOfInterface({ values: { z: { '.type': 'zone', name: 'wan', network: 'wan wdm0' } } }, 'wdm0'), 'wan');
  assert.is(zoneOfInterface({ values: { cfg1: { '.type': 'zone', network: ['wdm0'] } } }, 'wdm0'), 'cfg1');
  assert.is(zoneOfInterface({ values: { z: { '.type': 'zone', name: 'wan', network: ['wdm01'] } } }, 'wdm0'), undefined);
  assert.is(zoneOfInterface({ values: { f: { '.type': 'forwarding', network: ['wdm0'] } } }, 'wdm0'), undefined);
  for (const bad of [null, {}, { values: 3 }, 'x']) assert.is(zoneOfInterface(bad, 'wdm0'), undefined);
});

test('teardown by netifd: no link update (netifd answers PERMISSION_DENIED then), wwanif still brought down', async () => {
  makeSysfs('N');
  const { l, ubus } = link({ wwanif: 'broadband' });
  await l.linkUp([v4], new FakeModem());
  const before = ubus.calls.length;
  l.netifdTeardown();
  await l.linkDown('interface down');
  assert.equal(ubus.calls.slice(before).map((c) => `${c.path} ${c.method}`), ['network.interface.broadband down']);
  // Without it (a drop, a daemon stop), the link is reported down.
  const other = link();
  await other.l.linkUp([v4], new FakeModem());
  await other.l.linkDown('dropped');
  assert.equal(other.ubus.notifies.at(-1), { action: 0, interface: 'wdm0', 'link-up': false, keep: false });
});

test('stateChanged forwards the snapshot', () => {
  const { l, states } = link();
  const s: SessionSnapshot = { interface: 'wdm0', device: '/dev/cdc-wdm0', state: 'sim', since: 0, reason: 'checking the SIM', reconnects: 0 };
  l.stateChanged(s);
  assert.equal(states, [s]);
});

test.run();
