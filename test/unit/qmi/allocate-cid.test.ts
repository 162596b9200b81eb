// Issue 12 item 9: Allocate CID answered with CID 0 or 255 (or for another service) is refused and asked again.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { QmiDevice, ALLOCATE_CID_ATTEMPTS } from '../../../src/qmi/device';
import { QmiDecodeError } from '../../../src/qmi/errors';
import { decodeFrame, encodeFrame } from '../../../src/qmi/frame';
import type { ControlPort } from '../../../src/device/control-port';
import type { Clock } from '../../../src/util/wait';
import { Emitter } from '../../../src/util/emitter';

const tick = () => new Promise<void>((r) => setImmediate(r));
const refClock: Clock = { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };

/** A modem in memory answering each Allocate CID with the next CID of `answers` (service as asked unless `service` says). */
class CidPort extends Emitter implements ControlPort {
  readonly path = '/dev/fake-wdm0';
  requests = 0;
  closed = false;
  constructor(private readonly answers: { cid: number; service?: number }[]) { super(); }
  write(message: Uint8Array): Promise<void> {
    const req = decodeFrame(message);
    const a = this.answers[Math.min(this.requests++, this.answers.length - 1)]!;
    const service = a.service ?? req.tlvs[3]!;
    const tlvs = Uint8Array.from([0x02, 0x04, 0x00, 0, 0, 0, 0, 0x01, 0x02, 0x00, service, a.cid]);
    setImmediate(() => this.emit('data', encodeFrame({ ...req, kind: 'response', tlvs })));
    return Promise.resolve();
  }
  close(): void { this.emit('close', undefined); }
}

test('255 then 0 then 7: refused twice, 7 taken', async () => {
  const port = new CidPort([{ cid: 255 }, { cid: 0 }, { cid: 7 }]);
  const dev = new QmiDevice(port, { timeoutMs: 1000, clock: refClock });
  assert.is(await dev.allocateCid('dms'), 7);
  assert.is(port.requests, 3);
});

test('always 255: QmiDecodeError after ALLOCATE_CID_ATTEMPTS requests', async () => {
  const port = new CidPort([{ cid: 255 }]);
  const dev = new QmiDevice(port, { timeoutMs: 1000, clock: refClock });
  const e = await dev.allocateCid('wds').then(() => undefined, (x: Error) => x);
  assert.instance(e, QmiDecodeError);
  assert.match(String(e!.message), /CID 255/);
  assert.is(port.requests, ALLOCATE_CID_ATTEMPTS);
  await tick();
});

test('an answer for another service is refused', async () => {
  const port = new CidPort([{ cid: 4, service: 1 }, { cid: 5 }]);
  const dev = new QmiDevice(port, { timeoutMs: 1000, clock: refClock });
  assert.is(await dev.allocateCid('dms'), 5);
});

test.run();
