// The smoke checks of qmi4gd, the QuickJS executable routers run, against the real OpenWrt ubusd and
// a simulated QMI modem: `qmi4gd --help`, `ubus call qmi4g up` → connected, `qmi4gd status` (the
// CLI on the same executable) and `ubus call qmi4g status`, then down. native-smoke.test.ts runs
// them on dist/router/qmi4gd, mips-smoke.test.ts on the mipsel build under qemu-mipsel.
import type { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { Stack, routerExe, runnerFor, startStack } from './stack';

/** Registers the smoke tests for `target` on `t`. */
export function smokeTests(t: typeof test, target: 'native' | 'mipsel' | 'mips'): void {
  const exe = routerExe(target);
  const argv = runnerFor(target, exe);
  const slow = target === 'native' ? 1 : 5;
  let s: Stack | undefined;
  t.after(async () => { await s?.close(); });

  t(`${target}: the executable was built (npm run build:router)`, () => {
    assert.ok(fs.existsSync(exe), `${exe} missing: run ${target === 'native' ? '' : `QMI4G_TARGET=${target} `}npm run build:router`);
  });

  t(`${target}: qmi4gd --help exits 0 and shows the commands; an unknown command exits 2`, () => {
    const h = spawnSync(argv[0], [...argv.slice(1), '--help'], { encoding: 'utf8', timeout: 20_000 });
    assert.is(h.status, 0, h.stderr);
    assert.match(h.stdout + h.stderr, /daemon\s+\[--ubus-socket PATH\] \[--config-dir DIR\] \[--state-dir DIR\]/);
    assert.match(h.stdout + h.stderr, /status/);
    const bad = spawnSync(argv[0], [...argv.slice(1), 'no-such-command'], { encoding: 'utf8', timeout: 20_000 });
    assert.is(bad.status, 2, bad.stdout + bad.stderr);
  });

  t(`${target}: qmi4gd daemon on the real ubusd takes a simulated modem to connected; status and down`, async () => {
    s = await startStack(argv, { startTimeoutMs: 15_000 * slow });
    const listed = s.ubus('list', 'qmi4g');
    assert.is(listed.status, 0, listed.stderr);
    assert.is(listed.stdout.trim(), 'qmi4g');
    const connected = s.waitState('wdm0', 'connected', 20_000 * slow);
    const up = s.ubus('call', 'qmi4g', 'up', JSON.stringify({ interface: 'wdm0', config: { wdmif: s.ports[0], apn: 'internet', dhcp: '0' } }));
    assert.is(up.status, 0, up.stderr);
    assert.is(JSON.parse(up.stdout).ok, true);
    await connected;

    const st = JSON.parse(s.ubus('call', 'qmi4g', 'status', JSON.stringify({ interface: 'wdm0' })).stdout);
    assert.is(st.state, 'connected');
    assert.equal(st.operator, { name: 'Telekom.de', mcc: '262', mnc: '01' });
    assert.is(st.ipv4.address, '10.64.0.2');
    assert.ok(s.netifd.view('wdm0').up, 'link-up notified to netifd');

    const cli = spawnSync(argv[0], [...argv.slice(1), 'status', '--ubus-socket', s.socketPath], { encoding: 'utf8', timeout: 20_000 });
    assert.is(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /^wdm0 .*connected/m);
    assert.match(cli.stdout, /Telekom\.de/);
    const json = spawnSync(argv[0], [...argv.slice(1), 'status', '--json', '--ubus-socket', s.socketPath], { encoding: 'utf8', timeout: 20_000 });
    assert.is(JSON.parse(json.stdout).interfaces[0].state, 'connected');

    const down = s.waitState('wdm0', 'down', 10_000 * slow);
    assert.is(s.ubus('call', 'qmi4g', 'down', JSON.stringify({ interface: 'wdm0' })).status, 0);
    await down;
    assert.is(s.daemon.exitCode, null, 'the daemon is still running');
  });
}

