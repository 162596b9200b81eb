// POSIX path string helpers (pure; the subset of node:path qmi4g uses).

/** Joins segments with `/` and normalizes `.`, `..` and repeated slashes (like path.posix.join). */
export function joinPath(...parts: string[]): string {
  const joined = parts.filter((p) => p !== '').join('/');
  return normalizePath(joined === '' ? '.' : joined);
}

/** Normalizes `.`, `..` and repeated slashes; keeps a leading `/`; a trailing slash is dropped. */
export function normalizePath(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') { if (out.length && out[out.length - 1] !== '..') out.pop(); else if (!abs) out.push('..'); continue; }
    out.push(seg);
  }
  const s = out.join('/');
  return abs ? `/${s}` : s || '.';
}

/** The last segment (`/dev/cdc-wdm0` → `cdc-wdm0`); trailing slashes ignored. */
export function baseName(p: string): string {
  const t = p.replace(/\/+$/, '');
  return t.slice(t.lastIndexOf('/') + 1);
}

/** Everything before the last segment (`/a/b` → `/a`, `b` → `.`, `/a` → `/`). */
export function dirName(p: string): string {
  const t = p.replace(/\/+$/, '');
  const i = t.lastIndexOf('/');
  if (t === '' && p.startsWith('/')) return '/';
  if (i < 0) return '.';
  if (i === 0) return '/';
  return t.slice(0, i);
}
