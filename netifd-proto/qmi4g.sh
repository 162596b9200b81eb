#!/bin/sh
# qmi4g netifd protocol handler: declares the options and hands setup/teardown to qmi4gd over ubus.
#
# The daemon does all the work and reports to netifd itself (notify_proto), so setup returns at
# once (no_proto_task=1). netifd's config JSON goes to the daemon as it arrived: it is embedded as
# one JSON value inside one argv word and never evaluated by the shell. Option names, types and
# defaults follow OpenWrt's qmi.sh/mbim.sh; docs/config.md describes each one.

. "${IPKG_INSTROOT}/lib/netifd/qmi4g-common.sh"

[ -n "$INCLUDE_ONLY" ] || {
	. "${IPKG_INSTROOT}/lib/functions.sh"
	. ../netifd-proto.sh
	init_proto "$@"
}

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

proto_qmi4g_setup() {
	# $data is the config JSON netifd passed; netifd-proto.sh's init_proto keeps it there.
	qmi4g_setup qmi4g "$1" "$data"
}

proto_qmi4g_teardown() {
	qmi4g_teardown qmi4g "$1"
}

[ -n "$INCLUDE_ONLY" ] || add_protocol qmi4g
