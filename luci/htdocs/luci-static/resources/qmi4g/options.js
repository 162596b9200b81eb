'use strict';
'require baseclass';

/*
 * GENERATED from src/daemon/options.ts by `npm run gen:options`; do not edit.
 * The interface options of the qmi4g and mbim protocols as the daemon reads them: field, tab,
 * help, default per protocol (uci text, null = none), the rule for the value, and which fields
 * LuCI's interface dialog replaces with its own (replacedBy). qmi4g/common.js builds the forms.
 */

return baseclass.extend({
	options: [
		{
			name: 'wdmif',
			title: _('Modem device'),
			help: _('Control port of the modem: /dev/cdc-wdm0 (USB) or /dev/wwan0qmi0, /dev/wwan0mbim0 (PCIe/MHI)'),
			tab: 'general',
			widget: 'PortSelect',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'path', message: _('Expecting an absolute device path like /dev/cdc-wdm0') }
		},
		{
			name: 'apn',
			title: _('APN'),
			help: _('Access point name; empty uses the APN of the modem profile; auto looks it up by the SIM\'s MCC/MNC (IMSI) in the provider table (mobile-broadband-provider-info), with its user name, password and authentication where you set none'),
			tab: 'general',
			widget: 'Value',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'pattern', re: '^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$', max: 100, message: _('Expecting an APN of letters, digits, \'-\' and \'_\' in dot-separated labels, at most 100 characters') }
		},
		{
			name: 'pincode',
			title: _('PIN'),
			help: _('SIM PIN, 4 to 8 digits. Sent only when the SIM card asks for a PIN and reports at least 2 attempts left (never when it does not report the count); a PIN the SIM card rejected is not sent to that SIM card again.'),
			tab: 'general',
			widget: 'Value',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'pattern', re: '^[0-9]{4,8}$', max: 8, message: _('Expecting a PIN of 4 to 8 digits') },
			password: true
		},
		{
			name: 'auth',
			title: _('Authentication Type'),
			help: _('Authentication: none, pap, chap or both; mschapv2 on MBIM modems only'),
			tab: 'general',
			widget: 'ListValue',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'choice', values: [ 'none', 'pap', 'chap', 'both', 'mschapv2' ] },
			choices: [ [ '', _('Modem default'), [ 'qmi4g', 'mbim' ] ], [ 'none', _('None'), [ 'qmi4g', 'mbim' ] ], [ 'pap', _('PAP'), [ 'qmi4g', 'mbim' ] ], [ 'chap', _('CHAP'), [ 'qmi4g', 'mbim' ] ], [ 'both', _('PAP/CHAP'), [ 'qmi4g', 'mbim' ] ], [ 'mschapv2', _('MSCHAPv2'), [ 'mbim' ] ] ]
		},
		{
			name: 'username',
			title: _('PAP/CHAP username'),
			help: _('User name for PAP/CHAP'),
			tab: 'general',
			widget: 'Value',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'text', secret: true },
			depends: [ { auth: 'pap' }, { auth: 'chap' }, { auth: 'both' }, { auth: 'mschapv2' } ]
		},
		{
			name: 'password',
			title: _('PAP/CHAP password'),
			help: _('Password for PAP/CHAP'),
			tab: 'general',
			widget: 'Value',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'text', secret: true },
			depends: [ { auth: 'pap' }, { auth: 'chap' }, { auth: 'both' }, { auth: 'mschapv2' } ],
			password: true
		},
		{
			name: 'pdptype',
			title: _('PDP Type'),
			help: _('IP type of the data session: ip or ipv4, ipv6, ipv4v6; Enable IPv6 off makes it ipv4'),
			tab: 'general',
			widget: 'ListValue',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: 'ipv4', mbim: 'ipv4v6' },
			value: { kind: 'choice', values: [ 'ipv4', 'ipv6', 'ipv4v6' ], aliases: { ip: 'ipv4' } },
			choices: [ [ 'ipv4', _('IPv4'), [ 'qmi4g', 'mbim' ] ], [ 'ipv6', _('IPv6'), [ 'qmi4g', 'mbim' ] ], [ 'ipv4v6', _('IPv4/IPv6'), [ 'qmi4g', 'mbim' ] ] ]
		},
		{
			name: 'wwanif',
			title: _('Network interface for the data'),
			help: _('An existing interface (e.g. DHCP on wwan0) to bring up when connected; the addressing, MTU, metric and zone options of this interface do not apply then'),
			tab: 'general',
			widget: 'NetworkSelect',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'pattern', re: '^[A-Za-z0-9_]+$', max: 64, message: _('Expecting an interface name of letters, digits and underscores') }
		},
		{
			name: 'v6apn',
			title: _('IPv6 APN'),
			help: _('APN of the IPv6 session; defaults to the APN'),
			tab: 'advanced',
			widget: 'Value',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'pattern', re: '^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$', max: 100, message: _('Expecting an APN of letters, digits, \'-\' and \'_\' in dot-separated labels, at most 100 characters') },
			depends: [ { pdptype: 'ipv6' }, { pdptype: 'ipv4v6' } ]
		},
		{
			name: 'apn_by_iccid',
			title: _('APN by SIM ICCID prefix'),
			help: _('APN by SIM card: entries PREFIX[,PREFIX...]=APN, the first whose ICCID prefix starts the SIM\'s ICCID wins (APN auto: the provider table); no match uses apn'),
			tab: 'advanced',
			widget: 'DynamicList',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'pattern-list', re: '^ *[0-9]{1,20}( *, *[0-9]{1,20})* *= *[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)* *$', max: 600, maxItems: 32, message: _('Expecting PREFIX[,PREFIX...]=APN: ICCID prefixes of 1 to 20 digits, \'=\', an APN or auto') }
		},
		{
			name: 'profile',
			title: _('Modem profile'),
			help: _('Index (1-255) of the modem profile to connect with'),
			tab: 'advanced',
			widget: 'Value',
			protocols: [ 'qmi4g' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'int', min: 1, max: 255 }
		},
		{
			name: 'v6profile',
			title: _('IPv6 modem profile'),
			help: _('Profile index of the IPv6 session; defaults to the modem profile'),
			tab: 'advanced',
			widget: 'Value',
			protocols: [ 'qmi4g' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'int', min: 1, max: 255 },
			depends: [ { pdptype: 'ipv6' }, { pdptype: 'ipv4v6' } ]
		},
		{
			name: 'modes',
			title: _('Allowed network modes'),
			help: _('Allowed radio technologies: all, or a comma list of gsm, umts, lte, cdma, td-scdma, 5gnr; empty leaves the modem setting'),
			tab: 'advanced',
			widget: 'Value',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'modes', values: [ 'gsm', 'umts', 'lte', 'cdma', 'td-scdma', '5gnr' ] },
			suggestions: [ [ 'all', _('All') ], [ 'lte', _('LTE only') ], [ '5gnr,lte', _('5G NR and LTE') ], [ 'lte,umts', _('LTE and UMTS') ], [ 'umts,gsm', _('UMTS and GSM') ] ]
		},
		{
			name: 'lte_band',
			title: _('LTE bands'),
			help: _('LTE bands the modem may use (E-UTRA band numbers, e.g. 1 3 7 20); written only when the modem is set differently; MBIM modems need QMI over MBIM for it'),
			tab: 'advanced',
			widget: 'DynamicList',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'bands', radio: 'lte', values: [ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 85, 87, 88, 103, 106, 107, 108 ] }
		},
		{
			name: 'nr5g_band',
			title: _('5G NR bands'),
			help: _('5G NR bands the modem may use, SA and NSA (NR band numbers without the n, e.g. 78); written only when the modem is set differently; MBIM modems need QMI over MBIM for it'),
			tab: 'advanced',
			widget: 'DynamicList',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'bands', radio: 'nr5g', values: [ 1, 2, 3, 5, 7, 8, 12, 13, 14, 18, 20, 24, 25, 26, 28, 29, 30, 31, 34, 38, 39, 40, 41, 46, 47, 48, 50, 51, 53, 54, 65, 66, 67, 70, 71, 72, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 104, 105, 106, 109, 257, 258, 259, 260, 261, 262, 263 ] }
		},
		{
			name: 'plmn',
			title: _('PLMN'),
			help: _('0 or auto for automatic network selection, or MCC and MNC as 5 or 6 digits (e.g. 26201) for manual; empty leaves the modem setting'),
			tab: 'advanced',
			widget: 'Value',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'plmn' }
		},
		{
			name: 'allow_roaming',
			title: _('Allow roaming'),
			help: _('Connect while roaming'),
			tab: 'advanced',
			widget: 'Flag',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: '1', mbim: '0' },
			value: { kind: 'bool' }
		},
		{
			name: 'allow_partner',
			title: _('Allow partner networks'),
			help: _('Connect on a partner network'),
			tab: 'advanced',
			widget: 'Flag',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: '0', mbim: '0' },
			value: { kind: 'bool' }
		},
		{
			name: 'timeout',
			title: _('SIM and registration timeout'),
			help: _('Seconds to wait for the SIM card and the network registration; 0 waits without limit'),
			tab: 'advanced',
			widget: 'Value',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: '10', mbim: '10' },
			value: { kind: 'int', min: 0, max: 86400, unit: 's' }
		},
		{
			name: 'delay',
			title: _('Start delay'),
			help: _('Seconds to wait before starting'),
			tab: 'advanced',
			widget: 'Value',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: '0', mbim: '0' },
			value: { kind: 'int', min: 0, max: 3600, unit: 's' }
		},
		{
			name: 'mtu',
			title: _('Override MTU'),
			help: _('MTU of the modem network device, 68-65535 bytes'),
			tab: 'advanced',
			widget: 'Value',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'int', min: 68, max: 65535, unit: 'bytes' },
			ignoredWithWwanif: true
		},
		{
			name: 'dhcp',
			title: _('IPv4 configuration'),
			help: _('IPv4 addresses: 1 = DHCP on the child IFACE_4, 0 = the settings the modem reports, as static; auto = static when the modem reports an address, else DHCP'),
			tab: 'advanced',
			widget: 'ListValue',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: '1', mbim: 'auto' },
			value: { kind: 'bool-auto' },
			choices: [ [ '1', _('DHCP'), [ 'qmi4g', 'mbim' ] ], [ '0', _('Static'), [ 'qmi4g', 'mbim' ] ], [ 'auto', _('Automatic'), [ 'qmi4g', 'mbim' ] ] ],
			ignoredWithWwanif: true
		},
		{
			name: 'ipv6',
			title: _('Enable IPv6'),
			help: _('Request IPv6 from the network; off makes the PDP type IPv4'),
			tab: 'advanced',
			widget: 'Flag',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: '1', mbim: '1' },
			value: { kind: 'bool' },
			depends: [ { pdptype: 'ipv6' }, { pdptype: 'ipv4v6' } ]
		},
		{
			name: 'dhcpv6',
			title: _('IPv6 configuration'),
			help: _('IPv6 addresses: 1 = DHCPv6 on the child IFACE_6, 0 = the settings the modem reports, as static; auto as for IPv4'),
			tab: 'advanced',
			widget: 'ListValue',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: '0', mbim: 'auto' },
			value: { kind: 'bool-auto' },
			choices: [ [ '1', _('DHCPv6'), [ 'qmi4g', 'mbim' ] ], [ '0', _('Static'), [ 'qmi4g', 'mbim' ] ], [ 'auto', _('Automatic'), [ 'qmi4g', 'mbim' ] ] ],
			depends: [ { pdptype: 'ipv6', ipv6: '1' }, { pdptype: 'ipv4v6', ipv6: '1' } ],
			ignoredWithWwanif: true
		},
		{
			name: 'autoconnect',
			title: _('Modem autoconnect'),
			help: _('Let the modem reconnect by itself (uqmi --autoconnect); by default on for IPv4 only'),
			tab: 'advanced',
			widget: 'ListValue',
			protocols: [ 'qmi4g' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'bool' },
			choices: [ [ '', _('Default'), [ 'qmi4g', 'mbim' ] ], [ '1', _('Enabled'), [ 'qmi4g', 'mbim' ] ], [ '0', _('Disabled'), [ 'qmi4g', 'mbim' ] ] ]
		},
		{
			name: 'defaultroute',
			title: _('Use default gateway'),
			help: _('Add a default route via the modem'),
			tab: 'advanced',
			widget: 'Flag',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: '1', mbim: '1' },
			value: { kind: 'bool' },
			replacedBy: [ 'qmi4g', 'mbim' ],
			ignoredWithWwanif: true
		},
		{
			name: 'metric',
			title: _('Use gateway metric'),
			help: _('Metric of the routes of the data interfaces'),
			tab: 'advanced',
			widget: 'Value',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: '0', mbim: '0' },
			value: { kind: 'int', min: 0, max: 2147483647 },
			replacedBy: [ 'qmi4g', 'mbim' ],
			ignoredWithWwanif: true
		},
		{
			name: 'peerdns',
			title: _('Use DNS servers advertised by peer'),
			help: _('Use the DNS servers the network announces'),
			tab: 'advanced',
			widget: 'Flag',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: '1', mbim: '1' },
			value: { kind: 'bool' },
			ignoredWithWwanif: true
		},
		{
			name: 'ip4table',
			title: _('Override IPv4 routing table'),
			help: _('Routing table for IPv4 (name or number), copied to the DHCP child'),
			tab: 'advanced',
			widget: 'Value',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'pattern', re: '^[A-Za-z0-9_-]+$', max: 64, message: _('Expecting a routing table name or number of letters, digits, \'-\' and \'_\'') },
			replacedBy: [ 'qmi4g', 'mbim' ],
			ignoredWithWwanif: true
		},
		{
			name: 'ip6table',
			title: _('Override IPv6 routing table'),
			help: _('Routing table for IPv6, copied to the DHCPv6 child'),
			tab: 'advanced',
			widget: 'Value',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'pattern', re: '^[A-Za-z0-9_-]+$', max: 64, message: _('Expecting a routing table name or number of letters, digits, \'-\' and \'_\'') },
			replacedBy: [ 'qmi4g', 'mbim' ],
			ignoredWithWwanif: true
		},
		{
			name: 'sourcefilter',
			title: _('IPv6 source routing'),
			help: _('IPv6 source routing on the DHCPv6 child'),
			tab: 'advanced',
			widget: 'Flag',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: '1', mbim: '1' },
			value: { kind: 'bool' },
			replacedBy: [ 'mbim' ],
			ignoredWithWwanif: true
		},
		{
			name: 'delegate',
			title: _('Delegate IPv6 prefixes'),
			help: _('Delegate the IPv6 prefix of the DHCPv6 child downstream'),
			tab: 'advanced',
			widget: 'Flag',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: '1', mbim: '1' },
			value: { kind: 'bool' },
			replacedBy: [ 'qmi4g', 'mbim' ],
			ignoredWithWwanif: true
		},
		{
			name: 'fcc_auth',
			title: _('FCC unlock'),
			help: _('FCC unlock of laptop modems whose radio boots locked (Sierra EM7355/EM7455, Foxconn/Dell DW5821e/SDX55/SDX62, Quectel EM1xx): auto sends the FCC authentication the manufacturer and model call for, only when the modem refuses to go online with the locked answer; 0 never sends one; sierra (DMS Set FCC Authentication), foxconn or foxconn-v2 (DMS Foxconn Set FCC Authentication) send that one. On MBIM ports it goes as QMI over MBIM'),
			tab: 'advanced',
			widget: 'ListValue',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: 'auto', mbim: 'auto' },
			value: { kind: 'choice', values: [ 'auto', '0', 'sierra', 'foxconn', 'foxconn-v2' ], aliases: { off: '0', no: '0', false: '0', disabled: '0' } },
			choices: [ [ 'auto', _('Automatic'), [ 'qmi4g', 'mbim' ] ], [ '0', _('Never'), [ 'qmi4g', 'mbim' ] ], [ 'sierra', _('Sierra'), [ 'qmi4g', 'mbim' ] ], [ 'foxconn', _('Foxconn'), [ 'qmi4g', 'mbim' ] ], [ 'foxconn-v2', _('Foxconn v2'), [ 'qmi4g', 'mbim' ] ] ]
		},
		{
			name: 'fcc_auth_magic',
			title: _('FCC unlock value'),
			help: _('The value DMS Foxconn Set FCC Authentication sends (N, 0-255), or the magic string and number of its v2 (STRING,N); never logged'),
			tab: 'advanced',
			widget: 'Value',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'pattern', re: '^(([^,]{1,64},)?(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]))$', max: 68, message: _('Expecting N (the foxconn value, 0-255) or STRING,N (the foxconn-v2 magic string, without commas, and number)') },
			password: true
		},
		{
			name: 'probe_host',
			title: _('Watchdog hosts'),
			help: _('Connectivity watchdog: up to 8 IPv4/IPv6 addresses or host names (a uci list, or one option with blank-separated hosts), pinged through the modem; when none answers in several rounds in a row, the connection is restarted'),
			tab: 'recovery',
			widget: 'DynamicList',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'hosts', maxHosts: 8 }
		},
		{
			name: 'probe_interval',
			title: _('Watchdog interval'),
			help: _('Seconds between watchdog rounds'),
			tab: 'recovery',
			widget: 'Value',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: '60', mbim: '60' },
			value: { kind: 'int', min: 5, max: 86400, unit: 's' }
		},
		{
			name: 'probe_failures',
			title: _('Watchdog failures'),
			help: _('Failed watchdog rounds in a row before the connection is restarted'),
			tab: 'recovery',
			widget: 'Value',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: '3', mbim: '3' },
			value: { kind: 'int', min: 1, max: 100 }
		},
		{
			name: 'reconnect_min',
			title: _('Shortest reconnect delay'),
			help: _('Seconds to wait before reconnecting after a failure or a repeated drop; the wait doubles with each further failure (the first drop after a stable connection reconnects at once)'),
			tab: 'recovery',
			widget: 'Value',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: '1', mbim: '1' },
			value: { kind: 'int', min: 0, max: 3600, unit: 's' }
		},
		{
			name: 'reconnect_max',
			title: _('Longest reconnect delay'),
			help: _('Seconds the reconnect wait grows to at most (with 20 % jitter); not less than the shortest delay'),
			tab: 'recovery',
			widget: 'Value',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: '300', mbim: '300' },
			value: { kind: 'int', min: 1, max: 86400, unit: 's' }
		},
		{
			name: 'registration_grace',
			title: _('Registration grace time'),
			help: _('Seconds a lost network registration is tolerated while connected (the link stays up) before reconnecting'),
			tab: 'recovery',
			widget: 'Value',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: '5', mbim: '5' },
			value: { kind: 'int', min: 0, max: 3600, unit: 's' }
		},
		{
			name: 'atdevice',
			title: _('AT command port'),
			help: _('Serial AT port of the modem (e.g. /dev/ttyUSB2), used to reset it when it stops answering and by ubus call qmi4g at; needs the serialport package'),
			tab: 'recovery',
			widget: 'Value',
			protocols: [ 'qmi4g', 'mbim' ],
			'default': { qmi4g: null, mbim: null },
			value: { kind: 'path', message: _('Expecting an absolute device path like /dev/ttyUSB2') }
		}
	]
});
