// MbimSms over a device stand-in (the MbimDevice calls it makes: command, onIndication): new messages reported once
// complete, from SMS Read notifications or from Message Store Status NEW_MESSAGE alone (a device that only says the
// index: read by index); a full store reported as a store event (warned once by the daemon's status watch); the
// store status read (Configuration, Message Store Status); errors mapped to SMS codes; ids of another store refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CidDef } from '../../../src/mbim/cid';
import type { MbimDevice } from '../../../src/mbim/device';
import { MbimStatus, MbimStatusError } from '../../../src/mbim/errors';
import { sms } from '../../../src/mbim/services';
import { MbimSmsFlag, MbimSmsStatus, MbimSmsStatusFlag } from '../../../src/mbim/services/sms';
import { MbimSms } from '../../../src/modem/mbim-sms';
import { SmsError, SmsMessage } from '../../../src/modem/sms';
import { createLogger, setLogSink } from '../../../src/log';
import { encodeDeliver, splitText, timestampFromEpoch } from '../../../src/sms';

type Rec = { messageIndex: number; messageStatus: number; pduData: Uint8Array };

/** The device: a store by MBIM index; records commands; lets the test raise notifications. */
function fakeDevice(store: Map<number, Rec>) {
  const subs = new Map<CidDef, (v: any) => void>();
  const got: string[] = [];
  const device = {
    onIndication(def: CidDef, h: (v: any) => void) { subs.set(def, h); return () => subs.delete(def); },
    async command(def: CidDef, kind: string, v: Record<string, any>) {
      got.push(`${def.name} ${kind} ${v.flag ?? ''}:${v.messageIndex ?? ''}`);
      if (def === sms.Configuration) return { smsStorageState: 1, format: 0, maxMessages: 10, cdmaShortMessageSize: 0, scAddress: '' };
      if (def === sms.MessageStoreStatus) return { flag: store.size >= 10 ? MbimSmsStatusFlag.messageStoreFull : MbimSmsStatusFlag.none, messageIndex: 0 };
      if (def === sms.Read) {
        if (v.flag === MbimSmsFlag.index) {
          const r = store.get(v.messageIndex);
          if (!r) throw new MbimStatusError(MbimStatus.InvalidMemoryIndex, 'SMS Read');
          return { format: 0, pduMessages: [r] };
        }
        return { format: 0, pduMessages: [...store.values()] };
      }
      if (def === sms.Delete) {
        if (!store.delete(v.messageIndex)) throw new MbimStatusError(MbimStatus.InvalidMemoryIndex, 'SMS Delete');
        return {};
      }
      if (def === sms.Send) throw new MbimStatusError(101, 'SMS Send'); // SmsNetworkTimeout
      throw new Error(`unexpected ${def.name}`);
    },
  };
  const raise = (def: CidDef, v: unknown) => subs.get(def)!(v);
  return { device: device as unknown as MbimDevice, raise, got };
}

/** The parts of a text from `from` as MBIM records at indexes `at`. */
function records(from: string, text: string, at: number[]): Rec[] {
  const split = splitText(text, { reference: 7 });
  return split.parts.map((userData, i) => ({
    messageIndex: at[i], messageStatus: MbimSmsStatus.new,
    pduData: encodeDeliver({ smsc: '+491710760000', sender: from, timestamp: timestampFromEpoch(Date.UTC(2026, 11, 1, 13, 0, 0), 60), userData }),
  }));
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const LONG = 'Zwei Teile, bitte zusammen melden. '.repeat(6);

test('Read notifications, parts out of order: one report once complete, with the whole text', async () => {
  const store = new Map<number, Rec>();
  const { device, raise } = fakeDevice(store);
  const s = new MbimSms(device, createLogger(''), true);
  await s.start();
  const seen: SmsMessage[] = [];
  s.onMessage((m) => seen.push(m));
  const [p1, p2] = records('+4917612345678', LONG, [4, 3]);
  store.set(3, p2);
  raise(sms.Read, { format: 0, pduMessages: [p2] });
  raise(sms.MessageStoreStatus, { flag: MbimSmsStatusFlag.newMessage, messageIndex: 3 });
  await tick(); await tick();
  assert.is(seen.length, 0, 'part 2 alone: nothing yet');
  store.set(4, p1);
  raise(sms.Read, { format: 0, pduMessages: [p1] });
  raise(sms.MessageStoreStatus, { flag: MbimSmsStatusFlag.newMessage, messageIndex: 4 });
  await tick(); await tick();
  assert.is(seen.length, 1);
  assert.is(seen[0].text, LONG);
  assert.is(seen[0].id, 'device:4,3');
  assert.is(seen[0].from, '+4917612345678');
});

test('Message Store Status NEW_MESSAGE alone: the part is read by index and reported', async () => {
  const store = new Map<number, Rec>();
  const { device, raise, got } = fakeDevice(store);
  const s = new MbimSms(device, createLogger(''), true);
  await s.start();
  const seen: SmsMessage[] = [];
  s.onMessage((m) => seen.push(m));
  const [one] = records('Info', 'Kurz', [9]);
  store.set(9, one);
  raise(sms.MessageStoreStatus, { flag: MbimSmsStatusFlag.newMessage, messageIndex: 9 });
  for (let i = 0; i < 5 && seen.length === 0; i++) await tick();
  assert.equal(seen.map((m) => [m.id, m.text]), [['device:9', 'Kurz']]);
  assert.ok(got.includes(`Read query ${MbimSmsFlag.index}:9`), got.join('; '));
});

test('a full store is a store event, not a warning per notification; store status read; errors map to SMS codes; sim:/modem: ids refused', async () => {
  const lines: string[] = [];
  const prev = setLogSink((l) => lines.push(l));
  try {
    const store = new Map<number, Rec>();
    const { device, raise, got } = fakeDevice(store);
    const s = new MbimSms(device, createLogger(''), true);
    await s.start();
    const events: string[] = [];
    s.onStoreEvent((e) => events.push(e));
    raise(sms.MessageStoreStatus, { flag: MbimSmsStatusFlag.messageStoreFull, messageIndex: 0 });
    await tick(); await tick();
    assert.equal(events, ['full']);
    assert.equal(lines.filter((l) => /^warn:/.test(l)), [], 'the daemon warns, once (sms-store-watch.ts)');
    assert.equal(await s.storeStatus(), { store: 'device', max: 10, full: false });
    for (let i = 1; i <= 10; i++) store.set(i, records('+49301', `m${i}`, [i])[0]);
    assert.equal(await s.storeStatus(), { store: 'device', max: 10, full: true });
    assert.ok(got.includes('Message Store Status query :'), got.join('; '));
    for (let i = 1; i <= 10; i++) store.delete(i);
    const code = async (p: Promise<unknown>) => { try { await p; } catch (e) { return (e as SmsError).code; } return 'resolved'; };
    assert.is(await code(s.read('device:5')), 'SMS_NOT_FOUND');
    assert.is(await code(s.delete('device:5')), 'SMS_NOT_FOUND');
    assert.is(await code(s.read('sim:1')), 'SMS_NOT_FOUND');
    assert.is(await code(s.sendPdus([new Uint8Array([0])])), 'SMS_SEND_FAILED');
    assert.is(await code(new MbimSms(device, createLogger(''), false).list()), 'SMS_NOT_SUPPORTED');
    await s.close();
    assert.is(await code(s.list()), 'SMS_FAILED');
  } finally { setLogSink(prev); }
});

test.run();
