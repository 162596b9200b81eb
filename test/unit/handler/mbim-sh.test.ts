// Runs netifd-proto/mbim.sh under busybox sh with stand-in netifd-proto.sh and ubus: dump, setup, teardown (harness as in qmi4g-sh.test.ts).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Run, runHandler } from '../../helpers/handler-run';
import { CONFIG_OPTION_NAMES } from '../../../src/daemon/config';

const HANDLER = resolve(__dirname, '../../../netifd-proto/mbim.sh');

const run = (args: string[], ubusExit: number | number[] = 0): Run => runHandler(HANDLER, args, ubusExit);

const cleanup: string[] = [];
test.after(() => cleanup.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Options of the daemon's config that are QMI-only, so the mbim handler does not declare them. */
// modes is declared for MBIM too (Register State data classes, issue 14).
const QMI_ONLY = new Set(['profile', 'v6profile', 'autoconnect']);

test('dump: protocol mbim with mbim.sh options and types first, then the qmi4g ones that apply; daemon-backed flags', () => {
  const r = run(['', 'dump']);
  cleanup.push(r.dir);
  const lines = r.stdout.trim().split('\n');
  assert.is(lines.length, 1);
  const dump = JSON.parse(lines[0]!) as { name: string; config: [string, number][] } & Record<string, unknown>;
  assert.is(dump.name, 'mbim');
  assert.equal(
    [dump['no-device'], dump['no-proto-task'], dump.available, dump['renew-handler'], dump['no-device-config']],
    [true, true, true, false, false],
  );
  const S = 3, I = 5, B = 7, A = 1;
  // OpenWrt mbim.sh (umbim package): device:device, apn, pincode, delay (string), allow_roaming, allow_partner,
  // auth, username, password, ipv6 (string), dhcp/dhcpv6 (string), sourcefilter, delegate, pdptype, mtu (int).
  assert.equal(dump.config.slice(0, 16), [
    ['device:device', S], ['apn', S], ['pincode', S], ['delay', S], ['allow_roaming', B], ['allow_partner', B], ['auth', S],
    ['username', S], ['password', S], ['ipv6', S], ['dhcp', S], ['dhcpv6', S], ['sourcefilter', B], ['delegate', B], ['pdptype', S], ['mtu', I],
  ]);
  assert.equal(dump.config.slice(-4), [['defaultroute', B], ['peerdns', B], ['renew', B], ['metric', I]]);
  assert.ok(dump.config.some(([n, t]) => n === 'probe_host' && t === A));
  const declared = new Set(dump.config.map(([n]) => n.split(':')[0]));
  for (const option of CONFIG_OPTION_NAMES) {
    if (QMI_ONLY.has(option)) assert.not.ok(declared.has(option), `does not declare QMI-only ${option}`);
    else assert.ok(declared.has(option), `declares ${option}`);
  }
  assert.is(declared.size, dump.config.length, 'no option twice');
  assert.equal(r.calls, []);
});

test('setup: ubus call qmi4g up with protocol mbim and the config byte for byte; nothing in it is executed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mbim-pwn-'));
  cleanup.push(dir);
  const config = JSON.stringify({
    proto: 'mbim',
    device: '/dev/cdc-wdm0',
    apn: "x'; reboot; '",
    username: `$(touch ${dir}/pwned1)`,
    password: `\`touch ${dir}/pwned2\``,
    pincode: '${IFS}$((1+1))*?[a]',
    zone: ';touch ' + dir + '/pwned3 #',
    v6apn: 'line1\nline2\r\t"quoted" \\ back',
    dhcp: 'auto',
    allow_roaming: true,
  });
  const r = run(['mbim', 'setup', 'wwan', config, 'wwan0']);
  cleanup.push(r.dir);
  assert.equal(r.calls.length, 1);
  const call = r.calls[0]!;
  assert.equal(call.slice(0, 5), ['-t', '10', 'call', 'qmi4g', 'up']);
  assert.is(call.length, 6);
  assert.is(call[5], `{"interface":"wwan","protocol":"mbim","config":${config}}`);
  assert.equal(JSON.parse(call[5]!), { interface: 'wwan', protocol: 'mbim', config: JSON.parse(config) });
  for (const f of ['pwned1', 'pwned2', 'pwned3']) assert.not.ok(existsSync(join(dir, f)), f);
  assert.equal(r.notes, []);
  assert.is(r.status, 0);
});

test('setup: a config that is not a JSON object goes as {}; a bad interface name → CONFIG_INVALID, no ubus call', () => {
  const r = run(['mbim', 'setup', 'wwan', 'garbage']);
  cleanup.push(r.dir);
  assert.is(r.calls[0]![5], '{"interface":"wwan","protocol":"mbim","config":{}}');
  const bad = run(['mbim', 'setup', 'a"b', '{}']);
  cleanup.push(bad.dir);
  assert.equal(bad.calls, []);
  assert.equal(bad.notes, ['notify_error a"b CONFIG_INVALID interface', 'block_restart a"b', 'setup_failed a"b']);
});

test('teardown calls down and sends no link update (netifd refuses them during teardown)', () => {
  const r = run(['mbim', 'teardown', 'wwan', '{"device":"/dev/cdc-wdm0"}']);
  cleanup.push(r.dir);
  assert.equal(r.calls, [['-t', '10', 'call', 'qmi4g', 'down', '{"interface":"wwan"}']]);
  assert.equal(r.notes, []);
  assert.is(r.status, 0);
});

test('daemon unreachable (no object, no ubusd, timeout, no method) → DAEMON_UNAVAILABLE; refused → setup failed only', () => {
  for (const code of [4, 255, 249, 253, 246, 3, 7, 10]) {
    const r = run(['mbim', 'setup', 'wwan', '{"device":"/dev/cdc-wdm0"}'], code);
    cleanup.push(r.dir);
    assert.equal(r.notes, ['notify_error wwan DAEMON_UNAVAILABLE', 'setup_failed wwan'], `exit ${code}`);
    assert.equal(r.calls.map((c) => c.slice(0, 4)), [['-t', '10', 'call', 'qmi4g'], ['-t', '0', 'wait_for', 'qmi4g']], 'waited for the daemon once');
    assert.ok(r.stdout.includes(`ubus exit ${code}`));
    assert.is.not(r.status, 0);
  }
  for (const code of [2, 254]) {
    const r = run(['mbim', 'setup', 'wwan', '{}'], code);
    cleanup.push(r.dir);
    assert.equal(r.notes, ['setup_failed wwan'], `exit ${code}`);
  }
});

test('daemon unreachable, then on ubus while setup waits (wait_for succeeds): up sent again, handed over, no setup_failed', () => {
  const r = run(['mbim', 'setup', 'wwan', '{"device":"/dev/cdc-wdm0"}'], [4, 0, 0]);
  cleanup.push(r.dir);
  assert.equal(r.calls.map((c) => c[2]), ['call', 'wait_for', 'call']);
  assert.equal(r.calls[2], r.calls[0], 'the same up request');
  assert.equal(r.notes, ['notify_error wwan DAEMON_UNAVAILABLE']);
  assert.is(r.status, 0);
});

test.run();
