// QMI over MBIM for the simulator: QMUX frames from QMI service COMMANDs go to the QMI responder; its replies come back by transaction.
import { decodeFrame } from '../../qmi/frame';
import { Logger, silentLogger } from '../../log';
import { Clock } from '../../util/wait';
import type { ModemModel } from '../model';
import { QmiResponder, QmiSimStats } from '../qmi/responder';
import type { ResolvedScenario } from '../scenario';

/** Options of a QmiTunnel: the shared model and scenario, and where replies and indications go. */
export interface QmiTunnelOptions {
  model: ModemModel;
  scenario: ResolvedScenario;
  /** A QMUX response frame for the MBIM transaction `tid` that carried its request. */
  reply: (tid: number, frame: Uint8Array) => void;
  /** A QMUX indication frame (to go out as INDICATE_STATUS on the QMI service, CID 1). */
  indicate: (frame: Uint8Array) => void;
  clock?: Clock;
  log?: Logger;
}

/**
 * The QMI responder of the QMI simulator (same handlers, same CIDs, same model) behind the MBIM
 * QMI service (mbim.md §9): each request frame is remembered with its MBIM transaction id, keyed
 * by QMI service, client id and QMI transaction, so the response (which the responder may delay
 * by the scenario latency) returns in the COMMAND_DONE of the right MBIM transaction.
 */
export class QmiTunnel {
  private readonly responder: QmiResponder;
  private readonly pending = new Map<string, number[]>();
  private readonly log: Logger;

  constructor(private readonly opts: QmiTunnelOptions) {
    this.log = opts.log ?? silentLogger;
    this.responder = new QmiResponder({
      model: opts.model, scenario: { ...opts.scenario, unresponsive: false }, clock: opts.clock, log: this.log,
      send: (frame, kind) => (kind === 'response' ? this.onResponse(frame) : opts.indicate(frame)),
    });
  }

  /** The QMI responder's counters (requests by "svc Name", CIDs, indications…). */
  get stats(): QmiSimStats { return this.responder.stats; }

  /**
   * Takes the information buffer of a QMI msg COMMAND; returns false (nothing will answer)
   * when it is not one whole QMUX request frame.
   */
  request(tid: number, frame: Uint8Array): boolean {
    let key: string;
    try {
      const f = decodeFrame(frame);
      if (f.kind !== 'request') return false;
      key = `${f.service}:${f.cid}:${f.txn}`;
    } catch (e) {
      this.log.warn(`QMI msg tid=${tid}: not a QMUX frame: ${(e as Error).message}`);
      return false;
    }
    const list = this.pending.get(key) ?? [];
    list.push(tid);
    this.pending.set(key, list);
    this.responder.feed(frame);
    return true;
  }

  /** Stops the QMI responder (model listeners, delayed replies). */
  close(): void {
    this.responder.close();
    this.pending.clear();
  }

  private onResponse(frame: Uint8Array): void {
    const f = decodeFrame(frame);
    const key = `${f.service}:${f.cid}:${f.txn}`;
    const list = this.pending.get(key);
    const tid = list?.shift();
    if (list && list.length === 0) this.pending.delete(key);
    if (tid === undefined) { this.log.warn(`QMI response ${key} without a pending MBIM transaction`); return; }
    this.opts.reply(tid, frame);
  }
}
