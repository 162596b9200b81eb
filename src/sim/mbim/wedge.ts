// A wedged MBIM function (scenario `mbim.wedge`): which host messages it still answers, and what brings it back.
import type { Logger } from '../../log';
import type { MbimMessage } from '../../mbim/message';
import { ServiceUuid } from '../../mbim/uuid';
import type { Clock } from '../../util/wait';
import type { MbimWedgeCure } from './knobs';

/**
 * The wedge of one simulated function: armed until the first data session is up, wedged
 * `afterMs` later (once), then over when its cure arrives (see MbimWedgeCure) or the modem
 * restarts (`cure('reset')`: a DMS reset over QMI-over-MBIM, or SimulatedModem.reset()).
 */
export class MbimWedge {
  private phase: 'armed' | 'waiting' | 'wedged' | 'over';

  constructor(private readonly cfg: { cure: MbimWedgeCure; afterMs: number } | undefined, private readonly clock: Clock,
    private readonly timers: Set<unknown>, private readonly log: Logger) {
    this.phase = cfg ? 'armed' : 'over';
  }

  /** 'armed', 'waiting', the cure awaited while wedged (e.g. 'close'), or 'over'. */
  get state(): string { return this.phase === 'wedged' ? this.cfg!.cure : this.phase; }

  /** A Connect activation succeeded: an armed wedge starts its countdown. */
  sessionUp(): void {
    if (this.phase !== 'armed') return;
    this.phase = 'waiting';
    const t = this.clock.setTimeout(() => {
      this.timers.delete(t);
      if (this.phase !== 'waiting') return;
      this.phase = 'wedged';
      this.log.info(`MBIM function wedged (cured by ${this.cfg!.cure})`);
    }, this.cfg!.afterMs);
    this.timers.add(t);
  }

  /** The modem restarted: a wedge is over (an armed one stays armed). */
  cure(_why: 'reset'): void {
    if (this.phase === 'wedged' || this.phase === 'waiting') { this.phase = 'over'; this.log.info('MBIM function restarted: wedge over'); }
  }

  /**
   * Is this host message answered? While wedged: `open` — an OPEN cures it; `close` — OPEN is
   * answered but only CLOSE cures it; `qmi-reset` — OPEN, CLOSE and QMI msg are answered, Basic
   * Connect is not; `at` — nothing is. Commands not answered are dropped (no COMMAND_DONE).
   */
  passes(m: MbimMessage): boolean {
    if (this.phase !== 'wedged') return true;
    const cure = this.cfg!.cure;
    const over = () => { this.phase = 'over'; this.log.info(`MBIM function cured by ${m.type.toUpperCase()}`); return true; };
    switch (cure) {
      case 'open': return m.type === 'open' ? over() : false;
      case 'close': return m.type === 'close' ? over() : m.type === 'open';
      case 'qmi-reset': return m.type === 'open' || m.type === 'close' || (m.type === 'command' && m.service === ServiceUuid.qmi);
      default: return false;
    }
  }
}
