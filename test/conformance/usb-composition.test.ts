// usb_composition against simulated modems: DMS Swi Get/Set USB Composition natively and as QMI over MBIM, the AT fallback, the re-enumeration and the other-protocol hint.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { UsbCompositionError, usbComposition } from '../../src/daemon/usb-composition';
import { MbimModem } from '../../src/modem/mbim-modem';
import { ModemError } from '../../src/modem/modem-errors';
import { openWithProtocolHint } from '../../src/modem/protocol-hint';
import { QmiModem } from '../../src/modem/qmi-modem';
import { silentLogger } from '../../src/log';
import { MbimSimulator, QmiSimulator, Scenario, startMbimSimulator, startQmiSimulator } from '../../src/sim';
import { followReenumeration } from '../../src/sim/reenumerate';
import { qmicli, ok, tempDir } from './sim-helpers';

const tmp = tempDir();
const closers: (() => Promise<void>)[] = [];
let n = 0;
test.after(async () => { for (const c of closers.reverse()) await c(); tmp.cleanup(); });

const SIERRA: Scenario = { identity: { manufacturer: 'Sierra Wireless, Incorporated', model: 'MC7455' }, usbComposition: { current: 6, supported: [6, 8, 9] } };
const noAt = () => Promise.reject(new Error('no AT expected'));
const signal = () => AbortSignal.timeout(20_000);

async function qmiSim(scenario: Scenario): Promise<QmiSimulator> {
  const s = await startQmiSimulator({ path: path.join(tmp.dir, `wdm${n++}`), scenario });
  closers.push(() => s.close());
  return s;
}
async function mbimSim(scenario: Scenario): Promise<MbimSimulator> {
  const s = await startMbimSimulator({ path: path.join(tmp.dir, `wdm${n++}`), scenario });
  closers.push(() => s.close());
  return s;
}

async function errorOf<T extends Error>(p: Promise<unknown>, type: new (...a: any[]) => T): Promise<T> {
  try { await p; } catch (e) { assert.instance(e, type); return e as T; }
  throw new Error('expected an error');
}

test('lists the compositions with names over QMI (port opened for the call), the current one marked', async () => {
  const sim = await qmiSim(SIERRA);
  const r = await usbComposition({ device: sim.path }, undefined, noAt, silentLogger, signal());
  assert.is(r.via, 'qmi');
  assert.is(r.current, 6);
  assert.equal(r.compositions, [
    { id: 6, name: 'DM, NMEA, AT, QMI', protocol: 'qmi', current: true },
    { id: 8, name: 'DM, NMEA, AT, MBIM', protocol: 'mbim', current: false },
    { id: 9, name: 'MBIM', protocol: 'mbim', current: false },
  ]);
  assert.is(sim.stats.requests['dms Swi Set USB Composition'], undefined, 'listing never sets');
  assert.equal(Object.values(sim.stats.cids).flat(), [], 'the DMS client of the call is released');
  assert.ok(sim.stats.allocations >= 1);
});

test('an unsupported composition is INVALID_ARGUMENT and nothing is set', async () => {
  const sim = await qmiSim(SIERRA);
  const e = await errorOf(usbComposition({ device: sim.path }, 3, noAt, silentLogger, signal()), UsbCompositionError);
  assert.is(e.ubusStatus, 'INVALID_ARGUMENT');
  assert.is(sim.stats.requests['dms Swi Set USB Composition'], undefined);
});

test('set 9 on the running QMI modem: Swi Set, reset, re-enumeration as MBIM; QMI open then says DEVICE_NOT_SUPPORTED naming proto mbim; mbim opens', async () => {
  const sim = await qmiSim(SIERRA);
  const next = followReenumeration(sim, SIERRA);
  const modem = await QmiModem.open(sim.path, { timeoutMs: 3000 });
  const gone = new Promise<string>((r) => modem.onEvent((e) => { if (e.type === 'gone') r(e.reason); }));
  const r = await usbComposition({ device: sim.path, modem, protocol: 'qmi' }, 9, noAt, silentLogger, signal());
  assert.is(r.changed, true);
  assert.is(r.previous, 6);
  assert.is(r.current, 9);
  assert.is(r.reenumerate, true);
  assert.match(String(r.message), /re-enumerates.*proto 'mbim'/);
  assert.is(sim.stats.requests['dms Swi Set USB Composition'], 1);
  await gone;
  await modem.close();
  const { sim: mb, protocol } = await next;
  closers.push(() => mb.close());
  assert.is(protocol, 'mbim');
  const t0 = Date.now();
  const e = await errorOf(openWithProtocolHint('qmi', mb.path, () => QmiModem.open(mb.path, { timeoutMs: 2000, openTimeoutMs: 4000 }), silentLogger), ModemError);
  assert.is(e.code, 'DEVICE_NOT_SUPPORTED');
  assert.equal(e.data, ['mbim']);
  assert.match(e.message, /speaks MBIM.*proto 'mbim'/);
  assert.ok(Date.now() - t0 < 15_000);
  const m2 = await openWithProtocolHint('mbim', mb.path, () => MbimModem.open(mb.path, { timeoutMs: 3000 }), silentLogger);
  closers.push(() => m2.close());
  const back = await usbComposition({ device: mb.path, modem: m2, protocol: 'mbim' }, undefined, noAt, silentLogger, signal());
  assert.is(back.via, 'qmi-over-mbim');
  assert.is(back.current, 9);
});

