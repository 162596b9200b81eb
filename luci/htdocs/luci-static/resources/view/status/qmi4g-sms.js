'use strict';
'require view';
'require poll';
'require rpc';
'require ui';
'require dom';
'require qmi4g.common as common';

/*
 * Status > Cellular SMS: the messages kept on the SIM and the modem (MBIM: the modem's one store) of each qmi4g interface
 * (`ubus call qmi4g sms_list`, reply shape: src/daemon/sms-methods.ts), read, delete and send.
 * Messages are personal: the rpcd ACL grants sms_* only with write access to luci-proto-qmi4g.
 */

var POLL_SECONDS = 10;

var callStatus = rpc.declare({ object: 'qmi4g', method: 'status', expect: { interfaces: [] } });
var callList = rpc.declare({ object: 'qmi4g', method: 'sms_list', params: [ 'interface' ] });
var callRead = rpc.declare({ object: 'qmi4g', method: 'sms_read', params: [ 'interface', 'id' ] });
var callDelete = rpc.declare({ object: 'qmi4g', method: 'sms_delete', params: [ 'interface', 'id' ] });
var callSend = rpc.declare({ object: 'qmi4g', method: 'sms_send', params: [ 'interface', 'to', 'text' ] });

/* Error codes of the sms_* replies in words. */
var SMS_ERRORS = {
	SMS_NOT_SUPPORTED: _('This modem offers no SMS service'),
	SMS_NOT_FOUND: _('The message is no longer on the modem'),
	SMS_SEND_FAILED: _('The network did not accept the message'),
	SMS_INVALID: _('The message cannot be sent (too long, or not a phone number)'),
	SMS_FAILED: _('The modem could not be asked right now')
};

function replyProblem(r) {
	var e = (r && r.error) || {};
	return SMS_ERRORS[e.code] || _('SMS request failed: %s').format(e.code || '?');
}

/* A rejected rpc call in a sentence (qmi4g/common.js callProblem); never LuCI's message with its stack. */
function callProblem(err) {
	return common.callProblem(err, _('No permission to read messages (rpcd ACL luci-proto-qmi4g, write access)'), function(code) {
		return _('ubus call qmi4g failed with error %s').format(code != null ? code : '?');
	});
}

/* "2024-03-14T09:26:28+01:00" → "2024-03-14 09:26:28 (UTC+01:00)". */
function timeText(iso) {
	var m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)([+-]\d\d:\d\d)$/.exec(iso || '');

	return m ? '%s %s (UTC%s)'.format(m[1], m[2], m[3]) : (iso || '');
}

var STATUS_TEXT = { unread: _('Unread'), read: _('Read'), sent: _('Sent'), unsent: _('Not sent') };
var STORE_TEXT = { sim: _('SIM'), modem: _('Modem'), device: _('Modem store') };

function loadInterface(iface) {
	return callList(iface).then(function(r) {
		return { name: iface, reply: r };
	}, function(err) {
		return { name: iface, failure: callProblem(err) };
	});
}

