// An IPv6 text formatter for tests, independent of src/qmi/codec.ts, so fuzzers can build canonical
// addresses on QuickJS (which has no URL). Checked against the WHATWG URL serialiser in
// test/unit/qmi/codec-ipv6-url.test.ts (Node).

/**
 * RFC 5952 §4 canonical text of 8 16-bit groups: lower-case hex without leading zeros, the longest
 * run of two or more zero groups (the first on a tie) as "::". Throws RangeError unless 8 groups of 0..0xffff.
 */
export function canonicalIpv6(groups: readonly number[]): string {
  if (groups.length !== 8 || groups.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) throw new RangeError(`not 8 IPv6 groups: ${groups.join(',')}`);
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hexOf = (a: readonly number[]) => a.map((g) => g.toString(16)).join(':');
  if (bestLen < 2) return hexOf(groups);
  return `${hexOf(groups.slice(0, best))}::${hexOf(groups.slice(best + bestLen))}`;
}
