// SMS PDU codec (3GPP TS 23.040 / TS 23.038): pure code on Uint8Array, for QMI WMS and MBIM SMS alike.
export * from './errors';
export * from './gsm7';
export * from './national';
export * from './address';
export * from './timestamp';
export * from './user-data';
export * from './pdu';
export * from './concat';
