// The floor of bench/status.ts: a trivial ubus object served through libubus (OpenWrt's ucode
// ubus module, as rpcd's ucode plugins are), answering every `status` call with one constant
// reply. The time a call to it takes is what ubusd and the caller cost without qmi4gd.
//
//   ucode -L ROOT/usr/lib/ucode bench/status-floor.uc SOCKET OBJECT REPLY_JSON
let ubus = require('ubus'), uloop = require('uloop');
uloop.init();
let conn = ubus.connect(ARGV[0]);
if (!conn) die(`connect ${ARGV[0]}: ${ubus.error()}`);
let reply = json(ARGV[2]);
conn.publish(ARGV[1], { status: { args: { interface: '' }, call: function(req) { return reply; } } });
print('serving\n');
uloop.run();
