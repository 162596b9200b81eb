// A second caller for bench/status.ts (`--caller ucode`): OpenWrt's ucode ubus module (libubus, C)
// instead of our Node client, so the figures do not depend on the caller's runtime. Calls OBJECT
// METHOD ARGS on the ubusd at SOCKET at RATE per second for SECONDS, one call at a time (a call
// that takes longer than 1/RATE delays the next one), after RATE untimed warm-up calls; prints one
// JSON line {lat: [ms…], failed, firstError, elapsed}. Latency = send → reply, monotonic clock.
//
//   ucode -L ROOT/usr/lib/ucode bench/status-client.uc SOCKET OBJECT METHOD ARGS_JSON RATE SECONDS
let ubus = require('ubus');
let conn = ubus.connect(ARGV[0]);
if (!conn) die(`connect ${ARGV[0]}: ${ubus.error()}`);
let args = json(ARGV[3]), rate = +ARGV[4], total = int(rate * +ARGV[5]);
function now() { let c = clock(true); return c[0] * 1000 + c[1] / 1e6; }
for (let w = 0; w < rate; w++) conn.call(ARGV[1], ARGV[2], args);
let lat = [], failed = 0, firstError = '', t0 = now();
for (let i = 0; i < total; i++) {
	let wait = t0 + i * 1000 / rate - now();
	if (wait > 0) sleep(wait);
	let s = now(), r = conn.call(ARGV[1], ARGV[2], args);
	if (r == null) { failed++; if (!firstError) firstError = `${ubus.error()}`; }
	else push(lat, now() - s);
}
print(sprintf('%J\n', { lat, failed, firstError, elapsed: (now() - t0) / 1000 }));
