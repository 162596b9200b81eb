// Entry of the single bundle: `qmi4g daemon | status | sim | probe | connect | demo | broker`.
import { ModemError } from './modem/modem-errors';
import { ParsedArgs, UsageError, parseArgs } from './cli/args';

const USAGE = `usage: qmi4g <command> [options]
  daemon   [--ubus-socket PATH] [--config-dir DIR] [--state-dir DIR] [--run-dir DIR]  run qmi4gd (ubus object qmi4g)
  status   [--interface IFACE] [--json] [--ubus-socket PATH]
                                                         print qmi4g status as a person reads it
  sim      --qmi PATH | --mbim PATH [--scenario FILE.json]
                                                         simulated QMI or MBIM modem on a pty at PATH
  probe    --device PATH [--json]                        identity, SIM, registration, signal
  connect  --device PATH [--apn APN] [--pin PIN] [--pdptype ipv4|ipv6|ipv4v6] [--once]
                                                         a data session without ubus/netifd
  demo     [--keep]                                      the main job on the built-in simulator
  broker   --socket PATH                                 a ubusd-compatible broker (tests, demo)
  ubus     [-s SOCKET] [-t SECONDS] call PATH METHOD [JSON] | send TYPE [JSON]
                                                         the ubus CLI's call/send, for hosts without it`;

type Command = (a: ParsedArgs) => Promise<number | void>;

const COMMANDS: Record<string, { flags: string[]; run: Command }> = {
  probe: { flags: ['json'], run: async (a) => (await import('./cli/probe')).probeCommand(a) },
  connect: { flags: ['once'], run: async (a) => (await import('./cli/connect')).connectCommand(a) },
  sim: { flags: [], run: async (a) => (await import('./cli/sim')).simCommand(a) },
  daemon: { flags: [], run: async (a) => (await import('./cli/daemon')).daemonCommand(a) },
  status: { flags: ['json'], run: async (a) => (await import('./cli/status')).statusCommand(a) },
  demo: { flags: ['keep', 'json'], run: async (a) => (await import('./cli/demo')).demoCommand(a) },
  broker: { flags: [], run: async (a) => (await import('./cli/broker')).brokerCommand(a) },
};

/** Runs the CLI; resolves with the process exit code (0 ok, 1 failure, 2 usage). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') { process.stdout.write(`${USAGE}\n`); return name ? 0 : 2; }
  if (name === 'ubus') {
    try { return await (await import('./cli/ubus')).ubusCommand(rest); } catch (e) { process.stderr.write(`qmi4g ubus: ${(e as Error).message}\n`); return 2; }
  }
  const cmd = COMMANDS[name];
  if (!cmd) { process.stderr.write(`unknown command ${name}\n${USAGE}\n`); return 2; }
  try {
    const code = await cmd.run(parseArgs(rest, cmd.flags));
    return typeof code === 'number' ? code : 0;
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`qmi4g ${name}: ${e.message}\n${USAGE}\n`); return 2; }
    if (e instanceof ModemError) { process.stderr.write(`qmi4g ${name}: ${e.code}: ${e.message}\n`); return 1; }
    process.stderr.write(`qmi4g ${name}: ${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => { process.stderr.write(`${(e as Error).stack}\n`); process.exitCode = 1; });
}
