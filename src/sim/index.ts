// Modem simulator entry points: start a QMI one on a pty (tests, demo), re-export the MBIM one, and the `qmi4g sim` command.
import * as fs from 'node:fs';
import { Logger, createLogger } from '../log';
import { waitFor } from '../util/wait';
import { QmiResponder, QmiSimStats } from './qmi/responder';
import { ResolvedScenario, Scenario, ScenarioError, resolveScenario } from './scenario';
import { SimulatedModem, SimulatorOptions, startSimulatedModem } from './simulated-modem';
import { MbimSimulator, startMbimSimulator } from './mbim-simulator';
import { runSendSms, startSmsControl } from './sms-control';
import { followReenumeration } from './reenumerate';

export type { Scenario, ResolvedScenario } from './scenario';
export { ScenarioError, resolveScenario, DEFAULT_SCENARIO } from './scenario';
export type { QmiSimStats, CapturedRequest } from './qmi/responder';
export { ModemModel, CallEndReason } from './model';
export type { SimulatedModem, SimulatorOptions } from './simulated-modem';
export { startMbimSimulator } from './mbim-simulator';
export type { MbimSimulator, MbimSimulatorOptions } from './mbim-simulator';
export type { MbimSimStats, CapturedMbimMessage } from './mbim/responder';

/** Options of startQmiSimulator (see SimulatorOptions). */
export type QmiSimulatorOptions = SimulatorOptions;

/** A running simulated QMI modem whose control port is `path`. */
export type QmiSimulator = SimulatedModem<QmiSimStats>;

/**
 * Starts a simulated QMI modem on a raw pty linked at `opts.path`. Throws ScenarioError for a
 * bad scenario and Error when socat cannot make the pty (see SimPty.open).
 */
export function startQmiSimulator(opts: QmiSimulatorOptions): Promise<QmiSimulator> {
  return startSimulatedModem(opts, (o) => new QmiResponder(o));
}

/** Reads and validates a scenario file; throws ScenarioError naming the file (bad JSON) or the bad key. */
export function loadScenarioFile(file: string): ResolvedScenario {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ScenarioError(file, (e as Error).message);
  }
  return resolveScenario(parsed);
}

const USAGE = 'usage: qmi4g sim (--qmi PATH | --mbim PATH) [--scenario FILE.json]\n       qmi4g sim send-sms PATH --from NUMBER --text TEXT [--order 2,1,3]';

/**
 * `qmi4g sim (--qmi PATH | --mbim PATH) [--scenario FILE.json]`: serves a simulated QMI or MBIM
 * modem at PATH until SIGINT/SIGTERM. Returns the exit code: 0 after a signal, 1 if the pty
 * could not be made or went away, 2 on bad usage or scenario.
 */
export async function runSimCli(argv: string[], log: Logger = createLogger('sim')): Promise<number> {
  if (argv[0] === 'send-sms') return runSendSms(argv.slice(1), (s) => process.stdout.write(s), (s) => log.error(s));
  let path: string | undefined;
  let protocol: 'qmi' | 'mbim' | undefined;
  let scenarioFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--qmi' || a === '--mbim') {
      if (protocol) { log.error(`give one of --qmi and --mbim\n${USAGE}`); return 2; }
      protocol = a === '--qmi' ? 'qmi' : 'mbim';
      path = argv[++i];
    } else if (a === '--scenario') scenarioFile = argv[++i];
    else if (a === '--help' || a === '-h') { process.stdout.write(`${USAGE}\n`); return 0; }
    else { log.error(`unknown argument ${a}\n${USAGE}`); return 2; }
  }
  if (!path) { log.error(USAGE); return 2; }
  let scenario: Scenario = {};
  try {
    if (scenarioFile) scenario = JSON.parse(fs.readFileSync(scenarioFile, 'utf8')) as Scenario;
    resolveScenario(scenario);
  } catch (e) {
    log.error(e instanceof ScenarioError ? e.message : `scenario ${scenarioFile}: ${(e as Error).message}`);
    return 2;
  }
  let sim: QmiSimulator | MbimSimulator;
  try {
    sim = protocol === 'mbim' ? await startMbimSimulator({ path, scenario, log }) : await startQmiSimulator({ path, scenario, log });
  } catch (e) {
    log.error((e as Error).message);
    return 1;
  }
  const stopControl = startSmsControl(sim.model, path);
  log.info(`${protocol === 'mbim' ? 'MBIM' : 'QMI'} modem ${sim.scenario.identity.manufacturer} ${sim.scenario.identity.model} at ${path}${scenarioFile ? ` (scenario ${scenarioFile})` : ''}`);
  // A USB composition change applied at reset re-enumerates the modem: the port comes back speaking the other protocol (reenumerate.ts).
  let reenumerating = false;
  const follow = (s: QmiSimulator | MbimSimulator) => {
    followReenumeration(s, scenario, { log, timeoutMs: 2 ** 31 - 1 }).then((r) => {
      reenumerating = false;
      sim = r.sim;
      log.info(`re-enumerated: composition ${r.composition}, ${r.protocol.toUpperCase()} at ${path}`);
      follow(sim);
    }, (e: Error) => log.error(`re-enumeration: ${e.message}`));
    s.model.once('reenumerate', () => { reenumerating = true; });
  };
  if (sim.scenario.usbComposition) follow(sim);
  const reason = await waitFor<string>('simulator', (done) => {
    const onSig = (s: NodeJS.Signals) => done(s);
    process.once('SIGINT', onSig);
    process.once('SIGTERM', onSig);
    const watch = (s: QmiSimulator | MbimSimulator) => void s.ended.then(() => { if (!reenumerating && s === sim) done('pty closed'); else setTimeout(() => watch(sim), 1000); });
    watch(sim);
    return () => { process.off('SIGINT', onSig); process.off('SIGTERM', onSig); };
  });
  stopControl();
  await sim.close();
  log.info(`stopped (${reason})`);
  return reason === 'pty closed' ? 1 : 0;
}
