// The IPv6 text form of the QMI ipv6 codec against an oracle: the WHATWG URL serialiser (RFC 5952
// canonical form). Node-only: QuickJS has no URL, so this property lives apart from codec.test.ts.
import { test } from 'uvu';
import * as fc from 'fast-check';
import { URL } from 'node:url';
import { bytesToIpv6, ipv6ToBytes } from '../../../src/qmi/codec';
import { equal } from '../../helpers/bytes';

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

test.run();
