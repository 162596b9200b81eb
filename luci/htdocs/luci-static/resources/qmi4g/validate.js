'use strict';
'require baseclass';

/*
 * The daemon's value rules (src/daemon/config.ts, config-values.ts, session/probe-host.ts) as LuCI
 * validators, built from the rule of an option in qmi4g/options.js (generated from the daemon's
 * option table): validatorFor(meta) returns function(section_id, value) → true or a message.
 */

var TRUE_WORDS = [ '1', 'yes', 'on', 'true', 'enabled' ];
var FALSE_WORDS = [ '0', 'no', 'off', 'false', 'disabled' ];


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

/* Most watchdog targets per interface (the probe_host row of the option table). */
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

/* A validator for a text matching `re` (an anchored pattern) of at most `max` characters. */
function patternOf(re, max, message) {
	var rx = new RegExp(re);

	return function(section_id, value) {
		if (value == null || value === '')
			return true;

		if (String(value).length > max || !rx.test(value))
			return message;

		return true;
	};
}

/* An absolute device path of at most 255 characters (config.ts readDevicePath). */
function pathOf(message) {
	return function(section_id, value) {
		if (value == null || value === '')
			return true;

		if (value.charAt(0) != '/' || value.length > 255 || !plainText(value))
			return message;

		return true;
	};
}

function textOf(section_id, value) {
	if (value == null || value === '' || plainText(value))
		return true;

	return _('Must not contain line breaks');
}

/* modes: a comma list of known modes or 'all'; empty items are skipped. */
function modesOf(modes) {
	return function(section_id, value) {
		if (value == null || value === '')
			return true;

		var words = String(value).split(',');

		for (var i = 0; i < words.length; i++) {
			var word = words[i].trim().toLowerCase();

			if (word !== '' && word != 'all' && modes.indexOf(word) < 0)
				return _('Unknown mode "%s": expecting all or a comma list of %s').format(word, modes.join(', '));
		}

		return true;
	};
}

/* plmn: 0/auto for automatic selection, or MCC (3 digits) + MNC (2-3 digits). */
function plmnOf(section_id, value) {
	if (value == null || value === '' || value == '0' || String(value).toLowerCase() == 'auto')
		return true;

	if (!/^[0-9]{5,6}$/.test(value))
		return _('Expecting 0 (automatic) or MCC and MNC as 5 or 6 digits, e.g. 26201');

	return true;
}

/*
 * probe_host: LuCI validates each entry of the list as it is added; the entries already in the
 * list (the option's form value) count towards the limit.
 */
function hostsOf(maxHosts) {
	return function(section_id, value) {
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

		if (listed.length + hosts.length > maxHosts)
			return _('At most %d watchdog hosts').format(maxHosts);

		return true;
	};
}

/*
 * A list whose every entry matches `re` (apn_by_iccid): LuCI validates each entry as it is added;
 * the entries already in the list count towards `maxItems`, as the daemon counts them.
 */
function patternListOf(re, max, maxItems, message) {
	var one = patternOf(re, max, message);

	return function(section_id, value) {
		if (value == null || value === '')
			return true;

		var ok = one(section_id, value);

		if (ok !== true)
			return ok;

		if (this && typeof(this.formvalue) == 'function') {
			var current = this.formvalue(section_id),
			    listed = (Array.isArray(current) ? current : [ current ]).filter(function(item) {
				return item != null && item !== '' && item !== value;
			});

			if (listed.length + 1 > maxItems)
				return _('At most %d entries').format(maxItems);
		}

		return true;
	};
}

/*
 * lte_band / nr5g_band: each entry may hold several band numbers separated by blanks or commas
 * (n78 is 78 for NR); each must be one of `values`, as the daemon's config.ts readBands checks.
 */
function bandsOf(radio, values) {
	return function(section_id, value) {
		var items = Array.isArray(value) ? value : ((value != null) ? [ value ] : []);

		for (var i = 0; i < items.length; i++) {
			var words = String(items[i]).split(/[\s,]+/);

			for (var j = 0; j < words.length; j++) {
				var w = words[j],
				    digits = (radio == 'nr5g') ? w.replace(/^n/i, '') : w;

				if (w === '')
					continue;

				if (!/^[0-9]{1,3}$/.test(digits) || values.indexOf(+digits) < 0)
					return (radio == 'lte')
						? _('Unknown LTE band "%s": expecting E-UTRA band numbers such as 1, 3, 7, 20').format(w)
						: _('Unknown 5G NR band "%s": expecting NR band numbers such as 1, 78, 258').format(w);
			}
		}

		return true;
	};
}

var UNITS = { s: _('seconds'), bytes: _('bytes') };

return baseclass.extend({
	normalizeBool: normalizeBool,
	integerIn: integerIn,

	/* The validator for an option's rule (`meta.value` of qmi4g/options.js), or null when the widget constrains the value. */
	validatorFor: function(meta) {
		var v = meta.value;

		switch (v.kind) {
		case 'text': return textOf;
		case 'int': return integerIn(v.min, v.max, v.unit ? UNITS[v.unit] : null);
		case 'pattern': return patternOf(v.re, v.max, v.message);
		case 'path': return pathOf(v.message);
		case 'modes': return modesOf(v.values);
		case 'plmn': return plmnOf;
		case 'hosts': return hostsOf(v.maxHosts);
		case 'pattern-list': return patternListOf(v.re, v.max, v.maxItems, v.message);
		case 'bands': return bandsOf(v.radio, v.values);
		default: return null;
		}
	}
});
