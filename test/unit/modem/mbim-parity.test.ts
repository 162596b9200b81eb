// Tests for MBIM parity with QMI (issue 14): pdptype → Connect IpType, allow_roaming/allow_partner from the first command and while connected, modes → Register State DataClass (MBIM 1.0 and MBIMEx 2.0), no CLOSE to a hung function.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { basicConnect as bc } from '../../../src/mbim/services';
import { ContextType, ServiceUuid } from '../../../src/mbim/uuid';
import { dataClassOfModes } from '../../../src/modem/mbim-modes';
import { parseInterfaceConfig } from '../../../src/daemon/config';
import { mbimOpenOptions } from '../../../src/daemon/mbim-open-options';
import { opened, register, rejection, tick } from '../../helpers/fake-mbim';

const D = bc.MbimDataClass;
const connectSets = (f: { got: { name: string; kind: string; values: Record<string, any> }[] }) => f.got.filter((g) => g.name === 'Connect' && g.kind === 'set');

test('pdptype ipv4 → Connect IpType IPv4 only; ipv4v6 → IPv4v6; ipv6 → IPv6; the open option is the fallback', async () => {
  for (const [pdptype, family, ipType] of [['ipv4', 4, 1], ['ipv4v6', 4, 3], ['ipv6', 6, 2]] as const) {
    const { fake, modem } = await opened();
    const s = await modem.connect({ family, apn: 'internet', pdptype });
    assert.is(connectSets(fake)[0]!.values.ipType, ipType, pdptype);
    assert.is(s.settings.family, family);
    await modem.close();
  }
  const { fake, modem } = await opened(undefined, { pdptype: 'ipv4' });
  await modem.connect({ family: 4 });
  assert.is(connectSets(fake)[0]!.values.ipType, 1, 'MbimModemOptions.pdptype');
  await modem.close();
});

test('pdptype ipv4 granted IPv4: a later IPv6 request is refused, the IPv6 part of IP Configuration never becomes a session', async () => {
  const { fake, modem } = await opened();
  const s = await modem.connect({ family: 4, pdptype: 'ipv4' });
  assert.equal(Object.keys(s.settings).sort(), ['address', 'dns', 'family', 'gateway', 'mtu', 'prefix']);
  assert.is(s.settings.family, 4);
  assert.is((await rejection(modem.connect({ family: 6, pdptype: 'ipv4' }))).code, 'CALL_FAILED');
  assert.is(connectSets(fake).length, 1);
  await modem.close();
});

test('pdptype ipv4 but the modem grants IPv4v6 anyway: only the IPv4 settings come back (the IPv6 part is not used)', async () => {
  const { fake, modem } = await opened();
  fake.handlers['Connect set'] = (r) => ({ values: { sessionId: r.sessionId, activationState: 1, voiceCallState: 0, ipType: 3, contextType: ContextType.internet, nwError: 0 } });
  const s = await modem.connect({ family: 4, pdptype: 'ipv4' });
  assert.is(connectSets(fake)[0]!.values.ipType, 1, 'asked IPv4 only');
  assert.equal(s.settings, { family: 4, address: '10.64.0.2', prefix: 30, gateway: '10.64.0.1', dns: ['10.64.0.1', '10.64.0.254'], mtu: 1500 });
  await modem.close();
});

test('mbimOpenOptions: the interface policy and pdptype (mbim.sh defaults: both refused, ipv4v6)', () => {
  assert.equal(mbimOpenOptions(parseInterfaceConfig({ device: '/dev/cdc-wdm0' }, { flavor: 'mbim' })), { allowRoaming: false, allowPartner: false, pdptype: 'ipv4v6' });
  assert.equal(mbimOpenOptions(parseInterfaceConfig({ device: '/dev/cdc-wdm0', allow_roaming: '1', pdptype: 'ipv4' }, { flavor: 'mbim' })), { allowRoaming: true, allowPartner: false, pdptype: 'ipv4' });
  assert.equal(mbimOpenOptions(undefined), {});
});

