// The radio picture on the real OpenWrt stack: list lte_band / nr5g_band applied at connect, `ubus call qmi4g scan` refused during a live call without force, forced scan and self-healing, error counters in status.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { realTest } from '../helpers/owrt-env';
import { OwrtStack, OwrtStackOptions, startOwrtStack } from '../helpers/owrt-stack';
import { ifupUntil, settled, waitStatus, withStack as withAnyStack } from '../helpers/owrt-suite';
import { logged } from '../helpers/eventually';

const rtest = realTest(test);

async function withStack(o: OwrtStackOptions, fn: (s: OwrtStack) => Promise<void>): Promise<void> {
  const s = await startOwrtStack(o);
  try { await fn(s); } finally { await s.close(); }
}

const NETWORK = (extra: Record<string, unknown> = {}) => ({
  broadband: { ifname: 'wwan0', proto: 'dhcp', auto: 0 },
  wdm0: { proto: 'qmi4g', wdmif: '$DEVICE', wwanif: 'broadband', apn: 'internet', auto: 0, ...extra },
});

const leased = (st: { 'ipv4-address'?: { address: string }[] }) => (st['ipv4-address'] ?? []).length > 0;

rtest('list lte_band / nr5g_band: written at connect when the modem differs, not again on the next connect; errors, overflows, drops in status', async () => {
  const scenario = {
    dataFormat: '802.3' as const, dataFormats: ['802.3' as const],
    radio: { bands: { lte: [1, 3, 7, 8, 20], nr5g: [1, 78] }, packetErrors: { txErrors: 4, rxErrors: 6, txOverflows: 1, rxOverflows: 2, txDropped: 8, rxDropped: 9 } },
  };
  await withStack({ scenario, network: NETWORK({ lte_band: ['3', '7 20'], nr5g_band: ['n78', '258'] }) }, async (s) => {
    await s.ifup('wdm0');
    await s.waitIface('broadband', leased, 'DHCP lease');
    assert.equal(s.sim.model.radio.bands.lte, [3, 7, 20]);
    assert.equal(s.sim.model.radio.bands.nr5gSa, [78, 258]);
    assert.equal(s.sim.model.radio.bands.nr5gNsa, [78, 258]);
    assert.is(s.sim.model.radio.bandWrites, 1);
    const st = (await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.is(st.state, 'connected');
    assert.equal(st.band_preference, { lte: [3, 7, 20], nr5g_sa: [78, 258], nr5g_nsa: [78, 258] });
    const c = st.counters as Record<string, number>;
    assert.equal([c.tx_errors, c.rx_errors, c.tx_overflows, c.rx_overflows, c.tx_dropped, c.rx_dropped], [4, 6, 1, 2, 8, 9], JSON.stringify(c));
    const cli = await s.qmi4g(['status']);
    assert.match(cli.stdout, /errors 6\/4, overflows 2\/1, dropped 9\/8/);
    assert.match(cli.stdout, /preference: LTE 3 7 20; NR n78 n258/);
    // Reconnect: the modem already has these bands, so nothing is written again.
    const back = s.waitState('wdm0', (x) => x.state === 'connected');
    await back.ready;
    await s.client.call('qmi4g', 'reconnect', { interface: 'wdm0' });
    await back;
    assert.is(s.sim.model.radio.bandWrites, 1, 'unchanged bands are not written again');
  });
});

rtest('an unknown band is CONFIG_INVALID naming the value; the modem is not touched', async () => {
  await withStack({ scenario: {}, network: NETWORK({ lte_band: ['3', '99'] }) }, async (s) => {
    await s.ifup('wdm0');
    const st = await s.waitIface('wdm0', (x) => (x.errors ?? []).length > 0, 'CONFIG_INVALID in netifd');
    assert.equal(st.errors?.[0]?.code, 'CONFIG_INVALID');
    const q = (await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.match(String((q.last_error as Record<string, unknown>).message), /lte_band.*"99"/);
    assert.is(s.sim.model.radio.bandWrites, 0);
  });
});

rtest('ubus call qmi4g scan: refused (BUSY) during a live call, no scan sent; force scans, reports the networks, and the dropped call reconnects by itself', async () => {
  const scenario = { dataFormat: '802.3' as const, dataFormats: ['802.3' as const], radio: { scan: { delayMs: 1500, dropsCall: true } } };
  await withStack({ scenario, network: NETWORK() }, async (s) => {
    await s.ifup('wdm0');
    await s.waitIface('broadband', leased, 'DHCP lease');
    const busy = await s.exec(['ubus', 'call', 'qmi4g', 'scan', '{"interface":"wdm0"}']);
    assert.is(busy.status, 0, busy.stderr);
    const refused = JSON.parse(busy.stdout) as { ok: boolean; error: { code: string; message: string } };
    assert.is(refused.ok, false);
    assert.is(refused.error.code, 'BUSY');
    assert.match(refused.error.message, /force/);
    assert.is(s.sim.model.radio.scans, 0, 'no scan sent to the modem');
    assert.is((await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!.state, 'connected');

    // While the forced scan runs (1.5 s), status answers at once.
    const dropped = s.waitState('wdm0', (x) => x.state === 'reconnecting', 30_000);
    await dropped.ready;
    const t0 = Date.now();
    const forced = s.exec(['ubus', 'call', 'qmi4g', 'scan', '{"interface":"wdm0","force":true}']);
    await dropped;
    const during = Date.now();
    await s.client.call('qmi4g', 'status', { interface: 'wdm0' });
    assert.ok(Date.now() - during < 1000, 'status is not held up by the scan');
    const out = await forced;
    assert.is(out.status, 0, out.stderr);
    const r = JSON.parse(out.stdout) as { ok: boolean; state: string; forced: boolean; networks: { mcc: string; mnc: string; operator: string; status: string; rat: string }[] };
    assert.ok(Date.now() - t0 >= 1400, 'the answer waited for the scan');
    assert.is(r.state, 'done');
    assert.is(r.forced, true);
    assert.equal(r.networks[0], { mcc: '262', mnc: '01', operator: 'Telekom.de', status: 'current', rat: 'lte' });
    assert.ok(r.networks.some((n) => n.status === 'forbidden'));
    assert.is(s.sim.model.radio.scans, 1);
    await s.waitIface('broadband', leased, 'DHCP lease again after the forced scan dropped the call', 30_000);
    const st = await s.client.call('qmi4g', 'status', { interface: 'wdm0' });
    assert.is(st!.state, 'connected');
    const res = await s.exec(['ubus', 'call', 'qmi4g', 'scan_result', '{"interface":"wdm0"}']);
    assert.equal((JSON.parse(res.stdout) as { networks: unknown[] }).networks, r.networks);
    // The CLI: refused without --force while connected (exit 1, the reason in words); the text list with it.
    const refusedCli = await s.qmi4g(['scan', '--interface', 'wdm0']);
    assert.is(refusedCli.status, 1);
    assert.match(refusedCli.stdout, /BUSY .*force/);
    assert.is(s.sim.model.radio.scans, 1, 'still no second scan');
    const cli = await s.qmi4g(['scan', '--interface', 'wdm0', '--force']);
    assert.is(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /wdm0: 3 network\(s\) in \d+ s \(forced\)/);
    assert.match(cli.stdout, /262-01 +current +lte +Telekom\.de/);
    await waitStatus(s, 'wdm0', (q) => q.state === 'connected', 'connected after the second forced scan', 30_000);
    await logged(s.daemonLog, /forced network scan during a live call/, 'the log says the call may drop');
  });
});

rtest('MBIM: lte_band as QMI NAS over MBIM at connect; scan BUSY while connected; forced Visible Providers scan answers and the call comes back', async () => {
  const scenario = { radio: { bands: { lte: [1, 3, 7, 8, 20] }, scan: { delayMs: 800, dropsCall: true } } };
  await withAnyStack<'mbim'>({ protocol: 'mbim', scenario, network: { wwan: { proto: 'mbim', device: '$DEVICE', apn: 'internet', auto: 0, lte_band: ['1', '3'] } } }, async (s) => {
    const e = await ifupUntil(s, 'wwan', settled);
    assert.is(e.state, 'connected', e.reason);
    assert.equal(s.sim.model.radio.bands.lte, [1, 3]);
    assert.is(s.sim.model.radio.bandWrites, 1);
    assert.equal(((await s.client.call('qmi4g', 'status', { interface: 'wwan' }))!.band_preference as Record<string, unknown>).lte, [1, 3]);
    const busy = (await s.client.call('qmi4g', 'scan', { interface: 'wwan' }))!;
    assert.equal([busy.ok, (busy.error as { code: string }).code], [false, 'BUSY']);
    assert.is(s.sim.model.radio.scans, 0);
    const dropped = s.waitState('wwan', (x) => x.state === 'reconnecting', 30_000);
    await dropped.ready;
    const r = (await s.client.call('qmi4g', 'scan', { interface: 'wwan', force: true }, { timeoutMs: 30_000 }))!;
    await dropped;
    assert.is(r.state, 'done', JSON.stringify(r));
    const nets = r.networks as { mcc: string; mnc: string; status: string; rat: string }[];
    assert.equal(nets[0], { mcc: '262', mnc: '01', operator: 'Telekom.de', status: 'current', rat: 'unknown' });
    assert.ok(nets.some((n) => n.status === 'forbidden'));
    await waitStatus(s, 'wwan', (q) => q.state === 'connected', 'connected again after the forced scan', 30_000);
  });
});

test.run();
