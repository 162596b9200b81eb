'use strict';
'require baseclass';
'require form';
'require rpc';
'require uci';
'require tools.widgets as widgets';
'require qmi4g.options as options';
'require qmi4g.validate as validate';

/*
 * The fields of the qmi4g and mbim protocol forms, built from qmi4g/options.js (generated from the
 * daemon's option table, src/daemon/options.ts): one field per option of the protocol, with the
 * daemon's rule as validator, its default, help and dependencies.
 *
 * As LuCI's interface dialog uses protocol forms (luci-mod-network view/network/interfaces.js):
 * it first adds its own fields (Device, firewall zone on the Firewall Settings tab, ...), then
 * calls renderFormOptions(s), then replaces defaultroute, metric, ip4table, ip6table, delegate (and
 * sourcefilter for mbim, peerdns for some protocols) by its own fields with nettools.replaceOption().
 * Those fields are not created here (replacedBy in options.js); the daemon's rule and the
 * "not with wwanif" dependency are attached to LuCI's fields as they are created (hookReplaced).
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

/* Modem control ports: USB cdc-wdm, and the WWAN ports of PCIe/MHI modems (wwan0qmi0, wwan0mbim0). */
var PORT_LISTS = {
	qmi4g: fileListCall(/^(cdc-wdm[0-9]+|wwan[0-9]+qmi[0-9]+)$/),
	mbim: fileListCall(/^(cdc-wdm[0-9]+|wwan[0-9]+mbim[0-9]+)$/)
};

/* AT ports: USB serial, or the WWAN AT port of PCIe modems. */
var callAtPortList = fileListCall(/^(ttyUSB[0-9]+|ttyACM[0-9]+|wwan[0-9]+at[0-9]+)$/);

function metaOf(name) {
	for (var i = 0; i < options.options.length; i++)
		if (options.options[i].name == name)
			return options.options[i];

	return null;
}

/* The values a ListValue option offers to `flavor`. */
function choicesFor(meta, flavor) {
	return (meta.choices || []).filter(function(c) { return c[2].indexOf(flavor) > -1; });
}

/*
 * The dependencies of a field for `flavor`: the option's own (a dependency on a choice field only
 * with the values that flavour offers), each with wwanif empty when the option does nothing
 * while wwanif carries the data.
 */
function dependsFor(meta, flavor) {
	var deps = (meta.depends || []).filter(function(d) {
		for (var field in d) {
			var other = metaOf(field);

			if (other && other.choices && !choicesFor(other, flavor).some(function(c) { return c[0] == d[field]; }))
				return false;
		}

		return true;
	});

	/* Copies: LuCI's dialog adds `proto` to each dependency object of a field. */
	if (!meta.ignoredWithWwanif)
		return deps.map(function(d) { return Object.assign({}, d); });

	if (!deps.length)
		return [ { wwanif: '' } ];

	return deps.map(function(d) { return Object.assign({ wwanif: '' }, d); });
}

/* Stored values in other spellings (uci booleans, qmi.sh's pdptype "ip", upper case) as the form's choices. */
function storedValue(meta, section_id, option) {
	var v = uci.get('network', section_id, option);

	if (v == null)
		return v;

	if (meta.value.kind == 'choice') {
		v = String(v).toLowerCase();
		return (meta.value.aliases && meta.value.aliases[v]) || v;
	}

	return validate.normalizeBool(v);
}

/* Chains `check` after the field's own validate (LuCI's datatype check runs before both). */
function addCheck(o, check) {
	var own = o.validate;

	o.validate = function(section_id, value) {
		var r = own.call(this, section_id, value);
		return (r !== true) ? r : check.call(this, section_id, value);
	};
}

/* reconnect_max may not be below reconnect_min (default 1) of the same form, as config.ts checks. */
function reconnectMaxCheck(section_id, value) {
	if (value == null || value === '')
		return true;

	var minMeta = metaOf('reconnect_min'),
	    min = (this && this.section && typeof(this.section.formvalue) == 'function') ? this.section.formvalue(section_id, 'reconnect_min') : null;

	if (min == null || min === '')
		min = minMeta['default'].qmi4g;

	/* An invalid reconnect_min is reported by its own field. */
	if (validate.validatorFor(minMeta)(section_id, min) !== true)
		return true;

	if (+String(value).trim() < +String(min).trim())
		return _('Expecting at least the shortest reconnect delay (%d seconds)').format(+String(min).trim());

	return true;
}

