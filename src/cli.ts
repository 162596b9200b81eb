// Entry of the Node bundle: `qmi4g daemon | status | sim | probe | connect | demo | broker | ubus`.
import { CliCommand, runCli } from './cli/run';

const USAGE = `usage: qmi4g <command> [options]
  daemon   [--ubus-socket PATH] [--config-dir DIR] [--state-dir DIR] [--run-dir DIR]  run qmi4gd (ubus object qmi4g)
  status   [--interface IFACE] [--json] [--ubus-socket PATH]
                                                         print qmi4g status as a person reads it
  scan     --interface IFACE [--force] [--json] [--ubus-socket PATH]
                                                         scan for networks (refused during a call without --force)
  sim      --qmi PATH | --mbim PATH [--scenario FILE.json]
                                                         simulated QMI or MBIM modem on a pty at PATH
  sim      send-sms PATH --from N --text T [--order 2,1,3] a running simulator receives an SMS (parts in that order)
  probe    --device PATH [--json]                        identity, SIM, registration, signal
  connect  --device PATH [--apn APN] [--pin PIN] [--pdptype ipv4|ipv6|ipv4v6] [--once]
                                                         a data session without ubus/netifd
  demo     [--keep]                                      the main job on the built-in simulator
  broker   --socket PATH                                 a ubusd-compatible broker (tests, demo)
  ubus     [-s SOCKET] [-t SECONDS] call PATH METHOD [JSON] | send TYPE [JSON]
                                                         the ubus CLI's call/send, for hosts without it`;

const COMMANDS: Record<string, CliCommand> = {
  probe: { flags: ['json'], run: async (a) => (await import('./cli/probe')).probeCommand(a) },
  connect: { flags: ['once'], run: async (a) => (await import('./cli/connect')).connectCommand(a) },
  sim: { flags: ['ref16'], run: async (a) => (await import('./cli/sim')).simCommand(a) },
  daemon: { flags: [], run: async (a) => (await import('./cli/daemon')).daemonCommand(a) },
  status: { flags: ['json'], run: async (a) => (await import('./cli/status')).statusCommand(a) },
  scan: { flags: ['json', 'force'], run: async (a) => (await import('./cli/scan')).scanCommand(a) },
  demo: { flags: ['keep', 'json'], run: async (a) => (await import('./cli/demo')).demoCommand(a) },
  broker: { flags: [], run: async (a) => (await import('./cli/broker')).brokerCommand(a) },
};

/** Runs the CLI; resolves with the process exit code (0 ok, 1 failure, 2 usage). */
export function main(argv: string[]): Promise<number> {
  return runCli(argv, USAGE, COMMANDS, true);
}

// Node-only entry (this file is never in the router bundle): the exit code is set, not forced, so
// the simulator and demo end when their last handle closes.
if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => { process.stderr.write(`${(e as Error).stack}\n`); process.exitCode = 1; });
}
