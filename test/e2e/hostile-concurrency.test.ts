// Issue 12 item 7: concurrent `up` calls, two interfaces on one port, and a registration flood.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { startHarness } from '../../src/sim/harness';

const BUNDLE = path.resolve(__dirname, '../../dist/qmi4g.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('three concurrent up calls for one interface (different APNs): one after the other, one session on the port at the end, no error to netifd', async () => {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process' });
  try {
    const cfg = (apn: string) => ({ interface: 'wdm0', config: { wdmif: h.devicePath, apn, dhcp: '0', pdptype: 'ipv4' } });
    const replies = await Promise.all(['a', 'b', 'c'].map((apn) => h.client.call('qmi4g', 'up', cfg(apn))));
    for (const r of replies) assert.is(r!.ok, true, JSON.stringify(r));
    const st = await (async () => {
      for (let i = 0; i < 200; i++) {
        const s = (await h.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
        if (s.state === 'connected' || s.state === 'failed') return s;
        await sleep(50);
      }
      throw new Error('never connected');
    })();
    assert.is(st.state, 'connected', JSON.stringify(st.last_error));
    assert.is(st.apn, 'c', 'the last up wins');
    await sleep(500);
    const sessions = h.sim.model.listSessions();
    assert.equal(sessions.map((s) => s.apn), ['c'], 'exactly one data session on the modem');
    const errors = h.netifd.calls.filter((c) => c.method === 'notify_proto' && c.args.action === 3);
    assert.equal(errors, [], 'no error reported to netifd');
  } finally { await h.close(); }
});

test('a second interface on the same wdmif is CONFIG_INVALID naming the first; the first stays connected', async () => {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process' });
  try {
    const connected = h.waitState('wdm0', (s) => s.state === 'connected' || s.state === 'failed', 20_000);
    assert.is((await h.handler('setup', 'wdm0', { wdmif: h.devicePath, apn: 'internet', dhcp: '0' })).status, 0);
    assert.is((await connected).state, 'connected');
    const r = (await h.client.call('qmi4g', 'up', { interface: 'wdm1', config: { wdmif: `${path.dirname(h.devicePath)}//${path.basename(h.devicePath)}`, apn: 'internet' } }))!;
    assert.is(r.ok, false);
    const err = r.error as Record<string, string>;
    assert.is(err.code, 'CONFIG_INVALID');
    assert.match(err.message, /already used by interface wdm0/);
    const st1 = (await h.client.call('qmi4g', 'status', { interface: 'wdm1' }))!;
    assert.is(st1.state, 'failed');
    assert.equal((st1.last_error as Record<string, unknown>).data, ['wdmif']);
    await sleep(300);
    const st0 = (await h.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.is(st0.state, 'connected');
    assert.is(st0.reconnects, 0, 'the first interface never flapped');
    // Once wdm0 is down, wdm1 may have the port.
    await h.client.call('qmi4g', 'down', { interface: 'wdm0' });
    const ok = (await h.client.call('qmi4g', 'up', { interface: 'wdm1', config: { wdmif: h.devicePath, apn: 'internet', dhcp: '0' } }))!;
    assert.is(ok.ok, true);
  } finally { await h.close(); }
});

test('a registration flood (2,000 registration flaps in 2 s) gives a handful of qmi4g.state events, the last one the real state', async () => {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process', registrationGraceMs: 60_000, scenario: { registration: { lossKeepsCalls: true } } });
  try {
    const connected = h.waitState('wdm0', (s) => s.state === 'connected' || s.state === 'failed', 20_000);
    assert.is((await h.handler('setup', 'wdm0', { wdmif: h.devicePath, apn: 'internet', dhcp: '0' })).status, 0);
    assert.is((await connected).state, 'connected');
    const events: Record<string, unknown>[] = [];
    const l = await h.client.listen('qmi4g.state', (_e, d) => events.push(d));
    const t0 = Date.now();
    for (let i = 0; i < 2000; i++) {
      h.sim.model.setRegistration({ state: 'searching' });
      h.sim.model.setRegistration({ state: 'registered' });
      if (i % 100 === 99) await sleep(100);
    }
    await sleep(1500);
    const seconds = (Date.now() - t0) / 1000;
    assert.ok(events.length <= Math.ceil(seconds * 4) + 10, `${events.length} events in ${seconds.toFixed(1)} s`);
    // Events still flow afterwards, and the last one is where the interface really is.
    const back = h.waitState('wdm0', (s) => s.state === 'connected', 20_000);
    await h.client.call('qmi4g', 'reconnect', { interface: 'wdm0' });
    await back;
    await sleep(600);
    await l.close();
    const st = (await h.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.is(st.state, 'connected');
    assert.is(events[events.length - 1]!.state, 'connected', 'the last event is the current state');
  } finally { await h.close(); }
});

test.run();
