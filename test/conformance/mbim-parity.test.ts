// MBIM parity judged by mbimcli against the simulator: modes → Register State DataClass (read back over MBIMEx 2.0), partner networks refused, pdptype ipv4 → an IPv4-only session.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { startMbimSimulator } from '../../src/sim';
import { MbimModem } from '../../src/modem/mbim-modem';
import { ModemError } from '../../src/modem/modem-errors';
import { mbimcli, ok, registered, tempDir } from './sim-helpers';

const tmp = tempDir();
test.after(() => tmp.cleanup());

test('modes umts,lte on an MBIMEx 2.0 modem: Register State set; mbimcli (MBIMEx v2) reads the preferred data classes back; the same modes again send nothing', async () => {
  const port = path.join(tmp.dir, 'modes');
  const sim = await startMbimSimulator({ path: port, scenario: { mbim: { mbimex: '2.0' } } });
  try {
    const before = ok(await mbimcli(port, ['--device-open-ms-mbimex-v2', '--query-registration-state']), 'registration state');
    assert.match(before, /Preferred data classes: 'gprs, edge, umts, hsdpa, hsupa, lte'/);
    const m = await MbimModem.open(port, { timeoutMs: 3000 });
    assert.is(m.mbimexVersion, 0x200, 'Version exchanged');
    await m.setRadioPreferences({ modes: ['umts', 'lte'] });
    await m.setRadioPreferences({ modes: ['lte', 'umts'] });
    await m.close();
    const sets = sim.stats.captured.filter((c) => c.name === 'Register State set');
    assert.is(sets.length, 1, 'one set: the second found the classes already so');
    const after = ok(await mbimcli(port, ['--device-open-ms-mbimex-v2', '--query-registration-state']), 'registration state');
    assert.match(after, /Preferred data classes: 'umts, hsdpa, hsupa, lte'/);
    assert.match(after, /Register mode: 'automatic'/);
    const v1 = ok(await mbimcli(port, ['--query-registration-state']), 'MBIM 1.0 query');
    assert.not.match(v1, /Preferred data classes/, 'a 1.0 client gets the 1.0 layout');
  } finally { await sim.close(); }
});

test('MBIM 1.0 modem: refuses mbimcli --ms-query-version (NoDeviceSupport), no Version exchange, modes sent as Register State set DataClass', async () => {
  const port = path.join(tmp.dir, 'modes1');
  const sim = await startMbimSimulator({ path: port, scenario: {} });
  try {
    const q = await mbimcli(port, ['--ms-query-version=1.0,2.0']);
    assert.is.not(q.code, 0);
    assert.match(q.stderr, /NoDeviceSupport/);
    const from = sim.stats.captured.length;
    const m = await MbimModem.open(port, { timeoutMs: 3000 });
    assert.is(m.mbimexVersion, 0);
    await m.setRadioPreferences({ modes: ['gsm'] });
    await m.close();
    assert.not.ok(sim.stats.captured.slice(from).some((c) => c.name.includes('Version')), 'no Version query: not in Device Services');
    assert.is(sim.stats.captured.filter((c) => c.name === 'Register State set').length, 1);
  } finally { await sim.close(); }
});

test('MBIMEx 2.0 modem: mbimcli --ms-query-version exchanges 1.00 / 2.00', async () => {
  const port = path.join(tmp.dir, 'version');
  const sim = await startMbimSimulator({ path: port, scenario: { mbim: { mbimex: '2.0' } } });
  try {
    const out = ok(await mbimcli(port, ['--ms-query-version=1.0,2.0']), 'ms-query-version');
    assert.match(out, /MBIM extended version : 2\.00/);
  } finally { await sim.close(); }
});

test('modes umts on an LTE cell: the simulated modem camps on UMTS — registration event and status RAT umts, mbimcli shows the UMTS data class', async () => {
  const port = path.join(tmp.dir, 'camp');
  const sim = await startMbimSimulator({ path: port, scenario: { registration: { delayMs: 20, rat: 'lte' } } });
  try {
    await registered(sim.model);
    const m = await MbimModem.open(port, { timeoutMs: 3000 });
    assert.is((await m.registration()).rat, 'lte');
    const rats: string[] = [];
    m.onEvent((e) => { if (e.type === 'registration') rats.push(e.registration.rat); });
    await m.setRadioPreferences({ modes: ['umts'] });
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(rats.includes('umts'), `registration events: ${rats.join(', ')}`);
    assert.is((await m.registration()).rat, 'umts');
    await m.close();
    assert.match(ok(await mbimcli(port, ['--query-packet-service-state']), 'packet service'), /Available data classes: 'umts, hsdpa, hsupa'/);
  } finally { await sim.close(); }
});

test('partner network: mbimcli says partner; allow_roaming 1 + allow_partner 0 → refused before any Connect; allow_partner 1 → connected', async () => {
  const port = path.join(tmp.dir, 'partner');
  const sim = await startMbimSimulator({ path: port, scenario: { registration: { roaming: true, delayMs: 20 }, mbim: { partner: true } } });
  try {
    await registered(sim.model);
    assert.match(ok(await mbimcli(port, ['--query-registration-state']), 'registration'), /Register state: 'partner'/);
    const m = await MbimModem.open(port, { timeoutMs: 3000, allowRoaming: true, allowPartner: false });
    let err: unknown;
    try { await m.connect({ family: 4, apn: 'internet' }); } catch (e) { err = e; }
    assert.instance(err, ModemError);
    assert.equal([(err as ModemError).code, (err as ModemError).data], ['NETWORK_REGISTRATION_FAILED', ['partner']]);
    assert.not.ok(sim.stats.connectSeen, 'no Connect activate sent');
    await m.close();
    const m2 = await MbimModem.open(port, { timeoutMs: 3000, allowRoaming: true, allowPartner: true });
    assert.ok(await m2.connect({ family: 4, apn: 'internet' }));
    await m2.close();
  } finally { await sim.close(); }
});

test('pdptype ipv4: mbimcli shows an IPv4 session and IPv4-only IP configuration; ipv4v6: both', async () => {
  const port = path.join(tmp.dir, 'pdp');
  const sim = await startMbimSimulator({ path: port, scenario: { registration: { delayMs: 20 } } });
  try {
    await registered(sim.model);
    const m = await MbimModem.open(port, { timeoutMs: 3000 });
    const s = await m.connect({ family: 4, apn: 'internet', pdptype: 'ipv4' });
    assert.is(s.settings.address, sim.scenario.data.ipv4.address);
    m.detach();
    const st = ok(await mbimcli(port, ['--query-connection-state']), 'connection state');
    assert.match(st, /Activation state: 'activated'/);
    assert.match(st, /IP type: 'ipv4'/);
    const ip = ok(await mbimcli(port, ['--query-ip-configuration']), 'ip configuration');
    assert.match(ip, new RegExp(`IP \\[0\\]: '${sim.scenario.data.ipv4.address.replace(/\./g, '\\.')}/`));
    assert.not.match(ip, /IPv6 configuration available: '[^']*address/, 'no IPv6 address');
    assert.is(sim.model.listSessions().length, 1, 'one model session: IPv4');
    ok(await mbimcli(port, ['--disconnect']), 'disconnect');
    const m2 = await MbimModem.open(port, { timeoutMs: 3000 });
    await m2.connect({ family: 4, apn: 'internet', pdptype: 'ipv4v6' });
    m2.detach();
    assert.match(ok(await mbimcli(port, ['--query-connection-state']), 'connection state'), /IP type: 'ipv4v6'/);
  } finally { await sim.close(); }
});

test.run();
