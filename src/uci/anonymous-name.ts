// The name libuci gives an anonymous section: cfg + section counter (hex) + djb hash of the type.

/**
 * D. J. Bernstein's hash as libuci applies it (list.c djbhash): start 5381, `h = h*33 + byte`
 * in 32-bit unsigned arithmetic, result masked to 31 bits. Types are printable ASCII
 * (uci_validate_type), so byte = UTF-16 code unit here.
 */
export function uciDjbHash(text: string): number {
  let hash = 5381;
  for (let i = 0; i < text.length; i++) {
    hash = (Math.imul(hash, 33) + text.charCodeAt(i)) >>> 0;
  }
  return hash & 0x7fffffff;
}

/**
 * `cfg%02x%04x` of (counter, hash(type) % 65536). `counter` is the package's section count
 * after this section was created (1 for the first section, named or not). libuci hashes the type
 * only, because it names the section when it is created, before any option is added.
 * Checked against names seen on real systems: firewall `config defaults` first → `cfg01e63d`,
 * network `config device` third → `cfg030f15`.
 */
export function anonymousSectionName(counter: number, type: string): string {
  const count = counter.toString(16).padStart(2, '0');
  const hash = (uciDjbHash(type) % 0x10000).toString(16).padStart(4, '0');
  return `cfg${count}${hash}`;
}
