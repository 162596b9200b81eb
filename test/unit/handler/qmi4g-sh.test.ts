// Runs netifd-proto/qmi4g.sh under busybox sh with stand-in netifd-proto.sh and ubus: dump, setup, teardown.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CONFIG_OPTION_NAMES } from '../../../src/daemon/config';

const BUSYBOX = '/usr/bin/busybox';
const HANDLER = resolve(__dirname, '../../../netifd-proto/qmi4g.sh');

// Behaves like openwrt/netifd scripts/netifd-proto.sh + utils.sh where the handler can tell:
// dump prints one JSON line {name, config:[[name, type]...], flags}, with the type codes of
// utils.sh (array 1, string 3, int 5, boolean 7); proto_config_add_defaults declares
// defaultroute, peerdns, renew (booleans) and metric (int); setup/teardown set $interface,
// $data (the config JSON) and $ifname, then add_protocol runs proto_NAME_setup/teardown.
// Notifications go to $NOTIFY_LOG, one line each, instead of ubus.
const FAKE_NETIFD_PROTO = String.raw`
_qmi4g_test_cfg=
_config_add() { _qmi4g_test_cfg="\${_qmi4g_test_cfg:+\$_qmi4g_test_cfg,}[\"\$1\",\$2]"; }
proto_config_add_int() { _config_add "\$1" 5; }
proto_config_add_array() { _config_add "\$1" 1; }
proto_config_add_string() { _config_add "\$1" 3; }
proto_config_add_boolean() { _config_add "\$1" 7; }
proto_config_add_defaults() {
	proto_config_add_boolean defaultroute
	proto_config_add_boolean peerdns
	proto_config_add_boolean renew
	proto_config_add_int metric
}
_b() { if [ "\$1" = 1 ]; then echo true; else echo false; fi; }
_note() { printf '%s\n' "\$*" >> "\$NOTIFY_LOG"; }
proto_notify_error() { _note notify_error "\$@"; }
proto_block_restart() { _note block_restart "\$@"; }
proto_setup_failed() { _note setup_failed "\$@"; }
proto_set_available() { _note set_available "\$@"; }
proto_init_update() { _note init_update "\$@"; }
proto_send_update() { _note send_update "\$@"; }
init_proto() {
	proto="\$1"; shift
	cmd="\$1"; shift
	case "\$cmd" in
		dump)
			add_protocol() {
				no_device=0; no_device_config=0; no_proto_task=0; available=0
				renew_handler=0; teardown_on_l3_link_down=0
				_qmi4g_test_cfg=
				proto_\$1_init_config
				printf '{"name":"%s","config":[%s],"no-device":%s,"no-device-config":%s,"no-proto-task":%s,"available":%s,"renew-handler":%s,"lasterror":%s,"teardown-on-l3-link-down":%s}\n' \
					"\$1" "\$_qmi4g_test_cfg" "\$(_b "\$no_device")" "\$(_b "\$no_device_config")" "\$(_b "\$no_proto_task")" \
					"\$(_b "\$available")" "\$(_b "\$renew_handler")" "\$(_b "\$lasterror")" "\$(_b "\$teardown_on_l3_link_down")"
			}
		;;
		setup|teardown|renew)
			interface="\$1"; shift
			data="\$1"; shift
			ifname="\$1"; shift
			add_protocol() {
				[ "\$proto" = "\$1" ] || return 0
				case "\$cmd" in
					setup) proto_\$1_setup "\$interface" "\$ifname" ;;
					teardown) proto_\$1_teardown "\$interface" "\$ifname" ;;
				esac
			}
		;;
	esac
}
`.replace(/\\\$/g, '$');

// Records each call's argv (NUL-separated) to its own file; exits with $FAKE_UBUS_EXIT.
const FAKE_UBUS = String.raw`#!${BUSYBOX} sh
n=0
while [ -e "$UBUS_DIR/call.$n" ]; do n=$((n + 1)); done
for a in "$@"; do printf '%s\0' "$a"; done > "$UBUS_DIR/call.$n"
[ "\${FAKE_UBUS_EXIT:-0}" = 0 ] && echo '{}'
exit "\${FAKE_UBUS_EXIT:-0}"
`.replace(/\\\$/g, '$');

