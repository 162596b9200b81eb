// Finding the network device for link-up: portNames through symlink hops, netDevicesOfPort, and wwanif's device from netifd status or uci.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { netDevicesOfPort, portNames } from '../../../src/device/sysfs';
import { deviceOfInterface } from '../../../src/netifd/wwanif-device';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qmi4g-linkdev-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('portNames follows each symlink hop, then the realpath', () => {
  fs.writeFileSync(path.join(tmp, 'pts7'), '');
  fs.symlinkSync('pts7', path.join(tmp, 'cdc-wdm0'));
  fs.symlinkSync(path.join(tmp, 'cdc-wdm0'), path.join(tmp, 'modem'));
  assert.equal(portNames(path.join(tmp, 'modem')), ['modem', 'cdc-wdm0', 'pts7']);
  assert.equal(portNames('/dev/does-not-exist'), ['does-not-exist']);
});

test('netDevicesOfPort: usbmisc through a symlinked port name; MHI wwan port; nothing', () => {
  const root = path.join(tmp, 'sys');
  fs.mkdirSync(path.join(root, 'class', 'usbmisc', 'cdc-wdm0', 'device', 'net', 'wwan0'), { recursive: true });
  fs.mkdirSync(path.join(root, 'class', 'wwan', 'wwan1', 'device', 'net', 'mhi_hwip0'), { recursive: true });
  assert.equal(netDevicesOfPort(path.join(tmp, 'modem'), root), ['wwan0']);
  assert.equal(netDevicesOfPort('/dev/wwan1mbim0', root), ['mhi_hwip0']);
  assert.equal(netDevicesOfPort('/dev/cdc-wdm5', root), []);
});

const bus = (reply: Record<string, unknown> | Error) => ({ call: async () => { if (reply instanceof Error) throw reply; return reply; } });

test('deviceOfInterface: netifd l3_device, then device, then uci ifname/device; undefined with what was tried', async () => {
  const net = path.join(tmp, 'network');
  fs.writeFileSync(net, "config interface 'broadband'\n\toption ifname 'wwan3'\n\nconfig interface 'other'\n\toption device 'eth9'\n\nconfig interface 'bad'\n\toption device '@wan'\n");
  assert.is(await deviceOfInterface(bus({ l3_device: 'wwan1', device: 'wwan2' }), 'broadband', [], net), 'wwan1');
  assert.is(await deviceOfInterface(bus({ device: 'wwan2' }), 'broadband', [], net), 'wwan2');
  assert.is(await deviceOfInterface(bus(new Error('Not found')), 'broadband', [], net), 'wwan3');
  assert.is(await deviceOfInterface(bus({}), 'other', [], net), 'eth9');
  const tried: string[] = [];
  assert.is(await deviceOfInterface(bus(new Error('Not found')), 'bad', tried, net), undefined);
  assert.is(tried.length, 2);
  assert.match(tried[0], /Not found/);
  assert.match(tried[1], /no ifname\/device/);
});

test.run();
