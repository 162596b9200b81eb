// The SMS store status watch (src/daemon/sms-store-watch.ts) over a fake ModemSms: nothing read before the data
// session is up, reads never overlap, one warning when the store becomes full (also across a reopen), the modem's
// own "full" counts at once, a failed read keeps the last status, and the `sms` reply / text status rows.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Logger } from '../../../src/log';
import { SmsError, type ModemSms, type SmsStoreEvent, type SmsStoreStatus } from '../../../src/modem/sms';
import { SmsStoreWatch, smsStoreReply } from '../../../src/daemon/sms-store-watch';
import { formatStatus } from '../../../src/daemon/status';

/** A ModemSms whose store holds `used` of `max`; each storeStatus() waits for release() when `hold` is set. */
class FakeSms {
  used = 0;
  max = 3;
  reads = 0;
  inFlight = 0;
  maxInFlight = 0;
  fail = false;
  hold = false;
  private pending: (() => void)[] = [];
  private listener?: (e: SmsStoreEvent) => void;
  async storeStatus(): Promise<SmsStoreStatus> {
    this.reads++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.hold) await new Promise<void>((r) => this.pending.push(r));
      if (this.fail) throw new SmsError('SMS_FAILED', 'store size: timeout');
      return { store: 'sim', used: this.used, max: this.max, full: this.used >= this.max };
    } finally { this.inFlight--; }
  }
  onStoreEvent(l: (e: SmsStoreEvent) => void) { this.listener = l; return () => { this.listener = undefined; }; }
  event(e: SmsStoreEvent) { this.listener?.(e); }
  release() { for (const r of this.pending.splice(0)) r(); }
  get listening() { return this.listener !== undefined; }
}

function recorder(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const log: Logger = { error: (m) => lines.push(`error: ${m}`), warn: (m) => lines.push(`warn: ${m}`), info: (m) => lines.push(`info: ${m}`), debug: (m) => lines.push(`debug: ${m}`), debugEnabled: true, child: () => log };
  return { log, lines };
}

const flush = async () => { for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0)); };
const asSms = (f: FakeSms) => f as unknown as ModemSms;

test('nothing is read before the data session is up; then once per modem; events and refresh() read again', async () => {
  const { log } = recorder();
  const w = new SmsStoreWatch(log);
  const f = new FakeSms();
  f.used = 1;
  w.follow(asSms(f));
  f.event('stored');
  w.refresh();
  await flush();
  assert.is(f.reads, 0, 'no read during the connect');
  assert.is(w.status, undefined);
  w.connected();
  await flush();
  assert.is(f.reads, 1);
  assert.equal(w.status, { store: 'sim', used: 1, max: 3, full: false });
  w.connected(); // a reason change while connected: the same modem is not read again
  await flush();
  assert.is(f.reads, 1);
  f.used = 2;
  f.event('stored');
  await flush();
  assert.is(f.reads, 2);
  assert.is(w.status?.used, 2);
});

test('reads never overlap: refreshes during a read give exactly one more read after it', async () => {
  const w = new SmsStoreWatch(recorder().log);
  const f = new FakeSms();
  f.hold = true;
  w.follow(asSms(f));
  w.connected();
  for (let i = 0; i < 5; i++) { w.refresh(); f.event('stored'); }
  await flush();
  assert.is(f.reads, 1);
  f.release();
  await flush();
  assert.is(f.reads, 2, 'one more read for all the refreshes asked meanwhile');
  f.release();
  await flush();
  assert.is(f.reads, 2);
  assert.is(f.maxInFlight, 1);
});

test('one warning when the store becomes full, not per read nor after a reopen; info when it has room again', async () => {
  const { log, lines } = recorder();
  const w = new SmsStoreWatch(log);
  const f = new FakeSms();
  f.used = 3;
  w.follow(asSms(f));
  w.connected();
  await flush();
  for (let i = 0; i < 3; i++) { f.event('stored'); await flush(); }
  const warns = () => lines.filter((l) => l.startsWith('warn: '));
  assert.equal(warns(), ['warn: SMS store sim is full (3 of 3): the network\'s new messages are lost until some are deleted (ubus call qmi4g sms_delete)']);
  // The modem is reopened (a hang, a reconnect): its store is still full, no second warning.
  const again = new FakeSms();
  again.used = 3;
  w.follow(asSms(again));
  assert.is(f.listening, false, 'the old modem is no longer followed');
  w.connected();
  await flush();
  assert.is(again.reads, 1);
  assert.is(warns().length, 1);
  again.used = 2;
  w.refresh();
  await flush();
  assert.equal(w.status, { store: 'sim', used: 2, max: 3, full: false });
  assert.ok(lines.includes('info: SMS store sim has room again (2 of 3)'), lines.join('\n'));
  again.used = 3;
  w.refresh();
  await flush();
  assert.is(warns().length, 2, 'full again: told again');
});

test('the modem\'s own "full" counts before the read; a failed read keeps the last status (debug); stop() forgets', async () => {
  const { log, lines } = recorder();
  const w = new SmsStoreWatch(log);
  const f = new FakeSms();
  w.follow(asSms(f));
  w.connected();
  await flush();
  assert.equal(w.status, { store: 'sim', used: 0, max: 3, full: false });
  f.fail = true;
  f.event('full');
  assert.is(w.status?.full, true, 'at once');
  await flush();
  assert.is(w.status?.full, true, 'kept after the failed read');
  assert.ok(lines.some((l) => /^debug: sms store: store size: timeout/.test(l)), lines.join('\n'));
  assert.is(lines.filter((l) => l.startsWith('warn: ')).length, 1);
  w.stop();
  assert.is(w.status, undefined);
  assert.is(f.listening, false);
  f.fail = false;
  w.refresh();
  await flush();
  assert.is(w.status, undefined, 'a stopped watch reads nothing');
});

test('a modem without storeStatus is followed without reads; the `sms` reply and the text status row', async () => {
  const w = new SmsStoreWatch(recorder().log);
  w.follow({ onMessage: () => () => undefined } as unknown as ModemSms);
  w.connected();
  await flush();
  assert.is(w.status, undefined);
  assert.is(smsStoreReply(undefined), undefined);
  assert.equal(smsStoreReply({ store: 'sim', used: 20, max: 20, full: true }), { store: 'sim', used: 20, max: 20, full: true });
  assert.equal(smsStoreReply({ store: 'device', max: 50, full: false }), { store: 'device', max: 50, full: false }, 'MBIM: no count');
  const text = (sms: Record<string, unknown>) => formatStatus({ interface: 'wdm0', device: '/dev/cdc-wdm0', state: 'connected', for_s: 1, reason: 'connected', sms });
  assert.match(text({ store: 'sim', used: 20, max: 20, full: true }), /  SMS +\| +store: sim, 20 of 20 — FULL: new messages are lost/);
  assert.match(text({ store: 'device', max: 50, full: false }), /store: device, 50 messages$/m);
});

test.run();
