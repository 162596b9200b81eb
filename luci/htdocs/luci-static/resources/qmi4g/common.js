'use strict';
'require baseclass';
'require form';
'require rpc';
'require uci';

/*
 * Shared by protocol/qmi4g.js, protocol/mbim.js and view/status/qmi4g.js: the interface
 * options with the daemon's validation (src/daemon/config.ts), and the words for the
 * daemon's states and netifd error codes (README "Troubleshooting").
 */

/* An rpc call listing the entries of a directory whose names match `re`, as sorted full paths. */
function fileListCall(re) {
	return rpc.declare({
		object: 'file',
		method: 'list',
		params: [ 'path' ],
		expect: { entries: [] },
		filter: function(entries, params) {
			var paths = [];

			for (var i = 0; i < entries.length; i++)
				if (re.test(entries[i].name))
					paths.push(params.path + entries[i].name);

			return paths.sort();
		}
	});
}

/* Modem control ports, and AT ports (USB serial, or the WWAN AT port of PCIe modems). */
var callFileList = fileListCall(/^cdc-wdm[0-9]+$/);
var callAtPortList = fileListCall(/^(ttyUSB[0-9]+|ttyACM[0-9]+|wwan[0-9]+at[0-9]+)$/);

/* Every netifd error code the daemon and its handlers report (src/modem/modem-errors.ts). */
var ERROR_CODES = [
	[ 'NO_DEVICE',                   _('The modem control port does not exist or has vanished') ],
	[ 'NO_IFACE',                    _('No network device was found for the modem control port') ],
	[ 'DEVICE_NOT_SUPPORTED',        _('The control port speaks neither QMI nor MBIM') ],
	[ 'PIN_NOT_SPECIFIED',           _('The SIM card needs a PIN but none is configured') ],
	[ 'PIN_FAILED',                  _('The SIM card rejected the PIN; it is not sent again until the configuration changes') ],
	[ 'PIN_TRIES_BELOW_LIMIT',       _('Too few PIN attempts left: the PIN is not tried, to avoid blocking the SIM card') ],
	[ 'PIN_STATUS_FAILED',           _('Reading the SIM PIN status failed') ],
	[ 'PUK_NEEDED',                  _('The SIM card is blocked and needs its PUK') ],
	[ 'SIM_NOT_INITIALIZED',         _('No SIM card, or the SIM card is not ready yet') ],
	[ 'SIM_ILLEGAL_STATE',           _('The SIM card reports an error') ],
	[ 'NETWORK_REGISTRATION_FAILED', _('The modem did not register with a mobile network in time') ],
	[ 'PLMN_FAILED',                 _('The modem refused the configured network (PLMN)') ],
	[ 'CALL_FAILED',                 _('The mobile network refused the data connection') ],
	[ 'NO_CID',                      _('The modem has no free client IDs') ],
	[ 'CONFIG_INVALID',              _('An interface option is invalid') ],
	[ 'DAEMON_UNAVAILABLE',          _('The qmi4g daemon is not running') ],
	[ 'MODEM_UNRESPONSIVE',          _('The modem stopped answering') ]
];

var STATES = {
	down:          _('Down'),
	opening:       _('Opening the modem'),
	sim:           _('Waiting for the SIM card'),
	registering:   _('Searching for a network'),
	connecting:    _('Connecting'),
	connected:     _('Connected'),
	reconnecting:  _('Reconnecting'),
	disconnecting: _('Disconnecting'),
	failed:        _('Failed')
};

var SIM_STATES = {
	'ready':        _('Ready'),
	'pin-required': _('PIN required'),
	'puk-required': _('PUK required'),
	'blocked':      _('Blocked'),
	'absent':       _('No SIM card'),
	'initializing': _('Initializing'),
	'error':        _('SIM card error')
};

var REGISTRATION_STATES = {
	'registered':     _('Registered'),
	'searching':      _('Searching'),
	'not-registered': _('Not registered'),
	'denied':         _('Registration denied'),
	'unknown':        _('Unknown')
};

var RATS = {
	gsm: 'GSM (2G)', umts: 'UMTS (3G)', tdscdma: 'TD-SCDMA (3G)', cdma: 'CDMA', evdo: 'EV-DO',
	lte: 'LTE (4G)', nr5g: '5G NR'
};

