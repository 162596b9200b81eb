// All QMI message definitions by service, for the client, the simulator and docs.
export * as ctl from './ctl';
export * as dms from './dms';
export * as nas from './nas';
export * as wds from './wds';
export * as wda from './wda';
export * as uim from './uim';
export * as nasRadio from './nas-radio';
