// The Basic Connect commands qmi4g uses whose layout depends on the MBIMEx version the function
// agreed (MS Basic Connect Extensions Version at open): Subscriber Ready Status and Connect set in
// the 1.0 layout, or the 3.0 one once 3.0 was agreed. Source: libmbim
// data/mbim-service-basic-connect.json, data/mbim-service-ms-basic-connect-v3.json (as mbimcli and
// ModemManager mm-bearer-mbim.c pick the v3 messages when the device agreed to MBIMEx 3.0).
import type { CommandOptions, MbimDevice } from '../mbim/device';
import type { NotificationOf, ResponseOf } from '../mbim/cid';
import { basicConnect as bc } from '../mbim/services';
import { ConnectV3, SubscriberReadyStatusV3 } from '../mbim/services/ms-basic-connect-v3';
import { MBIMEX_VERSION_3_0 } from '../mbim/services/ms-basic-connect-ext-v3';
import { ContextType } from '../mbim/uuid';

/** Subscriber Ready Status as both layouts decode it (the 3.0 Flags left out). */
export type SubscriberReadyValues = ResponseOf<typeof bc.SubscriberReadyStatus>;

/** True when the function agreed to MBIMEx 3.0 or later (`mbimex` BCD, 0 = MBIM 1.0). */
export function isMbimex3(mbimex: number | undefined): boolean { return (mbimex ?? 0) >= MBIMEX_VERSION_3_0; }

/** Subscriber Ready Status query in the agreed layout. Throws what MbimDevice.command throws. */
export function querySubscriberReady(device: MbimDevice, mbimex: number | undefined, o: CommandOptions): Promise<SubscriberReadyValues> {
  return isMbimex3(mbimex) ? device.command(SubscriberReadyStatusV3, 'query', {}, o) : device.command(bc.SubscriberReadyStatus, 'query', {}, o);
}

/** Subscribes to Subscriber Ready Status indications in the agreed layout; returns the unsubscribe function. */
export function onSubscriberReady(device: MbimDevice, mbimex: number, fn: (v: NotificationOf<typeof bc.SubscriberReadyStatus>) => void): () => void {
  return isMbimex3(mbimex) ? device.onIndication(SubscriberReadyStatusV3, fn) : device.onIndication(bc.SubscriberReadyStatus, fn);
}

/** What a Connect set carries (1.0 field names; defaults as in bc.Connect: session 0, empty strings, 0, Internet). */
export interface ConnectSetValues {
  sessionId: number;
  activationCommand: number;
  accessString?: string;
  userName?: string;
  password?: string;
  authProtocol?: number;
  ipType?: number;
}

/** The Connect answer both layouts share: session, activation state, IP type, NwError. */
export type ConnectStateValues = ResponseOf<typeof bc.Connect>;

/**
 * Connect set in the agreed layout: 1.0 (APN and credentials as strings first) or 3.0 (fixed
 * fields first, MediaPreference unknown, APN and credentials as TLV strings). Resolves with the
 * answer; throws what MbimDevice.command throws (MbimStatusError with the decoded answer).
 */
export function connectSet(device: MbimDevice, mbimex: number | undefined, v: ConnectSetValues, o: CommandOptions): Promise<ConnectStateValues> {
  const values = {
    sessionId: v.sessionId, activationCommand: v.activationCommand, accessString: v.accessString ?? '', userName: v.userName ?? '',
    password: v.password ?? '', authProtocol: v.authProtocol ?? 0, ipType: v.ipType ?? 0, contextType: ContextType.internet,
  };
  return isMbimex3(mbimex) ? device.command(ConnectV3, 'set', values, o) : device.command(bc.Connect, 'set', values, o);
}
