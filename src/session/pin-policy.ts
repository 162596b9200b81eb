// PIN safety: decide whether to send the configured PIN (pure), and remember PINs the SIM rejected.
import { createHash } from 'node:crypto';
import type { SimStatus } from '../modem/modem';
import type { NetifdErrorCode } from '../modem/modem-errors';

/** What to do about the SIM: go on, send the PIN, or stop with a netifd error code. */
export type PinDecision =
  | { action: 'proceed' }
  | { action: 'wait'; reason: string }
  | { action: 'verify' }
  | { action: 'fail'; code: NetifdErrorCode; reason: string };

/**
 * Remembers (SIM id, PIN) pairs the SIM rejected, as salted hashes (never the PIN), so a wrong
 * PIN is tried once, ever, until the configuration changes.
 */
export class PinLedger {
  private readonly rejected = new Set<string>();
  private key(simId: string, pin: string): string { return createHash('sha256').update(`qmi4g:${simId}:${pin}`).digest('hex'); }
  /** Records a rejection. */
  reject(simId: string, pin: string): void { this.rejected.add(this.key(simId, pin)); }
  /** Was this PIN rejected by this SIM before? */
  wasRejected(simId: string, pin: string): boolean { return this.rejected.has(this.key(simId, pin)); }
}

/**
 * The PIN rule (OpenWrt qmi.sh, tightened): send the PIN only when the SIM asks for it, a pincode
 * is configured, the modem reports more than 1 retry left (unknown retries = do not risk it), and
 * this PIN was not rejected before.
 */
export function decidePin(sim: SimStatus, pincode: string | undefined, rejectedBefore: boolean): PinDecision {
  switch (sim.state) {
    case 'ready': return { action: 'proceed' };
    case 'initializing': return { action: 'wait', reason: 'SIM is initialising' };
    case 'absent': return { action: 'fail', code: 'SIM_NOT_INITIALIZED', reason: 'no SIM card present' };
    case 'error': return { action: 'fail', code: 'SIM_ILLEGAL_STATE', reason: 'SIM card error or illegal state' };
    case 'puk-required': return { action: 'fail', code: 'PUK_NEEDED', reason: `SIM is PIN-blocked: PUK required (${sim.pukRetries ?? '?'} PUK tries left)` };
    case 'blocked': return { action: 'fail', code: 'PUK_NEEDED', reason: 'SIM is permanently blocked' };
    case 'pin-required':
      if (!pincode) return { action: 'fail', code: 'PIN_NOT_SPECIFIED', reason: 'SIM PIN required but pincode not set' };
      if (rejectedBefore) return { action: 'fail', code: 'PIN_FAILED', reason: 'the configured PIN was rejected before; not trying it again until the config changes' };
      if (sim.pinRetries === undefined || sim.pinRetries <= 1) {
        return { action: 'fail', code: 'PIN_TRIES_BELOW_LIMIT', reason: `SIM reports ${sim.pinRetries ?? 'unknown'} PIN tries left; refusing to try` };
      }
      return { action: 'verify' };
  }
}
