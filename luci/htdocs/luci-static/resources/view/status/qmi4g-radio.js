'use strict';
'require view';
'require poll';
'require rpc';
'require dom';
'require qmi4g.common as common';

/*
 * Status > Cellular radio: per qmi4g interface the serving cell, the NR5G leg, bands and carriers
 * in use, neighbour cells, why registration fails, network time, and a graph of the last hour of
 * signal. Data: `ubus call qmi4g status` (src/daemon/status-radio.ts radioReply) and
 * `ubus call qmi4g signal_history {interface}` (samples {t epoch s, rat, rssi, rsrp, rsrq, snr}).
 */

var POLL_SECONDS = 10;
var HOUR = 3600;
var SVG_NS = 'http://www.w3.org/2000/svg';

var callStatus = rpc.declare({
	object: 'qmi4g',
	method: 'status',
	expect: { interfaces: [] }
});

var callHistory = rpc.declare({
	object: 'qmi4g',
	method: 'signal_history',
	params: [ 'interface' ],
	expect: { samples: [] }
});

var MODES = {
	lte: _('LTE'),
	'nr5g-nsa': _('5G NSA (EN-DC: LTE anchor with an NR leg)'),
	'nr5g-sa': _('5G SA'),
	umts: _('UMTS'),
	gsm: _('GSM'),
	none: _('No service')
};

var SERVICE = {
	available: _('Full service'),
	limited: _('Limited service (emergency calls only)'),
	'limited-regional': _('Limited regional service'),
	none: _('No service'),
	'power-save': _('Power save')
};

function isSet(v) {
	return v != null && v !== '';
}

function join(parts, sep) {
	return parts.filter(isSet).join(sep || ', ');
}

/* The values of one cell or measurement: PCI, channels, band, bandwidth. */
function cellText(c) {
	return join([
		isSet(c.pci) ? 'PCI %s'.format(c.pci) : null,
		isSet(c.earfcn) ? 'EARFCN %s'.format(c.earfcn) : null,
		isSet(c.nrarfcn) ? 'NR-ARFCN %s'.format(c.nrarfcn) : null,
		isSet(c.arfcn) ? 'NR-ARFCN %s'.format(c.arfcn) : null,
		c.band,
		isSet(c.bandwidth_mhz) ? '%s MHz'.format(c.bandwidth_mhz) : null
	]);
}

function measures(x) {
	return join([
		isSet(x.rsrp) ? 'RSRP %s dBm'.format(x.rsrp) : null,
		isSet(x.rsrq) ? 'RSRQ %s dB'.format(x.rsrq) : null,
		isSet(x.rssi) ? 'RSSI %s dBm'.format(x.rssi) : null,
		isSet(x.snr) ? 'SNR %s dB'.format(x.snr) : null
	], ' · ');
}

function svg(tag, attrs, children) {
	var el = document.createElementNS(SVG_NS, tag);

	Object.keys(attrs || {}).forEach(function(k) { el.setAttribute(k, String(attrs[k])); });
	(children || []).forEach(function(c) { el.appendChild(typeof c == 'string' ? document.createTextNode(c) : c); });

	return el;
}

/*
 * One line chart of the last hour: `key` of each sample against time, y from `lo` to `hi`.
 * A gap of more than two sample intervals (modem closed, no signal known) breaks the line.
 */
