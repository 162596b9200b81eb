// The command dispatcher shared by the full CLI (src/cli.ts, Node) and the router entry (src/router.ts, qjs).
import { ModemError } from '../modem/modem-errors';
import { platform } from '../platform';
import { ParsedArgs, UsageError, parseArgs } from './args';

/** One subcommand: the options that take no value, and what it runs (resolves with the exit code; void = 0). */
export interface CliCommand { flags: string[]; run: (a: ParsedArgs) => Promise<number | void> }

/**
 * Runs `argv` against `commands` (and `ubus`, which parses its own arguments, when `withUbus`);
 * resolves with the exit code: 0 ok, 1 failure, 2 usage. Errors go to stderr as
 * `qmi4g CMD: [CODE: ]message`.
 */
export async function runCli(argv: readonly string[], usage: string, commands: Record<string, CliCommand>, withUbus: boolean): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') { platform.writeStdout(`${usage}\n`); return name ? 0 : 2; }
  if (name === 'ubus' && withUbus) {
    try { return await (await import('./ubus')).ubusCommand(rest); } catch (e) { platform.writeStderr(`qmi4g ubus: ${(e as Error).message}\n`); return 2; }
  }
  const cmd = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
  if (!cmd) { platform.writeStderr(`unknown command ${name}\n${usage}\n`); return 2; }
  try {
    const code = await cmd.run(parseArgs(rest, cmd.flags));
    return typeof code === 'number' ? code : 0;
  } catch (e) {
    if (e instanceof UsageError) { platform.writeStderr(`qmi4g ${name}: ${e.message}\n${usage}\n`); return 2; }
    if (e instanceof ModemError) { platform.writeStderr(`qmi4g ${name}: ${e.code}: ${e.message}\n`); return 1; }
    platform.writeStderr(`qmi4g ${name}: ${(e as Error).message}\n`);
    return 1;
  }
}

/** Prints one line on stdout (the default `out` of the commands). */
export function printLine(s: string): void { platform.writeStdout(`${s}\n`); }

/** Resolves at the first of SIGTERM/SIGINT (handlers removed then). */
export function untilStopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const offs: (() => void)[] = [];
    const stop = () => { for (const off of offs) off(); resolve(); };
    offs.push(platform.onSignal('SIGTERM', stop), platform.onSignal('SIGINT', stop));
  });
}
