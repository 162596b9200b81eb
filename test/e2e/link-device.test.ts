// Link-up always names a device (issue 10, defect 2), on the real netifd: sysfs after each symlink hop of the port, the wwanif interface's device as fallback, else NO_IFACE.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { realTest } from '../helpers/owrt-env';
import { OwrtStack, OwrtStackOptions, startOwrtStack } from '../helpers/owrt-stack';

const rtest = realTest(test);

async function withStack(o: OwrtStackOptions, fn: (s: OwrtStack) => Promise<void>): Promise<void> {
  const s = await startOwrtStack(o);
  try { await fn(s); } finally { await s.close(); }
}

const leased = (st: { 'ipv4-address'?: unknown[] }) => (st['ipv4-address'] ?? []).length > 0;

rtest('wwanif with no usbmisc entry in sysfs: link-up names broadband\'s device (netifd status), broadband leases', async () => {
  await withStack({ usbmisc: false, scenario: { dataFormat: '802.3', dataFormats: ['802.3'] }, network: {
    broadband: { ifname: 'wwan0', proto: 'dhcp', auto: 0 },
    wdm0: { proto: 'qmi4g', wdmif: '$DEVICE', wwanif: 'broadband', apn: 'internet', auto: 0 },
  } }, async (s) => {
    await s.ifup('wdm0');
    const bb = await s.waitIface('broadband', leased, 'lease');
    assert.equal(bb['ipv4-address'], [{ address: '10.64.0.2', mask: 30 }]);
    const wdm0 = await s.ifstatus('wdm0');
    assert.ok(wdm0.up);
    assert.is(wdm0.l3_device, 'wwan0', 'link-up carried ifname');
    assert.equal(wdm0.errors ?? [], []);
  });
});

rtest('wdmif is a symlink to the port (as /dev/modem → cdc-wdm0 would be): sysfs found through the link, link-up names wwan0, wdm0_4 leases', async () => {
  await withStack({ scenario: { dataFormat: '802.3', dataFormats: ['802.3'] }, network: {} }, async (s) => {
    const alias = path.join(s.dir, 'modem');
    fs.symlinkSync(s.devicePath, alias);
    await s.writeNetwork({ wdm0: { proto: 'qmi4g', device: alias, apn: 'internet', auto: 0 } });
    await s.ifup('wdm0');
    const v4 = await s.waitIface('wdm0_4', leased, 'lease on the DHCP child');
    assert.is(v4.l3_device, 'wwan0');
    assert.is((await s.ifstatus('wdm0')).l3_device, 'wwan0');
  });
});

rtest('no network device anywhere (no sysfs entry, no wwanif): NO_IFACE in netifd\'s errors, the reason in qmi4g status', async () => {
  await withStack({ usbmisc: false, network: { wdm0: { proto: 'qmi4g', device: '$DEVICE', apn: 'internet', auto: 0 } } }, async (s) => {
    await s.ifup('wdm0');
    const st = await s.waitIface('wdm0', (x) => (x.errors ?? []).some((e) => e.code === 'NO_IFACE'), 'NO_IFACE reported');
    assert.not.ok(st.up);
    const q = (await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    const err = q.last_error as Record<string, unknown>;
    assert.is(err.code, 'NO_IFACE');
    assert.match(String(err.message), /no network device/);
    assert.match(String(err.message), /cdc-wdm0/);
    assert.ok(String(q.reason).length > 0, 'a reason in status');
  });
});

test.run();