return view.extend({
	load: function() {
		return callStatus().then(function(interfaces) {
			return Promise.all(interfaces.map(function(st) { return loadInterface(st.interface); }));
		}, function(err) {
			return [ { failure: callProblem(err) } ];
		});
	},

	handleDelete: function(iface, id, ev) {
		if (!confirm(_('Delete this message from the modem?')))
			return;

		return callDelete(iface, id).then(L.bind(function(r) {
			if (!r || !r.ok)
				ui.addNotification(null, E('p', replyProblem(r)), 'error');

			return this.refresh();
		}, this), function(err) {
			ui.addNotification(null, E('p', callProblem(err)), 'error');
		});
	},

	handleRead: function(iface, id, ev) {
		return callRead(iface, id).then(L.bind(function() { return this.refresh(); }, this), function() {});
	},

	handleSend: function(iface, ev) {
		var form = ev.target.closest('.qmi4g-sms-send'),
		    to = form.querySelector('input[name="to"]').value.trim(),
		    text = form.querySelector('textarea[name="text"]').value;

		if (!/^\+?[0-9]{1,20}$/.test(to)) {
			ui.addNotification(null, E('p', _('Recipient: a phone number, e.g. +4917612345678')), 'error');
			return;
		}
		if (!text) {
			ui.addNotification(null, E('p', _('The message is empty')), 'error');
			return;
		}

		return callSend(iface, to, text).then(function(r) {
			if (r && r.ok) {
				ui.addNotification(null, E('p', _('Sent to %s in %d part(s)').format(to, r.parts)), 'info');
				form.querySelector('textarea[name="text"]').value = '';
			}
			else {
				ui.addNotification(null, E('p', replyProblem(r)), 'error');
			}
		}, function(err) {
			ui.addNotification(null, E('p', callProblem(err)), 'error');
		});
	},

	renderMessage: function(iface, m, writable) {
		var peer = m.from ? m.from : (m.to ? _('to %s').format(m.to) : '');
		var text = [ E('span', { 'class': 'qmi4g-sms-text', 'style': 'white-space:pre-wrap' }, m.text) ];

		if (m.missing && m.missing.length)
			text.push(E('br'), E('em', {}, _('Part(s) %s of %d not received yet').format(m.missing.join(', '), m.parts)));
		if (m.error)
			text.push(E('br'), E('em', {}, _('Unreadable: %s').format(m.error)));

		var actions = [];
		if (writable) {
			if (m.status == 'unread')
				actions.push(E('button', { 'class': 'btn cbi-button', 'click': ui.createHandlerFn(this, 'handleRead', iface, m.id) }, _('Mark read')), ' ');
			actions.push(E('button', { 'class': 'btn cbi-button cbi-button-remove', 'click': ui.createHandlerFn(this, 'handleDelete', iface, m.id) }, _('Delete')));
		}

		return E('tr', { 'class': 'tr' + (m.status == 'unread' ? ' qmi4g-sms-unread' : ''), 'data-id': m.id }, [
			E('td', { 'class': 'td left' }, m.status == 'unread' ? E('strong', {}, peer) : peer),
			E('td', { 'class': 'td left' }, timeText(m.time)),
			E('td', { 'class': 'td left' }, text),
			E('td', { 'class': 'td left' }, '%s, %s'.format(STATUS_TEXT[m.status] || m.status, STORE_TEXT[m.store] || m.store)),
			E('td', { 'class': 'td right' }, actions)
		]);
	},

	renderInterface: function(entry) {
		var writable = L.hasViewPermission(), body;

		if (entry.failure)
			body = E('p', { 'class': 'qmi4g-sms-problem' }, entry.failure);
		else if (!entry.reply || !entry.reply.ok)
			body = E('p', { 'class': 'qmi4g-sms-problem' }, replyProblem(entry.reply));
		else if (!entry.reply.messages.length)
			body = E('p', {}, _('No messages on the SIM or the modem.'));
		else
			body = E('table', { 'class': 'table' }, [
				E('tr', { 'class': 'tr table-titles' }, [
					E('th', { 'class': 'th' }, _('From')), E('th', { 'class': 'th' }, _('Time')), E('th', { 'class': 'th' }, _('Message')),
					E('th', { 'class': 'th' }, _('Status')), E('th', { 'class': 'th' }, '')
				])
			].concat(entry.reply.messages.map(L.bind(function(m) { return this.renderMessage(entry.name, m, writable); }, this))));

		var parts = [ E('h3', {}, entry.name ? _('%s – messages').format(entry.name) : _('Messages')), body ];

		if (entry.name && writable && entry.reply && entry.reply.ok)
			parts.push(E('div', { 'class': 'qmi4g-sms-send' }, [
				E('h4', {}, _('Send a message')),
				E('input', { 'type': 'tel', 'name': 'to', 'placeholder': _('+4917612345678'), 'class': 'cbi-input-text' }),
				E('br'),
				E('textarea', { 'name': 'text', 'rows': 4, 'cols': 60, 'class': 'cbi-input-textarea', 'placeholder': _('Long texts are sent in several parts') }),
				E('br'),
				E('button', { 'class': 'btn cbi-button cbi-button-action', 'click': ui.createHandlerFn(this, 'handleSend', entry.name) }, _('Send'))
			]));

		return E('div', { 'class': 'cbi-section', 'data-interface': entry.name || '' }, parts);
	},

	refresh: function() {
		return this.load().then(L.bind(function(entries) {
			dom.content(this.container, this.renderAll(entries));
		}, this));
	},

	renderAll: function(entries) {
		if (!entries.length)
			return E('p', {}, _('No qmi4g interface is configured.'));

		return entries.map(L.bind(this.renderInterface, this));
	},

	render: function(entries) {
		this.container = E('div', {}, this.renderAll(entries));
		poll.add(L.bind(this.refresh, this), POLL_SECONDS);

		return E('div', {}, [ E('h2', {}, _('Cellular messages')), this.container ]);
	},

	handleSaveApply: null,
	handleSave: null,
	handleReset: null
});
