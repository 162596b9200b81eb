// Issue 10 defect 1 at the daemon: records in the run dir, a restarted daemon adopts the running call without a word to netifd, netifd re-running setup is answered with the current state.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Qmi4gDaemon } from '../../../src/daemon/daemon';
import type { DataSession, ModemHandoff } from '../../../src/modem/modem';
import { AdoptionError } from '../../../src/modem/qmi-adopt';
import { silentLogger } from '../../../src/log';
import { UbusError, UbusStatus } from '../../../src/ubus/errors';
import { settle } from '../../helpers/fake-clock';
import { FakeModem } from '../../helpers/fake-modem';

interface Call { path: string; method: string; args: Record<string, unknown> }

/** A bus that records calls and answers `network.interface.X status` with `status` (an object, or a UbusError to throw). */
function fakeBus(status: () => Record<string, unknown> | UbusError = () => ({ up: true, pending: false, proto: 'qmi4g', device: 'wwan0' })) {
  const calls: Call[] = [];
  const events: Record<string, unknown>[] = [];
  return {
    calls, events,
    call: async (p: string, method: string, args: Record<string, unknown>) => {
      calls.push({ path: p, method, args });
      if (method === 'status') { const s = status(); if (s instanceof UbusError) throw s; return s; }
      return undefined;
    },
    send: async (_e: string, d: Record<string, unknown>) => { events.push(d); },
    /** What netifd was told: notify_proto link updates and wwanif up/down, as short words. */
    told(): string[] {
      return calls.filter((c) => c.method !== 'status').map((c) => c.method === 'notify_proto'
        ? `notify:${c.args.action}${c.args['link-up'] === undefined ? '' : c.args['link-up'] ? ':up' : ':down'}` : `${c.path} ${c.method}`);
    },
  };
}

const CONFIG = { wdmif: '/dev/cdc-wdm0', apn: 'internet', wwanif: 'broadband' };

async function until(pred: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (pred()) return; await settle(1); await new Promise((r) => setTimeout(r, 5)); }
  assert.unreachable(`never happened: ${what}`);
}

function tmpDir(): string { return fs.mkdtempSync(path.join(os.tmpdir(), 'qmi4g-adopt-')); }

/** A daemon on `bus` whose modem is `modem` (opens) and whose adopter takes `modem` over when its call is still up. */
function daemon(runDir: string, bus: ReturnType<typeof fakeBus>, world: { modem: FakeModem; adopts: number; refuse?: string }) {
  return new Qmi4gDaemon(bus, {
    runDir, log: silentLogger, sessionOverrides: { livenessIntervalMs: 0 },
    openModem: async () => { world.modem = world.modem.closed ? world.modem.takeOver() : world.modem; return world.modem; },
    adoptModem: async (h: ModemHandoff, saved: DataSession[]) => {
      world.adopts++;
      if (world.refuse) throw new AdoptionError(world.refuse);
      assert.equal(h, { protocol: 'qmi', path: '/dev/cdc-wdm0', cids: { dms: 1, nas: 2, wds4: 3 }, dataFormat: '802.3' }, 'the saved handoff');
      if (!saved.every((s) => world.modem.active.has(s.handle))) throw new AdoptionError('the IPv4 data session is gone');
      world.modem = world.modem.takeOver();
      return { modem: world.modem, sessions: saved };
    },
  });
}

async function connectedFirst(runDir: string) {
  const bus1 = fakeBus();
  const world = { modem: new FakeModem(), adopts: 0 } as { modem: FakeModem; adopts: number; refuse?: string };
  const d1 = daemon(runDir, bus1, world);
  await d1.up({ interface: 'wdm0', config: CONFIG });
  await until(() => bus1.told().includes('network.interface.broadband up'), 'first connect');
  const file = path.join(runDir, 'iface-wdm0.json');
  await until(() => fs.existsSync(file) && JSON.parse(fs.readFileSync(file, 'utf8')).saved, 'record with the saved session');
  return { d1, bus1, world, file, handle: [...world.modem.active.keys()][0] };
}

test('record: written at up, with the handoff once connected (0600), removed at down', async () => {
  const dir = tmpDir();
  const { d1, file, handle } = await connectedFirst(dir);
  const rec = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.is(rec.interface, 'wdm0');
  assert.equal(rec.config, CONFIG);
  assert.equal(rec.saved.handoff.cids, { dms: 1, nas: 2, wds4: 3 });
  assert.is(rec.saved.sessions[0].handle, handle);
  assert.is(fs.statSync(file).mode & 0o777, 0o600);
  await d1.down({ interface: 'wdm0' });
  assert.not.ok(fs.existsSync(file), 'ifdown forgets it');
  fs.rmSync(dir, { recursive: true });
});

