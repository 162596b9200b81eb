// `qmi4g status` replies for the LuCI status page tests: session snapshots rendered by the daemon's own statusReply().
import { statusReply } from '../../src/daemon/status';
import type { SessionSnapshot } from '../../src/session/session-types';

/** The moment the replies were taken (epoch ms): 2024-03-14 09:26:40 UTC. */
export const NOW = 1_710_408_400_000;

const MODEM = { manufacturer: 'Quectel', model: 'EC25', revision: 'EC25EFAR06A06M4G', imei: '867698040000001', iccid: '8949020000000000001' };

const CONNECTED: SessionSnapshot = {
  interface: 'wdm0', device: '/dev/cdc-wdm0', protocol: 'qmi', state: 'connected', since: NOW - 7_512_000,
  reason: 'connected via Telekom.de (lte)', modem: MODEM,
  sim: { state: 'ready', pinRetries: 3, pukRetries: 10 },
  registration: { state: 'registered', roaming: false, psAttached: true, rat: 'lte', mcc: '262', mnc: '01', operator: 'Telekom.de', tac: 0x1a2b, cellId: 0x0123456 },
  signal: { rat: 'lte', rssi: -61, rsrp: -88, rsrq: -8, snr: 17.5, bars: 4 },
  ipv4: { family: 4, address: '10.64.38.2', prefix: 30, gateway: '10.64.38.1', dns: ['10.74.210.210', '10.74.210.211'], mtu: 1500 },
  ipv6: { family: 6, address: '2a01:598:a1:7c3::1', prefix: 64, gateway: 'fe80::1', dns: ['2a01:598:7ff:0:10:74:210:210'], mtu: 1500 },
  apn: 'internet.telekom',
  counters: { txBytes: 48_230_114, rxBytes: 1_532_881_920, txPackets: 402_113, rxPackets: 1_130_442 },
  connectedSince: NOW - 7_500_000, reconnects: 1, dataFormat: 'raw-ip',
};

const SEARCHING: SessionSnapshot = {
  interface: 'wdm0', device: '/dev/cdc-wdm0', protocol: 'qmi', state: 'registering', since: NOW - 12_000,
  reason: 'waiting for registration: searching, 12 s of 60 s', modem: MODEM,
  sim: { state: 'ready', pinRetries: 3, pukRetries: 10 },
  registration: { state: 'searching', roaming: false, psAttached: false, rat: 'lte' },
  signal: { rat: 'lte', rssi: -101, rsrp: -121, rsrq: -17, snr: -3, bars: 1 },
  reconnects: 0,
};

const PIN_REQUIRED: SessionSnapshot = {
  interface: 'wwan', device: '/dev/cdc-wdm0', protocol: 'mbim', state: 'failed', since: NOW - 95_000,
  reason: 'SIM PIN required but pincode not set', modem: { manufacturer: 'Sierra Wireless', model: 'EM7455', imei: '359072060000002' },
  sim: { state: 'pin-required', pinRetries: 3, pukRetries: 10 },
  lastError: { code: 'PIN_NOT_SPECIFIED', message: 'SIM PIN required but pincode not set', data: [], permanent: true, at: NOW - 95_000 },
  reconnects: 0,
};

const CALL_FAILED: SessionSnapshot = {
  interface: 'wdm0', device: '/dev/cdc-wdm0', protocol: 'qmi', state: 'reconnecting', since: NOW - 8_000,
  reason: 'call failed, retrying in 22 s (attempt 3)', modem: MODEM,
  sim: { state: 'ready', pinRetries: 3, pukRetries: 10 },
  registration: { state: 'registered', roaming: true, psAttached: true, rat: 'lte', mcc: '232', mnc: '03', operator: 'Magenta' },
  signal: { rat: 'lte', rssi: -75, rsrp: -102, rsrq: -11, snr: 6, bars: 3 },
  apn: 'internet.wrong',
  lastError: { code: 'CALL_FAILED', message: 'the network refused the data session', data: ['3gpp: unknown-apn (27)'], permanent: false, at: NOW - 8_000 },
  reconnects: 3,
};

/** Name → the reply of `ubus call qmi4g status` (no interface: all of them). */
export const STATUS_REPLIES: Record<'connected' | 'searching' | 'pin-required' | 'call-failed', { interfaces: Record<string, unknown>[] }> = {
  'connected': { interfaces: [statusReply(CONNECTED, NOW)] },
  'searching': { interfaces: [statusReply(SEARCHING, NOW)] },
  'pin-required': { interfaces: [statusReply(PIN_REQUIRED, NOW)] },
  'call-failed': { interfaces: [statusReply(CALL_FAILED, NOW)] },
};
