#!/bin/sh
# mbim netifd protocol handler (replaces umbim's): declares mbim.sh's options and hands setup/teardown to qmi4gd over ubus.
#
# Same contract as qmi4g.sh: the daemon does the work and reports to netifd itself
# (notify_proto), so setup returns at once (no_proto_task=1). netifd's config JSON goes to the
# daemon as it arrived, embedded as one JSON value inside one argv word, never evaluated by
# the shell. Option names and types are OpenWrt's mbim.sh ones (umbim package, the version with
# allow_roaming/allow_partner/dhcp auto), plus the qmi4g options that apply to MBIM modems;
# docs/config.md describes each one and its MBIM default.

. "${IPKG_INSTROOT}/lib/netifd/qmi4g-common.sh"

[ -n "$INCLUDE_ONLY" ] || {
	. "${IPKG_INSTROOT}/lib/functions.sh"
	. ../netifd-proto.sh
	init_proto "$@"
}

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

proto_mbim_setup() {
	# $data is the config JSON netifd passed; netifd-proto.sh's init_proto keeps it there.
	qmi4g_setup mbim "$1" "$data"
}

proto_mbim_teardown() {
	qmi4g_teardown mbim "$1"
}

[ -n "$INCLUDE_ONLY" ] || add_protocol mbim
