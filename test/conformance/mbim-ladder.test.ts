// The hang ladder on MBIM against the simulator: a wedged function cured only by one rung (scenario mbim.wedge) — reopen, new MBIM session (CLOSE/OPEN), DMS reset over QMI-over-MBIM (only when Device Services lists QMI, mbim.qmi), AT — and the order the rungs come in.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { startMbimSimulator, MbimSimulator } from '../../src/sim';
import type { MbimWedgeCure } from '../../src/sim/mbim/knobs';
import { MbimModem } from '../../src/modem/mbim-modem';
import { MbimStatusError } from '../../src/mbim/errors';
import { Msg as QmiMsg } from '../../src/mbim/services/qmi';
import type { DataSession, Modem } from '../../src/modem/modem';
import { parseInterfaceConfig } from '../../src/daemon/config';
import { makeRecoverer, recoveryAvailable } from '../../src/daemon/recovery-deps';
import { Logger, silentLogger } from '../../src/log';
import { PinLedger } from '../../src/session/pin-policy';
import { Session } from '../../src/session/session';
import type { SessionConfig, SessionHooks } from '../../src/session/session-types';
import { waitFor } from '../../src/util/wait';
import { tempDir } from './sim-helpers';

const tmp = tempDir();
test.after(() => tmp.cleanup());

interface Run { actions: string[]; at: string[]; ups: number; sim: MbimSimulator; session: Session; logs: string[] }

/** A logger keeping its lines (level and text) in `lines`. */
function recordingLogger(lines: string[]): Logger {
  const l: Logger = {
    error: (m) => lines.push(`error: ${m}`), warn: (m) => lines.push(`warn: ${m}`), info: (m) => lines.push(`info: ${m}`), debug() {}, debugEnabled: false, child: () => l,
  };
  return l;
}

/** A session on a simulated MBIM modem whose function wedges 300 ms after the first call is up, cured only by `cure`; `qmi` false: no QMI-over-MBIM. */
async function runLadder(cure: MbimWedgeCure, name: string, o: { qmi?: boolean } = {}): Promise<Run> {
  const port = path.join(tmp.dir, name);
  const sim = await startMbimSimulator({ path: port, scenario: { registration: { delayMs: 20 }, mbim: { wedge: { cure, afterMs: 300 }, ...(o.qmi === undefined ? {} : { qmi: o.qmi }) } } });
  const logs: string[] = [];
  const ifc = parseInterfaceConfig({ device: port, apn: 'internet', atdevice: '/dev/ttyFAKE2' }, { flavor: 'mbim' });
  const actions: string[] = [];
  const at: string[] = [];
  // The modem's AT port, played here: AT+CFUN=1,1 restarts the modem.
  const sendAt = async (p: string, cmd: string) => { at.push(`${p} ${cmd}`); sim.reset(); return 'OK'; };
  const recover = makeRecoverer('mbim', ifc, sendAt, silentLogger, { timeoutMs: 400 });
  let ups = 0;
  const hooks: SessionHooks = {
    async linkUp(_s: DataSession[], _m: Modem) { ups++; }, async linkDown() {}, async error() {}, stateChanged() {},
  };
  const config: SessionConfig = {
    device: port, pdptype: 'ipv4', apn: 'internet', radio: {}, registrationTimeoutMs: 5000, delayMs: 0, registrationGraceMs: 5000,
    reconnectMinMs: 50, reconnectMaxMs: 200, livenessIntervalMs: 200, livenessTimeoutMs: 300,
  };
  const session = new Session('wdm0', config, {
    openModem: (device, signal) => MbimModem.open(device, { signal, timeoutMs: 400, openTimeoutMs: 800 }),
    hooks, pinLedger: new PinLedger(), random: () => 0.5, log: recordingLogger(logs),
    recover: async (action, device, signal) => { actions.push(action); await recover(action, device, signal); },
    recoveryAvailable: recoveryAvailable('mbim', ifc),
  });
  const run = { actions, at, get ups() { return ups; }, sim, session, logs };
  session.start();
  await waitFor<void>('connected again after the wedge', (done) => {
    const t = setInterval(() => { if (ups >= 2 && session.currentState === 'connected') done(); }, 20);
    return () => clearInterval(t);
  }, { timeoutMs: 25_000 }).catch(async (e) => {
    const why = `${(e as Error).message}: state ${session.currentState} (${session.snapshot().reason}); rungs ${actions.join(', ')}`;
    await finish(run);
    throw new Error(why);
  });
  return run;
}

async function finish(r: Run): Promise<void> {
  await r.session.stop();
  await r.sim.close();
}

