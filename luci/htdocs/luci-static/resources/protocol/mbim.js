'use strict';
'require network';
'require qmi4g.common as common';
'require qmi4g.form as qform';

/*
 * LuCI protocol "mbim": MBIM modems driven by the qmi4g daemon. The options and their
 * validation are those of the daemon (src/daemon/config.ts, docs/config.md) with mbim.sh's
 * defaults; they come from qmi4g/options.js (generated from the daemon's option table) through
 * qmi4g/form.js, shared with protocol/qmi4g.js.
 */

network.registerPatternVirtual(/^mbim-.+$/);
common.registerErrorCodes(network);

return network.registerProtocol('mbim', {
	getI18n: function() {
		return _('MBIM Cellular (qmi4g)');
	},

	getIfname: function() {
		return this._ubus('l3_device') || 'mbim-%s'.format(this.sid);
	},

	getOpkgPackage: function() {
		return 'qmi4g';
	},

	getPackageName: function() {
		return 'qmi4g';
	},

	isFloating: function() {
		return true;
	},

	isVirtual: function() {
		return true;
	},

	getDevices: function() {
		return null;
	},

	containsDevice: function(ifname) {
		return (network.getIfnameOf(ifname) == this.getIfname());
	},

	renderFormOptions: function(s) {
		qform.renderOptions(s, 'mbim', this.sid);
	}
});
