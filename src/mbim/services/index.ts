// All MBIM command definitions by service, for the client, the simulator and docs.
export * as basicConnect from './basic-connect';
export * as qmi from './qmi';
export * as sms from './sms';
export * as msBasicConnectExt from './ms-basic-connect-ext';
export * as msBasicConnectExtensions from './ms-basic-connect-extensions';
export * as msVoiceExt from './ms-voice-ext';
export * as msBasicConnectV3 from './ms-basic-connect-v3';
export * as msBasicConnectExtV3 from './ms-basic-connect-ext-v3';
