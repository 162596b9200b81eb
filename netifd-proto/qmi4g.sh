#!/bin/sh
# qmi4g netifd protocol handler: declares the options and hands setup/teardown to qmi4gd over ubus.
#
# The daemon does all the work and reports to netifd itself (notify_proto), so setup returns at
# once (no_proto_task=1). netifd's config JSON goes to the daemon as it arrived: it is embedded as
# one JSON value inside one argv word and never evaluated by the shell. Option names, types and
# defaults follow OpenWrt's qmi.sh/mbim.sh; docs/config.md describes each one.

[ -n "$INCLUDE_ONLY" ] || {
	. "${IPKG_INSTROOT}/lib/functions.sh"
	. ../netifd-proto.sh
	init_proto "$@"
}

# Seconds a ubus call to qmi4gd may take; the daemon answers at once, so more means it hangs.
QMI4G_UBUS_TIMEOUT=10

proto_qmi4g_init_config() {
	available=1
	no_device=1
	no_proto_task=1
	proto_config_add_string wdmif
	proto_config_add_string "device:device"
	proto_config_add_string wwanif
	proto_config_add_string apn
	proto_config_add_string v6apn
	proto_config_add_string auth
	proto_config_add_string username
	proto_config_add_string password
	proto_config_add_string pincode
	proto_config_add_string pdptype
	proto_config_add_int profile
	proto_config_add_int v6profile
	proto_config_add_string modes
	# string, not int as in qmi.sh: keeps the leading zeros of an MCC like 001
	proto_config_add_string plmn
	proto_config_add_boolean allow_roaming
	proto_config_add_boolean allow_partner
	proto_config_add_int timeout
	proto_config_add_int mtu
	# strings, as in mbim.sh: 0, 1 or auto
	proto_config_add_string dhcp
	proto_config_add_string dhcpv6
	proto_config_add_boolean ipv6
	proto_config_add_int delay
	proto_config_add_boolean autoconnect
	proto_config_add_string zone
	proto_config_add_string ip4table
	proto_config_add_string ip6table
	proto_config_add_boolean sourcefilter
	proto_config_add_boolean delegate
	# connectivity watchdog and AT port (ours; docs/config.md)
	proto_config_add_array probe_host
	proto_config_add_int probe_interval
	proto_config_add_int probe_failures
	proto_config_add_string atdevice
	# recovery (ours; docs/config.md): reconnect backoff floor/cap and registration grace, seconds
	proto_config_add_int reconnect_min
	proto_config_add_int reconnect_max
	proto_config_add_int registration_grace
	proto_config_add_defaults
}

# True when $1 can be written inside a JSON string as is. netifd interface names are
# [A-Za-z0-9_] (uci section names); '.' and '-' are allowed too, nothing that needs escaping.
_qmi4g_valid_name() {
	case "$1" in
		"" | *[!A-Za-z0-9_.-]*) return 1 ;;
	esac
	return 0
}

# ubus exit codes meaning "qmi4gd is not there or not answering". The ubus CLI exits with the
# status when stderr is a terminal and with 256 - status otherwise (as under netifd), except a
# failed lookup (no object qmi4g) which is always 4; no ubusd at all is 255. Statuses:
# 3 METHOD_NOT_FOUND, 4 NOT_FOUND, 7 TIMEOUT, 10 CONNECTION_FAILED.
_qmi4g_unreachable() {
	case "$1" in
		3 | 4 | 7 | 10 | 253 | 252 | 249 | 246 | 255) return 0 ;;
	esac
	return 1
}

proto_qmi4g_setup() {
	local interface="$1"
	# $data is the config JSON netifd passed; netifd-proto.sh's init_proto keeps it there.
	local config="$data"
	local rc

	_qmi4g_valid_name "$interface" || {
		echo "qmi4g: refusing interface name that is not [A-Za-z0-9_.-]"
		proto_notify_error "$interface" CONFIG_INVALID interface
		proto_block_restart "$interface"
		proto_setup_failed "$interface"
		return 1
	}
	case "$config" in
		"{"*) ;;
		*) config="{}" ;;
	esac

	ubus -t "$QMI4G_UBUS_TIMEOUT" call qmi4g up "{\"interface\":\"$interface\",\"config\":$config}" >/dev/null
	rc=$?
	[ "$rc" = 0 ] && return 0

	if _qmi4g_unreachable "$rc"; then
		echo "qmi4g: daemon qmi4gd not reachable on ubus (ubus exit $rc)"
		proto_notify_error "$interface" DAEMON_UNAVAILABLE
	else
		echo "qmi4g: qmi4gd refused setup (ubus exit $rc)"
	fi
	proto_setup_failed "$interface"
	return 1
}

proto_qmi4g_teardown() {
	local interface="$1"
	local rc

	_qmi4g_valid_name "$interface" || return 1

	ubus -t "$QMI4G_UBUS_TIMEOUT" call qmi4g down "{\"interface\":\"$interface\"}" >/dev/null
	rc=$?
	[ "$rc" = 0 ] || echo "qmi4g: down not delivered to qmi4gd (ubus exit $rc)"

	proto_init_update "*" 0
	proto_send_update "$interface"
}

[ -n "$INCLUDE_ONLY" ] || add_protocol qmi4g
