// lte_band / nr5g_band as the daemon reads them (config.ts → session radio preferences), and the scan jobs behind `ubus call qmi4g scan` (scan.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, parseInterfaceConfig } from '../../../src/daemon/config';
import { toSessionConfig } from '../../../src/daemon/session-config';
import { ScanJobs, scanReply } from '../../../src/daemon/scan';
import { bandPreferenceReply, countersReply, formatStatus } from '../../../src/daemon/status';
import type { Modem, ScanNetwork } from '../../../src/modem/modem';
import { ModemError } from '../../../src/modem/modem-errors';
import { silentLogger, type Logger } from '../../../src/log';
import { Qmi4gDaemon } from '../../../src/daemon/daemon';
import { FakeModem } from '../../helpers/fake-modem';
import { waitFor } from '../../../src/util/wait';

const base = { wdmif: '/dev/cdc-wdm0', apn: 'internet' };

function configError(input: Record<string, unknown>): ConfigError {
  try { parseInterfaceConfig(input); } catch (e) { assert.instance(e, ConfigError); return e as ConfigError; }
  throw new Error('expected ConfigError');
}

test('lte_band / nr5g_band: uci list or one option, blanks or commas, n-prefix for NR; sorted, deduplicated; into the radio preferences', () => {
  const c = parseInterfaceConfig({ ...base, lte_band: ['20', '3 7', '3,1'], nr5g_band: 'n78 N1,258' });
  assert.equal(c.lte_band, [1, 3, 7, 20]);
  assert.equal(c.nr5g_band, [1, 78, 258]);
  const r = toSessionConfig(c).radio;
  assert.equal([r.lteBands, r.nr5gBands], [[1, 3, 7, 20], [1, 78, 258]]);
  const none = toSessionConfig(parseInterfaceConfig({ ...base, lte_band: [] })).radio;
  assert.is(none.lteBands, undefined, 'an empty list leaves the modem setting');
  assert.not.ok('lteBands' in none);
});

test('an unknown band is CONFIG_INVALID naming the option and the value', () => {
  const e = configError({ ...base, lte_band: ['3', '99'] });
  assert.is(e.option, 'lte_band');
  assert.match(e.message, /unknown LTE band "99"/);
  assert.match(configError({ ...base, nr5g_band: 'n4' }).message, /unknown 5G NR band "n4"/);
  assert.match(configError({ ...base, lte_band: 'b3' }).message, /"b3"/);
  assert.match(configError({ ...base, lte_band: 'n3' }).message, /"n3"/, 'the n prefix is NR only');
});

/** A modem with only what ScanJobs uses: a scan that resolves or rejects when the test says. */
function scanModem(): { modem: Modem; calls: number; finish(n: ScanNetwork[]): void; fail(e: Error): void; signal?: AbortSignal } {
  const h: { modem: Modem; calls: number; finish(n: ScanNetwork[]): void; fail(e: Error): void; signal?: AbortSignal } = {
    calls: 0, finish: () => undefined, fail: () => undefined,
    modem: {
      scan: (o?: { signal?: AbortSignal }) => new Promise<ScanNetwork[]>((resolve, reject) => {
        h.calls++; h.signal = o?.signal; h.finish = resolve; h.fail = reject;
        o?.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      }),
    } as unknown as Modem,
  };
  return h;
}

const NET: ScanNetwork = { mcc: '262', mnc: '01', operator: 'Telekom.de', status: 'current', rat: 'lte' };

test('scan: BUSY while connected without force, nothing sent; NO_DEVICE without an open modem; unsupported modem', () => {
  const jobs = new ScanJobs(silentLogger);
  const m = scanModem();
  const busy = jobs.start('wdm0', { modem: m.modem, state: 'connected' }, false);
  assert.ok('ok' in busy && busy.error.code === 'BUSY');
  assert.match((busy as { error: { message: string } }).error.message, /force/);
  assert.is(m.calls, 0);
  assert.is(jobs.get('wdm0'), undefined);
  const closed = jobs.start('wdm0', { state: 'opening' }, true);
  assert.ok('ok' in closed && closed.error.code === 'NO_DEVICE');
  const old = jobs.start('wdm0', { modem: {} as Modem, state: 'registering' }, false);
  assert.ok('ok' in old && old.error.code === 'DEVICE_NOT_SUPPORTED');
});

test('scan: one at a time (a second call joins the running scan), result kept for scan_result', async () => {
  let now = 1_700_000_000_000;
  const jobs = new ScanJobs(silentLogger, () => now);
  const m = scanModem();
  const a = jobs.start('wdm0', { modem: m.modem, state: 'registering' }, false);
  const b = jobs.start('wdm0', { modem: m.modem, state: 'registering' }, false);
  assert.ok(!('ok' in a) && a === b, 'joined');
  assert.is(m.calls, 1);
  assert.is(scanReply('wdm0', a).state, 'running');
  assert.match(String(scanReply('wdm0', a).hint), /scan_result/);
  now += 42_000;
  m.finish([NET]);
  await a.done;
  assert.equal(scanReply('wdm0', jobs.get('wdm0')!), {
    ok: true, interface: 'wdm0', state: 'done', started: 1_700_000_000, forced: false, finished: 1_700_000_042, duration_s: 42, networks: [NET],
  });
  const again = jobs.start('wdm0', { modem: m.modem, state: 'registering' }, false);
  assert.ok(!('ok' in again) && again !== a && m.calls === 2, 'an ended scan is not joined');
});

