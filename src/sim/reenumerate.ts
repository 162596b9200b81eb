// Harness helper: a simulated modem that re-enumerates — on the model's 'reenumerate' (a new USB composition applied at reset) its port vanishes and a new one appears at the same path speaking the other protocol.
import type { Logger } from '../log';
import { silentLogger } from '../log';
import { startMbimSimulator, type MbimSimulator } from './mbim-simulator';
import { QmiResponder, type QmiSimStats } from './qmi/responder';
import type { Scenario } from './scenario';
import { startSimulatedModem, type SimulatedModem } from './simulated-modem';
import type { Reenumeration } from './vendor-state';

/** A simulator of either protocol. */
export type AnySimulator = SimulatedModem<QmiSimStats> | MbimSimulator;

/** What followReenumeration resolves with: the new simulator on the same path and the protocol it speaks. */
export interface Reenumerated { sim: AnySimulator; protocol: 'qmi' | 'mbim'; composition: number }

/**
 * Waits for `sim`'s model to re-enumerate (vendor-state.ts), then unplugs `sim` (its pty closes:
 * the client's port hangs up), waits `gapMs` (default 300 ms: the USB bus without the modem) and
 * starts a new simulator of the new protocol at the same path, with `scenario` and the new
 * composition (an FCC lock comes back, as after a power cycle). Rejects after `timeoutMs`
 * (default 60 s) without a re-enumeration. The caller closes the new simulator.
 */
export function followReenumeration(sim: AnySimulator, scenario: Scenario, o: { gapMs?: number; timeoutMs?: number; log?: Logger } = {}): Promise<Reenumerated> {
  const log = o.log ?? silentLogger;
  return new Promise<Reenumerated>((resolve, reject) => {
    const timer = setTimeout(() => { sim.model.off('reenumerate', on); reject(new Error('the simulated modem did not re-enumerate')); }, o.timeoutMs ?? 60_000);
    const on = (r: Reenumeration) => {
      clearTimeout(timer);
      sim.model.off('reenumerate', on);
      // Let the reply to the reset go out first (a real modem may or may not get it out).
      setTimeout(() => {
        void (async () => {
          log.info(`re-enumerating as composition ${r.composition} (${r.protocol})`);
          await sim.unplug();
          await new Promise((d) => setTimeout(d, o.gapMs ?? 300));
          const usb = sim.scenario.usbComposition;
          const next: Scenario = { ...scenario, usbComposition: { current: r.composition, supported: usb ? [...usb.supported] : [r.composition] } };
          const opts = { path: sim.path, scenario: next, log };
          const started = r.protocol === 'mbim' ? await startMbimSimulator(opts) : await startSimulatedModem(opts, (x) => new QmiResponder(x));
          resolve({ sim: started, protocol: r.protocol, composition: r.composition });
        })().catch(reject);
      }, 50);
    };
    sim.model.on('reenumerate', on);
  });
}
