// qmi4g up/down/reconnect act only on netifd interfaces with proto qmi4g or mbim (issue 10, defect 4), on the real netifd.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { realTest } from '../helpers/owrt-env';
import { after as afterState } from '../helpers/owrt-suite';
import { startOwrtStack } from '../helpers/owrt-stack';
import { UbusError } from '../../src/ubus/errors';

const rtest = realTest(test);

async function ubusError(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (e) { assert.instance(e, UbusError); return (e as UbusError).name; }
  assert.unreachable('expected a ubus error');
  return '';
}

rtest('up/down/reconnect on the live DHCP WAN (proto dhcp) or a name netifd lacks: INVALID_ARGUMENT, the WAN keeps its lease, nothing reaches netifd', async () => {
  const s = await startOwrtStack({ scenario: { dataFormat: '802.3' }, network: {
    broadband: { ifname: 'wwan0', proto: 'dhcp', auto: 0 },
    wdm0: { proto: 'qmi4g', wdmif: '$DEVICE', wwanif: 'broadband', apn: 'internet', auto: 0 },
  } });
  try {
    await s.ifup('wdm0');
    const before = await s.waitIface('broadband', (x) => (x['ipv4-address'] ?? []).length > 0, 'lease');
    for (const [method, args] of [
      ['up', { interface: 'broadband' }], ['up', { interface: 'broadband', config: { wdmif: s.devicePath } }],
      ['down', { interface: 'broadband' }], ['reconnect', { interface: 'broadband' }],
      ['up', { interface: 'loopback', config: {} }], ['up', { interface: 'nosuch', config: { wdmif: s.devicePath } }],
      ['reconnect', { interface: 'nosuch' }], ['down', { interface: 'nosuch' }],
    ] as const) {
      assert.is(await ubusError(s.client.call('qmi4g', method, args)), 'INVALID_ARGUMENT', `${method} ${args.interface}`);
    }
    // The real CLI, as a user would type it: "Invalid argument"; without a terminal ubus exits 256 - 2.
    const cli = await s.exec(['ubus', 'call', 'qmi4g', 'up', '{"interface":"broadband"}']);
    assert.is(cli.status, 254, cli.stderr);
    assert.match(cli.stderr, /Invalid argument/);
    const after = await s.ifstatus('broadband');
    assert.ok(after.up, 'broadband still up');
    assert.equal(after['ipv4-address'], before['ipv4-address']);
    assert.is(after.uptime! >= before.uptime!, true, 'not restarted');
    assert.equal(after.errors ?? [], [], 'no error was notified for broadband');
    assert.is(after.autostart, before.autostart, 'no block_restart');
    assert.ok(!(await s.client.call('qmi4g', 'status', {}))!.interfaces!.toString().includes('broadband'));
    const wdm0 = (await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.is(wdm0.state, 'connected', 'the real qmi4g interface is untouched');
    assert.equal(s.sim.model.listSessions().length, 1);
    // Its own interfaces still work through reconnect and down.
    const again = s.waitState('wdm0', afterState((x) => x.state !== 'connected', (x) => x.state === 'connected'));
    await again.ready;
    await s.client.call('qmi4g', 'reconnect', { interface: 'wdm0' });
    await again;
  } finally { await s.close(); }
});

test.run();
