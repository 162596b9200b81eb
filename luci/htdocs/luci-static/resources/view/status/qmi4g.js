'use strict';
'require view';
'require poll';
'require rpc';
'require ui';
'require dom';
'require qmi4g.common as common';

/*
 * Status > Cellular: one section per qmi4g interface from `ubus call qmi4g status`
 * (reply shape: src/daemon/status.ts statusReply), refreshed by a poll every 5 s.
 */

var POLL_SECONDS = 5;

var callStatus = rpc.declare({
	object: 'qmi4g',
	method: 'status',
	expect: { interfaces: [] }
});

var callReconnect = rpc.declare({
	object: 'qmi4g',
	method: 'reconnect',
	params: [ 'interface' ]
});

/* Seconds → "2h 05m", "3m 12s", "42s". */
function duration(s) {
	s = Math.max(0, Math.floor(+s || 0));

	var d = Math.floor(s / 86400), h = Math.floor(s / 3600) % 24, m = Math.floor(s / 60) % 60;

	if (d > 0)
		return '%dd %dh'.format(d, h);
	if (h > 0)
		return '%dh %sm'.format(h, (m < 10 ? '0' : '') + m);
	if (m > 0)
		return '%dm %ss'.format(m, (s % 60 < 10 ? '0' : '') + (s % 60));

	return '%ds'.format(s);
}

/* Epoch seconds → local date and time, YYYY-MM-DD hh:mm:ss. */
function timestamp(epoch) {
	var t = new Date(epoch * 1000), pad = function(n) { return (n < 10 ? '0' : '') + n; };

	return '%s-%s-%s %s:%s:%s'.format(t.getFullYear(), pad(t.getMonth() + 1), pad(t.getDate()),
		pad(t.getHours()), pad(t.getMinutes()), pad(t.getSeconds()));
}

function bytes(n) {
	var units = [ 'B', 'KiB', 'MiB', 'GiB', 'TiB' ], i = 0;

	n = +n || 0;
	while (n >= 1024 && i < units.length - 1) {
		n /= 1024;
		i++;
	}

	return (i ? n.toFixed(1) : String(n)) + ' ' + units[i];
}

function isSet(v) {
	return v != null && v !== '';
}

/* Four bars of rising height, `n` of them lit; the count is also in the text. */
function signalBars(n) {
	var bars = [];

	n = Math.max(0, Math.min(4, Math.floor(+n || 0)));
	for (var i = 1; i <= 4; i++)
		bars.push(E('span', {
			'class': 'qmi4g-bar' + (i <= n ? ' qmi4g-bar-on' : ''),
			'style': 'height:%dpx'.format(4 + i * 4)
		}));

	return E('span', { 'class': 'qmi4g-bars', 'title': _('%d of 4 bars').format(n) }, [
		E('span', { 'class': 'qmi4g-bars-graph' }, bars),
		' ',
		E('span', {}, '%d/4'.format(n))
	]);
}

/* A failed `qmi4g status` call in a sentence (qmi4g/common.js callProblem). */
function callProblem(err) {
	return common.callProblem(err, _('No permission to read the qmi4g status (rpcd ACL luci-proto-qmi4g)'), function(code) {
		return code != null ? _('ubus call qmi4g status failed with error %d').format(code) : _('ubus call qmi4g status failed');
	});
}

function stateClass(state) {
	if (state == 'connected')
		return 'success';
	if (state == 'failed')
		return 'danger';
	if (state == 'down' || state == 'disconnecting')
		return 'notice';

	return 'warning';
}

