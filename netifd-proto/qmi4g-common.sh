#!/bin/sh
# Shared by the qmi4g and mbim netifd protocol handlers (installed as /lib/netifd/qmi4g-common.sh):
# hand setup/teardown to qmi4gd over ubus; netifd's config JSON is embedded as one JSON value
# inside one argv word and never evaluated by the shell.

# Seconds a ubus call to qmi4gd may take; the daemon answers at once, so more means it hangs.
QMI4G_UBUS_TIMEOUT=10

# True when $1 can be written inside a JSON string as is. netifd interface names are
# [A-Za-z0-9_] (uci section names); '.' and '-' are allowed too, nothing that needs escaping.
qmi4g_valid_name() {
	case "$1" in
		"" | *[!A-Za-z0-9_.-]*) return 1 ;;
	esac
	return 0
}

# ubus exit codes meaning "qmi4gd is not there or not answering". The ubus CLI exits with the
# status when stderr is a terminal and with 256 - status otherwise (as under netifd), except a
# failed lookup (no object qmi4g) which is always 4; no ubusd at all is 255. Statuses:
# 3 METHOD_NOT_FOUND, 4 NOT_FOUND, 7 TIMEOUT, 10 CONNECTION_FAILED.
qmi4g_unreachable() {
	case "$1" in
		3 | 4 | 7 | 10 | 253 | 252 | 249 | 246 | 255) return 0 ;;
	esac
	return 1
}

# qmi4g_setup PROTO INTERFACE CONFIG_JSON: `ubus call qmi4g up`; DAEMON_UNAVAILABLE when qmi4gd
# cannot be reached. PROTO is the label for messages and, unless qmi4g, the `protocol` argument.
qmi4g_setup() {
	local proto="$1" interface="$2" config="$3"
	local protocol="" rc

	qmi4g_valid_name "$interface" || {
		echo "$proto: refusing interface name that is not [A-Za-z0-9_.-]"
		proto_notify_error "$interface" CONFIG_INVALID interface
		proto_block_restart "$interface"
		proto_setup_failed "$interface"
		return 1
	}
	case "$config" in
		"{"*) ;;
		*) config="{}" ;;
	esac
	[ "$proto" = qmi4g ] || protocol="\"protocol\":\"$proto\","

	local request="{\"interface\":\"$interface\",$protocol\"config\":$config}"
	ubus -t "$QMI4G_UBUS_TIMEOUT" call qmi4g up "$request" >/dev/null
	rc=$?
	[ "$rc" = 0 ] && return 0

	if qmi4g_unreachable "$rc"; then
		# No daemon: say so, then wait for it instead of failing at once (netifd would run setup
		# again straight away, forever). One attempt per QMI4G_DAEMON_WAIT s at most, as mbim.sh
		# waits 15 s after a failed bring-up; the moment qmi4gd appears on ubus, set up.
		echo "$proto: daemon qmi4gd not reachable on ubus (ubus exit $rc); waiting up to ${QMI4G_DAEMON_WAIT}s for it"
		proto_notify_error "$interface" DAEMON_UNAVAILABLE
		if qmi4g_wait_daemon; then
			ubus -t "$QMI4G_UBUS_TIMEOUT" call qmi4g up "$request" >/dev/null
			rc=$?
			[ "$rc" = 0 ] && { echo "$proto: qmi4gd appeared; setup handed over"; return 0; }
		fi
		qmi4g_unreachable "$rc" || echo "$proto: qmi4gd refused setup (ubus exit $rc)"
	else
		echo "$proto: qmi4gd refused setup (ubus exit $rc)"
	fi
	proto_setup_failed "$interface"
	return 1
}

# Seconds setup waits for qmi4gd to appear on ubus before giving up (and netifd retrying);
# the handler unit tests set 0.
QMI4G_DAEMON_WAIT=${QMI4G_DAEMON_WAIT:-15}

# qmi4g_wait_daemon: true once object qmi4g is on ubus (`ubus wait_for`), false after
# QMI4G_DAEMON_WAIT s; when ubus fails at once (no ubusd) it still takes that long, so a
# missing daemon never costs more than one setup per QMI4G_DAEMON_WAIT s.
qmi4g_wait_daemon() {
	local t0 t1
	t0=$(date +%s)
	ubus -t "$QMI4G_DAEMON_WAIT" wait_for qmi4g >/dev/null 2>&1 && return 0
	t1=$(date +%s)
	[ $((t1 - t0)) -lt "$QMI4G_DAEMON_WAIT" ] && sleep $((QMI4G_DAEMON_WAIT - t1 + t0))
	return 1
}

# qmi4g_teardown PROTO INTERFACE: `ubus call qmi4g down`. No link-down update: netifd refuses
# notify_proto link updates while it tears an interface down (PERMISSION_DENIED, openwrt/netifd
# proto-shell.c); the end of this script is what completes the teardown for netifd.
qmi4g_teardown() {
	local proto="$1" interface="$2"
	local rc

	qmi4g_valid_name "$interface" || return 1

	ubus -t "$QMI4G_UBUS_TIMEOUT" call qmi4g down "{\"interface\":\"$interface\"}" >/dev/null
	rc=$?
	[ "$rc" = 0 ] || echo "$proto: down not delivered to qmi4gd (ubus exit $rc)"
	return 0
}
