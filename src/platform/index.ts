// The runtime qmi4g runs on: `import { platform } from '../platform'` is the only way code outside
// src/platform/ reaches files, devices, sockets, processes and timers (see types.ts).
//
// Which implementation `./node` is decided at bundle time: scripts/build.mjs redirects this one import
// to ./qjs for the router bundle (QMI4G_PLATFORM=qjs); tsx, the tests and the Node bundle get ./node.
export * from './types';
export { platformError } from './errors';
export { platform } from './node';