return view.extend({
	load: function() {
		return callStatus().then(function(interfaces) {
			return { interfaces: interfaces };
		}, function(err) {
			return { interfaces: [], error: err };
		});
	},

	handleReconnect: function(iface, ev) {
		return callReconnect(iface).then(function() {
			ui.addNotification(null, E('p', _('Reconnecting %s …').format(iface)), 'info');
		}, function(err) {
			ui.addNotification(null, E('p', _('Reconnect of %s failed: %s').format(iface, err.message || err)), 'error');
		});
	},

	renderRows: function(rows) {
		return E('table', { 'class': 'table' }, rows.filter(function(row) {
			return isSet(row[1]);
		}).map(function(row) {
			return E('tr', { 'class': 'tr' }, [
				E('td', { 'class': 'td left', 'width': '30%' }, E('strong', {}, row[0])),
				E('td', { 'class': 'td left' }, row[1])
			]);
		}));
	},

	renderIp: function(ip) {
		if (!ip || !isSet(ip.address))
			return null;

		var parts = [ E('span', {}, '%s/%s'.format(ip.address, isSet(ip.prefix) ? ip.prefix : '?')) ];

		if (isSet(ip.gateway))
			parts.push(E('br'), E('span', {}, _('Gateway: %s').format(ip.gateway)));
		if (ip.dns && ip.dns.length)
			parts.push(E('br'), E('span', {}, _('DNS: %s').format(ip.dns.join(', '))));
		if (isSet(ip.mtu))
			parts.push(E('br'), E('span', {}, _('MTU: %d').format(ip.mtu)));

		return E('span', {}, parts);
	},

	renderError: function(err) {
		var meaning = common.errorText(err.code);
		var lines = [ E('strong', {}, err.code), ': ', meaning || _('Unknown error') ];

		if (isSet(err.message))
			lines.push(E('br'), E('span', {}, _('Details: %s').format(err.message)));
		if (err.data && err.data.length)
			lines.push(E('br'), E('span', {}, _('Reported: %s').format(err.data.join(', '))));
		if (isSet(err.at))
			lines.push(E('br'), E('span', {}, _('At %s').format(timestamp(err.at))));
		if (err.permanent)
			lines.push(E('br'), E('em', {}, _('Not retried automatically: fix the cause, then restart the interface.')));

		return E('div', { 'class': 'qmi4g-error' }, lines);
	},

	renderModem: function(st) {
		var rows = [], sig = st.signal, op = st.operator, reg = st.registration, sim = st.sim, modem = st.modem;

		rows.push([ _('State'), E('span', {}, [
			E('span', { 'class': 'label ' + stateClass(st.state) + ' qmi4g-state' }, common.stateText(st.state)),
			' ',
			isSet(st.since) ? _('since %s (%s)').format(timestamp(st.since), duration(st.for_s)) : ''
		]) ]);
		rows.push([ _('Reason'), st.reason ]);

		if (st.last_error)
			rows.push([ _('Last error'), this.renderError(st.last_error) ]);

		if (op || reg) {
			var net = reg ? common.registrationText(reg.state) : '';

			if (op && (isSet(op.name) || isSet(op.mcc)))
				net += (net ? ' – ' : '') + [ op.name, isSet(op.mcc) ? '(%s %s)'.format(op.mcc, op.mnc || '') : null ].filter(isSet).join(' ');
			if (reg && reg.roaming)
				net += ', ' + _('roaming');

			rows.push([ _('Network'), net ]);
		}

		rows.push([ _('Radio technology'), common.ratText(st.rat) ]);

		if (sig) {
			var values = [];

			if (isSet(sig.rssi))
				values.push('RSSI %s dBm'.format(sig.rssi));
			if (isSet(sig.rsrp))
				values.push('RSRP %s dBm'.format(sig.rsrp));
			if (isSet(sig.rsrq))
				values.push('RSRQ %s dB'.format(sig.rsrq));
			if (isSet(sig.snr))
				values.push('SNR %s dB'.format(sig.snr));

			rows.push([ _('Signal'), E('span', {}, [ signalBars(sig.bars), E('span', { 'class': 'qmi4g-values' }, values.join(' · ')) ]) ]);
		}

		if (sim) {
			var simText = [ common.simStateText(sim.state) ];

			if (isSet(sim.pin_retries))
				simText.push(_('%d PIN attempts left').format(sim.pin_retries));
			if (isSet(sim.puk_retries))
				simText.push(_('%d PUK attempts left').format(sim.puk_retries));

			rows.push([ _('SIM card'), simText.join(', ') ]);
		}

		/* apn_choice: which rule chose the APN (apn_by_iccid[N], auto:MCCMNC); a plain `apn` needs no note. */
		var choice = st.apn_choice;

		if (choice && choice.source != 'apn' && (st.apn || choice.value))
			rows.push([ _('APN'), _('%s (chosen by %s)').format(st.apn || choice.value,
				choice.provider ? choice.source + ', ' + choice.provider : choice.source) ]);
		else
			rows.push([ _('APN'), st.apn ]);
		rows.push([ _('IPv4'), this.renderIp(st.ipv4) ]);
		rows.push([ _('IPv6'), this.renderIp(st.ipv6) ]);

		if (st.counters)
			rows.push([ _('Data'), _('Received %s (%s packets), sent %s (%s packets)').format(
				bytes(st.counters.rx_bytes), isSet(st.counters.rx_packets) ? st.counters.rx_packets : '-',
				bytes(st.counters.tx_bytes), isSet(st.counters.tx_packets) ? st.counters.tx_packets : '-') ]);

		if (isSet(st.connected_since))
			rows.push([ _('Connected since'), timestamp(st.connected_since) ]);
		if (st.reconnects)
			rows.push([ _('Reconnects'), String(st.reconnects) ]);

		if (modem) {
			var ident = [ modem.manufacturer, modem.model ].filter(isSet).join(' ');

			if (isSet(modem.revision))
				ident += ' (%s)'.format(modem.revision);
			if (isSet(modem.imei))
				ident += ', IMEI %s'.format(modem.imei);

			rows.push([ _('Modem'), ident ]);
			rows.push([ _('SIM ICCID'), modem.iccid ]);
		}

		// FCC unlock of laptop modems (option fcc_auth): shown once the radio was found locked.
		if (st.fcc) {
			var tried = (st.fcc.tried || []).map(function(t) { return '%s: %s'.format(t.method, t.answer); }).join(', ');
			rows.push([ _('FCC lock'), st.fcc.result === 'unlocked'
				? _('Unlocked (%s)').format(st.fcc.method)
				: _('Radio locked; see option fcc_auth') + (tried ? ' (' + tried + ')' : '') ]);
		}

		return rows;
	},

	renderContent: function(data) {
		if (data.error)
			return E('div', { 'class': 'alert-message warning qmi4g-unavailable' }, [
				E('strong', {}, callProblem(data.error)),
				E('br'),
				_('Trying again every %d seconds.').format(POLL_SECONDS)
			]);

		if (!data.interfaces.length)
			return E('div', { 'class': 'cbi-section' },
				E('em', {}, _('No qmi4g or mbim interface is configured or started.')));

		return E('div', {}, data.interfaces.map(L.bind(function(st) {
			var title = '%s – %s'.format(st.interface, st.device || '?');

			if (isSet(st.protocol))
				title += ' (%s)'.format(String(st.protocol).toUpperCase());

			return E('div', { 'class': 'cbi-section', 'data-interface': st.interface }, [
				E('h3', {}, title),
				this.renderRows(this.renderModem(st)),
				E('div', { 'class': 'right' }, E('button', {
					'class': 'cbi-button cbi-button-action',
					'disabled': L.hasViewPermission() ? null : true,
					'click': ui.createHandlerFn(this, 'handleReconnect', st.interface)
				}, _('Reconnect')))
			]);
		}, this)));
	},

	render: function(data) {
		var container = E('div', { 'id': 'qmi4g-status' }, this.renderContent(data));

		poll.add(L.bind(function() {
			return this.load().then(L.bind(function(fresh) {
				dom.content(container, this.renderContent(fresh));
			}, this));
		}, this), POLL_SECONDS);

		return E([], [
			E('style', {}, [
				'.qmi4g-bars-graph { display:inline-flex; align-items:flex-end; gap:2px; vertical-align:bottom }',
				'.qmi4g-bar { display:inline-block; width:6px; background:#ccc; border-radius:1px }',
				'.qmi4g-bar-on { background:#2e7d32 }',
				'.qmi4g-values { margin-left:1.5em }',
				'.qmi4g-error { line-height:1.5 }'
			].join('\n')),
			E('h2', {}, _('Cellular')),
			E('div', { 'class': 'cbi-map-descr' },
				_('Modems managed by qmi4g. The page refreshes every %d seconds.').format(POLL_SECONDS)),
			container
		]);
	},

	handleSaveApply: null,
	handleSave: null,
	handleReset: null
});
