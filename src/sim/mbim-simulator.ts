// MBIM modem simulator entry point: the MBIM responder on a pty, sharing ModemModel and Scenario with the QMI simulator.
import { Logger, silentLogger } from '../log';
import { Clock, systemClock } from '../util/wait';
import { FrameSender } from './delivery';
import { CallEnd, CallEndReason, ModemModel, ModelRegistrationState, RegistrationView } from './model';
import { MbimResponder, MbimSimStats } from './mbim/responder';
import { SimPty } from './pty';
import { ResolvedScenario, Scenario, resolveScenario } from './scenario';

/** Options of startMbimSimulator: pty link path, scenario (validated here), clock for the model and latency. */
export interface MbimSimulatorOptions {
  path: string;
  scenario?: Scenario;
  clock?: Clock;
  log?: Logger;
  /** socat binary (default `socat` on PATH). */
  socat?: string;
}

/** A running simulated MBIM modem whose control port is `path` (same shape as QmiSimulator). */
export interface MbimSimulator {
  readonly path: string;
  readonly scenario: ResolvedScenario;
  readonly model: ModemModel;
  readonly stats: MbimSimStats;
  /** Output counters: writes made, messages/fragments sent, writes that carried garbage bytes. */
  readonly delivery: { readonly writes: number; readonly frames: number; readonly garbageWrites: number };
  /** Stops socat, removes the link, stops the model's timers. Harmless twice. */
  close(): Promise<void>;
  /** The network drops the data call(s): all sessions, or the model session with `handle`. Returns how many model sessions ended. */
  dropCall(end?: CallEnd, handle?: number): number;
  /** Changes registration (state and/or network facts); see ModemModel.setRegistration. */
  setRegistration(change: Partial<Omit<RegistrationView, 'state'>> & { state?: ModelRegistrationState; never?: boolean; denied?: boolean }): void;
  /** Drops (true) or answers (false) every message from now on. */
  setUnresponsive(on: boolean): void;
  /** Closes the pty as an unplugged modem would: the client's port hangs up. */
  unplug(): Promise<void>;
  /** Resolves when every queued message has been written. */
  idle(): Promise<void>;
  /** Resolves with the reason once the pty has closed (close(), unplug() or socat died). */
  readonly ended: Promise<string>;
}

/**
 * Starts a simulated MBIM modem on a raw pty linked at `opts.path` (mbimcli -d PATH, qmicli
 * --device-open-mbim, MbimDevice). Each message or fragment goes out in its own write, paced
 * by the scenario's `delivery`. Throws ScenarioError for a bad scenario and Error when socat
 * cannot make the pty (see SimPty.open).
 */
export async function startMbimSimulator(opts: MbimSimulatorOptions): Promise<MbimSimulator> {
  const scenario = resolveScenario(opts.scenario ?? {});
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? silentLogger;
  const pty = await SimPty.open({ path: opts.path, socat: opts.socat });
  const model = new ModemModel(scenario, clock);
  const sender = new FrameSender((b) => pty.write(b), {
    mode: scenario.delivery.mode, gapMs: scenario.delivery.gapMs, splitGapMs: scenario.delivery.splitGapMs, garbage: scenario.garbage,
  });
  const responder = new MbimResponder({ model, scenario, clock, log, send: (bytes, kind) => sender.send(bytes, kind) });
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
