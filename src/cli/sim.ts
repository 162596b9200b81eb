// `qmi4g sim --qmi PATH [--scenario FILE.json]`: the simulated QMI modem on a pty, until killed;
// `qmi4g sim send-sms PATH --from N --text T`: a message arrives at that running simulator.
import { runSimCli } from '../sim';
import type { ParsedArgs } from './args';

/** Rebuilds the argv runSimCli parses and runs it; resolves with its exit code. */
export async function simCommand(a: ParsedArgs): Promise<number> {
  const argv: string[] = [...a._]; // `send-sms PATH` first
  for (const [k, v] of Object.entries(a)) {
    if (k !== '_' && typeof v === 'string') argv.push(`--${k}`, v);
    else if (v === true) argv.push(`--${k}`);
  }
  return runSimCli(argv);
}
