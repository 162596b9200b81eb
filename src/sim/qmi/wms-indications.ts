// WMS Event Report indications of the simulator: a stored message (TLV 0x10) to clients that asked with Set
// Event Report, a transferred one (TLV 0x11, raw PDU) to every WMS client. Source: libqmi qmi-service-wms.json.
import type { MessageDef } from '../../qmi/message';
import { EventReport, WmsMessageFormat, WmsMessageMode } from '../../qmi/services/wms';
import type { SmsStore, StoredSms } from '../sms-store';
import type { ClientState } from './context';
import { storageType } from './wms';

/** Sends one indication to a client id. */
type Send = (def: MessageDef, cid: number, values: Record<string, unknown>) => void;

/** Wires the store's 'stored' and 'transfer' events to Event Report indications; returns the unsubscribe. */
export function wmsIndications(store: SmsStore, send: Send, clients: () => ClientState[]): () => void {
  let transaction = 1;
  const onStored = (m: StoredSms) => {
    for (const c of clients()) {
      if (c.wmsEventReport) send(EventReport, c.cid, { mtMessage: { storageType: storageType(m.storage), memoryIndex: m.index }, messageMode: WmsMessageMode.gsmWcdma });
    }
  };
  const onTransfer = (pdu: Uint8Array) => {
    const transactionId = transaction++;
    for (const c of clients()) {
      send(EventReport, c.cid, {
        transferRouteMtMessage: { ackIndicator: 1, transactionId, format: WmsMessageFormat.gsmWcdmaPointToPoint, rawData: pdu },
        messageMode: WmsMessageMode.gsmWcdma,
      });
    }
  };
  store.on('stored', onStored);
  store.on('transfer', onTransfer);
  return () => { store.off('stored', onStored); store.off('transfer', onTransfer); };
}
