// Modem simulator entry points: start a QMI one on a pty (tests, demo), re-export the MBIM one, and the `qmi4g sim` command.
import * as fs from 'node:fs';
import { Logger, createLogger, silentLogger } from '../log';
import { Clock, systemClock, waitFor } from '../util/wait';
import { FrameSender } from './delivery';
import { CallEnd, CallEndReason, ModemModel, RegistrationView, ModelRegistrationState } from './model';
import { SimPty } from './pty';
import { QmiResponder, QmiSimStats } from './qmi/responder';
import { ResolvedScenario, Scenario, ScenarioError, resolveScenario } from './scenario';
import { MbimSimulator, startMbimSimulator } from './mbim-simulator';

export type { Scenario, ResolvedScenario } from './scenario';
export { ScenarioError, resolveScenario, DEFAULT_SCENARIO } from './scenario';
export type { QmiSimStats, CapturedRequest } from './qmi/responder';
export { ModemModel, CallEndReason } from './model';
export { startMbimSimulator } from './mbim-simulator';
export type { MbimSimulator, MbimSimulatorOptions } from './mbim-simulator';
export type { MbimSimStats, CapturedMbimMessage } from './mbim/responder';

/** Options of startQmiSimulator: pty link path, scenario (validated here), clock for the model and latency. */
export interface QmiSimulatorOptions {
  path: string;
  scenario?: Scenario;
  clock?: Clock;
  log?: Logger;
  /** socat binary (default `socat` on PATH). */
  socat?: string;
}

/** A running simulated QMI modem whose control port is `path`. */
export interface QmiSimulator {
  readonly path: string;
  readonly scenario: ResolvedScenario;
  readonly model: ModemModel;
  readonly stats: QmiSimStats;
  /** Output counters: writes made, frames sent, writes that carried garbage bytes. */
  readonly delivery: { readonly writes: number; readonly frames: number; readonly garbageWrites: number };
  /** Stops socat, removes the link, stops the model's timers. Harmless twice. */
  close(): Promise<void>;
  /** The network drops the data call(s): all sessions, or the one with `handle`. Returns how many ended. */
  dropCall(end?: CallEnd, handle?: number): number;
  /** Changes registration (state and/or network facts); see ModemModel.setRegistration. */
  setRegistration(change: Partial<Omit<RegistrationView, 'state'>> & { state?: ModelRegistrationState; never?: boolean; denied?: boolean }): void;
  /** Drops (true) or answers (false) every request from now on. */
  setUnresponsive(on: boolean): void;
  /** Closes the pty as an unplugged modem would: the client's port hangs up (EIO / end of file). */
  unplug(): Promise<void>;
  /** Resolves when every queued frame has been written. */
  idle(): Promise<void>;
  /** Resolves with the reason once the pty has closed (close(), unplug() or socat died). */
  readonly ended: Promise<string>;
}

/**
 * Starts a simulated QMI modem on a raw pty linked at `opts.path`. Throws ScenarioError for a
 * bad scenario and Error when socat cannot make the pty (see SimPty.open).
 */
export async function startQmiSimulator(opts: QmiSimulatorOptions): Promise<QmiSimulator> {
  const scenario = resolveScenario(opts.scenario ?? {});
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? silentLogger;
  const pty = await SimPty.open({ path: opts.path, socat: opts.socat });
  const model = new ModemModel(scenario, clock);
  const sender = new FrameSender((b) => pty.write(b), {
    mode: scenario.delivery.mode, gapMs: scenario.delivery.gapMs, splitGapMs: scenario.delivery.splitGapMs, garbage: scenario.garbage,
  });
  const responder = new QmiResponder({ model, scenario, clock, log, send: (frame, kind) => sender.send(frame, kind) });
  pty.on('data', (chunk: Buffer) => responder.feed(chunk));
  const ended = new Promise<string>((resolve) => pty.once('close', (why: string) => {
    sender.clear();
    log.info(`pty at ${opts.path} closed: ${why}`);
    resolve(why);
  }));
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    responder.close();
    model.close();
    sender.clear();
    await pty.close();
  };
  return {
    path: opts.path, scenario, model, stats: responder.stats, delivery: sender.counters, close,
    dropCall: (end = CallEndReason.networkEnd, handle) => model.dropSession(handle, end),
    setRegistration: (change) => model.setRegistration(change),
    setUnresponsive: (on) => { responder.unresponsive = on; },
    unplug: close,
    idle: () => sender.idle(),
    ended,
  };
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

const USAGE = 'usage: qmi4g sim (--qmi PATH | --mbim PATH) [--scenario FILE.json]';

/**
 * `qmi4g sim (--qmi PATH | --mbim PATH) [--scenario FILE.json]`: serves a simulated QMI or MBIM
 * modem at PATH until SIGINT/SIGTERM. Returns the exit code: 0 after a signal, 1 if the pty
 * could not be made or went away, 2 on bad usage or scenario.
 */
export async function runSimCli(argv: string[], log: Logger = createLogger('sim')): Promise<number> {
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
  log.info(`${protocol === 'mbim' ? 'MBIM' : 'QMI'} modem ${sim.scenario.identity.manufacturer} ${sim.scenario.identity.model} at ${path}${scenarioFile ? ` (scenario ${scenarioFile})` : ''}`);
  const reason = await waitFor<string>('simulator', (done) => {
    const onSig = (s: NodeJS.Signals) => done(s);
    process.once('SIGINT', onSig);
    process.once('SIGTERM', onSig);
    void sim.ended.then(() => done('pty closed'));
    return () => { process.off('SIGINT', onSig); process.off('SIGTERM', onSig); };
  });
  await sim.close();
  log.info(`stopped (${reason})`);
  return reason === 'pty closed' ? 1 : 0;
}
