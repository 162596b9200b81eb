// MBIM modem simulator entry point: the MBIM responder on a pty, sharing ModemModel and Scenario with the QMI simulator.
import { MbimResponder, MbimSimStats } from './mbim/responder';
import { SimulatedModem, SimulatorOptions, startSimulatedModem } from './simulated-modem';

/** Options of startMbimSimulator (see SimulatorOptions). */
export type MbimSimulatorOptions = SimulatorOptions;

/** A running simulated MBIM modem whose control port is `path` (same shape as QmiSimulator). */
export type MbimSimulator = SimulatedModem<MbimSimStats>;

/**
 * Starts a simulated MBIM modem on a raw pty linked at `opts.path` (mbimcli -d PATH, qmicli
 * --device-open-mbim, MbimDevice). Each message or fragment goes out in its own write, paced
 * by the scenario's `delivery`. Throws ScenarioError for a bad scenario and Error when socat
 * cannot make the pty (see SimPty.open).
 */
export function startMbimSimulator(opts: MbimSimulatorOptions): Promise<MbimSimulator> {
  return startSimulatedModem(opts, (o) => new MbimResponder(o));
}