function chart(samples, now, key, label, unit, lo, hi, colour) {
	var W = 640, H = 120, L = 44, R = 8, T = 8, B = 22, parts = [], points = [], last = null, shown = 0;
	var x = function(t) { return L + (W - L - R) * (t - (now - HOUR)) / HOUR; };
	var y = function(v) { return T + (H - T - B) * (hi - Math.max(lo, Math.min(hi, v))) / (hi - lo); };
	var flush = function() {
		if (points.length)
			parts.push(svg('polyline', { points: points.join(' '), fill: 'none', stroke: colour, 'stroke-width': 1.5, 'class': 'qmi4g-line' }));
		points = [];
	};

	for (var g = 0; g <= 4; g++) {
		var v = lo + (hi - lo) * g / 4;
		parts.push(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: '#e0e0e0' }));
		parts.push(svg('text', { x: L - 4, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#777' }, [ String(Math.round(v)) ]));
	}
	[ 60, 45, 30, 15, 0 ].forEach(function(m) {
		parts.push(svg('text', { x: x(now - m * 60), y: H - 6, 'text-anchor': 'middle', 'font-size': 10, fill: '#777' }, [ m ? '-%d min'.format(m) : _('now') ]));
	});

	samples.forEach(function(s) {
		if (!isSet(s[key]) || s.t < now - HOUR)
			return;
		if (last != null && s.t - last > 25)
			flush();
		points.push('%s,%s'.format(x(s.t).toFixed(1), y(s[key]).toFixed(1)));
		last = s.t;
		shown++;
	});
	flush();

	return E('div', { 'class': 'qmi4g-chart', 'data-metric': key, 'data-points': shown }, [
		E('div', { 'class': 'qmi4g-chart-title' }, '%s (%s)'.format(label, unit)),
		svg('svg', { width: W, height: H, viewBox: '0 0 %d %d'.format(W, H), role: 'img', 'aria-label': label }, parts)
	]);
}

function table(head, rows) {
	return E('table', { 'class': 'table' }, [
		E('tr', { 'class': 'tr table-titles' }, head.map(function(h) { return E('th', { 'class': 'th left' }, h); }))
	].concat(rows.map(function(r) {
		return E('tr', { 'class': 'tr' }, r.map(function(c) { return E('td', { 'class': 'td left' }, isSet(c) ? String(c) : '–'); }));
	})));
}

return view.extend({
	load: function() {
		return callStatus().then(function(interfaces) {
			return Promise.all(interfaces.map(function(st) {
				return callHistory(st.interface).catch(function() { return []; });
			})).then(function(histories) {
				return { interfaces: interfaces, histories: histories, now: Math.floor(Date.now() / 1000) };
			});
		}, function(err) {
			return { interfaces: [], histories: [], error: err };
		});
	},

	renderRows: function(rows) {
		return E('table', { 'class': 'table' }, rows.filter(function(row) { return isSet(row[1]); }).map(function(row) {
			return E('tr', { 'class': 'tr' }, [
				E('td', { 'class': 'td left', 'width': '30%' }, E('strong', {}, row[0])),
				E('td', { 'class': 'td left' }, row[1])
			]);
		}));
	},

	renderRadio: function(st) {
		var c = st.cell || {}, rej = st.registration_reject, t = st.network_time, rows = [];

		rows.push([ _('Data system'), st.system_mode ? (MODES[st.system_mode] || st.system_mode) : common.ratText(st.rat) ]);
		rows.push([ _('Service'), st.service_status ? (SERVICE[st.service_status] || st.service_status) : null ]);
		rows.push([ _('Operator'), st.operator && isSet(st.operator.mcc) ? join([ st.operator.name, 'MCC %s MNC %s'.format(st.operator.mcc, st.operator.mnc || '?') ]) : null ]);
		rows.push([ _('Serving cell'), join([
			isSet(c.cell_id) ? _('cell id %s').format(c.cell_id) : null,
			isSet(c.enodeb_id) ? _('eNodeB %s').format(c.enodeb_id) : null,
			isSet(c.gnodeb_id) ? _('gNodeB %s').format(c.gnodeb_id) : null,
			isSet(c.tac) ? 'TAC %s'.format(c.tac) : null,
			isSet(c.lac) ? 'LAC %s'.format(c.lac) : null,
			cellText(c)
		]) ]);
		rows.push([ _('NR5G leg'), st.nr5g ? join([ cellText(st.nr5g), measures(st.nr5g) ]) : null ]);
		rows.push([ _('Signal'), st.signal ? join([ measures(st.signal), isSet(st.asu) ? 'ASU %s'.format(st.asu) : null ]) : null ]);
		rows.push([ _('Registration rejected'), rej ? _('%s (cause %s)').format(rej.cause_name, rej.cause) + (rej.domain ? ', ' + rej.domain : '') : null ]);
		rows.push([ _('SIM judged by the network'), st.sim_reject ]);
		rows.push([ _('Network time'), t ? join([ t.utc, isSet(t.utc_offset_min) ? _('UTC offset %s min').format(t.utc_offset_min) : null, t.dst_h ? _('DST +%s h').format(t.dst_h) : null ]) : null ]);

		return rows;
	},

	renderInterface: function(st, history, now) {
		var parts = [ E('h3', {}, '%s – %s'.format(st.interface, st.device || '?')), this.renderRows(this.renderRadio(st)) ];

		if (st.bands && st.bands.length)
			parts.push(E('h4', {}, _('Bands in use')), table([ _('RAT'), _('Band'), _('Channel'), _('Bandwidth (MHz)') ],
				st.bands.map(function(b) { return [ common.ratText(b.rat), b.band, b.channel, b.bandwidth_mhz ]; })));
		if (st.carriers && st.carriers.length)
			parts.push(E('h4', {}, _('Carrier aggregation')), table([ _('Carrier'), _('Band'), 'PCI', 'EARFCN', _('Bandwidth (MHz)'), _('State') ],
				st.carriers.map(function(x) { return [ x.role == 'pcell' ? _('primary') : _('secondary'), x.band, x.pci, x.earfcn, x.bandwidth_mhz, x.state ]; })));
		if (st.neighbours && st.neighbours.length)
			parts.push(E('h4', {}, _('Neighbour cells')), table([ _('RAT'), 'PCI', 'EARFCN', 'RSRP (dBm)', 'RSRQ (dB)', 'RSSI (dBm)', _('Frequency') ],
				st.neighbours.map(function(n) { return [ common.ratText(n.rat), n.pci, n.earfcn, n.rsrp, n.rsrq, n.rssi, n.intra_frequency === undefined ? '' : n.intra_frequency ? _('same') : _('other') ]; })));

		parts.push(E('h4', {}, _('Signal, last hour')));
		if (!history || !history.length)
			parts.push(E('em', {}, _('No signal samples yet.')));
		else
			parts.push(
				chart(history, now, 'rsrp', 'RSRP', 'dBm', -140, -60, '#1565c0'),
				chart(history, now, 'rssi', 'RSSI', 'dBm', -120, -40, '#6a1b9a'),
				chart(history, now, 'snr', 'SNR', 'dB', -10, 30, '#2e7d32'));

		return E('div', { 'class': 'cbi-section', 'data-interface': st.interface }, parts);
	},

	renderContent: function(data) {
		if (data.error)
			return E('div', { 'class': 'alert-message warning' }, _('ubus call qmi4g status failed; trying again every %d seconds.').format(POLL_SECONDS));
		if (!data.interfaces.length)
			return E('div', { 'class': 'cbi-section' }, E('em', {}, _('No qmi4g or mbim interface is configured or started.')));

		return E('div', {}, data.interfaces.map(L.bind(function(st, i) {
			return this.renderInterface(st, data.histories[i], data.now);
		}, this)));
	},

	render: function(data) {
		var container = E('div', { 'id': 'qmi4g-radio' }, this.renderContent(data));

		poll.add(L.bind(function() {
			return this.load().then(L.bind(function(fresh) { dom.content(container, this.renderContent(fresh)); }, this));
		}, this), POLL_SECONDS);

		return E([], [
			E('style', {}, [
				'.qmi4g-chart { margin: 6px 0 10px }',
				'.qmi4g-chart-title { font-size: 12px; color: #555 }',
				'#qmi4g-radio h4 { margin: 12px 0 4px; font-size: 13px }'
			].join('\n')),
			E('h2', {}, _('Cellular radio')),
			E('div', { 'class': 'cbi-map-descr' }, _('Cell, bands, neighbours and the signal of the last hour, as the modems report them. Refreshes every %d seconds.').format(POLL_SECONDS)),
			container
		]);
	},

	handleSaveApply: null,
	handleSave: null,
	handleReset: null
});
