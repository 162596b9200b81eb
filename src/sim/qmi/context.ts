// Shared types of the simulator's QMI service handlers: routes, replies and per-client state.
import { QmiError } from '../../qmi/errors';
import type { MessageDef, RequestOf, ResponseOf, ServiceName } from '../../qmi/message';
import type { ModemModel } from '../model';
import type { ResolvedScenario } from '../scenario';

/** Per-client (service + CID) state the handlers keep: indication switches, WDS IP family. */
export interface ClientState {
  readonly service: ServiceName;
  readonly cid: number;
  /** NAS Serving System indications: on by default (see responder), Register Indications 0x13 switches them. */
  servingSystemInd: boolean;
  /** NAS Signal Info indications (Register Indications 0x19). */
  signalInfoInd: boolean;
  /** NAS Config Signal Info received: thresholds set, so signal changes are indicated (scenario `signal.indicationsNeedConfig`). */
  signalConfigured: boolean;
  /** NAS Network Time indications (Register Indications 0x17). */
  networkTimeInd?: boolean;
  /** NAS Network Reject indications (Register Indications 0x21). */
  networkRejectInd?: boolean;
  /** UIM Card Status indications (Register Events mask bit 0x01). */
  cardStatusInd: boolean;
  /** WDS Set IP Family value for the next Start Network (4 or 6). */
  ipFamily: 4 | 6;
  /** WMS Event Report indications for new MT messages (Set Event Report 0x10). */
  wmsEventReport?: boolean;
}

/** What a handler sees: the model, the scenario, the calling client and a way to raise indications. */
export interface HandlerContext {
  readonly model: ModemModel;
  readonly scenario: ResolvedScenario;
  readonly client: ClientState;
  /** True when the SIM's PIN1 protection is enabled (the scenario did not start the SIM ready). */
  readonly pinEnabled: boolean;
}

/**
 * A handler's answer: success values, or a QMI error code with optional extra TLV values;
 * `delayMs` holds the response back that much longer than the scenario latency (a long-running
 * request such as NAS Network Scan).
 */
export type Reply<M> = ({ values: ResponseOf<M> } | { error: number; values?: Partial<ResponseOf<M>> }) & { delayMs?: number };

/** One message the simulator answers, with its definition (the same one the client uses). */
export interface Route<M extends MessageDef<any, any, any> = MessageDef<any, any, any>> {
  readonly def: M;
  readonly handle: (req: RequestOf<M>, ctx: HandlerContext) => Reply<M>;
}

/** Declares a route with the request/response types carried from the definition. */
export function route<M extends MessageDef<any, any, any>>(def: M, handle: (req: RequestOf<M>, ctx: HandlerContext) => Reply<M>): Route {
  return { def, handle } as unknown as Route;
}

/** QMI error codes the simulator answers with (libqmi qmi-errors.h QmiProtocolError). */
export const SimError = Object.freeze({
  ...QmiError, MalformedMessage: 1, Internal: 3, ClientIdsExhausted: 5, InvalidHandle: 9, InvalidServiceType: 31,
  InvalidIpFamilyPreference: 64, InformationUnavailable: 74, ExtendedInternal: 81, InvalidTransition: 60,
});
