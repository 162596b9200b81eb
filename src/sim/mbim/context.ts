// Shared types of the simulator's MBIM handlers: routes, replies, and the MBIM-only state kept beside the ModemModel.
import type { CidDef } from '../../mbim/cid';
import type { Input } from '../../mbim/codec';
import type { Struct } from '../../mbim/struct';
import type { ModemModel } from '../model';
import type { ResolvedScenario } from '../scenario';

/** One MBIM data session (Connect SessionId) and the model sessions behind it: one per IP family granted. */
export interface MbimSession {
  readonly sessionId: number;
  /** ModemModel session handles (IPv4 first). */
  readonly handles: number[];
  /** MbimContextIpType granted: 1 IPv4, 2 IPv6, 3 IPv4v6. */
  readonly ipType: number;
  readonly apn: string;
}

/** State the MBIM side keeps that the protocol-neutral model has no notion of. */
export interface MbimState {
  /** The host detached the packet service (Packet Service set detach); attach clears it. */
  detached: boolean;
  /** Signal State set values: reporting interval (s), RSSI and error-rate thresholds. */
  signal: { signalStrengthInterval: number; rssiThreshold: number; errorRateThreshold: number };
  /** Active sessions by SessionId. */
  readonly sessions: Map<number, MbimSession>;
  /**
   * Device Service Subscribe List: CIDs per service UUID whose indications go out; undefined =
   * never set since OPEN, when every Basic Connect indication goes out and QMI ones do not.
   */
  subscriptions: Map<string, Set<number>> | undefined;
  /** MBIMEx version (BCD) agreed with the host by MS Basic Connect Extensions Version since OPEN; 0 = MBIM 1.0 layouts. */
  mbimex: number;
  /** DataClass of the last Register State set that named one (0 = none yet: every class the device has). */
  preferredDataClasses: number;
}

/** MS Basic Connect Extensions CIDs the simulator answers when the scenario's function speaks MBIMEx 2.0: Version (15). */
export const MS_BCE_CIDS = [15];

/** What a handler sees: the model, the scenario, the MBIM state, and the command kind. */
export interface MbimHandlerContext {
  readonly model: ModemModel;
  readonly scenario: ResolvedScenario;
  readonly state: MbimState;
  readonly kind: 'query' | 'set';
  /** Runs `fn` after this command's COMMAND_DONE went out (indications the command causes). */
  after(fn: () => void): void;
}

type ResponseInput<D extends CidDef> = D['response'] extends Struct<infer F> ? Input<F> : never;

/**
 * A handler's answer: status (mbim-errors.h MbimStatusError; 0 = success) and the response
 * values (or `buffer`, already encoded, when the layout depends on the MBIMEx version agreed); a
 * failed command may still carry a buffer (PIN attempts left, Connect NwError).
 */
export type MbimReply<D extends CidDef> = { status: number; values?: ResponseInput<D>; buffer?: Uint8Array; /** Extra hold-back beyond the scenario latency, ms (a long-running query such as Visible Providers). */ delayMs?: number };

/** One CID the simulator answers: its definition (the client's own) and a handler for query and set. */
export interface MbimRoute<D extends CidDef = CidDef> {
  readonly def: D;
  readonly handle: (req: Record<string, any>, ctx: MbimHandlerContext) => MbimReply<D>;
}

/** Declares a route; `req` is the decoded set or query buffer (decodeCommandBuffer with the definition). */
export function mbimRoute<D extends CidDef>(def: D, handle: (req: Record<string, any>, ctx: MbimHandlerContext) => MbimReply<D>): MbimRoute {
  return { def, handle } as unknown as MbimRoute;
}