var MODES = [ 'gsm', 'umts', 'lte', 'cdma', 'td-scdma', '5gnr' ];

var TRUE_WORDS = [ '1', 'yes', 'on', 'true', 'enabled' ];
var FALSE_WORDS = [ '0', 'no', 'off', 'false', 'disabled' ];

var IDENT_RE = /^[A-Za-z0-9_]+$/;
var TABLE_RE = /^[A-Za-z0-9_-]+$/;
var APN_RE = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/* Text netifd can pass on: no NUL or line break (config-values.ts readString). */
function plainText(value) {
	return !/[\0\n\r]/.test(value);
}

/* A validator for an integer option within [min, max], as config-values.ts readInt. */
function integerIn(min, max, unit) {
	return function(section_id, value) {
		if (value == null || value === '')
			return true;

		var text = String(value).trim();

		if (!/^-?[0-9]{1,10}$/.test(text))
			return _('Expecting a whole number');

		var n = +text;

		if (n < min || n > max)
			return unit ? _('Expecting a value from %d to %d %s').format(min, max, unit)
			            : _('Expecting a value from %d to %d').format(min, max);

		return true;
	};
}

function nameMatching(re, message) {
	return function(section_id, value) {
		if (value == null || value === '')
			return true;

		if (!re.test(value) || value.length > 64)
			return message;

		return true;
	};
}

/* Most watchdog targets per interface (config.ts MAX_PROBE_HOSTS). */
var MAX_PROBE_HOSTS = 8;
var HOST_LABEL_RE = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/* Dotted-quad IPv4, each part 0-255 without leading zeros (node:net isIP, used by the daemon). */
function isIPv4(text) {
	var parts = text.split('.');

	if (parts.length != 4)
		return false;

	for (var i = 0; i < parts.length; i++)
		if (!/^(0|[1-9][0-9]{0,2})$/.test(parts[i]) || +parts[i] > 255)
			return false;

	return true;
}

/*
 * IPv6 without zone or brackets: groups of 1-4 hex digits, at most one "::" standing for one
 * or more zero groups, and an IPv4 address allowed as the last two groups (node:net isIP).
 */
function isIPv6(text) {
	var halves = text.split('::'),
	    groups = 0;

	if (halves.length > 2)
		return false;

	for (var h = 0; h < halves.length; h++) {
		if (halves[h] === '')
			continue;

		var parts = halves[h].split(':');

		for (var i = 0; i < parts.length; i++) {
			if (/^[0-9A-Fa-f]{1,4}$/.test(parts[i]))
				groups++;
			else if (h == halves.length - 1 && i == parts.length - 1 && isIPv4(parts[i]))
				groups += 2;
			else
				return false;
		}
	}

	return (halves.length == 2) ? (groups <= 7) : (groups == 8);
}

/*
 * A watchdog target as src/session/probe-host.ts accepts it: an IPv4 or IPv6 address, or a
 * host name of dot-separated labels (letters, digits, inner "-"), at most 253 characters,
 * optionally ending in a dot, that is not made of digits and dots only.
 */
function isProbeHost(host) {
	if (host === '' || host.charAt(0) == '-' || host.indexOf('%') > -1)
		return false;

	if (isIPv4(host) || isIPv6(host))
		return true;

	if (host.length > 253)
		return false;

	var name = (host.charAt(host.length - 1) == '.') ? host.substring(0, host.length - 1) : host,
	    labels = name.split('.');

	for (var i = 0; i < labels.length; i++)
		if (!HOST_LABEL_RE.test(labels[i]))
			return false;

	return !/^[0-9.]+$/.test(name);
}

/* The hosts in probe_host values: list items may hold several hosts separated by blanks. */
function probeHosts(values) {
	var items = Array.isArray(values) ? values : ((values != null) ? [ values ] : []),
	    hosts = [];

	for (var i = 0; i < items.length; i++) {
		var words = String(items[i]).split(/[ \t]+/);

		for (var j = 0; j < words.length; j++)
			if (words[j] !== '')
				hosts.push(words[j]);
	}

	return hosts;
}

/* uci boolean spellings → '1'/'0' for a Flag or ListValue; other text is kept as it is. */
function normalizeBool(value) {
	if (value == null)
		return value;

	var word = String(value).toLowerCase();

	if (TRUE_WORDS.indexOf(word) > -1)
		return '1';

	if (FALSE_WORDS.indexOf(word) > -1)
		return '0';

	return word;
}

