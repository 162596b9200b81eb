// Runs netifd-proto/qmi4g.sh under busybox sh with stand-in netifd-proto.sh and ubus: dump, setup, teardown.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Run, runHandler } from '../../helpers/handler-run';
import { CONFIG_OPTION_NAMES } from '../../../src/daemon/config';

const HANDLER = resolve(__dirname, '../../../netifd-proto/qmi4g.sh');

const run = (args: string[], ubusExit: number | number[] = 0): Run => runHandler(HANDLER, args, ubusExit);

const cleanup: string[] = [];
test.after(() => cleanup.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('dump declares every option with its type, and the daemon-backed flags', () => {
  const r = run(['', 'dump']);
  cleanup.push(r.dir);
  const lines = r.stdout.trim().split('\n');
  assert.is(lines.length, 1);
  const dump = JSON.parse(lines[0]!) as { name: string; config: [string, number][] } & Record<string, unknown>;
  assert.is(dump.name, 'qmi4g');
  assert.equal(
    [dump['no-device'], dump['no-proto-task'], dump.available, dump['renew-handler'], dump['no-device-config']],
    [true, true, true, false, false],
  );
  const S = 3, I = 5, B = 7, A = 1;
  // qmi.sh's options with its types (plmn, dhcp, dhcpv6 as strings), ours, then proto_config_add_defaults; in option-table order.
  assert.equal(dump.config, [
    ['wdmif', S], ['device:device', S], ['apn', S], ['pincode', S], ['auth', S], ['username', S], ['password', S],
    ['pdptype', S], ['wwanif', S], ['v6apn', S], ['apn_by_iccid', A], ['profile', I], ['v6profile', I], ['modes', S], ['lte_band', A], ['nr5g_band', A], ['plmn', S],
    ['allow_roaming', B], ['allow_partner', B], ['timeout', I], ['delay', I], ['mtu', I], ['dhcp', S], ['ipv6', B],
    ['dhcpv6', S], ['autoconnect', B], ['zone', S], ['ip4table', S], ['ip6table', S], ['sourcefilter', B],
    ['delegate', B], ['fcc_auth', S], ['fcc_auth_magic', S], ['probe_host', A], ['probe_interval', I], ['probe_failures', I], ['reconnect_min', I],
    ['reconnect_max', I], ['registration_grace', I], ['atdevice', S],
    ['defaultroute', B], ['peerdns', B], ['renew', B], ['metric', I],
  ]);
  const declared = new Set(dump.config.map(([n]) => n.split(':')[0]));
  for (const option of CONFIG_OPTION_NAMES) assert.ok(declared.has(option), `declares ${option}`);
  assert.equal(r.calls, []);
});

test('setup passes the config to qmi4gd byte for byte; nothing in it is executed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qmi4g-pwn-'));
  cleanup.push(dir);
  const config = JSON.stringify({
    proto: 'qmi4g',
    wdmif: '/dev/cdc-wdm0',
    apn: "x'; reboot; '",
    username: `$(touch ${dir}/pwned1)`,
    password: `\`touch ${dir}/pwned2\``,
    v6apn: 'line1\nline2\r\t"quoted" \\ back',
    pincode: '${IFS}$((1+1))*?[a]',
    zone: ';touch ' + dir + '/pwned3 #',
    dns: ['1.1.1.1', '$(id)'],
    profile: 3,
    allow_roaming: true,
  });
  const r = run(['qmi4g', 'setup', 'wdm0', config, 'wwan0']);
  cleanup.push(r.dir);
  assert.equal(r.calls.length, 1);
  const call = r.calls[0]!;
  assert.equal(call.slice(0, 5), ['-t', '10', 'call', 'qmi4g', 'up']);
  assert.is(call.length, 6);
  assert.is(call[5], `{"interface":"wdm0","config":${config}}`);
  assert.equal(JSON.parse(call[5]!), { interface: 'wdm0', config: JSON.parse(config) });
  for (const f of ['pwned1', 'pwned2', 'pwned3']) assert.not.ok(existsSync(join(dir, f)), f);
  assert.equal(r.notes, []);
  assert.is(r.status, 0);
});

test('teardown calls down and sends no link update (netifd refuses them during teardown)', () => {
  const r = run(['qmi4g', 'teardown', 'wdm0', '{"wdmif":"/dev/cdc-wdm0"}']);
  cleanup.push(r.dir);
  assert.equal(r.calls, [['-t', '10', 'call', 'qmi4g', 'down', '{"interface":"wdm0"}']]);
  assert.equal(r.notes, []);
  assert.is(r.status, 0);
});

test('daemon unreachable (ubus exit 4 no object, 255 no ubusd, 249 timeout, 253 no method; tty forms 3/7/10) → DAEMON_UNAVAILABLE', () => {
  for (const code of [4, 255, 249, 253, 246, 3, 7, 10]) {
    const r = run(['qmi4g', 'setup', 'wdm0', '{"wdmif":"/dev/cdc-wdm0"}'], code);
    cleanup.push(r.dir);
    assert.is(r.calls.length, 2, 'up, then wait_for (which fails: no second up)');
    assert.equal(r.notes, ['notify_error wdm0 DAEMON_UNAVAILABLE', 'setup_failed wdm0'], `exit ${code}`);
    assert.equal(r.calls.map((c) => c.slice(0, 4)), [['-t', '10', 'call', 'qmi4g'], ['-t', '0', 'wait_for', 'qmi4g']], 'waited for the daemon once');
    assert.ok(r.stdout.includes(`ubus exit ${code}`));
    assert.is.not(r.status, 0);
  }
});

test('daemon refuses (ubus exit 2 / 254 invalid argument) → setup failed, the daemon reports its own error', () => {
  for (const code of [2, 254]) {
    const r = run(['qmi4g', 'setup', 'wdm0', '{}'], code);
    cleanup.push(r.dir);
    assert.equal(r.notes, ['setup_failed wdm0'], `exit ${code}`);
  }
});

test('teardown still completes (exit 0) when the daemon is gone', () => {
  const r = run(['qmi4g', 'teardown', 'wdm0', '{}'], 10);
  cleanup.push(r.dir);
  assert.equal(r.notes, []);
  assert.is(r.status, 0);
});

test('an interface name that would need JSON escaping is refused without calling ubus', () => {
  const r = run(['qmi4g', 'setup', 'wdm0","x":"1', '{}']);
  cleanup.push(r.dir);
  assert.equal(r.calls, []);
  assert.equal(r.notes, ['notify_error wdm0","x":"1 CONFIG_INVALID interface', 'block_restart wdm0","x":"1', 'setup_failed wdm0","x":"1']);
});

test('a config that is not a JSON object is sent as {}', () => {
  const r = run(['qmi4g', 'setup', 'wdm0', 'garbage']);
  cleanup.push(r.dir);
  assert.is(r.calls[0]![5], '{"interface":"wdm0","config":{}}');
});

test('daemon unreachable, then on ubus while setup waits (wait_for succeeds): up sent again, handed over, no setup_failed', () => {
  const r = run(['qmi4g', 'setup', 'wdm0', '{"wdmif":"/dev/cdc-wdm0"}'], [4, 0, 0]);
  cleanup.push(r.dir);
  assert.equal(r.calls.map((c) => c[2]), ['call', 'wait_for', 'call']);
  assert.equal(r.calls[2], r.calls[0], 'the same up request');
  assert.equal(r.notes, ['notify_error wdm0 DAEMON_UNAVAILABLE']);
  assert.is(r.status, 0);
});

test.run();
