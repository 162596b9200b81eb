#!/bin/sh
# qmi4g netifd protocol handler: declares the options and hands setup/teardown to qmi4gd over ubus.
#
# The daemon does all the work and reports to netifd itself (notify_proto), so setup returns at
# once (no_proto_task=1). netifd's config JSON goes to the daemon as it arrived: it is embedded as
# one JSON value inside one argv word and never evaluated by the shell. Option names, types and
# defaults follow OpenWrt's qmi.sh/mbim.sh; docs/config.md describes each one.

. "${IPKG_INSTROOT}/lib/netifd/qmi4g-common.sh"
. "${IPKG_INSTROOT}/lib/netifd/qmi4g-options.sh"

[ -n "$INCLUDE_ONLY" ] || {
	. "${IPKG_INSTROOT}/lib/functions.sh"
	. ../netifd-proto.sh
	init_proto "$@"
}

proto_qmi4g_init_config() {
	available=1
	no_device=1
	no_proto_task=1
	# the option declarations, generated from src/daemon/options.ts (qmi4g-options.sh)
	qmi4g_config_add_qmi4g
}

proto_qmi4g_setup() {
	# $data is the config JSON netifd passed; netifd-proto.sh's init_proto keeps it there.
	qmi4g_setup qmi4g "$1" "$data"
}

proto_qmi4g_teardown() {
	qmi4g_teardown qmi4g "$1"
}

[ -n "$INCLUDE_ONLY" ] || add_protocol qmi4g
