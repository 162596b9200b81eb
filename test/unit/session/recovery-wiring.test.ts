// Tests for the recovery wiring: new uci options, NetifdLink replay/availability, the hotplug ubus method and script.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, parseInterfaceConfig } from '../../../src/daemon/config';
import { Qmi4gDaemon } from '../../../src/daemon/daemon';
import { toSessionConfig } from '../../../src/daemon/session-config';
import { makeRecoverer } from '../../../src/daemon/recovery-deps';
import { NetifdLink } from '../../../src/netifd/link';

const base = { wdmif: '/dev/cdc-wdm0' };

test('reconnect_min/max and registration_grace: defaults, seconds → ms, validation', () => {
  const d = parseInterfaceConfig(base);
  assert.equal([d.reconnect_min, d.reconnect_max, d.registration_grace], [1, 300, 5]);
  const c = parseInterfaceConfig({ ...base, reconnect_min: '10', reconnect_max: 60, registration_grace: '0' });
  const s = toSessionConfig(c);
  assert.equal([s.reconnectMinMs, s.reconnectMaxMs, s.registrationGraceMs], [10_000, 60_000, 0]);
  assert.is(toSessionConfig(c, 1234).registrationGraceMs, 1234, 'explicit override (tests) wins');
  assert.is(parseInterfaceConfig({ ...base, reconnect_min: 400 }).reconnect_max, 400, 'default cap follows a larger floor');
  for (const [bad, option] of [[{ reconnect_min: 5, reconnect_max: 4 }, 'reconnect_max'], [{ reconnect_min: -1 }, 'reconnect_min'], [{ reconnect_max: 0 }, 'reconnect_max'], [{ registration_grace: 'x' }, 'registration_grace'], [{ registration_grace: 3601 }, 'registration_grace']] as const) {
    try { parseInterfaceConfig({ ...base, ...bad }); assert.unreachable(JSON.stringify(bad)); } catch (e) {
      assert.instance(e, ConfigError);
      assert.is((e as ConfigError).option, option);
    }
  }
});

test('NetifdLink: availability and replay of link-up (fresh data), last error and unavailability', async () => {
  const sent: Record<string, unknown>[] = [];
  // netifd: broadband's status names its device (no sysfs here); notify_proto calls are recorded.
  const bus = { call: async (_p: string, m: string, a: Record<string, unknown>) => { if (m === 'status') return { device: 'wwan0' }; if (m === 'notify_proto') sent.push(a); return undefined; } };
  let n = 0;
  const link = new NetifdLink('wdm0', { device: '/dev/x', wwanif: 'broadband', dhcp: true, dhcpv6: false }, bus, () => undefined, () => ({ n: ++n }));
  await link.linkUp([], { protocol: 'qmi' } as never);
  await link.error('CALL_FAILED', 'x', ['why'], false);
  sent.length = 0;
  await link.replay();
  assert.equal(sent.map((m) => [m.action, m['link-up'], m.error]), [[0, true, undefined], [3, undefined, ['CALL_FAILED', 'why']]]);
  assert.is(sent[0].ifname, 'wwan0', 'link-up names the device of wwanif');
  assert.equal(sent[0].data, { n: 2 }, 'data refreshed');
  await link.linkDown('gone');
  await link.available(false);
  sent.length = 0;
  await link.replay();
  assert.equal(sent.map((m) => [m.action, m['link-up'] ?? m.available]), [[5, false], [0, false], [3, undefined]]);
  await link.linkUp([], { protocol: 'qmi' } as never);
  sent.length = 0;
  await link.replay();
  assert.equal(sent.map((m) => m.action), [5, 0], 'error cleared by link-up; still unavailable until said otherwise');
});

test('hotplug method: validates its arguments, wakes the matching interface only', async () => {
  const d = new Qmi4gDaemon({ call: async () => undefined, send: async () => undefined });
  for (const bad of [{ device: 'cdc-wdm0', action: 'add' }, { device: '/dev/x', action: 'bind' }, { device: '/dev/../etc', action: 'add' }, { action: 'add' }]) {
    try { await d.hotplug(bad); assert.unreachable(JSON.stringify(bad)); } catch (e) { assert.match((e as Error).name, /MethodError/); }
  }
  assert.equal(await d.hotplug({ device: '/dev/cdc-wdm3', action: 'add' }), { ok: true, interfaces: [] });
});

test('AT reset step goes through the injected sender with AT+CFUN=1,1 on atdevice; none configured → refused', async () => {
  const calls: string[] = [];
  const sendAt = async (p: string, cmd: string) => { calls.push(`${p} ${cmd}`); return ''; };
  const log = { debug() {}, info() {}, warn() {}, error() {}, child() { return log; }, debugEnabled: false } as never;
  await makeRecoverer('qmi', parseInterfaceConfig({ ...base, atdevice: '/dev/ttyUSB2' }), sendAt, log)('at-reset', '/dev/cdc-wdm0', new AbortController().signal);
  assert.equal(calls, ['/dev/ttyUSB2 AT+CFUN=1,1']);
  try { await makeRecoverer('qmi', parseInterfaceConfig(base), sendAt, log)('at-reset', '/dev/cdc-wdm0', new AbortController().signal); assert.unreachable(); } catch (e) { assert.match((e as Error).message, /no atdevice/); }
});

test('hotplug script: add/remove of cdc-wdmN call ubus with plain JSON; anything else is ignored, nothing evaluated', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qmi4g-hotplug-'));
  try {
    const logFile = path.join(dir, 'calls');
    fs.writeFileSync(path.join(dir, 'ubus'), `#!/bin/sh\nprintf '%s|' "$@" >> "${logFile}"\necho >> "${logFile}"\n`, { mode: 0o755 });
    const script = path.resolve(__dirname, '../../../files/etc/hotplug.d/usbmisc/30-qmi4g');
    const sh = fs.existsSync('/usr/bin/busybox') ? ['/usr/bin/busybox', 'sh'] : ['/bin/sh'];
    const run = (env: Record<string, string>) => spawnSync(sh[0], [...sh.slice(1), script], { env: { PATH: `${dir}:/usr/bin:/bin`, ...env }, encoding: 'utf8' });
    assert.is(run({ ACTION: 'add', DEVNAME: 'cdc-wdm0' }).status, 0);
    assert.is(run({ ACTION: 'remove', DEVNAME: 'cdc-wdm12' }).status, 0);
    for (const env of [{ ACTION: 'add', DEVNAME: 'cdc-wdm0";touch pwned;"' }, { ACTION: 'add', DEVNAME: 'ttyUSB0' }, { ACTION: 'bind', DEVNAME: 'cdc-wdm0' }, { ACTION: 'add', DEVNAME: 'cdc-wdm' }, { ACTION: 'add', DEVNAME: 'cdc-wdm1$(id)' }]) {
      assert.is(run(env).status, 0);
    }
    const lines = fs.readFileSync(logFile, 'utf8').trim().split('\n');
    assert.equal(lines, [
      '-t|5|call|qmi4g|hotplug|{"device":"/dev/cdc-wdm0","action":"add"}|',
      '-t|5|call|qmi4g|hotplug|{"device":"/dev/cdc-wdm12","action":"remove"}|',
    ]);
    assert.not.ok(fs.existsSync(path.join(dir, 'pwned')));
    for (const l of lines) JSON.parse(l.split('|')[5]);
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
});

test.run();
