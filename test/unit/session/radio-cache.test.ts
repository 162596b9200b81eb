// RadioCache: the radio picture is read once, then at most every 10 s while asked, sooner after a registration event; events carry time and rejects.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RADIO_STALE_MIN_MS, RADIO_WINDOW_MS, RadioCache, RadioCacheTarget } from '../../../src/session/radio-cache';
import type { Modem } from '../../../src/modem/modem';
import type { RadioInfo } from '../../../src/modem/radio';
import { silentLogger } from '../../../src/log';
import { FakeClock, settle } from '../../helpers/fake-clock';

function modem(): { m: Modem; reads: () => number; fail: (on: boolean) => void } {
  let n = 0;
  let failing = false;
  const m = {
    radio: async (): Promise<RadioInfo> => {
      n++;
      if (failing) throw new Error('timed out');
      return { systemMode: 'lte', neighbours: [], bands: [], carriers: [], serving: { rat: 'lte', pci: n } };
    },
  } as unknown as Modem;
  return { m, reads: () => n, fail: (on) => { failing = on; } };
}

test('the first ask waits for the read; later asks inside the window answer from memory', async () => {
  const clock = new FakeClock();
  const t: RadioCacheTarget = {};
  const c = new RadioCache(t, clock, silentLogger);
  const { m, reads } = modem();
  await c.refresh(m, 1000);
  assert.is(t.radio?.serving?.pci, 1);
  for (let i = 0; i < 50; i++) { await clock.advance(100); await c.refresh(m, 1000); }
  assert.is(reads(), 1, 'one read for 50 asks within 10 s');
  await clock.advance(RADIO_WINDOW_MS);
  await c.refresh(m, 1000);
  await settle();
  assert.is(reads(), 2);
  assert.is(t.radio?.serving?.pci, 2, 'the background read landed');
});

test('a registration event makes it stale: re-read on the next ask after 2 s, not before', async () => {
  const clock = new FakeClock();
  const t: RadioCacheTarget = {};
  const c = new RadioCache(t, clock, silentLogger);
  const { m, reads } = modem();
  await c.refresh(m, 1000);
  c.event({ type: 'registration', registration: { state: 'registered', roaming: false, psAttached: true, rat: 'lte' } });
  await c.refresh(m, 1000);
  assert.is(reads(), 1, 'not within RADIO_STALE_MIN_MS');
  await clock.advance(RADIO_STALE_MIN_MS);
  await c.refresh(m, 1000);
  await settle();
  assert.is(reads(), 2);
});

test('network time and network reject events are kept; a new modem forgets the cell, not them', async () => {
  const clock = new FakeClock();
  const t: RadioCacheTarget = {};
  const c = new RadioCache(t, clock, silentLogger);
  c.event({ type: 'network-time', time: { utc: '2026-01-01T00:00:00Z', utcOffsetMinutes: 60, at: 5 } });
  c.event({ type: 'network-reject', reject: { cause: 11, causeName: 'plmn-not-allowed', at: 6 } });
  const a = modem();
  await c.refresh(a.m, 1000);
  assert.ok(t.radio);
  const b = modem();
  await c.refresh(b.m, 1000);
  assert.is(b.reads(), 1, 'another modem is read at once');
  c.reset();
  assert.is(t.radio, undefined);
  assert.is(t.networkTime?.utcOffsetMinutes, 60);
  assert.is(t.networkReject?.cause, 11);
});

test('a failed read keeps the old picture and is not retried inside the window; no radio() → nothing', async () => {
  const clock = new FakeClock();
  const t: RadioCacheTarget = {};
  const c = new RadioCache(t, clock, silentLogger);
  const x = modem();
  await c.refresh(x.m, 1000);
  x.fail(true);
  await clock.advance(RADIO_WINDOW_MS);
  await c.refresh(x.m, 1000);
  await settle();
  assert.is(t.radio?.serving?.pci, 1);
  await c.refresh(x.m, 1000);
  assert.is(x.reads(), 2);
  await c.refresh({} as Modem, 1000);
  assert.is(t.radio?.serving?.pci, 1);
});

test.run();