test('ladder offered on MBIM: reopen → new MBIM session → reset over QMI-over-MBIM → AT (atdevice set)', () => {
  const a = recoveryAvailable('mbim', parseInterfaceConfig({ device: '/dev/cdc-wdm0', atdevice: '/dev/ttyUSB2' }, { flavor: 'mbim' }));
  assert.equal(a, { sessionReset: true, modemReset: true, atReset: true, modemResetNeedsOffer: true }, 'the reset over QMI-over-MBIM needs the modem to list QMI');
  assert.equal(recoveryAvailable('qmi', parseInterfaceConfig({ wdmif: '/dev/cdc-wdm0' })), { sessionReset: false, modemReset: true, atReset: false }, 'QMI unchanged');
});

test('wedge cured by OPEN: the first rung (reopen, no CLOSE) is enough; no reset sent', async () => {
  const r = await runLadder('open', 'wdm-open');
  assert.equal(r.actions, []);
  assert.is(r.sim.stats.closed, 0, 'a hung function gets no CLOSE');
  assert.ok(r.sim.stats.opened >= 2, 'OPEN again');
  assert.ok(r.sim.stats.dropped > 0, 'the wedge dropped commands');
  await finish(r);
});

test('wedge cured only by CLOSE: reopen fails, the new-MBIM-session rung (CLOSE, then OPEN) cures it', async () => {
  const r = await runLadder('close', 'wdm-close');
  assert.equal(r.actions, ['session-reset']);
  const names = r.sim.stats.captured.map((m) => m.name);
  const closeAt = names.lastIndexOf('CLOSE');
  assert.ok(closeAt > 0 && names.slice(closeAt + 1).includes('OPEN'), 'CLOSE, then OPEN');
  assert.is((r.sim.stats.qmi.requests['dms Set Operating Mode'] ?? 0), 0, 'no reset');
  await finish(r);
});

test('wedge cured only by a modem reset: CLOSE/OPEN fails, DMS Set Operating Mode reset over QMI-over-MBIM cures it', async () => {
  const r = await runLadder('qmi-reset', 'wdm-reset');
  assert.equal(r.actions, ['session-reset', 'modem-reset']);
  assert.is(r.sim.model.resets, 1, 'one DMS reset');
  assert.equal(r.at, [], 'no AT');
  assert.equal(r.logs.filter((l) => /skipping/.test(l)), [], 'nothing skipped: Device Services lists QMI-over-MBIM');
  await finish(r);
});

test('wedge that nothing over MBIM cures: the AT rung comes last (AT+CFUN=1,1 on atdevice)', async () => {
  const r = await runLadder('at', 'wdm-at');
  assert.equal(r.actions, ['session-reset', 'modem-reset', 'at-reset']);
  assert.equal(r.at, ['/dev/ttyFAKE2 AT+CFUN=1,1']);
  assert.is(r.sim.model.resets, 0, 'the QMI reset got no answer');
  await finish(r);
});

test('a modem whose Device Services do not list QMI-over-MBIM: the reset over it is skipped (logged, with why), the AT rung comes next; no QMI msg sent', async () => {
  const r = await runLadder('at', 'wdm-noqmi', { qmi: false });
  assert.equal(r.actions, ['session-reset', 'at-reset']);
  assert.equal(r.at, ['/dev/ttyFAKE2 AT+CFUN=1,1']);
  assert.is(r.sim.stats.requests['QMI msg'] ?? 0, 0, 'no QMI msg ever sent');
  const skips = r.logs.filter((l) => /skipping modem-reset/.test(l));
  assert.is(skips.length, 1, r.logs.join('\n'));
  assert.match(skips[0], /do not list QMI-over-MBIM \(d1a30bc2-f97a-6e43-bf65-c7e24fb0f0d3\); next rung: at-reset/);
  await finish(r);
});

test('mbim.qmi false: Device Services without the QMI service, QMI msg answered NoDeviceSupport; MbimModem says no reset is offered', async () => {
  for (const qmi of [true, false]) {
    const port = path.join(tmp.dir, `wdm-offer-${qmi}`);
    const sim = await startMbimSimulator({ path: port, scenario: { mbim: { qmi } } });
    const m = await MbimModem.open(port, { timeoutMs: 1000 });
    try {
      assert.is(m.hasQmi, qmi);
      assert.is(m.modemResetOffer.offered, qmi);
      if (!qmi) {
        assert.match(m.modemResetOffer.reason, /do not list QMI-over-MBIM/);
        assert.is(m.qmiOverMbim(), undefined, 'no QMI device over MBIM');
        // Asked anyway (as qmicli --device-open-mbim would): the function knows no such service.
        // CTL Get Version Info as a QMUX frame: the first thing qmicli --device-open-mbim sends.
        const e = await m.device.command(QmiMsg, 'set', { qmiMsg: new Uint8Array([1, 11, 0, 0, 0, 0, 0, 1, 0x21, 0, 0, 0]) }, { timeoutMs: 1000 }).then(() => undefined, (x) => x as Error);
        assert.instance(e, MbimStatusError);
        assert.is((e as MbimStatusError).mbimName, 'NoDeviceSupport');
      }
    } finally {
      await m.close({ polite: false });
      await sim.close();
    }
  }
});

test.run();
