#!/bin/sh
# GENERATED from src/daemon/options.ts by `npm run gen:options`; do not edit.
# The interface options the netifd protocol handlers declare (netifd-proto.sh proto_config_add_*),
# installed as /lib/netifd/qmi4g-options.sh; qmi4g.sh and mbim.sh call these from proto_*_init_config.
# docs/config.md describes each option.

# qmi4g.sh: OpenWrt qmi.sh's options with its types (plmn, dhcp and dhcpv6 as strings), then ours.
qmi4g_config_add_qmi4g() {
	proto_config_add_string wdmif
	proto_config_add_string "device:device"
	proto_config_add_string apn
	proto_config_add_string pincode
	proto_config_add_string auth
	proto_config_add_string username
	proto_config_add_string password
	proto_config_add_string pdptype
	proto_config_add_string wwanif
	proto_config_add_string v6apn
	proto_config_add_array apn_by_iccid
	proto_config_add_int profile
	proto_config_add_int v6profile
	proto_config_add_string modes
	proto_config_add_array lte_band
	proto_config_add_array nr5g_band
	proto_config_add_string plmn
	proto_config_add_boolean allow_roaming
	proto_config_add_boolean allow_partner
	proto_config_add_int timeout
	proto_config_add_int delay
	proto_config_add_int mtu
	proto_config_add_string dhcp
	proto_config_add_boolean ipv6
	proto_config_add_string dhcpv6
	proto_config_add_boolean autoconnect
	proto_config_add_string zone
	proto_config_add_string ip4table
	proto_config_add_string ip6table
	proto_config_add_boolean sourcefilter
	proto_config_add_boolean delegate
	proto_config_add_string fcc_auth
	proto_config_add_string fcc_auth_magic
	proto_config_add_array probe_host
	proto_config_add_int probe_interval
	proto_config_add_int probe_failures
	proto_config_add_int reconnect_min
	proto_config_add_int reconnect_max
	proto_config_add_int registration_grace
	proto_config_add_string atdevice
	proto_config_add_defaults
}

# mbim.sh: OpenWrt mbim.sh's options with its types, then the qmi4g options that apply to MBIM modems.
qmi4g_config_add_mbim() {
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
	proto_config_add_string dhcp
	proto_config_add_string dhcpv6
	proto_config_add_boolean sourcefilter
	proto_config_add_boolean delegate
	proto_config_add_string pdptype
	proto_config_add_int mtu
	proto_config_add_string wdmif
	proto_config_add_string wwanif
	proto_config_add_string v6apn
	proto_config_add_array apn_by_iccid
	proto_config_add_string modes
	proto_config_add_array lte_band
	proto_config_add_array nr5g_band
	proto_config_add_string plmn
	proto_config_add_int timeout
	proto_config_add_string zone
	proto_config_add_string ip4table
	proto_config_add_string ip6table
	proto_config_add_string fcc_auth
	proto_config_add_string fcc_auth_magic
	proto_config_add_array probe_host
	proto_config_add_int probe_interval
	proto_config_add_int probe_failures
	proto_config_add_int reconnect_min
	proto_config_add_int reconnect_max
	proto_config_add_int registration_grace
	proto_config_add_string atdevice
	proto_config_add_defaults
}