test('an MBIM interface on a port that speaks QMI: DEVICE_NOT_SUPPORTED naming proto qmi4g', async () => {
  const sim = await qmiSim({});
  const e = await errorOf(openWithProtocolHint('mbim', sim.path, () => MbimModem.open(sim.path, { timeoutMs: 2000, openTimeoutMs: 3000 }), silentLogger), ModemError);
  assert.is(e.code, 'DEVICE_NOT_SUPPORTED');
  assert.equal(e.data, ['qmi']);
  assert.match(e.message, /proto 'qmi4g'/);
});

test('a modem without the Sierra messages: AT!UDUSBCOMP on atdevice; set sends AT!UDUSBCOMP=8 and AT!RESET', async () => {
  const sim = await mbimSim({ identity: { manufacturer: 'Sierra Wireless, Incorporated', model: 'EM7455' } });
  const sent: string[] = [];
  const at = async (p: string, cmd: string, o: { allow?: string }) => {
    assert.is(p, '/dev/ttyUSB2');
    assert.is(o.allow, 'usb-composition');
    sent.push(cmd);
    if (cmd === 'AT!UDUSBCOMP?') return '!UDUSBCOMP: 6';
    if (cmd === 'AT!UDUSBCOMP=?') return ['0 - HIP  DM    NMEA  AT    MDM1  MDM2  MDM3  MS      NOT SUPPORTED', '6 - DM   NMEA  AT    QMI                               SUPPORTED', '8 - DM   NMEA  AT    MBIM                              SUPPORTED'].join('\n');
    return '';
  };
  const r = await usbComposition({ device: sim.path, atdevice: '/dev/ttyUSB2', manufacturer: 'Sierra Wireless' }, undefined, at, silentLogger, signal());
  assert.is(r.via, 'at-sierra');
  assert.equal((r.compositions as { id: number }[]).map((c) => c.id), [6, 8]);
  assert.is(sim.stats.qmi.requests['dms Swi Get USB Composition'], 1, 'QMI over MBIM was asked first');
  sent.length = 0;
  const s = await usbComposition({ device: sim.path, atdevice: '/dev/ttyUSB2', manufacturer: 'Sierra Wireless' }, 8, at, silentLogger, signal());
  assert.is(s.protocol, 'mbim');
  assert.equal(sent.slice(-3), ['AT!ENTERCND="A710"', 'AT!UDUSBCOMP=8', 'AT!RESET']);
});

test('Quectel over AT: AT+QCFG="usbnet" lists the USB network modes; set 2 (MBIM) restarts with AT+CFUN=1,1', async () => {
  const sim = await qmiSim({});
  const sent: string[] = [];
  const at = async (_p: string, cmd: string) => { sent.push(cmd); return cmd === 'AT+QCFG="usbnet"' ? '+QCFG: "usbnet",0' : ''; };
  const r = await usbComposition({ device: sim.path, atdevice: '/dev/ttyUSB2', manufacturer: 'Quectel' }, undefined, at, silentLogger, signal());
  assert.is(r.via, 'at-quectel');
  assert.equal((r.compositions as { id: number; protocol: string; current: boolean }[]).find((c) => c.current), { id: 0, name: 'RmNet (QMI)', protocol: 'qmi', current: true });
  await usbComposition({ device: sim.path, atdevice: '/dev/ttyUSB2', manufacturer: 'Quectel' }, 2, at, silentLogger, signal());
  assert.equal(sent.slice(-2), ['AT+QCFG="usbnet",2', 'AT+CFUN=1,1']);
});

test('no Sierra messages and no atdevice: NOT_SUPPORTED saying what to set', async () => {
  const sim = await qmiSim({});
  const e = await errorOf(usbComposition({ device: sim.path }, undefined, noAt, silentLogger, signal()), UsbCompositionError);
  assert.is(e.ubusStatus, 'NOT_SUPPORTED');
  assert.match(e.message, /InvalidQmiCommand.*atdevice/);
});

test('qmicli --dms-swi-set-usb-composition then a reset re-enumerates the simulator; qmicli no longer opens it in QMI mode', async () => {
  const sim = await qmiSim(SIERRA);
  const next = followReenumeration(sim, SIERRA);
  ok(await qmicli(sim.path, ['--dms-swi-set-usb-composition=8']), 'set');
  await qmicli(sim.path, ['--dms-set-operating-mode=reset']);
  const { sim: mb } = await next;
  closers.push(() => mb.close());
  const r = await qmicli(mb.path, ['--dms-get-ids'], 8000);
  assert.is.not(r.code, 0, 'the port speaks MBIM now');
});

test.run();