test('allow_roaming/allow_partner hold from open, without any radio preference: partner refused, roaming allowed', async () => {
  const { fake, modem } = await opened((f) => { f.handlers['Register State query'] = () => ({ values: register(bc.MbimRegisterState.partner) }); },
    { allowRoaming: true, allowPartner: false });
  const e = await rejection(modem.connect({ family: 4 }));
  assert.equal([e.code, e.data], ['NETWORK_REGISTRATION_FAILED', ['partner']]);
  assert.equal(connectSets(fake), [], 'no Connect sent');
  await modem.close();
  const b = await opened((f) => { f.handlers['Register State query'] = () => ({ values: register(bc.MbimRegisterState.roaming) }); }, { allowRoaming: true, allowPartner: false });
  assert.ok(await b.modem.connect({ family: 4 }), 'roaming allowed');
  await b.modem.close();
  const c = await opened((f) => { f.handlers['Register State query'] = () => ({ values: register(bc.MbimRegisterState.partner) }); });
  assert.equal((await rejection(c.modem.connect({ family: 4 }))).data, ['partner'], 'no options: mbim.sh defaults (refused)');
  await c.modem.close();
});

test('connected, the network moves to a partner network: allow_partner 0 ends the session (deactivate + session-down); 1 keeps it', async () => {
  const { fake, modem, events } = await opened(undefined, { allowRoaming: true, allowPartner: false });
  await modem.connect({ family: 4 });
  fake.indicate(bc.RegisterState, register(bc.MbimRegisterState.roaming));
  await tick(); await tick();
  assert.is(connectSets(fake).length, 1, 'roaming allowed: kept');
  fake.indicate(bc.RegisterState, register(bc.MbimRegisterState.partner));
  await tick(); await tick(); await tick();
  const sets = connectSets(fake);
  assert.is(sets.length, 2);
  assert.is(sets[1]!.values.activationCommand, bc.MbimActivationCommand.deactivate);
  const down = events.find((e) => e.type === 'session-down');
  assert.ok(down && down.type === 'session-down' && /partner/.test(down.reason ?? ''), 'session-down names the partner network');
  await modem.close();
  const b = await opened(undefined, { allowRoaming: true, allowPartner: true });
  await b.modem.connect({ family: 4 });
  b.fake.indicate(bc.RegisterState, register(bc.MbimRegisterState.partner));
  await tick(); await tick();
  assert.is(connectSets(b.fake).length, 1, 'allow_partner 1: kept');
  assert.not.ok(b.events.some((e) => e.type === 'session-down'));
  await b.modem.close();
});

test('dataClassOfModes: gsm/umts/lte/5g/cdma bits; all = the device classes', () => {
  assert.is(dataClassOfModes(['gsm'], 0), D.gprs | D.edge);
  assert.is(dataClassOfModes(['umts', 'lte'], 0), D.umts | D.hsdpa | D.hsupa | D.lte);
  assert.is(dataClassOfModes(['nr5g'], 0), D['5gNsa'] | D['5gSa']);
  assert.is(dataClassOfModes(['cdma'], 0), D['1xrtt'] | D['1xevdo'] | D['1xevdoRevA'] | D['1xevdoRevB']);
  assert.is(dataClassOfModes('all', 0x3f), 0x3f);
  assert.is(dataClassOfModes('all', D.custom | D.lte), D.lte, 'custom never sent');
  assert.ok(dataClassOfModes('all', 0) & D['5gSa'], 'no device classes: every standard one');
});

test('modes on MBIM 1.0: Register State set automatic with the DataClass; it cannot be read back, so once per open, not on each reconnect', async () => {
  const { fake, modem } = await opened();
  assert.is(modem.mbimexVersion, 0);
  await modem.setRadioPreferences({ modes: ['lte'] });
  await modem.setRadioPreferences({ modes: ['lte'] });
  const sets = () => fake.got.filter((g) => g.name === 'Register State' && g.kind === 'set');
  assert.equal(sets().map((g) => g.values), [{ providerId: '', registerAction: 0, dataClass: D.lte }], 'the same open: once');
  await modem.setRadioPreferences({ modes: 'all' });
  assert.is(sets().pop()!.values.dataClass, 0x3f, 'all = Device Caps DataClass');
  await modem.close();
  const b = await opened();
  await b.modem.setRadioPreferences({ modes: ['lte'] });
  assert.is(b.fake.got.filter((g) => g.name === 'Register State' && g.kind === 'set').length, 1, 'a new open: sent again');
  b.fake.handlers['Register State set'] = () => ({ status: 3 });
  await rejection(b.modem.setRadioPreferences({ modes: ['gsm'] }));
  b.fake.handlers['Register State set'] = (r) => ({ values: register(3, { registerMode: 1, providerId: r.providerId || '26201' }) });
  await b.modem.setRadioPreferences({ modes: ['gsm'] });
  assert.is(b.fake.got.filter((g) => g.name === 'Register State' && g.kind === 'set').length, 3, 'a refused set is not remembered: retried');
  await b.modem.close();
});

