// A full SMS store through the daemon, in process, on the simulators (QMI WMS Get Store Max Size + List Messages;
// MBIM SMS Configuration + Message Store Status): `qmi4g status` shows `sms` {store, used, max, full} once the data
// session is up (read after Start Network / Connect, never during the connect), one warning when the store becomes
// full (none for further arrivals or notifications), refreshed on arrival and after sms_delete, and the text status.
// No tool checks Get Store Max Size against the simulator: libqmi does not define the message (qmi-service-wms.json
// lacks it; qmicli 1.32 has no --wms-get-store-max-size), nor does uqmi or mbimcli 1.28 (no SMS options).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { startMbimSimulator, startQmiSimulator, MbimSimulator, QmiSimulator } from '../../src/sim';
import { Qmi4gDaemon } from '../../src/daemon/daemon';
import { formatStatus } from '../../src/daemon/status';
import { createLogger, setLogSink } from '../../src/log';
import { tempDir } from './sim-helpers';

const tmp = tempDir();
test.after(() => tmp.cleanup());

/** netifd as the daemon sees it over ubus: wwanif `broadband` is device wwan0; notify_proto accepted. */
const bus = {
  call: async (_p: string, method: string) => (method === 'status' ? { up: true, pending: false, proto: 'dhcp', device: 'wwan0' } : undefined),
  send: async () => undefined,
};

