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
. "${IPKG_INSTROOT}/lib/netifd/qmi4g-options.sh"

[ -n "$INCLUDE_ONLY" ] || {
	. "${IPKG_INSTROOT}/lib/functions.sh"
	. ../netifd-proto.sh
	init_proto "$@"
}

proto_mbim_init_config() {
	available=1
	no_device=1
	no_proto_task=1
	# the option declarations, generated from src/daemon/options.ts (qmi4g-options.sh)
	qmi4g_config_add_mbim
}

proto_mbim_setup() {
	# $data is the config JSON netifd passed; netifd-proto.sh's init_proto keeps it there.
	qmi4g_setup mbim "$1" "$data"
}

proto_mbim_teardown() {
	qmi4g_teardown mbim "$1"
}

[ -n "$INCLUDE_ONLY" ] || add_protocol mbim