/** An MBIMEx 2.0 function: MS Basic Connect Extensions Version listed and agreed; Register State reports `preferred`. */
function mbimex2(preferred: () => number, mode = 1, providerId = '26201') {
  return (f: import('../../helpers/fake-mbim').FakeMbim) => {
    f.handlers['Device Services query'] = () => ({ values: { maxDssSessions: 0, deviceServices: [
      { deviceServiceId: ServiceUuid.basicConnect, dssPayload: 0, maxDssInstances: 0, cids: [1, 2, 3, 9] },
      { deviceServiceId: ServiceUuid.msBasicConnectExtensions, dssPayload: 0, maxDssInstances: 0, cids: [15] }] } });
    f.handlers['Version query'] = (r) => { f.mbimex2 = r.mbimExtendedVersion >= 0x200; return { values: { mbimVersion: 0x100, mbimExtendedVersion: 0x200 } }; };
    f.handlers['Register State query'] = () => ({ values: register(3, { registerMode: mode, providerId, preferredDataClasses: preferred() }) });
  };
}

test('modes on MBIMEx 2.0: Version exchanged at open; PreferredDataClasses equal → nothing sent; different → one set', async () => {
  let preferred: number = D.lte;
  const { fake, modem } = await opened(mbimex2(() => preferred));
  const version = fake.got.find((g) => g.name === 'Version')!;
  assert.equal(version.values, { mbimVersion: 0x100, mbimExtendedVersion: 0x300 }, 'the host offers MBIMEx 3.0');
  assert.is(modem.mbimexVersion, 0x200, 'a 2.0 function: 2.0 agreed');
  await modem.setRadioPreferences({ modes: ['lte'] });
  assert.not.ok(fake.names().includes('Register State set'), 'already LTE only');
  await modem.setRadioPreferences({ modes: ['umts', 'lte'] });
  const set = fake.got.filter((g) => g.name === 'Register State' && g.kind === 'set');
  assert.equal(set.map((g) => g.values), [{ providerId: '', registerAction: 0, dataClass: D.umts | D.hsdpa | D.hsupa | D.lte }]);
  preferred = D.umts | D.hsdpa | D.hsupa | D.lte;
  await modem.setRadioPreferences({ modes: ['lte', 'umts'] });
  assert.is(fake.got.filter((g) => g.name === 'Register State' && g.kind === 'set').length, 1, 'now the same: nothing sent');
  await modem.close();
});

test('modes with the modem in manual mode: the set keeps manual and its provider', async () => {
  const { fake, modem } = await opened(mbimex2(() => D.lte, bc.MbimRegisterMode.manual, '26202'));
  await modem.setRadioPreferences({ modes: ['gsm'] });
  assert.equal(fake.got.find((g) => g.name === 'Register State' && g.kind === 'set')!.values, { providerId: '26202', registerAction: 1, dataClass: D.gprs | D.edge });
  fake.handlers['Register State set'] = () => ({ status: 3 }); // Failure
  assert.is((await rejection(modem.setRadioPreferences({ modes: ['umts'] }))).code, 'NETWORK_REGISTRATION_FAILED', 'modes refused');
  assert.is((await rejection(modem.setRadioPreferences({ modes: ['umts'], plmn: '26203' }))).code, 'PLMN_FAILED', 'with plmn: PLMN_FAILED');
  await modem.close();
});

test('close: CLOSE when polite; none to a hung or gone modem (polite false)', async () => {
  const a = await opened();
  await a.modem.close();
  assert.ok(a.fake.closed);
  const b = await opened();
  let closes = 0;
  const orig = b.fake.write.bind(b.fake);
  b.fake.write = (buf: Uint8Array) => { if (new DataView(buf.buffer, buf.byteOffset).getUint32(0, true) === 2) closes++; return orig(buf); };
  await b.modem.close({ polite: false });
  assert.is(closes, 0, 'no CLOSE message');
  assert.ok(b.fake.closed, 'port closed');
  const c = await opened();
  let closesC = 0;
  const origC = c.fake.write.bind(c.fake);
  c.fake.write = (buf: Uint8Array) => { if (new DataView(buf.buffer, buf.byteOffset).getUint32(0, true) === 2) closesC++; return origC(buf); };
  await c.modem.close();
  assert.is(closesC, 1, 'CLOSE sent');
});

test.run();
