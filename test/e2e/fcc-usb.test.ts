// Issue 14 on the real netifd/ubusd: an FCC-locked radio (QMI and MBIM) comes up through fcc_auth; usb_composition lists and sets the composition, the port re-enumerates as MBIM and the proto mbim interface takes it over.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { realTest } from '../helpers/owrt-env';
import { errorCodes, ifupUntil, leased, settled, waitStatus, withStack } from '../helpers/owrt-suite';
import type { Scenario } from '../../src/sim';
import { followReenumeration } from '../../src/sim/reenumerate';
import type { MbimSimulator } from '../../src/sim';
import type { IfaceStatus } from '../helpers/owrt-stack';
import { waitFor } from '../../src/util/wait';

const rtest = realTest(test);

rtest('QMI, Foxconn-locked radio (Dell DW5821e), fcc_auth auto: Foxconn Set FCC Authentication, online, connected; status names the method', async () => {
  const scenario: Scenario = { identity: { manufacturer: 'Dell Inc.', model: 'DW5821e Snapdragon X20 LTE' }, fccLock: { method: 'foxconn' } };
  await withStack({ scenario, network: { wdm0: { proto: 'qmi4g', device: '$DEVICE', apn: 'internet', auto: 0 } } }, async (s) => {
    const e = await ifupUntil(s, 'wdm0', settled, 30_000);
    assert.is(e.state, 'connected', `${e.error} ${e.reason}`);
    assert.equal(s.sim.model.vendor.fccAttempts.map((a) => a.method), ['foxconn-v2', 'foxconn'], 'v2 (derived hash) first, as ModemManager, then v1');
    const q = (await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.equal({ ...(q.fcc as Record<string, unknown>), at: 0 },
      { result: 'unlocked', method: 'foxconn', tried: [{ method: 'foxconn-v2', answer: 'InvalidArgument' }, { method: 'foxconn', answer: 'ok' }], at: 0 });
    const text = await s.qmi4g(['status']);
    assert.match(text.stdout, /FCC lock:\s+unlocked \(foxconn\)/);
  });
});

rtest('QMI, locked radio with fcc_auth 0: nothing sent, NETWORK_REGISTRATION_FAILED with fcc-locked in netifd, the reason names fcc_auth', async () => {
  const scenario: Scenario = { identity: { manufacturer: 'Sierra Wireless, Incorporated', model: 'EM7455' }, fccLock: { method: 'sierra' } };
  await withStack({ scenario, network: { wdm0: { proto: 'qmi4g', device: '$DEVICE', apn: 'internet', auto: 0, fcc_auth: '0' } } }, async (s) => {
    const e = await ifupUntil(s, 'wdm0', (x) => x.error !== '', 30_000);
    assert.is(e.error, 'NETWORK_REGISTRATION_FAILED');
    const st = await s.waitIface('wdm0', (x) => errorCodes(x).includes('NETWORK_REGISTRATION_FAILED'), 'error in netifd');
    assert.ok((st.errors ?? []).some((x) => (x.data ?? []).includes('fcc-locked')), JSON.stringify(st.errors));
    const q = await waitStatus(s, 'wdm0', (x) => !!x.last_error, 'last error');
    assert.match(String((q.last_error as { message: string }).message), /FCC-locked.*fcc_auth/);
    assert.equal(s.sim.model.vendor.fccAttempts, []);
    assert.is(s.sim.model.operatingMode, 'low-power');
  });
});

rtest('MBIM, Sierra EM7355 locked: Radio State on refused, DMS Set FCC Authentication as QMI over MBIM, connected', async () => {
  const scenario: Scenario = { identity: { manufacturer: 'Sierra Wireless, Incorporated', model: 'EM7355' }, fccLock: { method: 'sierra' } };
  await withStack<'mbim'>({ protocol: 'mbim', scenario, network: { wwan: { proto: 'mbim', device: '$DEVICE', apn: 'internet', auto: 0 } } }, async (s) => {
    const e = await ifupUntil(s, 'wwan', settled, 30_000);
    assert.is(e.state, 'connected', `${e.error} ${e.reason}`);
    assert.is(s.sim.stats.qmi.requests['dms Set FCC Authentication'], 1);
    const q = (await s.client.call('qmi4g', 'status', { interface: 'wwan' }))!;
    assert.is((q.fcc as { method: string }).method, 'sierra');
  });
});

rtest('usb_composition: lists with names; bad arguments INVALID_ARGUMENT; set 9 → the modem re-enumerates as MBIM, wdm0 fails naming proto mbim, wwan (proto mbim) takes the port and connects', async () => {
  const scenario: Scenario = { identity: { manufacturer: 'Sierra Wireless, Incorporated', model: 'MC7455' }, usbComposition: { current: 6, supported: [6, 8, 9] } };
  await withStack({ scenario, network: {
    wdm0: { proto: 'qmi4g', device: '$DEVICE', apn: 'internet', auto: 0 },
    wwan: { proto: 'mbim', device: '$DEVICE', apn: 'internet', auto: 0 },
  } }, async (s) => {
    const up = await ifupUntil(s, 'wdm0', settled, 30_000);
    assert.is(up.state, 'connected', `${up.error} ${up.reason}`);
    const list = (await s.client.call('qmi4g', 'usb_composition', { interface: 'wdm0' }))!;
    assert.is(list.ok, true);
    assert.is(list.current, 6);
    assert.equal((list.compositions as { id: number; name: string; protocol: string }[]).map((c) => [c.id, c.name, c.protocol]),
      [[6, 'DM, NMEA, AT, QMI', 'qmi'], [8, 'DM, NMEA, AT, MBIM', 'mbim'], [9, 'MBIM', 'mbim']]);
    for (const bad of [{}, { interface: 'wdm0', device: '/dev/cdc-wdm0' }, { interface: 'wdm0', set: 4 }, { interface: 'no such' }]) {
      await s.client.call('qmi4g', 'usb_composition', bad).then(
        () => assert.unreachable(`accepted ${JSON.stringify(bad)}`), (err: Error & { name?: string }) => assert.match(String(err.message ?? err), /INVALID_ARGUMENT|Invalid argument/i, JSON.stringify(bad)));
    }
    assert.is(s.sim.stats.requests['dms Swi Set USB Composition'], undefined, 'nothing set without set');
    assert.is((await s.ifstatus('wdm0')).up, true, 'listing leaves the connection alone');

    const next = followReenumeration(s.sim, scenario);
    const failed = s.waitState('wdm0', (x) => x.state === 'failed' && x.error === 'DEVICE_NOT_SUPPORTED', 60_000);
    const wwanUp = s.waitState('wwan', (x) => x.state === 'connected', 90_000);
    await Promise.all([failed.ready, wwanUp.ready]);
    const set = (await s.client.call('qmi4g', 'usb_composition', { interface: 'wdm0', set: 9 }))!;
    assert.is(set.ok, true, JSON.stringify(set));
    assert.is(set.reenumerate, true);
    assert.is(set.protocol, 'mbim');
    assert.match(String(set.message), /proto 'mbim'/);
    const r = await next;
    const mb = r.sim as MbimSimulator;
    try {
      mb.model.on('session', () => s.net.setCarrier(mb.model.listSessions().length > 0));
      // The hotplug script tells the daemon the port is back (files/etc/hotplug.d/usbmisc/30-qmi4g).
      await s.client.call('qmi4g', 'hotplug', { device: s.devicePath, action: 'add' });
      const f = await failed;
      assert.match(f.reason, /speaks MBIM.*proto 'mbim'/);
      const w = await wwanUp;
      assert.is(w.state, 'connected');
      const st = await s.waitIface('wwan', leased, 'wwan has the address');
      assert.is(st.proto, 'mbim');
      const q = (await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
      assert.equal((q.last_error as { data: string[] }).data, ['mbim']);
    } finally { await mb.close(); }
  });
});

rtest('usb_composition the other way: an MBIM modem (composition 9) set to 6 over QMI over MBIM re-enumerates as QMI; wwan fails naming proto qmi4g, wdm0 takes over and leases', async () => {
  const scenario: Scenario = { identity: { manufacturer: 'Sierra Wireless, Incorporated', model: 'EM7455' }, usbComposition: { current: 9, supported: [6, 8, 9] } };
  await withStack<'mbim'>({ protocol: 'mbim', scenario, network: {
    wwan: { proto: 'mbim', device: '$DEVICE', apn: 'internet', auto: 0 },
    wdm0: { proto: 'qmi4g', device: '$DEVICE', apn: 'internet', auto: 0 },
  } }, async (s) => {
    const up = await ifupUntil(s, 'wwan', settled, 30_000);
    assert.is(up.state, 'connected', `${up.error} ${up.reason}`);
    const list = (await s.client.call('qmi4g', 'usb_composition', { device: s.devicePath }))!;
    assert.is(list.via, 'qmi-over-mbim');
    assert.is(list.current, 9);
    const next = followReenumeration(s.sim, scenario);
    const failed = s.waitState('wwan', (x) => x.state === 'failed' && x.error === 'DEVICE_NOT_SUPPORTED', 60_000);
    const wdmUp = s.waitState('wdm0', (x) => x.state === 'connected', 90_000);
    await Promise.all([failed.ready, wdmUp.ready]);
    const set = (await s.client.call('qmi4g', 'usb_composition', { device: s.devicePath, set: 6 }))!;
    assert.is(set.ok, true, JSON.stringify(set));
    assert.is(set.protocol, 'qmi');
    const r = await next;
    try {
      assert.is(r.protocol, 'qmi');
      r.sim.model.on('session', () => s.net.setCarrier(r.sim.model.listSessions().length > 0));
      await s.client.call('qmi4g', 'hotplug', { device: s.devicePath, action: 'add' });
      assert.match((await failed).reason, /speaks QMI.*proto 'qmi4g'/);
      assert.is((await wdmUp).state, 'connected');
      // wdm0 carries the modem's addresses: a raw-IP QMI modem's settings go static on wdm0 (link.ts addressingOf), 802.3 ones by DHCP on wdm0_4.
      const dump = async () => ((await s.client.call('network.interface', 'dump', {}))!.interface as (IfaceStatus & { interface: string })[]);
      await waitFor<void>('wdm0 (or wdm0_4) has the address', (done) => {
        const t = setInterval(() => { void dump().then((l) => { if (l.some((i) => (i.interface === 'wdm0' || i.interface === 'wdm0_4') && i.up && leased(i))) done(); }); }, 200);
        return () => clearInterval(t);
      }, { timeoutMs: 30_000 });
      assert.is((await s.ifstatus('wdm0')).proto, 'qmi4g');
    } finally { await r.sim.close(); }
  });
});

test.run();
