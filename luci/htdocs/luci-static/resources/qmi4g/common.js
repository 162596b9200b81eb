'use strict';
'require baseclass';

/*
 * Shared by protocol/qmi4g.js, protocol/mbim.js (through qmi4g/form.js), view/status/qmi4g.js and
 * view/status/qmi4g-sms.js: the words for the daemon's states and netifd error codes (README
 * "Troubleshooting"), and a failed rpc call in a sentence.
 */

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

return baseclass.extend({
	ERROR_CODES: ERROR_CODES,

	/* The readable meaning of a netifd error code, or null for an unknown code. */
	errorText: function(code) {
		for (var i = 0; i < ERROR_CODES.length; i++)
			if (ERROR_CODES[i][0] == code)
				return ERROR_CODES[i][1];

		return null;
	},

	/*
	 * A rejected rpc call in a sentence, from its code alone. LuCI's rpc.js rejects with an
	 * RPCError whose message is "RPC call to OBJECT/METHOD failed with error CODE: TEXT" followed by
	 * the captured stack (luci.js L.raise), so the message is never shown as it is. uhttpd's ubus
	 * JSON-RPC codes: -32000 object not found (no qmi4g on ubus: the daemon is not running), -32002
	 * access denied (`denied` says which ACL), -32003 timed out; ubus status codes (rpc.js "ubus
	 * code N") 4, 6, 7 likewise. Any other code (or none: null) goes through `other(code)`.
	 */
	callProblem: function(err, denied, other) {
		var first = String((err && err.message) || err || '').split(/\n/)[0],
		    m = /failed with (?:error|ubus code) (-?[0-9]+)/.exec(first),
		    code = m ? +m[1] : null;

		if (code == -32000 || code == 4)
			return _('qmi4gd is not running: /etc/init.d/qmi4g start');
		if (code == -32002 || code == 6)
			return denied;
		if (code == -32003 || code == 7)
			return _('qmi4gd does not answer (ubus request timed out)');

		return other(code);
	},

	stateText: function(state) { return STATES[state] || state; },
	simStateText: function(state) { return SIM_STATES[state] || state; },
	registrationText: function(state) { return REGISTRATION_STATES[state] || state; },
	ratText: function(rat) { return RATS[rat] || (rat ? String(rat).toUpperCase() : null); },

	registerErrorCodes: function(network) {
		for (var i = 0; i < ERROR_CODES.length; i++)
			network.registerErrorCode(ERROR_CODES[i][0], ERROR_CODES[i][1]);
	}
});
