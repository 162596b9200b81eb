#!/bin/sh
# mbim netifd protocol handler (replaces umbim's): declares mbim.sh's options and hands setup/teardown to qmi4gd over ubus.
#
# Same contract as qmi4g.sh: the daemon does the work and reports to netifd itself
# (notify_proto), so setup returns at once (no_proto_task=1). netifd's config JSON goes to the
# daemon as it arrived, embedded as one JSON value inside one argv word, never evaluated by
# the shell. Option names and types are OpenWrt's mbim.sh ones (umbim package, the version with
# allow_roaming/allow_partner/dhcp auto), plus the qmi4g options that apply to MBIM modems;
# docs/config.md describes each one and its MBIM default.

[ -n "$INCLUDE_ONLY" ] || {
	. "${IPKG_INSTROOT}/lib/functions.sh"
	. ../netifd-proto.sh
	init_proto "$@"
}

# Seconds a ubus call to qmi4gd may take; the daemon answers at once, so more means it hangs.
MBIM_UBUS_TIMEOUT=10

proto_mbim_init_config() {
	available=1
	no_device=1
	no_proto_task=1
	# mbim.sh's options, with its types
	proto_config_add_string "device:device"
	proto_config_add_string apn
	proto_config_add_string pincode
	proto_config_add_string delay
	proto_config_add_boolean allow_roaming
	proto_config_add_boolean allow_partner
	proto_config_add_string auth
	proto_config_add_string username
	proto_config_add_string password
	proto_config_add_string ipv6
	# strings: 0, 1 or auto
	proto_config_add_string dhcp
	proto_config_add_string dhcpv6
	proto_config_add_boolean sourcefilter
	proto_config_add_boolean delegate
	proto_config_add_string pdptype
	proto_config_add_int mtu
	# qmi4g's options that apply to MBIM modems (docs/config.md)
	proto_config_add_string wdmif
	proto_config_add_string wwanif
	proto_config_add_string v6apn
	proto_config_add_string plmn
	proto_config_add_int timeout
	proto_config_add_string zone
	proto_config_add_string ip4table
	proto_config_add_string ip6table
	proto_config_add_array probe_host
	proto_config_add_int probe_interval
	proto_config_add_int probe_failures
	proto_config_add_string atdevice
	proto_config_add_int reconnect_min
	proto_config_add_int reconnect_max
	proto_config_add_int registration_grace
	proto_config_add_defaults
}

# True when $1 can be written inside a JSON string as is (netifd interface names).
_mbim_valid_name() {
	case "$1" in
		"" | *[!A-Za-z0-9_.-]*) return 1 ;;
	esac
	return 0
}

# ubus exit codes meaning "qmi4gd is not there or not answering" (see qmi4g.sh for the table).
_mbim_unreachable() {
	case "$1" in
		3 | 4 | 7 | 10 | 253 | 252 | 249 | 246 | 255) return 0 ;;
	esac
	return 1
}

proto_mbim_setup() {
	local interface="$1"
	# $data is the config JSON netifd passed; netifd-proto.sh's init_proto keeps it there.
	local config="$data"
	local rc

	_mbim_valid_name "$interface" || {
		echo "mbim: refusing interface name that is not [A-Za-z0-9_.-]"
		proto_notify_error "$interface" CONFIG_INVALID interface
		proto_block_restart "$interface"
		proto_setup_failed "$interface"
		return 1
	}
	case "$config" in
		"{"*) ;;
		*) config="{}" ;;
	esac

	ubus -t "$MBIM_UBUS_TIMEOUT" call qmi4g up "{\"interface\":\"$interface\",\"protocol\":\"mbim\",\"config\":$config}" >/dev/null
	rc=$?
	[ "$rc" = 0 ] && return 0

	if _mbim_unreachable "$rc"; then
		echo "mbim: daemon qmi4gd not reachable on ubus (ubus exit $rc)"
		proto_notify_error "$interface" DAEMON_UNAVAILABLE
	else
		echo "mbim: qmi4gd refused setup (ubus exit $rc)"
	fi
	proto_setup_failed "$interface"
	return 1
}

proto_mbim_teardown() {
	local interface="$1"
	local rc

	_mbim_valid_name "$interface" || return 1

	ubus -t "$MBIM_UBUS_TIMEOUT" call qmi4g down "{\"interface\":\"$interface\"}" >/dev/null
	rc=$?
	[ "$rc" = 0 ] || echo "mbim: down not delivered to qmi4gd (ubus exit $rc)"

	proto_init_update "*" 0
	proto_send_update "$interface"
}

[ -n "$INCLUDE_ONLY" ] || add_protocol mbim