test('scan: forced during a live call it runs and logs that the call may drop; failures and cancel are reported', async () => {
  const warnings: string[] = [];
  const log: Logger = { ...silentLogger, warn: (m: string) => { warnings.push(m); }, child: () => log };
  const jobs = new ScanJobs(log);
  const m = scanModem();
  const j = jobs.start('wdm0', { modem: m.modem, state: 'connected' }, true);
  assert.ok(!('ok' in j) && j.forced);
  assert.ok(warnings.some((w) => /call may drop/.test(w)));
  m.fail(new ModemError('MODEM_UNRESPONSIVE', 'Network Scan: timed out'));
  await (j as { done: Promise<void> }).done;
  assert.equal(scanReply('wdm0', jobs.get('wdm0')!).error, { code: 'MODEM_UNRESPONSIVE', message: 'Network Scan: timed out' });
  assert.is(scanReply('wdm0', jobs.get('wdm0')!).ok, false);
  const k = jobs.start('wdm1', { modem: m.modem, state: 'registering' }, false) as { done: Promise<void> };
  jobs.cancel('wdm1');
  await k.done;
  assert.ok(m.signal?.aborted, 'the modem request is aborted');
  assert.is(jobs.get('wdm1')!.error?.code, 'CANCELLED');
});

test('status counters: errors, overflows and drops beside bytes and packets; absent ones left out; text shows in/out', () => {
  const c = countersReply({ txBytes: 10, rxBytes: 20, txPackets: 1, rxPackets: 2, txErrors: 3, rxErrors: 4, txDropped: 5, rxDropped: 6 });
  assert.equal(c, { tx_bytes: 10, rx_bytes: 20, tx_packets: 1, rx_packets: 2, tx_errors: 3, rx_errors: 4, tx_dropped: 5, rx_dropped: 6 });
  const text = formatStatus({ interface: 'wdm0', device: '/dev/cdc-wdm0', state: 'connected', for_s: 1, reason: 'connected', counters: c });
  assert.match(text, /20 bytes in, 10 bytes out \(in\/out packets: errors 4\/3, dropped 6\/5\)/);
  assert.not.match(text, /overflows/);
});

test('status band_preference: the modem\'s band lists in ubus words; text names LTE and NR bands', () => {
  const b = bandPreferenceReply({ lte: [3, 7, 20], nr5gSa: [78, 258], nr5gNsa: [78] })!;
  assert.equal(b, { lte: [3, 7, 20], nr5g_sa: [78, 258], nr5g_nsa: [78] });
  assert.is(bandPreferenceReply(undefined), undefined);
  const text = formatStatus({ interface: 'wdm0', device: '/dev/cdc-wdm0', state: 'connected', for_s: 1, reason: 'connected', band_preference: b });
  assert.match(text, /preference: LTE 3 7 20; NR n78 n258/);
});

/** A FakeModem that can scan: each scan resolves after `scanMs` with NET. */
class ScanningModem extends FakeModem {
  scans = 0;
  constructor(private readonly scanMs: number) { super('/dev/cdc-wdm0'); }
  scan(): Promise<ScanNetwork[]> { this.scans++; return new Promise((r) => setTimeout(() => r([NET]), this.scanMs)); }
}

async function registeringDaemon(scanMs: number): Promise<{ d: Qmi4gDaemon; modem: ScanningModem }> {
  const modem = new ScanningModem(scanMs);
  modem.holdRegistration = true; // the session waits in `registering` with the modem open
  const d = new Qmi4gDaemon({ call: async () => ({}), send: async () => undefined }, { log: silentLogger, openModem: async () => modem, scanReplyWaitMs: 60 });
  await d.up({ interface: 'wdm0', config: { wdmif: '/dev/cdc-wdm0', apn: 'internet', timeout: 0 } });
  await waitFor<void>('registering', (done) => { const t = setInterval(() => { void d.status({ interface: 'wdm0' }).then((st) => { if (st.state === 'registering') done(); }); }, 5); return () => clearInterval(t); }, { timeoutMs: 2000 });
  return { d, modem };
}

test('daemon scan: a scan that ends within the reply wait answers with the networks', async () => {
  const { d, modem } = await registeringDaemon(5);
  const r = await d.scan({ interface: 'wdm0' });
  assert.is(r.state, 'done');
  assert.equal(r.networks, [NET]);
  assert.is(modem.scans, 1);
  await d.shutdown();
});

test('daemon scan: a longer scan answers running at the reply wait; scan_result then gives the networks; bad arguments refused', async () => {
  const { d, modem } = await registeringDaemon(200);
  const t0 = Date.now();
  const r = await d.scan({ interface: 'wdm0' });
  assert.ok(Date.now() - t0 < 190, 'answered before the scan ended');
  assert.is(r.state, 'running');
  assert.is((await d.scanResult({ interface: 'wdm0' })).state, 'running');
  const joined = await d.scan({ interface: 'wdm0' });
  assert.is(joined.state, 'running');
  assert.is(modem.scans, 1, 'the second call joined the running scan');
  let waited = await d.scanResult({ interface: 'wdm0', wait: true });
  while (waited.state === 'running') waited = await d.scanResult({ interface: 'wdm0', wait: true }); // each waits ≤ the reply wait
  assert.ok(Date.now() - t0 >= 190, 'scan_result with wait held the reply until the scan ended');
  assert.equal(waited.networks, [NET]);
  assert.equal((await d.scanResult({ interface: 'wdm0' })).networks, [NET]);
  for (const bad of [{ interface: 'nope' }, { interface: 'wdm0', force: 'yes' }]) {
    try { await d.scan(bad); assert.unreachable(JSON.stringify(bad)); } catch (e) { assert.match((e as Error).name, /MethodError/); }
  }
  try { await d.scanResult({ interface: 'other' }); assert.unreachable(); } catch (e) { assert.match((e as Error).message, /no network scan of other/); }
  await d.shutdown();
});

test.run();
