// The IPv6 text form of the QMI ipv6 codec against an oracle: the WHATWG URL serialiser (RFC 5952
// canonical form). Node-only: QuickJS has no URL, so this property lives apart from codec.test.ts.
import { test } from 'uvu';
import * as fc from 'fast-check';
import { URL } from 'node:url';
import { bytesToIpv6, ipv6ToBytes } from '../../../src/qmi/codec';
import { equal } from '../../helpers/bytes';
import { canonicalIpv6 } from '../../helpers/ipv6-text';

test('ipv6 text from 16 random bytes matches the WHATWG URL serialiser and parses back', () => {
  fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (a) => {
    const b = new Uint8Array(a);
    const t = bytesToIpv6(b);
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((b[i] << 8) | b[i + 1]).toString(16));
    const canonical = new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
    return t === canonical && equal(ipv6ToBytes(t), b);
  }), { numRuns: 500 });
});

test('the test helper canonicalIpv6 (used by the fuzzers on QuickJS) matches the WHATWG URL serialiser', () => {
  const group = fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 0xffff }));
  fc.assert(fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), (g) =>
    canonicalIpv6(g) === new URL(`http://[${g.map((x) => x.toString(16)).join(':')}]/`).hostname.slice(1, -1)), { numRuns: 2000 });
});

test.run();