var reconnectMaxRange = integerIn(1, 86400, _('seconds'));

var validators = {
	/* wdmif/device: required absolute path, at most 255 characters. */
	port: function(section_id, value) {
		if (value == null || value === '')
			return _('Select the modem control port, e.g. /dev/cdc-wdm0');

		if (value.charAt(0) != '/' || value.length > 255 || !plainText(value))
			return _('Expecting an absolute device path like /dev/cdc-wdm0');

		return true;
	},

	/* APN: dot-separated labels of letters, digits, '-' and '_', at most 100 characters. */
	apn: function(section_id, value) {
		if (value == null || value === '')
			return true;

		if (value.length > 100 || !APN_RE.test(value))
			return _('Invalid APN: use letters, digits, "-" and "_" in dot-separated labels, at most 100 characters');

		return true;
	},

	text: function(section_id, value) {
		if (value == null || value === '' || plainText(value))
			return true;

		return _('Must not contain line breaks');
	},

	/* SIM PIN: 4 to 8 digits. */
	pin: function(section_id, value) {
		if (value == null || value === '')
			return true;

		if (!/^[0-9]{4,8}$/.test(value))
			return _('The PIN is 4 to 8 digits');

		return true;
	},

	/* modes: a comma list of known modes or 'all'; empty items are skipped. */
	modes: function(section_id, value) {
		if (value == null || value === '')
			return true;

		var words = String(value).split(',');

		for (var i = 0; i < words.length; i++) {
			var word = words[i].trim().toLowerCase();

			if (word !== '' && word != 'all' && MODES.indexOf(word) < 0)
				return _('Unknown mode "%s": expecting all or a comma list of %s').format(word, MODES.join(', '));
		}

		return true;
	},

	/* plmn: 0/auto for automatic selection, or MCC (3 digits) + MNC (2-3 digits). */
	plmn: function(section_id, value) {
		if (value == null || value === '' || value == '0' || String(value).toLowerCase() == 'auto')
			return true;

		if (!/^[0-9]{5,6}$/.test(value))
			return _('Expecting 0 (automatic) or MCC and MNC as 5 or 6 digits, e.g. 26201');

		return true;
	},

	/* atdevice: optional absolute path, at most 255 characters. */
	atport: function(section_id, value) {
		if (value == null || value === '')
			return true;

		if (value.charAt(0) != '/' || value.length > 255 || !plainText(value))
			return _('Expecting an absolute device path like /dev/ttyUSB2');

		return true;
	},

	/*
	 * probe_host: LuCI validates each entry of the list as it is added; the entries already
	 * in the list (the option's form value) count towards the limit of 8 hosts.
	 */
	probe_host: function(section_id, value) {
		var hosts = probeHosts(value),
		    listed = [];

		for (var i = 0; i < hosts.length; i++)
			if (!isProbeHost(hosts[i]))
				return _('Invalid host "%s": expecting an IPv4 address, an IPv6 address or a host name').format(hosts[i]);

		if (this && typeof(this.formvalue) == 'function') {
			var current = this.formvalue(section_id);

			listed = probeHosts((Array.isArray(current) ? current : [ current ]).filter(function(item) {
				return item != null && item !== value;
			}));
		}

		if (listed.length + hosts.length > MAX_PROBE_HOSTS)
			return _('At most %d watchdog hosts').format(MAX_PROBE_HOSTS);

		return true;
	},

	/* reconnect_max: 1-86400 s and not below reconnect_min (default 1) of the same form. */
	reconnect_max: function(section_id, value) {
		var valid = reconnectMaxRange(section_id, value);

		if (valid !== true || value == null || value === '')
			return valid;

		var min = (this && this.section && typeof(this.section.formvalue) == 'function')
			? this.section.formvalue(section_id, 'reconnect_min') : null;

		if (min == null || min === '')
			min = '1';

		/* An invalid reconnect_min is reported by its own field. */
		if (validators.reconnect_min(section_id, min) !== true)
			return true;

		if (+String(value).trim() < +String(min).trim())
			return _('Expecting at least the shortest reconnect delay (%d seconds)').format(+String(min).trim());

		return true;
	},

	profile: integerIn(1, 255),
	timeout: integerIn(0, 86400, _('seconds')),
	delay: integerIn(0, 3600, _('seconds')),
	mtu: integerIn(68, 65535, _('bytes')),
	metric: integerIn(0, 2147483647),
	probe_interval: integerIn(5, 86400, _('seconds')),
	probe_failures: integerIn(1, 100),
	reconnect_min: integerIn(0, 3600, _('seconds')),
	registration_grace: integerIn(0, 3600, _('seconds')),
	wwanif: nameMatching(IDENT_RE, _('Expecting an interface name of letters, digits and underscores')),
	table: nameMatching(TABLE_RE, _('Expecting a name of letters, digits, "-" and "_"'))
};

