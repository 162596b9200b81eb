// Which interfaces the daemon sets up again at start: qmi4g/mbim ones netifd holds down with DAEMON_UNAVAILABLE.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { retriggerWaiting, waitingForDaemon } from '../../../src/daemon/waiting-interfaces';
import { silentLogger } from '../../../src/log';

const away = [{ subsystem: 'qmi4g', code: 'DAEMON_UNAVAILABLE' }];
const DUMP = { interface: [
  { interface: 'wdm0', proto: 'qmi4g', up: false, pending: false, autostart: true, errors: away },
  { interface: 'wwan', proto: 'mbim', up: false, pending: false, autostart: true, errors: away },
  { interface: 'busy', proto: 'qmi4g', up: false, pending: true, autostart: true, errors: away },
  { interface: 'upnow', proto: 'qmi4g', up: true, pending: false, autostart: true, errors: away },
  { interface: 'downed', proto: 'qmi4g', up: false, pending: false, autostart: false, errors: away },
  { interface: 'pin', proto: 'qmi4g', up: false, pending: false, autostart: true, errors: [{ code: 'PIN_FAILED' }] },
  { interface: 'broadband', proto: 'dhcp', up: false, pending: false, autostart: true, errors: away },
] };

test('waitingForDaemon: only qmi4g/mbim, down, not pending, autostart, DAEMON_UNAVAILABLE', () => {
  assert.equal(waitingForDaemon(DUMP), ['wdm0', 'wwan']);
  assert.equal(waitingForDaemon(undefined), []);
  assert.equal(waitingForDaemon({ interface: 'x' }), []);
});

test('retriggerWaiting calls network.interface.NAME up for each; ubus errors are logged, not thrown', async () => {
  const calls: string[] = [];
  const bus = { call: async (p: string, m: string) => { calls.push(`${p} ${m}`); if (p === 'network.interface.wwan') throw new Error('Not found'); return p === 'network.interface' ? DUMP : {}; } };
  assert.equal(await retriggerWaiting(bus, silentLogger), ['wdm0', 'wwan']);
  assert.equal(calls, ['network.interface dump', 'network.interface.wdm0 up', 'network.interface.wwan up']);
  assert.equal(await retriggerWaiting({ call: async () => { throw new Error('timeout'); } }, silentLogger), []);
});

test.run();
