// proto-handover.ts: the interfaces of the other proto on a port that changed protocol are brought up through netifd, never the failed one itself.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProtoHandOver, handOverPort, interfacesOnPort } from '../../../src/daemon/proto-handover';
import { silentLogger } from '../../../src/log';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qmi4g-handover-'));
fs.writeFileSync(path.join(dir, 'network'), [
  "config interface 'wdm0'", "\toption proto 'qmi4g'", "\toption device '/dev/cdc-wdm0'",
  "config interface 'wwan'", "\toption proto 'mbim'", "\toption device '/dev//cdc-wdm0/'",
  "config interface 'other'", "\toption proto 'mbim'", "\toption device '/dev/cdc-wdm1'",
  "config interface 'lte2'", "\toption proto 'qmi4g'", "\toption wdmif '/dev/cdc-wdm0'",
].join('\n') + '\n');
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('interfacesOnPort: by proto and canonical port (wdmif or device)', async () => {
  assert.equal(await interfacesOnPort(dir, '/dev/cdc-wdm0', 'mbim'), ['wwan']);
  assert.equal(await interfacesOnPort(dir, '/dev/cdc-wdm0', 'qmi4g'), ['wdm0', 'lte2']);
  assert.equal(await interfacesOnPort(path.join(dir, 'missing'), '/dev/cdc-wdm0', 'mbim'), []);
});

test('handOverPort: ifup of each fitting interface but the failed one; a netifd error is logged, not thrown', async () => {
  const calls: string[] = [];
  const bus = { call: async (obj: string, method: string) => { calls.push(`${obj} ${method}`); if (obj.endsWith('lte2')) throw new Error('NOT_FOUND'); return {}; } };
  assert.equal(await handOverPort(bus, dir, 'wwan', '/dev/cdc-wdm0', 'mbim', silentLogger), []);
  assert.equal(await handOverPort(bus, dir, 'wdm0', '/dev/cdc-wdm0', 'mbim', silentLogger), ['wwan']);
  assert.equal(await handOverPort(bus, dir, 'wwan', '/dev/cdc-wdm0', 'qmi', silentLogger), ['wdm0']);
  assert.equal(calls, ['network.interface.wwan up', 'network.interface.wdm0 up', 'network.interface.lte2 up']);
  assert.equal(await handOverPort(bus, dir, 'wdm0', '/dev/cdc-wdm0', 'at', silentLogger), []);
});

test('ProtoHandOver: only a failure naming the other protocol hands over, once per failure', async () => {
  const calls: string[] = [];
  const bus = { call: async (obj: string) => { calls.push(obj); return {}; } };
  const h = new ProtoHandOver(bus, dir, silentLogger);
  const snap = (state: 'failed' | 'reconnecting', code: 'DEVICE_NOT_SUPPORTED' | 'NO_DEVICE', data: string[], at: number) =>
    ({ interface: 'wdm0', device: '/dev/cdc-wdm0', state, since: 0, reason: '', reconnects: 0, lastError: { code, message: '', data, permanent: true, at } });
  h.observe(snap('reconnecting', 'NO_DEVICE', [], 1));
  h.observe(snap('failed', 'DEVICE_NOT_SUPPORTED', [], 2));
  h.observe(snap('failed', 'DEVICE_NOT_SUPPORTED', ['mbim'], 3));
  h.observe(snap('failed', 'DEVICE_NOT_SUPPORTED', ['mbim'], 3));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(calls, ['network.interface.wwan']);
  h.observe(snap('failed', 'DEVICE_NOT_SUPPORTED', ['mbim'], 4));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(calls, ['network.interface.wwan', 'network.interface.wwan'], 'a new failure hands over again');
});

test.run();
