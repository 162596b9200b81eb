// Minimal argv parsing for the CLI subcommands (--name value, --flag), with clear errors.

/** Parsed options: `--x v` → {x: 'v'}, a bare `--flag` → {flag: true}. Positionals in `_`. */
export interface ParsedArgs { _: string[]; [name: string]: string | boolean | string[] }

/** Thrown for a malformed command line; the message says what is wrong. */
export class UsageError extends Error { override readonly name = 'UsageError'; }

/** Parses argv; options listed in `flags` take no value. Throws UsageError on unknown options when `known` is given. */
export function parseArgs(argv: string[], flags: string[] = [], known?: string[]): ParsedArgs {
  const out: ParsedArgs = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) { out._.push(a); continue; }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (known && !known.includes(name) && !flags.includes(name)) throw new UsageError(`unknown option --${name}`);
    if (flags.includes(name)) { out[name] = true; continue; }
    if (eq >= 0) { out[name] = a.slice(eq + 1); continue; }
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`option --${name} needs a value`);
    out[name] = v;
    i++;
  }
  return out;
}

/** A string option or undefined. */
export function str(a: ParsedArgs, name: string): string | undefined {
  const v = a[name];
  return typeof v === 'string' ? v : undefined;
}

/** A required string option; throws UsageError naming it. */
export function need(a: ParsedArgs, name: string): string {
  const v = str(a, name);
  if (v === undefined || v === '') throw new UsageError(`--${name} is required`);
  return v;
}
