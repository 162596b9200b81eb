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

	ubus -t "$QMI4G_UBUS_TIMEOUT" call qmi4g up "{\"interface\":\"$interface\",$protocol\"config\":$config}" >/dev/null
	rc=$?
	[ "$rc" = 0 ] && return 0

	if qmi4g_unreachable "$rc"; then
		echo "$proto: daemon qmi4gd not reachable on ubus (ubus exit $rc)"
		proto_notify_error "$interface" DAEMON_UNAVAILABLE
	else
		echo "$proto: qmi4gd refused setup (ubus exit $rc)"
	fi
	proto_setup_failed "$interface"
	return 1
}

# qmi4g_teardown PROTO INTERFACE: `ubus call qmi4g down`, then link down to netifd in any case.
qmi4g_teardown() {
	local proto="$1" interface="$2"
	local rc

	qmi4g_valid_name "$interface" || return 1

	ubus -t "$QMI4G_UBUS_TIMEOUT" call qmi4g down "{\"interface\":\"$interface\"}" >/dev/null
	rc=$?
	[ "$rc" = 0 ] || echo "$proto: down not delivered to qmi4gd (ubus exit $rc)"

	proto_init_update "*" 0
	proto_send_update "$interface"
}
