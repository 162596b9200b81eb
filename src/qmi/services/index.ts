// All QMI message definitions by service, for the client, the simulator and docs.
export * as ctl from './ctl';
export * as dms from './dms';
export * as dmsVendor from './dms-vendor';
export * as nas from './nas';
export * as wds from './wds';
export * as wda from './wda';
export * as uim from './uim';
export * as wms from './wms';
export * as subscriber from './subscriber';
export * as nasRadio from './nas-radio';
