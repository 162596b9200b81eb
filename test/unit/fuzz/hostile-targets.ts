// Fuzz targets seeded with issue 12's hostile peers: what a broken modem or a typo'd config sends,
// mutated. Shared by `npm run fuzz` (via FUZZ_TARGETS) and the unit test.
import * as fc from 'fast-check';
import { checkIpSettings } from '../../../src/modem/ip-settings';
import type { IpSettings } from '../../../src/modem/modem';
import { MODEM_STRING_MAX_BYTES, sanitizeModemString } from '../../../src/modem/modem-strings';
import { QmiDecodeError } from '../../../src/qmi/errors';
import { decodeFrame, encodeFrame } from '../../../src/qmi/frame';
import { decodeResult, decodeTlvs, splitTlvs } from '../../../src/qmi/message';
import { ctl, wds } from '../../../src/qmi/services';
import { parseUciLenient } from '../../../src/uci';
import { settingsFromPackage } from '../../../src/daemon/settings';
import { utf8Length } from '../../../src/util/utf8';
import type { FuzzTarget } from './decoders';

const hex = (h: string) => Uint8Array.from((h.replace(/\s+/g, '').match(/../g) ?? []).map((b) => parseInt(b, 16)));
const ctlResponse = (txn: number, messageId: number, tlvs: string) => encodeFrame({ service: 0, cid: 0, kind: 'response', txn, messageId, tlvs: hex(tlvs) });
const wdsResponse = (messageId: number, tlvs: string) => encodeFrame({ service: 1, cid: 1, kind: 'response', txn: 2, messageId, tlvs: hex(tlvs) });

/** The hostile modem's replies: Allocate CID with CID 255 and 0, a stray Release CID, Get Current Settings with a 3-byte DNS TLV and a short Result, absurd addresses. */
export const HOSTILE_QMI_SEEDS: readonly Uint8Array[] = [
  ctlResponse(1, ctl.AllocateCid.id, '02 0400 0000 0000  01 0200 01ff'),
  ctlResponse(2, ctl.AllocateCid.id, '02 0400 0000 0000  01 0200 0100'),
  ctlResponse(1, ctl.ReleaseCid.id, '02 0400 0000 0000  01 0200 0101'),
  wdsResponse(wds.GetCurrentSettings.id, '02 0400 0000 0000  1e 0400 0200400a  15 0300 080808  16 0400 04040808  29 0400 70110100'),
  wdsResponse(wds.GetCurrentSettings.id, '02 0200 0000  1e 0400 00000000  20 0400 00000000  21 0400 0000ff00'),
  wdsResponse(wds.GetCurrentSettings.id, '02 0400 0000 0000  1e 0400 ffffffff  21 0400 ffffffff'),
];

function mutate(seed: Uint8Array, edits: [number, number][], cut: number): Uint8Array {
  const b = Uint8Array.from(seed);
  for (const [at, v] of edits) b[at % b.length] = v;
  return cut > 0 ? b.subarray(0, Math.max(0, b.length - cut)) : b;
}

const qmiHostile: FuzzTarget = {
  name: 'qmi-hostile',
  allowed: ['QmiDecodeError'],
  run(n, seed) {
    fc.assert(fc.property(fc.constantFrom(...HOSTILE_QMI_SEEDS), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat({ max: 12 }),
      (s, edits, cut) => {
        try {
          const f = decodeFrame(mutate(s, edits, cut));
          const raw = splitTlvs(f.tlvs);
          decodeResult(raw);
          const def = f.service === 0 ? (f.messageId === ctl.AllocateCid.id ? ctl.AllocateCid : ctl.ReleaseCid) : wds.GetCurrentSettings;
          decodeTlvs(def.response, raw, 'fuzz', () => undefined);
        } catch (e) {
          if (!(e instanceof QmiDecodeError)) throw e;
        }
      }), { numRuns: n, seed });
    return n;
  },
};

