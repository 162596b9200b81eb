// Microbenchmark: what one `qmi4g status` call costs in the daemon's own code, step by step, on
// the runtime it runs in (µs per call, warm caches in a tight loop: a lower bound of what the
// daemon spends; figures, not assertions). Plain ECMAScript, on Node and on QuickJS:
//   npx tsx bench/status-steps.ts
//   npx esbuild bench/status-steps.ts --bundle --format=esm --outfile=/tmp/steps.mjs && .cache/quickjs/native-*/bin/qjs /tmp/steps.mjs
import { statusReply } from '../src/daemon/status';
import { EncodedStatus } from '../src/daemon/status-replies';
import type { SessionSnapshot } from '../src/session/session-types';
import { decodeBlobmsgEntries } from '../src/ubus/blob';
import { encodeJsonTable } from '../src/ubus/json';
import { UbusAttr, UbusFramer, UbusMsgType, decodeMessage, encodeMessage } from '../src/ubus/message';
import { validateArgs } from '../src/ubus/policy';

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** A connected dual-stack session as the simulator leaves it. */
export function sampleSnapshot(at: number): SessionSnapshot {
  return {
    interface: 'wdm0', device: '/dev/cdc-wdm0', protocol: 'qmi', state: 'connected', since: at - 60_000, reason: 'connected', reconnects: 0,
    modem: { manufacturer: 'Quectel', model: 'EC25', revision: 'EC25EFAR06A06M4G', imei: '867962040000000', iccid: '89490200001234567890' },
    sim: { state: 'ready', pinRetries: 3, pukRetries: 10 },
    registration: { state: 'registered', roaming: false, psAttached: true, operator: 'Telekom.de', mcc: '262', mnc: '01', rat: 'lte', lac: 65534, cellId: 27439044, tac: 20001 },
    signal: { rat: 'lte', bars: 3, rssi: -65, rsrp: -95, rsrq: -9, snr: 12.5 },
    apn: 'internet',
    ipv4: { address: '10.64.1.2', prefix: 30, gateway: '10.64.1.1', dns: ['10.64.0.53', '10.64.0.54'], mtu: 1500 },
    ipv6: { address: '2001:db8:1::2', prefix: 64, gateway: '2001:db8:1::1', dns: ['2001:db8::53'], mtu: 1500 },
    counters: { txBytes: 123456, rxBytes: 7654321, txPackets: 1000, rxPackets: 5000 },
    connectedSince: at - 60_000, dataFormat: 'raw-ip',
  } as SessionSnapshot;
}

function time(label: string, n: number, fn: () => unknown): void {
  for (let i = 0; i < Math.min(n, 200); i++) fn();
  const t0 = now();
  for (let i = 0; i < n; i++) fn();
  const us = ((now() - t0) * 1000) / n;
  console.log(`  ${label.padEnd(50)} ${us.toFixed(1).padStart(7)} µs`);
}

function main(): void {
  const n = 2000;
  const at = Date.now();
  const snap = sampleSnapshot(at);
  const args = encodeJsonTable({ interface: 'wdm0' });
  const invoke = encodeMessage(UbusMsgType.INVOKE, 7, 0x1234, [[UbusAttr.OBJID, 0x5678], [UbusAttr.METHOD, 'status'], [UbusAttr.DATA, args], [UbusAttr.USER, 'root'], [UbusAttr.GROUP, 'root']]);
  const reply = statusReply(snap, at);
  const body = encodeJsonTable(reply);
  const framer = new UbusFramer();
  console.log(`status steps (${typeof process !== 'undefined' && process.versions?.node ? `node ${process.versions.node}` : 'QuickJS'}, ${n} iterations; reply ${body.length} bytes of blobmsg):`);
  time('frame + decode the INVOKE', n, () => { for (const raw of framer.push(invoke)) decodeMessage(raw); });
  time('decode + policy-check the arguments', n, () => validateArgs({ interface: 'string' }, decodeBlobmsgEntries(args)));
  time('statusReply(snapshot) (the reply object)', n, () => statusReply(snap, at));
  time('encodeJsonTable(reply) (blobmsg)', n, () => encodeJsonTable(reply));
  const cache = new EncodedStatus();
  time('EncodedStatus.get, snapshot unchanged (per call)', n, () => cache.get([snap], false, at));
  time('EncodedStatus.get, snapshot changed (per change)', n, () => cache.get([{ ...snap, reconnects: cache.encodes }], false, at));
  time('encode DATA + STATUS messages', n, () => {
    encodeMessage(UbusMsgType.DATA, 7, 0x1234, [[UbusAttr.OBJID, 0x5678], [UbusAttr.DATA, body]]);
    encodeMessage(UbusMsgType.STATUS, 7, 0x1234, [[UbusAttr.STATUS, 0], [UbusAttr.OBJID, 0x5678]]);
  });
}

if (!(globalThis as { NO_MAIN?: boolean }).NO_MAIN) main();
