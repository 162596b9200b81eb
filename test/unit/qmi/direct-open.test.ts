// Signs of a direct opener on a QMI port (src/device/port-sharing.ts), seen by QmiDevice over an
// in-memory port on fake time: a CTL Sync indication the daemon did not cause (→ 'foreign-sync'), the
// indication of its own Sync (nothing), stray CTL responses (only after the settle time), and the
// registry's status. Runs on Node and on QuickJS.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Emitter } from '../../../src/util/emitter';
import type { ControlPort } from '../../../src/device/control-port';
import { QmiDevice } from '../../../src/qmi/device';
import { decodeFrame, encodeFrame } from '../../../src/qmi/frame';
import { PortSharingRegistry, portSharing } from '../../../src/device/port-sharing';
import { FakeClock } from '../../helpers/fake-clock';

let n = 0;
class FakePort extends Emitter implements ControlPort {
  readonly path = `/dev/fake-direct-${n++}`;
  closed = false;
  readonly written: Uint8Array[] = [];
  write(m: Uint8Array): Promise<void> { this.written.push(m); return Promise.resolve(); }
  close(): void { this.closed = true; this.emit('close', undefined); }
  ctl(kind: 'response' | 'indication', txn: number, messageId: number, tlvs: number[] = []): void {
    this.emit('data', encodeFrame({ service: 0, cid: 0, kind, txn, messageId, tlvs: Uint8Array.from(tlvs) }));
  }
}
const OK = [0x02, 0x04, 0x00, 0, 0, 0, 0];
const tick = () => new Promise<void>((r) => setTimeout(r, 0));

test('a CTL Sync indication the daemon did not cause: foreign-sync, a sign in the registry', async () => {
  const clock = new FakeClock();
  const port = new FakePort();
  const d = new QmiDevice(port, { clock });
  let foreign = 0;
  d.on('foreign-sync', () => { foreign++; });
  port.ctl('indication', 0, 0x0027);
  await tick();
  assert.is(foreign, 1);
  const st = portSharing.status(port.path, clock.now());
  assert.ok(st?.direct_open_seen);
  assert.match(st!.last_sign, /Sync indication/);
  assert.match(st!.hint, /qmicli -p/);
});

test("the indication of the daemon's own Sync is no sign; nor is a stray CTL response right after open — later it is", async () => {
  const clock = new FakeClock();
  const port = new FakePort();
  const d = new QmiDevice(port, { clock });
  let foreign = 0;
  d.on('foreign-sync', () => { foreign++; });
  const sync = d.sync();
  const req = decodeFrame(port.written[0]);
  port.ctl('response', req.txn, 0x0027, OK);
  await sync;
  port.ctl('indication', 0, 0x0027);
  port.ctl('response', 200, 0x0022, OK); // a previous process's late answer
  await tick();
  assert.is(foreign, 0);
  assert.is(portSharing.status(port.path, clock.now()), undefined);
  await clock.advance(11_000);
  port.ctl('response', 201, 0x0022, OK);
  const st = portSharing.status(port.path, clock.now());
  assert.match(st?.last_sign ?? '', /never sent/);
});

test('registry: counts signs, keeps the last, says how long ago; clear() forgets', () => {
  const r = new PortSharingRegistry();
  assert.is(r.note('/dev/x', 'a', 1000), true);
  assert.is(r.note('/dev/x', 'b', 3000), false, 'no new warning for a sign right after');
  assert.equal(r.status('/dev/x', 8000), { direct_open_seen: true, last_sign: 'b', signs: 2, seconds_ago: 5, hint: r.status('/dev/x', 0)!.hint });
  assert.is(r.note('/dev/x', 'c', 3000 + 61_000), true, 'a sign after a minute of quiet is news again');
  r.clear('/dev/x');
  assert.is(r.status('/dev/x', 9000), undefined);
});

test.run();
