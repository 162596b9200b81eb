// No setup/teardown storm while qmi4gd is down (issue 10, defect 5), on the real netifd: ≤ 1 setup per 15 s, up by itself within 5 s of the daemon starting.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { realTest } from '../helpers/owrt-env';
import { startOwrtStack } from '../helpers/owrt-stack';

const rtest = realTest(test);

const setups = (log: string[], iface: string) => log.filter((l) => l.includes(`Interface '${iface}' is setting up now`)).length;

rtest('ifup with the daemon stopped: DAEMON_UNAVAILABLE, at most one setup per 15 s; the daemon starts → broadband leases within 5 s', async () => {
  const s = await startOwrtStack({ daemon: false, scenario: { dataFormat: '802.3' }, network: {
    broadband: { ifname: 'wwan0', proto: 'dhcp', auto: 0 },
    wdm0: { proto: 'qmi4g', wdmif: '$DEVICE', wwanif: 'broadband', apn: 'internet', auto: 0 },
  } });
  try {
    await s.ifup('wdm0');
    const st = await s.waitIface('wdm0', (x) => (x.errors ?? []).some((e) => e.code === 'DAEMON_UNAVAILABLE'), 'DAEMON_UNAVAILABLE');
    assert.not.ok(st.up);
    // Watch netifd for 16 s: the first setup, and at most one retry 15 s later.
    await new Promise((r) => setTimeout(r, 16_000));
    const n = setups(s.netifdLog, 'wdm0');
    assert.ok(n >= 1 && n <= 2, `${n} setups of wdm0 in 16 s`);
    const t0 = Date.now();
    await s.startDaemon();
    const bb = await s.waitIface('broadband', (x) => (x['ipv4-address'] ?? []).length > 0, 'up by itself after the daemon started', 5000);
    assert.equal(bb['ipv4-address'], [{ address: '10.64.0.2', mask: 30 }]);
    assert.ok(Date.now() - t0 < 5000, `${Date.now() - t0} ms`);
    assert.ok((await s.ifstatus('wdm0')).up, 'wdm0 up');
  } finally { await s.close(); }
});

test.run();
