// The protocol forms inside LuCI's real interface dialog (luci-dialog.ts): LuCI's replaced fields keep the daemon's rules,
// widgets as LuCI's own protocol forms use them, fields that do nothing with wwanif hidden, and no ifname migration dialog.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInterfaceConfig, type ConfigFlavor } from '../../../src/daemon/config';
import { OPTIONS } from '../../../src/daemon/options';
import { parseUci } from '../../../src/uci';
import { LuciWorld, checkDatatype } from '../../helpers/luci-standin';
import { isShown, migrationNeeded, openInterfaceDialog, protocolFields } from '../../helpers/luci-dialog';

const REPO = join(__dirname, '..', '..', '..');

function dialog(flavor: ConfigFlavor, sid = 'wdm0') {
  const world = new LuciWorld();
  world.require(`protocol.${flavor}`);
  return { world, ...openInterfaceDialog(world, flavor, sid) };
}

function daemonAccepts(flavor: ConfigFlavor, option: string, value: string): boolean {
  try {
    parseInterfaceConfig({ wdmif: '/dev/cdc-wdm0', [option]: value }, { flavor });
    return true;
  } catch {
    return false;
  }
}

test('README and docs examples do not trigger LuCI\'s forced ifname migration dialog', () => {
  const files = ['README.md', ...readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  let examples = 0;
  for (const file of files) {
    for (const m of readFileSync(join(REPO, file), 'utf8').matchAll(/```[a-z]*\n([\s\S]*?)```/g)) {
      if (!/^config interface /m.test(m[1]!)) continue;
      examples++;
      assert.equal(migrationNeeded(parseUci(m[1]!)), [], `${file}: ${m[1]}`);
    }
  }
  assert.ok(examples >= 4, `examples found: ${examples}`);
  // The check itself: LuCI's condition (interface with ifname and no device).
  assert.equal(migrationNeeded(parseUci("config interface 'broadband'\n\toption ifname 'wwan0'\n\toption proto 'dhcp'\n")), ['interface broadband: ifname without device']);
  assert.equal(migrationNeeded(parseUci("config interface 'broadband'\n\toption device 'wwan0'\n\toption proto 'dhcp'\n")), []);
  // The dialog stand-in refuses to open then, as LuCI shows only the migration dialog.
  const world = new LuciWorld();
  world.require('protocol.qmi4g');
  world.uci.set('network', 'broadband', 'ifname', 'wwan0');
  assert.throws(() => openInterfaceDialog(world, 'qmi4g', 'wdm0'), /ifname configuration migration/);
  world.uci.set('network', 'broadband', 'device', 'wwan0');
  openInterfaceDialog(world, 'qmi4g', 'wdm0');
});

for (const flavor of ['qmi4g', 'mbim'] as const) {
  test(`${flavor}: LuCI's replaced fields keep the daemon's rule (metric 4294967296 refused)`, () => {
    const { s } = dialog(flavor);
    const metric = s.get('metric');
    assert.is(metric.owner, 'luci');
    assert.is(checkDatatype('uinteger', '4294967296'), true, "LuCI's own datatype alone accepts it");
    for (const v of ['4294967296', '2147483648']) {
      assert.type(metric.check('wdm0', v), 'string', `metric ${v} refused in the form`);
      assert.not.ok(daemonAccepts(flavor, 'metric', v), `metric ${v} refused by the daemon`);
    }
    assert.is(metric.check('wdm0', '2147483647'), true);
    assert.type(metric.check('wdm0', '-1'), 'string', "LuCI's datatype still runs first");
    for (const name of ['ip4table', 'ip6table']) {
      assert.is(s.get(name).owner, 'luci');
      assert.match(s.get(name).check('wdm0', 'main table') as string, /routing table/);
      assert.not.ok(daemonAccepts(flavor, name, 'main table'));
      assert.is(s.get(name).check('wdm0', '100'), true);
    }
  });

  test(`${flavor}: every field that does nothing with wwanif is hidden then, LuCI's replaced ones too`, () => {
    const { s } = dialog(flavor);
    for (const o of OPTIONS.filter((x) => x.ignoredWithWwanif && x.handler[flavor] && x.name !== 'zone')) {
      const f = s.get(o.name);
      assert.ok(f.deps.length > 0 && f.deps.every((d) => d.wwanif === '' && d.proto === flavor), `${o.name} (${f.owner}) depends on wwanif '': ${JSON.stringify(f.deps)}`);
    }
    for (const name of ['apn', 'pincode', 'pdptype', 'timeout', 'probe_host']) assert.ok(s.get(name).deps.every((d) => !('wwanif' in d)), `${name} applies with wwanif`);
  });

  test(`${flavor}: what LuCI shows, evaluated as form.js does (an empty NetworkSelect has no value at all)`, () => {
    const { world, s } = dialog(flavor);
    world.uci.set('network', 'wdm0', 'proto', flavor);
    const shown = () => ['mtu', 'dhcp', 'metric', 'defaultroute', 'ipv6', 'dhcpv6', 'v6apn', 'apn'].filter((n) => isShown(s, n, 'wdm0'));
    const v6 = flavor === 'mbim'; // mbim's default PDP type is ipv4v6
    assert.equal(shown(), ['mtu', 'dhcp', 'metric', 'defaultroute', ...(v6 ? ['ipv6', 'dhcpv6', 'v6apn'] : []), 'apn'], 'wwanif empty');
    world.uci.set('network', 'wdm0', 'pdptype', 'ipv4v6');
    assert.equal(shown(), ['mtu', 'dhcp', 'metric', 'defaultroute', 'ipv6', 'dhcpv6', 'v6apn', 'apn'], 'IPv4/IPv6');
    world.uci.set('network', 'wdm0', 'ipv6', '0');
    assert.not.ok(isShown(s, 'dhcpv6', 'wdm0'), 'no IPv6 configuration with IPv6 off');
    world.uci.set('network', 'wdm0', 'wwanif', 'broadband');
    assert.equal(shown(), ['ipv6', 'v6apn', 'apn'], 'wwanif set: only what still applies');
  });

  test(`${flavor}: widgets as LuCI's protocol forms use them`, async () => {
    const { world, s } = dialog(flavor, 'wwan');
    const w = s.get('wwanif');
    assert.is(w.kind, 'NetworkSelect');
    assert.equal([w.nocreate, w.exclude, w.optional], [true, 'wwan', true], 'an existing interface, not this one, empty allowed');
    // One zone field: LuCI's firewall zone; the form has none of its own and says the data interfaces join it.
    assert.not.ok(protocolFields(s).some((o) => o.option === 'zone'));
    assert.match(s.get('_zone').description ?? '', /wwan_4, wwan_6\) join this zone/);
    // Choice labels short enough for LuCI's select; the explanation is in the help.
    for (const o of protocolFields(s).filter((x) => x.kind === 'ListValue')) {
      for (const label of o.vallist) assert.ok(String(label).length <= 16, `${o.option}: label ${JSON.stringify(label)} fits the select`);
      assert.ok((o.description ?? '').length > 10, `${o.option} explains its choices`);
    }
    // The port picker lists the MHI WWAN ports of its protocol beside cdc-wdm.
    world.rpcReplies['file.list'] = () => ({ entries: ['cdc-wdm0', 'wwan0qmi0', 'wwan0mbim0', 'wwan0at0', 'ttyUSB2'].map((name) => ({ name })) });
    const port = s.get('_modem_device');
    await port.load('wwan');
    assert.equal([...port.keylist], flavor === 'mbim' ? ['/dev/cdc-wdm0', '/dev/wwan0mbim0'] : ['/dev/cdc-wdm0', '/dev/wwan0qmi0']);
    for (const p of port.keylist) assert.ok(daemonAccepts(flavor, 'wdmif', p));
  });

  test(`${flavor}: a second dialog in the same page gets fresh dependencies (LuCI writes proto into them)`, () => {
    const { world, s } = dialog(flavor);
    world.require(`protocol.${flavor === 'mbim' ? 'qmi4g' : 'mbim'}`);
    const other = openInterfaceDialog(world, flavor === 'mbim' ? 'qmi4g' : 'mbim', 'wwan').s;
    assert.ok(s.get('username').deps.every((d) => d.proto === flavor), `first dialog still depends on proto ${flavor}`);
    assert.ok(other.get('username').deps.every((d) => d.proto !== flavor));
  });

  test(`${flavor}: rendering the form again into the same section (protocol switch) keeps one check per field`, () => {
    const { proto, s } = dialog(flavor);
    (proto.renderFormOptions as (x: unknown) => void).call(proto, s);
    assert.is(s.tabs.filter((t) => t.name === 'recovery').length, 1);
    assert.match(s.get('_zone').description ?? '', /^Choose[^]*join this zone too\.$/);
    assert.is((s.get('_zone').description!.match(/join this zone/g) ?? []).length, 1);
  });
}

test.run();