/* The port picker: stored as wdmif; a config written for qmi.sh/mbim.sh names it device. */
function portField(s, meta, flavor) {
	var o = s.taboption(meta.tab, form.Value, '_modem_device', meta.title, meta.help),
	    check = validate.validatorFor(meta);

	o.ucioption = 'wdmif';
	o.rmempty = false;
	o.validate = function(section_id, value) {
		if (value == null || value === '')
			return _('Select the modem control port, e.g. /dev/cdc-wdm0');

		return check(section_id, value);
	};
	o.load = function(section_id) {
		return PORT_LISTS[flavor]('/dev/').catch(function() { return []; }).then(L.bind(function(ports) {
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

	return o;
}

/* One field for option `meta` of `flavor` in the interface `sid`. */
function field(s, meta, flavor, sid) {
	var def = meta['default'][flavor], o, i;

	switch (meta.widget) {
	case 'PortSelect':
		return portField(s, meta, flavor);

	case 'Flag':
		o = s.taboption(meta.tab, form.Flag, meta.name, meta.title, meta.help);
		o.default = (def == '1') ? o.enabled : o.disabled;
		break;

	case 'ListValue':
		o = s.taboption(meta.tab, form.ListValue, meta.name, meta.title, meta.help);
		choicesFor(meta, flavor).forEach(function(c) { o.value(c[0], c[1]); });
		o.default = (def != null) ? def : '';
		break;

	case 'DynamicList':
		o = s.taboption(meta.tab, form.DynamicList, meta.name, meta.title, meta.help);
		break;

	case 'NetworkSelect':
		/* An existing interface only (no "create"), not this one, empty allowed. */
		o = s.taboption(meta.tab, widgets.NetworkSelect, meta.name, meta.title, meta.help);
		o.nocreate = true;
		o.optional = true;
		o.exclude = sid;
		/* ui.Dropdown gives undefined with nothing chosen, which no dependency value matches
		 * (form.js isEqual): say '' so that depends({ wwanif: '' }) holds for "no wwanif". */
		o.formvalue = function(section_id) {
			var v = widgets.NetworkSelect.prototype.formvalue.call(this, section_id);
			return (v == null) ? '' : v;
		};
		break;

	default:
		o = s.taboption(meta.tab, form.Value, meta.name, meta.title, meta.help);
		(meta.suggestions || []).forEach(function(c) { o.value(c[0], c[1]); });
		if (def != null && meta.value.kind == 'int')
			o.placeholder = def;
	}

	if (meta.widget == 'Flag' || meta.widget == 'ListValue')
		o.cfgvalue = function(section_id) { return storedValue(meta, section_id, this.ucioption || this.option); };

	if (meta.password)
		o.password = true;

	var check = validate.validatorFor(meta);

	if (check)
		o.validate = check;
	if (meta.name == 'reconnect_max')
		addCheck(o, reconnectMaxCheck);

	if (meta.name == 'atdevice')
		o.load = function(section_id) {
			return callAtPortList('/dev/').catch(function() { return []; }).then(L.bind(function(ports) {
				for (var j = 0; j < ports.length; j++)
					this.value(ports[j]);

				return form.Value.prototype.load.call(this, section_id);
			}, this));
		};

	var deps = dependsFor(meta, flavor);

	for (i = 0; i < deps.length; i++)
		o.depends(deps[i]);

	return o;
}

/*
 * Attaches the daemon's rule and dependencies to the fields LuCI's dialog creates for `flavor`
 * after renderFormOptions (nettools.replaceOption → s.taboption): the section's taboption is
 * wrapped once; the options of the latest render are used.
 */
function hookReplaced(s, flavor) {
	s.__qmi4gReplaced = {};
	options.options.forEach(function(meta) {
		if (meta.replacedBy && meta.replacedBy.indexOf(flavor) > -1 && meta.protocols.indexOf(flavor) > -1)
			s.__qmi4gReplaced[meta.name] = { meta: meta, flavor: flavor };
	});

	if (s.__qmi4gHooked)
		return;

	var taboption = s.taboption;

	s.__qmi4gHooked = true;
	s.taboption = function(tab, cls, name) {
		var o = taboption.apply(this, arguments),
		    r = this.__qmi4gReplaced ? this.__qmi4gReplaced[name] : null;

		if (r && !o.__qmi4g) {
			var check = validate.validatorFor(r.meta), deps = dependsFor(r.meta, r.flavor);

			o.__qmi4g = true;
			if (check)
				addCheck(o, check);
			for (var i = 0; i < deps.length; i++)
				o.depends(deps[i]);
		}

		return o;
	};
}

return baseclass.extend({
	/* The option metadata (qmi4g/options.js) of `name`, or null. */
	meta: metaOf,

	/*
	 * Adds the interface options of `flavor` ('qmi4g': qmi.sh's defaults, 'mbim': mbim.sh's) to the
	 * section of LuCI's interface dialog; `sid` is the interface name.
	 */
	renderOptions: function(s, flavor, sid) {
		/* The dialog may render the options into the same section again: declare the tab once. */
		try {
			s.tab('recovery', _('Recovery'),
				_('How qmi4g notices a connection that stopped working and how it reconnects'));
		}
		catch (e) {}

		hookReplaced(s, flavor);

		/* One firewall zone field: LuCI's (Firewall Settings tab) puts this interface in a zone, and
		 * the daemon puts the data interfaces into the zone of this interface (option zone unset). */
		var zone = (typeof(s.getOption) == 'function') ? s.getOption('_zone') : null;

		if (zone && !zone.__qmi4g) {
			zone.__qmi4g = true;
			zone.description = (zone.description ? zone.description + ' ' : '') +
				_('The data interfaces qmi4g adds (%s_4, %s_6) join this zone too.').format(sid, sid);
		}

		options.options.forEach(function(meta) {
			if (meta.protocols.indexOf(flavor) < 0 || (meta.replacedBy && meta.replacedBy.indexOf(flavor) > -1))
				return;

			field(s, meta, flavor, sid);
		});
	}
});