test('restart: the new daemon adopts the running call and says nothing to netifd; status connected; a later drop is recovered', async () => {
  const dir = tmpDir();
  const { d1, world, handle } = await connectedFirst(dir);
  // kill -9: d1 is simply gone (nothing stopped, nothing released).
  const bus2 = fakeBus();
  const d2 = daemon(dir, bus2, world);
  const t0 = Date.now();
  assert.equal(await d2.restore(), ['wdm0']);
  await until(() => bus2.events.some((e) => e.state === 'connected'), 'connected event');
  assert.ok(Date.now() - t0 < 2000);
  assert.is(world.adopts, 1);
  assert.equal(bus2.told(), [], 'netifd not disturbed: no link update, no wwanif down/up');
  assert.is(world.modem.count('connect'), 0, 'no new Start Network');
  assert.equal([...world.modem.active.keys()], [handle]);
  const st = await d2.status({ interface: 'wdm0' }) as Record<string, unknown>;
  assert.match(String(st.reason), /taken over/);
  // A drop afterwards: link down, reconnect, link up again.
  world.modem.emitSessionDown(4);
  await until(() => bus2.told().filter((x) => x === 'network.interface.broadband up').length === 1, 'reconnected after the drop');
  assert.equal(bus2.told().slice(0, 2), ['network.interface.broadband down', 'notify:0:down']);
  assert.is(world.modem.count('connect'), 1);
  await d2.shutdown();
  void d1;
  fs.rmSync(dir, { recursive: true });
});

test('restart: adoption impossible (call gone / modem reset) → netifd told link down, fresh connect, link up', async () => {
  const dir = tmpDir();
  const { world } = await connectedFirst(dir);
  world.refuse = 'IPv4 WDS Get Packet Service Status: the modem no longer knows the client id (reset or synced meanwhile)';
  world.modem.closed = true; // the modem rebooted: the next open gets a fresh one
  world.modem.active.clear();
  const bus2 = fakeBus();
  const d2 = daemon(dir, bus2, world);
  assert.equal(await d2.restore(), ['wdm0']);
  await until(() => bus2.told().includes('network.interface.broadband up'), 'fresh connect');
  assert.equal(bus2.told()[0], 'network.interface.broadband down', 'netifd learns the old link is gone first');
  assert.is(world.modem.count('connect'), 1);
  await d2.shutdown();
  fs.rmSync(dir, { recursive: true });
});

test('restart: netifd has the interface down (ifdown while the daemon was away) → not taken back, record removed; NOT_FOUND likewise', async () => {
  for (const status of [() => ({ up: false, pending: false, proto: 'qmi4g' }), () => new UbusError(UbusStatus.NOT_FOUND, 'network.interface.wdm0')]) {
    const dir = tmpDir();
    const { world, file } = await connectedFirst(dir);
    const bus2 = fakeBus(status);
    const d2 = daemon(dir, bus2, world);
    assert.equal(await d2.restore(), []);
    assert.not.ok(fs.existsSync(file));
    assert.is(world.adopts, 0);
    fs.rmSync(dir, { recursive: true });
  }
});

test('restart: the previous daemon died before netifd took the link-up (wdm0 pending) → adopted, then link-up reported', async () => {
  const dir = tmpDir();
  const { world } = await connectedFirst(dir);
  const bus2 = fakeBus(() => ({ up: false, pending: true, proto: 'qmi4g', device: 'wwan0' }));
  const d2 = daemon(dir, bus2, world);
  assert.equal(await d2.restore(), ['wdm0']);
  await until(() => bus2.told().includes('network.interface.broadband up'), 'link-up after the take-over');
  assert.equal(bus2.told(), ['notify:0:up', 'network.interface.broadband up']);
  assert.is(world.adopts, 1);
  assert.is(world.modem.count('connect'), 0, 'adopted, not reconnected');
  await d2.shutdown();
  fs.rmSync(dir, { recursive: true });
});

test('netifd restarted: `up` with the same config while connected → the current link reported again, no reconnect', async () => {
  const dir = tmpDir();
  const { d1, bus1, world } = await connectedFirst(dir);
  const before = world.modem.count('connect');
  bus1.calls.length = 0;
  const r = await d1.up({ interface: 'wdm0', config: CONFIG });
  assert.is(r.state, 'connected');
  await until(() => bus1.told().includes('network.interface.broadband up'), 'link reported again');
  assert.equal(bus1.told(), ['notify:0:up', 'network.interface.broadband up'], 'link-up and wwanif up again, nothing else');
  assert.is(world.modem.count('connect'), before, 'no new data session');
  assert.is(world.modem.count('disconnect'), 0);
  await d1.shutdown();
  fs.rmSync(dir, { recursive: true });
});

test('broken record files are dropped with a reason, never block a start', async () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'iface-wdm0.json'), '{not json');
  fs.writeFileSync(path.join(dir, 'iface-x.json'), JSON.stringify({ version: 1, interface: 'y', protocol: 'qmi', config: {}, savedAt: 1 }));
  const d = daemon(dir, fakeBus(), { modem: new FakeModem(), adopts: 0 });
  assert.equal(await d.restore(), []);
  assert.equal(fs.readdirSync(dir), []);
  fs.rmSync(dir, { recursive: true });
});

test.run();
