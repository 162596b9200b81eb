// Runs a netifd protocol handler under busybox sh with stand-ins for netifd-proto.sh, functions.sh and ubus.
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BUSYBOX = '/usr/bin/busybox';
/** The shared handler library the scripts source from ${IPKG_INSTROOT}/lib/netifd/. */
const COMMON = resolve(__dirname, '../../netifd-proto/qmi4g-common.sh');

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

// Records each call's argv (NUL-separated) to its own file; call n exits with the n-th word of
// $FAKE_UBUS_EXITS, or $FAKE_UBUS_EXIT when there is none.
const FAKE_UBUS = String.raw`#!${BUSYBOX} sh
n=0
while [ -e "$UBUS_DIR/call.$n" ]; do n=$((n + 1)); done
for a in "$@"; do printf '%s\0' "$a"; done > "$UBUS_DIR/call.$n"
rc=\${FAKE_UBUS_EXIT:-0}
i=0
for w in $FAKE_UBUS_EXITS; do [ "$i" = "$n" ] && rc=$w; i=$((i + 1)); done
[ "$rc" = 0 ] && echo '{}'
exit "$rc"
`.replace(/\\\$/g, '$');

/** What one handler run did: exit status, stdout, ubus argv per call, notifications it sent itself. */
export interface Run {
  status: number | null;
  stdout: string;
  calls: string[][];
  notes: string[];
  dir: string;
}

/**
 * Runs `sh HANDLER ARGS…` as netifd would (cwd = proto dir); the fake ubus exits with `ubusExit`,
 * a number for every call or a list, one per call in order (the last one for later calls).
 * QMI4G_DAEMON_WAIT is 0 s here, so an unreachable daemon is not waited for.
 */
export function runHandler(handler: string, args: string[], ubusExit: number | number[] = 0): Run {
  const dir = mkdtempSync(join(tmpdir(), 'qmi4g-handler-'));
  const root = join(dir, 'root');
  const protoDir = join(root, 'lib/netifd/proto');
  const bin = join(dir, 'bin');
  const ubusDir = join(dir, 'ubus');
  for (const d of [protoDir, bin, ubusDir]) mkdirSync(d, { recursive: true });
  writeFileSync(join(root, 'lib/functions.sh'), '# stand-in for /lib/functions.sh: the handler uses none of it\n');
  writeFileSync(join(root, 'lib/netifd/netifd-proto.sh'), FAKE_NETIFD_PROTO);
  copyFileSync(COMMON, join(root, 'lib/netifd/qmi4g-common.sh'));
  writeFileSync(join(bin, 'ubus'), FAKE_UBUS);
  chmodSync(join(bin, 'ubus'), 0o755);
  const notifyLog = join(dir, 'notify.log');
  const r = spawnSync(BUSYBOX, ['sh', handler, ...args], {
    cwd: protoDir,
    encoding: 'utf8',
    env: {
      PATH: `${bin}:/usr/bin:/bin`,
      IPKG_INSTROOT: root,
      UBUS_DIR: ubusDir,
      NOTIFY_LOG: notifyLog,
      FAKE_UBUS_EXIT: String(Array.isArray(ubusExit) ? ubusExit.at(-1) : ubusExit),
      FAKE_UBUS_EXITS: Array.isArray(ubusExit) ? ubusExit.join(' ') : '',
      QMI4G_DAEMON_WAIT: '0',
    },
  });
  assert.is(r.stderr, '', 'stderr');
  const calls = readdirSync(ubusDir)
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
    .map((f) => readFileSync(join(ubusDir, f), 'utf8').split('\0').slice(0, -1));
  const notes = existsSync(notifyLog) ? readFileSync(notifyLog, 'utf8').trim().split('\n') : [];
  return { status: r.status, stdout: r.stdout, calls, notes, dir };
}

