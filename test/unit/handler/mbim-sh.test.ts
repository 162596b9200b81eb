// Runs netifd-proto/mbim.sh under busybox sh with stand-in netifd-proto.sh and ubus: dump, setup, teardown (harness as in qmi4g-sh.test.ts).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CONFIG_OPTION_NAMES } from '../../../src/daemon/config';

const BUSYBOX = '/usr/bin/busybox';
const HANDLER = resolve(__dirname, '../../../netifd-proto/mbim.sh');

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
  const dir = mkdtempSync(join(tmpdir(), 'mbim-sh-'));
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

/** Options of the daemon's config that are QMI-only, so the mbim handler does not declare them. */
const QMI_ONLY = new Set(['profile', 'v6profile', 'modes', 'autoconnect']);

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

test('teardown calls down and reports the link down', () => {
  const r = run(['mbim', 'teardown', 'wwan', '{"device":"/dev/cdc-wdm0"}']);
  cleanup.push(r.dir);
  assert.equal(r.calls, [['-t', '10', 'call', 'qmi4g', 'down', '{"interface":"wwan"}']]);
  assert.equal(r.notes, ['init_update * 0', 'send_update wwan']);
});

test('daemon unreachable (no object, no ubusd, timeout, no method) → DAEMON_UNAVAILABLE; refused → setup failed only', () => {
  for (const code of [4, 255, 249, 253, 246, 3, 7, 10]) {
    const r = run(['mbim', 'setup', 'wwan', '{"device":"/dev/cdc-wdm0"}'], code);
    cleanup.push(r.dir);
    assert.equal(r.notes, ['notify_error wwan DAEMON_UNAVAILABLE', 'setup_failed wwan'], `exit ${code}`);
    assert.ok(r.stdout.includes(`ubus exit ${code}`));
    assert.is.not(r.status, 0);
  }
  for (const code of [2, 254]) {
    const r = run(['mbim', 'setup', 'wwan', '{}'], code);
    cleanup.push(r.dir);
    assert.equal(r.notes, ['setup_failed wwan'], `exit ${code}`);
  }
});

test.run();