interface Run {
  status: number | null;
  stdout: string;
  calls: string[][];
  notes: string[];
  dir: string;
}

function run(args: string[], ubusExit = 0): Run {
  const dir = mkdtempSync(join(tmpdir(), 'qmi4g-sh-'));
  const root = join(dir, 'root');
  const protoDir = join(root, 'lib/netifd/proto');
  const bin = join(dir, 'bin');
  const ubusDir = join(dir, 'ubus');
  for (const d of [protoDir, bin, ubusDir]) mkdirSync(d, { recursive: true });
  writeFileSync(join(root, 'lib/functions.sh'), '# stand-in for /lib/functions.sh: the handler uses none of it\n');
  writeFileSync(join(root, 'lib/netifd/netifd-proto.sh'), FAKE_NETIFD_PROTO);
  writeFileSync(join(bin, 'ubus'), FAKE_UBUS);
  chmodSync(join(bin, 'ubus'), 0o755);
  const notifyLog = join(dir, 'notify.log');
  const r = spawnSync(BUSYBOX, ['sh', HANDLER, ...args], {
    cwd: protoDir,
    encoding: 'utf8',
    env: {
      PATH: `${bin}:/usr/bin:/bin`,
      IPKG_INSTROOT: root,
      UBUS_DIR: ubusDir,
      NOTIFY_LOG: notifyLog,
      FAKE_UBUS_EXIT: String(ubusExit),
    },
  });
  assert.is(r.stderr, '', 'stderr');
  const calls = readdirSync(ubusDir)
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
    .map((f) => readFileSync(join(ubusDir, f), 'utf8').split('\0').slice(0, -1));
  const notes = existsSync(notifyLog) ? readFileSync(notifyLog, 'utf8').trim().split('\n') : [];
  return { status: r.status, stdout: r.stdout, calls, notes, dir };
}

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
  assert.equal(dump.config, [
    ['wdmif', S], ['device:device', S], ['wwanif', S], ['apn', S], ['v6apn', S], ['auth', S], ['username', S],
    ['password', S], ['pincode', S], ['pdptype', S], ['profile', I], ['v6profile', I], ['modes', S], ['plmn', S],
    ['allow_roaming', B], ['allow_partner', B], ['timeout', I], ['mtu', I], ['dhcp', S], ['dhcpv6', S], ['ipv6', B],
    ['delay', I], ['autoconnect', B], ['zone', S], ['ip4table', S], ['ip6table', S], ['sourcefilter', B],
    ['delegate', B], ['probe_host', A], ['probe_interval', I], ['probe_failures', I], ['atdevice', S],
    ['reconnect_min', I], ['reconnect_max', I], ['registration_grace', I],
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

test('teardown calls down and reports the link down', () => {
  const r = run(['qmi4g', 'teardown', 'wdm0', '{"wdmif":"/dev/cdc-wdm0"}']);
  cleanup.push(r.dir);
  assert.equal(r.calls, [['-t', '10', 'call', 'qmi4g', 'down', '{"interface":"wdm0"}']]);
  assert.equal(r.notes, ['init_update * 0', 'send_update wdm0']);
});

test('daemon unreachable (ubus exit 4 no object, 255 no ubusd, 249 timeout, 253 no method; tty forms 3/7/10) → DAEMON_UNAVAILABLE', () => {
  for (const code of [4, 255, 249, 253, 246, 3, 7, 10]) {
    const r = run(['qmi4g', 'setup', 'wdm0', '{"wdmif":"/dev/cdc-wdm0"}'], code);
    cleanup.push(r.dir);
    assert.is(r.calls.length, 1);
    assert.equal(r.notes, ['notify_error wdm0 DAEMON_UNAVAILABLE', 'setup_failed wdm0'], `exit ${code}`);
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

test('teardown still reports link down when the daemon is gone', () => {
  const r = run(['qmi4g', 'teardown', 'wdm0', '{}'], 10);
  cleanup.push(r.dir);
  assert.equal(r.notes, ['init_update * 0', 'send_update wdm0']);
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

test.run();
