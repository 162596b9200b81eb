// Public surface of the ubus module: codecs, client, broker.
export * from './blob';
export * from './errors';
export * from './json';
export * from './message';
export * from './policy';
export * from './client-types';
export { EncodedReply } from './encoded-reply';
export { UbusConnection, statusReplies, notifyReplies } from './connection';
export type { WaitOptions, ReplySink, ReplyHandler, DataReplies } from './connection';
export { UbusClient } from './client';
export { UbusBroker, startBroker } from './broker';
export type { UbusBrokerOptions } from './broker';