const HOSTILE_STRINGS = ['Evil\n[wdm0] connected: 6.6.6.6/32\x1b[2J\x1b]0;owned\x07\0\x9b', '\ud800x\udc00', '€'.repeat(200), 'a\u202eb', 'x'.repeat(70_000)];

const modemStrings: FuzzTarget = {
  name: 'modem-strings',
  allowed: ['(none)'],
  run(n, seed) {
    const arb = fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: 'binary-ascii', maxLength: 400 }), fc.constantFrom(...HOSTILE_STRINGS));
    fc.assert(fc.property(arb, (s) => {
      const out = sanitizeModemString(s);
      if (out === undefined) return;
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001f\u007f-\u009f]/.test(out)) throw new Error(`control character left in ${JSON.stringify(out)}`);
      if (utf8Length(out) > MODEM_STRING_MAX_BYTES) throw new Error('longer than the bound');
      if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(out)) throw new Error('lone surrogate left');
    }), { numRuns: n, seed });
    return n;
  },
};

const octet = fc.integer({ min: 0, max: 255 });
const v4 = fc.oneof(fc.tuple(octet, octet, octet, octet).map((o) => o.join('.')), fc.constantFrom('0.0.0.0', '255.255.255.255', '127.0.0.1', '224.0.0.1', '10.1.2.300', ''));
const v6 = fc.oneof(fc.ipV6(), fc.constantFrom('::', '::1', 'ff02::1', '1:::2', '2001:db8::g', ''));
const ipSettingsArb: fc.Arbitrary<IpSettings> = fc.oneof(
  fc.record({ family: fc.constant(4 as const), address: fc.option(v4, { nil: undefined }), prefix: fc.option(fc.integer({ min: -5, max: 300 }), { nil: undefined }), gateway: fc.option(v4, { nil: undefined }), dns: fc.array(v4, { maxLength: 3 }), mtu: fc.option(fc.integer({ min: 0, max: 0xffffffff }), { nil: undefined }) }),
  fc.record({ family: fc.constant(6 as const), address: fc.option(v6, { nil: undefined }), prefix: fc.option(fc.integer({ min: -5, max: 300 }), { nil: undefined }), gateway: fc.option(v6, { nil: undefined }), dns: fc.array(v6, { maxLength: 3 }), mtu: fc.option(fc.integer({ min: 0, max: 0xffffffff }), { nil: undefined }) }),
);

const ipSettings: FuzzTarget = {
  name: 'ip-settings',
  allowed: ['(none)'],
  run(n, seed) {
    fc.assert(fc.property(ipSettingsArb, (s) => {
      const c = checkIpSettings(s);
      if (!c.ok) return;
      // What passed once passes again unchanged, with nothing left to drop.
      const again = checkIpSettings(c.settings);
      if (!again.ok || again.notes.length) throw new Error(`not idempotent: ${JSON.stringify(c.settings)}`);
    }), { numRuns: n, seed });
    return n;
  },
};

const UCI_HOSTILE = ["config qmi4g 'main'\n\toption log_level 'debug\n", "config qmi4g 'main'\n\toption log_level 'in\0fo'\n", "config qmi4g 'main'\n\toption log_level 'verbose'\n\tlist ubus_socket a\n"];

const uciLenient: FuzzTarget = {
  name: 'uci-lenient',
  allowed: ['(none)'],
  run(n, seed) {
    const arb = fc.tuple(fc.constantFrom(...UCI_HOSTILE), fc.nat(), fc.string({ unit: 'binary', maxLength: 6 })).map(([s, at, ins]) => s.slice(0, at % (s.length + 1)) + ins + s.slice(at % (s.length + 1)));
    fc.assert(fc.property(fc.oneof(arb, fc.string({ unit: 'binary', maxLength: 200 })), (t) => { settingsFromPackage(parseUciLenient(t).pkg); }), { numRuns: n, seed });
    return n;
  },
};

/** Issue 12's hostile-peer targets, in report order. */
export const HOSTILE_TARGETS: readonly FuzzTarget[] = [qmiHostile, modemStrings, ipSettings, uciLenient];
