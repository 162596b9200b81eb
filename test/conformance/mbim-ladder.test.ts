// The hang ladder on MBIM against the simulator: a wedged function cured only by one rung (scenario mbim.wedge) — reopen, new MBIM session (CLOSE/OPEN), DMS reset over QMI-over-MBIM, AT — and the order the rungs come in.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { startMbimSimulator, MbimSimulator } from '../../src/sim';
import type { MbimWedgeCure } from '../../src/sim/mbim/knobs';
import { MbimModem } from '../../src/modem/mbim-modem';
import type { DataSession, Modem } from '../../src/modem/modem';
import { parseInterfaceConfig } from '../../src/daemon/config';
import { makeRecoverer, recoveryAvailable } from '../../src/daemon/recovery-deps';
import { silentLogger } from '../../src/log';
import { PinLedger } from '../../src/session/pin-policy';
import { Session } from '../../src/session/session';
import type { SessionConfig, SessionHooks } from '../../src/session/session-types';
import { waitFor } from '../../src/util/wait';
import { tempDir } from './sim-helpers';

const tmp = tempDir();
test.after(() => tmp.cleanup());

interface Run { actions: string[]; at: string[]; ups: number; sim: MbimSimulator; session: Session }

/** A session on a simulated MBIM modem whose function wedges 300 ms after the first call is up, cured only by `cure`. */
async function runLadder(cure: MbimWedgeCure, name: string): Promise<Run> {
  const port = path.join(tmp.dir, name);
  const sim = await startMbimSimulator({ path: port, scenario: { registration: { delayMs: 20 }, mbim: { wedge: { cure, afterMs: 300 } } } });
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
    hooks, pinLedger: new PinLedger(), random: () => 0.5,
    recover: async (action, device, signal) => { actions.push(action); await recover(action, device, signal); },
    recoveryAvailable: recoveryAvailable('mbim', ifc),
  });
  const run = { actions, at, get ups() { return ups; }, sim, session };
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
  assert.equal(a, { sessionReset: true, modemReset: true, atReset: true });
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
  await finish(r);
});

test('wedge that nothing over MBIM cures: the AT rung comes last (AT+CFUN=1,1 on atdevice)', async () => {
  const r = await runLadder('at', 'wdm-at');
  assert.equal(r.actions, ['session-reset', 'modem-reset', 'at-reset']);
  assert.equal(r.at, ['/dev/ttyFAKE2 AT+CFUN=1,1']);
  assert.is(r.sim.model.resets, 0, 'the QMI reset got no answer');
  await finish(r);
});

test.run();