async function until<T>(what: string, get: () => Promise<T | undefined> | T | undefined, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Run { d: Qmi4gDaemon; lines: string[]; status(): Promise<Record<string, any>>; close(): Promise<void> }

/** The daemon (its own log captured) running interface wdm0 of `protocol` on the simulator at `port`. */
async function run(protocol: 'qmi' | 'mbim', port: string, sim: QmiSimulator | MbimSimulator): Promise<Run> {
  const lines: string[] = [];
  const prev = setLogSink((l) => lines.push(l));
  const d = new Qmi4gDaemon(bus, { log: createLogger(''), runDir: path.join(tmp.dir, `run-${protocol}`) });
  const config = protocol === 'mbim' ? { device: port, apn: 'internet', wwanif: 'broadband' } : { wdmif: port, apn: 'internet', wwanif: 'broadband' };
  await d.up({ interface: 'wdm0', protocol, config });
  const status = () => d.status({ interface: 'wdm0' }) as Promise<Record<string, any>>;
  return {
    d, lines, status,
    async close() { await d.shutdown(); await sim.close(); setLogSink(prev); },
  };
}

const warnings = (lines: string[]) => lines.filter((l) => /^warn: .*SMS store .* is full/.test(l));

test('QMI: sms {store, used, max, full} read after Start Network; one warning when full; a lost message, a delete', async () => {
  const port = path.join(tmp.dir, 'wdm-qmi');
  const sim = await startQmiSimulator({ path: port, scenario: { registration: { delayMs: 20 }, sms: { simCapacity: 3, stored: [{ from: '+4930111', text: 'eins' }, { from: '+4930222', text: 'zwei' }] } } });
  const r = await run('qmi', port, sim);
  try {
    const first = await until('status sms', async () => { const s = await r.status(); return s.sms ? s : undefined; });
    assert.is(first.state, 'connected');
    assert.equal(first.sms, { store: 'sim', used: 2, max: 3, full: false });
    const names = sim.stats.captured.map((c) => c.name);
    assert.ok(names.indexOf('wms Get Store Max Size') > names.indexOf('wds Start Network'), `read after the connect: ${names.join(', ')}`);
    assert.is(sim.stats.requests['wms Get Store Max Size'], 1, 'once per modem');
    assert.equal(warnings(r.lines), []);

    // The third message fills the store: status says so at the arrival (Event Report), one warning.
    sim.model.sms.arrive({ from: '+4930333', text: 'drei', afterMs: 0 });
    const full = await until('full', async () => { const s = await r.status(); return s.sms?.full ? s : undefined; });
    assert.equal(full.sms, { store: 'sim', used: 3, max: 3, full: true });
    assert.equal(warnings(r.lines).length, 1, r.lines.join('\n'));
    assert.match(warnings(r.lines)[0], /\[wdm0\] sms: SMS store sim is full \(3 of 3\)/);
    assert.match(formatStatus(full), /SMS +\| +store: sim, 3 of 3 — FULL: new messages are lost/);

    // The network's next message is lost (no Event Report: nothing stored); no second warning.
    sim.model.sms.arrive({ from: '+4930444', text: 'vier', afterMs: 0 });
    assert.is(sim.model.sms.rejectedFull, 1);
    const list = await r.d.sms.list({ interface: 'wdm0' });
    assert.is((list.messages as unknown[]).length, 3);

    const id = (list.messages as { id: string; from: string }[]).find((m) => m.from === '+4930111')!.id;
    assert.equal(await r.d.sms.delete({ interface: 'wdm0', id }), { ok: true, deleted: 1 });
    const room = await until('room again', async () => { const s = await r.status(); return s.sms && !s.sms.full ? s : undefined; });
    assert.equal(room.sms, { store: 'sim', used: 2, max: 3, full: false });
    assert.ok(r.lines.some((l) => /\[wdm0\] sms: SMS store sim has room again \(2 of 3\)/.test(l)), r.lines.join('\n'));
    assert.equal(warnings(r.lines).length, 1, 'one warning in all');
  } finally { await r.close(); }
});

test('QMI: the store Get Routes sends new messages to is the one shown (modem store)', async () => {
  const port = path.join(tmp.dir, 'wdm-qmi-nv');
  const sim = await startQmiSimulator({ path: port, scenario: { registration: { delayMs: 20 }, sms: { storage: 'modem', modemCapacity: 5, stored: [{ from: '+4930111', text: 'eins' }] } } });
  const r = await run('qmi', port, sim);
  try {
    const s = await until('status sms', async () => (await r.status()).sms);
    assert.equal(s, { store: 'modem', used: 1, max: 5, full: false });
  } finally { await r.close(); }
});

test('MBIM: sms {store: device, max, full} from Configuration and Message Store Status after Connect; one warning; delete and arrival refresh it', async () => {
  const port = path.join(tmp.dir, 'wdm-mbim');
  const sim = await startMbimSimulator({ path: port, scenario: { registration: { delayMs: 20 }, sms: { simCapacity: 2, stored: [{ from: '+4930111', text: 'eins' }, { from: '+4930222', text: 'zwei' }] } } });
  const r = await run('mbim', port, sim);
  try {
    const first = await until('status sms', async () => { const s = await r.status(); return s.sms ? s : undefined; });
    assert.is(first.state, 'connected');
    assert.equal(first.sms, { store: 'device', max: 2, full: true });
    const names = sim.stats.captured.map((c) => c.name);
    assert.ok(names.indexOf('SMS Message Store Status query') > names.indexOf('Connect set'), `read after the connect: ${names.join(', ')}`);
    assert.equal(warnings(r.lines).length, 1, r.lines.join('\n'));
    assert.match(formatStatus(first), /store: device, 2 messages — FULL/);

    // A message for the full store: lost, the function notifies MESSAGE_STORE_FULL; still one warning.
    sim.model.sms.arrive({ from: '+4930333', text: 'drei', afterMs: 0 });
    await until('the full notification', () => (sim.stats.indications['SMS Message Store Status'] ? true : undefined));
    await until('read again', () => ((sim.stats.requests['SMS Message Store Status'] ?? 0) >= 2 ? true : undefined));
    assert.equal(warnings(r.lines).length, 1);

    const list = await r.d.sms.list({ interface: 'wdm0' });
    const id = (list.messages as { id: string }[])[0].id;
    assert.equal(await r.d.sms.delete({ interface: 'wdm0', id }), { ok: true, deleted: 1 });
    const room = await until('room again', async () => { const s = await r.status(); return s.sms && !s.sms.full ? s : undefined; });
    assert.equal(room.sms, { store: 'device', max: 2, full: false });

    sim.model.sms.arrive({ from: '+4930444', text: 'vier', afterMs: 0 });
    await until('full again', async () => ((await r.status()).sms?.full ? true : undefined));
    assert.equal(warnings(r.lines).length, 2, 'full again after room: told again');
  } finally { await r.close(); }
});

test.run();