function flag(s, tab, name, title, description, def) {
	var o = s.taboption(tab, form.Flag, name, title, description);

	o.default = def ? o.enabled : o.disabled;
	o.cfgvalue = function(section_id) {
		return normalizeBool(uci.get('network', section_id, this.ucioption || this.option));
	};

	return o;
}

/* A 0/1/auto choice stored as text (mbim.sh's dhcp/dhcpv6, qmi.sh's autoconnect). */
function triState(s, tab, name, title, description, choices, def) {
	var o = s.taboption(tab, form.ListValue, name, title, description);

	for (var i = 0; i < choices.length; i++)
		o.value(choices[i][0], choices[i][1]);

	o.default = def;
	o.cfgvalue = function(section_id) {
		return normalizeBool(uci.get('network', section_id, this.ucioption || this.option));
	};

	return o;
}

function dependsOnEach(o, option, values) {
	for (var i = 0; i < values.length; i++)
		o.depends(option, values[i]);
}

return baseclass.extend({
	ERROR_CODES: ERROR_CODES,
	MODES: MODES,
	validators: validators,
	listPorts: callFileList,

	/* The readable meaning of a netifd error code, or null for an unknown code. */
	errorText: function(code) {
		for (var i = 0; i < ERROR_CODES.length; i++)
			if (ERROR_CODES[i][0] == code)
				return ERROR_CODES[i][1];

		return null;
	},

	stateText: function(state) { return STATES[state] || state; },
	simStateText: function(state) { return SIM_STATES[state] || state; },
	registrationText: function(state) { return REGISTRATION_STATES[state] || state; },
	ratText: function(rat) { return RATS[rat] || (rat ? String(rat).toUpperCase() : null); },

	registerErrorCodes: function(network) {
		for (var i = 0; i < ERROR_CODES.length; i++)
			network.registerErrorCode(ERROR_CODES[i][0], ERROR_CODES[i][1]);
	},

	/*
	 * Adds the interface options to the section of LuCI's interface dialog. `flavor` is
	 * 'qmi4g' (qmi.sh's defaults) or 'mbim' (mbim.sh's defaults), as in src/daemon/config.ts;
	 * `sid` is the interface name.
	 */
	renderOptions: function(s, flavor, sid) {
		var mbim = (flavor == 'mbim'), o;
		var authValues = mbim ? [ 'pap', 'chap', 'both', 'mschapv2' ] : [ 'pap', 'chap', 'both' ];

		/* The port is stored as wdmif; a config written for qmi.sh/mbim.sh names it device. */
		o = s.taboption('general', form.Value, '_modem_device', _('Modem device'),
			_('Control port of the modem (cdc-wdm)'));
		o.ucioption = 'wdmif';
		o.rmempty = false;
		o.validate = validators.port;
		o.load = function(section_id) {
			return callFileList('/dev/').then(L.bind(function(ports) {
				for (var i = 0; i < ports.length; i++)
					this.value(ports[i]);

				return this.cfgvalue(section_id);
			}, this));
		};
		o.cfgvalue = function(section_id) {
			return uci.get('network', section_id, 'wdmif') || uci.get('network', section_id, 'device');
		};
		o.write = function(section_id, value) {
			uci.set('network', section_id, 'wdmif', value);
			uci.unset('network', section_id, 'device');
		};

		o = s.taboption('general', form.Value, 'apn', _('APN'),
			_('Leave empty to use the APN of the modem profile'));
		o.validate = validators.apn;

		o = s.taboption('general', form.Value, 'pincode', _('PIN'),
			_('Sent only while the SIM card has at least 3 attempts left'));
		o.password = true;
		o.validate = validators.pin;

		o = s.taboption('general', form.ListValue, 'auth', _('Authentication Type'));
		o.value('', _('Modem default'));
		o.value('none', _('None'));
		o.value('pap', 'PAP');
		o.value('chap', 'CHAP');
		o.value('both', 'PAP/CHAP');
		if (mbim)
			o.value('mschapv2', 'MSCHAPv2');

		o = s.taboption('general', form.Value, 'username', _('PAP/CHAP username'));
		dependsOnEach(o, 'auth', authValues);
		o.validate = validators.text;

		o = s.taboption('general', form.Value, 'password', _('PAP/CHAP password'));
		dependsOnEach(o, 'auth', authValues);
		o.password = true;
		o.validate = validators.text;

		o = s.taboption('general', form.ListValue, 'pdptype', _('PDP Type'));
		o.value('ipv4', _('IPv4'));
		o.value('ipv6', _('IPv6'));
		o.value('ipv4v6', _('IPv4/IPv6'));
		o.default = mbim ? 'ipv4v6' : 'ipv4';
		/* qmi.sh spells IPv4 "ip" and lower-cases the value. */
		o.cfgvalue = function(section_id) {
			var v = uci.get('network', section_id, 'pdptype');
			v = (v != null) ? String(v).toLowerCase() : v;
			return (v == 'ip') ? 'ipv4' : v;
		};

		o = s.taboption('general', form.Value, 'wwanif', _('Network interface for the data'),
			_('Existing interface (e.g. DHCP on wwan0) to bring up when connected; empty: qmi4g adds %s_4 and %s_6 itself').format(sid || 'IFACE', sid || 'IFACE'));
		o.validate = validators.wwanif;

		o = s.taboption('advanced', form.Value, 'v6apn', _('IPv6 APN'), _('Defaults to the APN'));
		dependsOnEach(o, 'pdptype', [ 'ipv6', 'ipv4v6' ]);
		o.validate = validators.apn;

		/* profile, v6profile, modes and autoconnect are QMI-only: mbim.sh does not declare them. */
		if (!mbim) {
			o = s.taboption('advanced', form.Value, 'profile', _('Modem profile'), _('Profile index 1-255 on the modem'));
			o.validate = validators.profile;

			o = s.taboption('advanced', form.Value, 'v6profile', _('IPv6 modem profile'), _('Defaults to the modem profile'));
			dependsOnEach(o, 'pdptype', [ 'ipv6', 'ipv4v6' ]);
			o.validate = validators.profile;

			o = s.taboption('advanced', form.Value, 'modes', _('Allowed network modes'),
				_('Comma-separated list of %s, or all; empty leaves the modem setting').format(MODES.join(', ')));
			o.value('all', _('All'));
			o.value('lte', _('LTE only'));
			o.value('5gnr,lte', _('5G NR and LTE'));
			o.value('lte,umts', _('LTE and UMTS'));
			o.value('umts,gsm', _('UMTS and GSM'));
			o.validate = validators.modes;
		}

		o = s.taboption('advanced', form.Value, 'plmn', _('PLMN'),
			_('0 for automatic network selection, or MCC and MNC (e.g. 26201); empty leaves the modem setting'));
		o.validate = validators.plmn;

		flag(s, 'advanced', 'allow_roaming', _('Allow roaming'), _('Connect while roaming'), !mbim);
		flag(s, 'advanced', 'allow_partner', _('Allow partner networks'), _('Connect on a partner network'), false);

		o = s.taboption('advanced', form.Value, 'timeout', _('SIM and registration timeout'),
			_('Seconds to wait for the SIM card and network registration; 0 waits without limit'));
		o.placeholder = '10';
		o.validate = validators.timeout;

		o = s.taboption('advanced', form.Value, 'delay', _('Start delay'), _('Seconds to wait before starting'));
		o.placeholder = '0';
		o.validate = validators.delay;

		o = s.taboption('advanced', form.Value, 'mtu', _('Override MTU'));
		o.placeholder = '1500';
		o.validate = validators.mtu;

		triState(s, 'advanced', 'dhcp', _('IPv4 configuration'), null, [
			[ '1', _('DHCP') ],
			[ '0', _('Static, as reported by the modem') ],
			[ 'auto', _('Automatic (static when the modem reports an address)') ]
		], mbim ? 'auto' : '1');

		flag(s, 'advanced', 'ipv6', _('Enable IPv6'), _('If unchecked, the PDP type is IPv4'), true);

		o = triState(s, 'advanced', 'dhcpv6', _('IPv6 configuration'), null, [
			[ '1', _('DHCPv6') ],
			[ '0', _('Static, as reported by the modem') ],
			[ 'auto', _('Automatic (static when the modem reports an address)') ]
		], mbim ? 'auto' : '0');
		dependsOnEach(o, 'pdptype', [ 'ipv6', 'ipv4v6' ]);

		if (!mbim)
			triState(s, 'advanced', 'autoconnect', _('Modem autoconnect'),
				_('Let the modem reconnect by itself'), [
				[ '', _('Default (on for IPv4 only)') ],
				[ '1', _('Enabled') ],
				[ '0', _('Disabled') ]
			], '');

		flag(s, 'advanced', 'defaultroute', _('Use default gateway'), _('If unchecked, no default route is configured'), true);

		o = s.taboption('advanced', form.Value, 'metric', _('Use gateway metric'));
		o.placeholder = '0';
		o.validate = validators.metric;

		flag(s, 'advanced', 'peerdns', _('Use DNS servers advertised by peer'), _('If unchecked, the advertised DNS server addresses are ignored'), true);

		o = s.taboption('advanced', form.Value, 'zone', _('Firewall zone of the data interfaces'),
			_('Empty: the zone of this interface'));
		o.validate = validators.table;

		o = s.taboption('advanced', form.Value, 'ip4table', _('Override IPv4 routing table'));
		o.validate = validators.table;

		o = s.taboption('advanced', form.Value, 'ip6table', _('Override IPv6 routing table'));
		o.validate = validators.table;

		flag(s, 'advanced', 'sourcefilter', _('IPv6 source routing'), null, true);
		flag(s, 'advanced', 'delegate', _('Delegate IPv6 prefixes'), null, true);

		/* The dialog may render the options into the same section again: declare the tab once. */
		try {
			s.tab('recovery', _('Recovery'),
				_('How qmi4g notices a connection that stopped working and how it reconnects'));
		}
		catch (e) {}

		o = s.taboption('recovery', form.DynamicList, 'probe_host', _('Watchdog hosts'),
			_('Up to %d IPv4/IPv6 addresses or host names, pinged through the modem; when none answers in several rounds in a row, the connection is restarted. Empty: no watchdog').format(MAX_PROBE_HOSTS));
		o.placeholder = '8.8.8.8';
		o.validate = validators.probe_host;

		o = s.taboption('recovery', form.Value, 'probe_interval', _('Watchdog interval'),
			_('Seconds between watchdog rounds'));
		o.placeholder = '60';
		o.validate = validators.probe_interval;

		o = s.taboption('recovery', form.Value, 'probe_failures', _('Watchdog failures'),
			_('Failed watchdog rounds in a row before the connection is restarted'));
		o.placeholder = '3';
		o.validate = validators.probe_failures;

		o = s.taboption('recovery', form.Value, 'reconnect_min', _('Shortest reconnect delay'),
			_('Seconds to wait before reconnecting after a failure; the wait doubles with each further failure'));
		o.placeholder = '1';
		o.validate = validators.reconnect_min;

		o = s.taboption('recovery', form.Value, 'reconnect_max', _('Longest reconnect delay'),
			_('Seconds the reconnect wait grows to at most; not less than the shortest delay'));
		o.placeholder = '300';
		o.validate = validators.reconnect_max;

		o = s.taboption('recovery', form.Value, 'registration_grace', _('Registration grace time'),
			_('Seconds a lost network registration is tolerated while connected before reconnecting'));
		o.placeholder = '5';
		o.validate = validators.registration_grace;

		o = s.taboption('recovery', form.Value, 'atdevice', _('AT command port'),
			_('Serial AT port of the modem, used to reset it when it stops answering; empty: no AT reset'));
		o.validate = validators.atport;
		o.load = function(section_id) {
			return callAtPortList('/dev/').catch(function() { return []; }).then(L.bind(function(ports) {
				for (var i = 0; i < ports.length; i++)
					this.value(ports[i]);

				return form.Value.prototype.load.call(this, section_id);
			}, this));
		};
	}
});
