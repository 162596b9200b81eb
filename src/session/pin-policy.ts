// PIN safety: decide whether to send the configured PIN (pure), and remember PINs the SIM rejected.
import { platform } from '../platform';
import { toHex } from '../util/bytes';
import { dirName } from '../util/path';
import type { SimStatus } from '../modem/modem';
import type { NetifdErrorCode } from '../modem/modem-errors';

/** What to do about the SIM: go on, send the PIN, or stop with a netifd error code. */
export type PinDecision =
  | { action: 'proceed' }
  | { action: 'wait'; reason: string }
  | { action: 'verify' }
  | { action: 'fail'; code: NetifdErrorCode; reason: string };

/** File format of a persisted ledger: a random salt and the salted hashes of rejected (SIM id, PIN) pairs. */
interface LedgerFile { version: 1; salt: string; rejected: string[] }

/**
 * Remembers (SIM id, PIN) pairs the SIM rejected, as salted hashes (never the PIN), so a wrong
 * PIN is tried once, ever, until the configuration changes. With `file`, the ledger survives
 * daemon restarts: it is read at construction (a missing or unreadable file starts empty, logged
 * by the caller through `loadError`) and rewritten atomically (temp file + rename, mode 0600) on
 * every rejection — a rare event, so flash wear does not matter.
 */
export class PinLedger {
  private readonly rejected = new Set<string>();
  private salt = 'qmi4g';
  /** Why the file could not be read (undefined when it was read or did not exist). */
  readonly loadError?: string;

  constructor(readonly file?: string) {
    if (!file) return;
    try {
      const parsed = JSON.parse(platform.fs.readText(file)) as Partial<LedgerFile>;
      if (parsed.version !== 1 || typeof parsed.salt !== 'string' || !Array.isArray(parsed.rejected)) throw new Error('not a qmi4g PIN ledger');
      this.salt = parsed.salt;
      for (const h of parsed.rejected) if (typeof h === 'string' && /^[0-9a-f]{64}$/.test(h)) this.rejected.add(h);
    } catch (e) {
      const err = e as Error & { code?: string };
      if (err.code !== 'ENOENT') this.loadError = err.message;
      this.salt = toHex(platform.randomBytes(16));
    }
  }

  private key(simId: string, pin: string): string { return toHex(platform.sha256(`${this.salt}:${simId}:${pin}`)); }

  /** Records a rejection (and persists it when the ledger has a file; a write error is thrown after the in-memory record). */
  reject(simId: string, pin: string): void {
    this.rejected.add(this.key(simId, pin));
    if (this.file) this.save(this.file);
  }

  /** Was this PIN rejected by this SIM before? */
  wasRejected(simId: string, pin: string): boolean { return this.rejected.has(this.key(simId, pin)); }

  private save(file: string): void {
    const body: LedgerFile = { version: 1, salt: this.salt, rejected: [...this.rejected] };
    platform.fs.mkdirp(dirName(file), 0o700);
    platform.fs.writeFileAtomic(file, `${JSON.stringify(body)}\n`, 0o600);
  }
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
