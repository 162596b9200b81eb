// The protocol-independent half of a simulator: pty, pacing, model and the test-facing handle; QMI and MBIM plug in a responder.
import { Logger, silentLogger } from '../log';
import { Clock, systemClock } from '../util/wait';
import { FrameSender } from './delivery';
import { CallEnd, CallEndReason, ModemModel, ModelRegistrationState, RegistrationView } from './model';
import { SimPty } from './pty';
import { ResolvedScenario, Scenario, resolveScenario } from './scenario';

/** Options of a simulator: pty link path, scenario (validated here), clock for the model and latency. */
export interface SimulatorOptions {
  path: string;
  scenario?: Scenario;
  clock?: Clock;
  log?: Logger;
  /** socat binary (default `socat` on PATH). */
  socat?: string;
}

/** What a protocol responder offers the simulator: feed bytes in, drop requests, stop, and its stats. */
export interface SimResponder<Stats> {
  readonly stats: Stats;
  unresponsive: boolean;
  feed(chunk: Uint8Array): void;
  close(): void;
}

/** Builds a responder that answers through `send` (one whole encoded message or fragment per call). */
export type ResponderFactory<Stats> = (o: {
  model: ModemModel; scenario: ResolvedScenario; clock: Clock; log: Logger;
  send: (bytes: Uint8Array, kind: 'response' | 'indication') => void;
}) => SimResponder<Stats>;

/** A running simulated modem whose control port is `path`. `Stats` is the protocol's counters. */
export interface SimulatedModem<Stats> {
  readonly path: string;
  readonly scenario: ResolvedScenario;
  readonly model: ModemModel;
  readonly stats: Stats;
  /** Output counters: writes made, messages sent, writes that carried garbage bytes. */
  readonly delivery: { readonly writes: number; readonly frames: number; readonly garbageWrites: number };
  /** Stops socat, removes the link, stops the model's timers. Harmless twice. */
  close(): Promise<void>;
  /** The network drops the data call(s): all sessions, or the model session with `handle`. Returns how many ended. */
  dropCall(end?: CallEnd, handle?: number): number;
  /** Changes registration (state and/or network facts); see ModemModel.setRegistration. */
  setRegistration(change: Partial<Omit<RegistrationView, 'state'>> & { state?: ModelRegistrationState; never?: boolean; denied?: boolean }): void;
  /** Drops (true) or answers (false) every request from now on. */
  setUnresponsive(on: boolean): void;
  /** Closes the pty as an unplugged modem would: the client's port hangs up (EIO / end of file). */
  unplug(): Promise<void>;
  /** Resolves when every queued message has been written. */
  idle(): Promise<void>;
  /** Resolves with the reason once the pty has closed (close(), unplug() or socat died). */
  readonly ended: Promise<string>;
}

/**
 * Starts a simulated modem on a raw pty linked at `opts.path`, answering with the responder
 * `make` builds. Throws ScenarioError for a bad scenario and Error when socat cannot make the pty.
 */
export async function startSimulatedModem<Stats>(opts: SimulatorOptions, make: ResponderFactory<Stats>): Promise<SimulatedModem<Stats>> {
  const scenario = resolveScenario(opts.scenario ?? {});
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? silentLogger;
  const pty = await SimPty.open({ path: opts.path, socat: opts.socat });
  const model = new ModemModel(scenario, clock);
  const sender = new FrameSender((b) => pty.write(b), {
    mode: scenario.delivery.mode, gapMs: scenario.delivery.gapMs, splitGapMs: scenario.delivery.splitGapMs, garbage: scenario.garbage,
  });
  const responder = make({ model, scenario, clock, log, send: (bytes, kind) => sender.send(bytes, kind) });
  pty.on('data', (chunk: Uint8Array) => responder.feed(chunk));
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
