// Entry of the router bundle (QuickJS): `qmi4g daemon | status | ubus | probe | connect` — no simulator, demo or broker.
import { platform } from './platform';
import { CliCommand, runCli } from './cli/run';

const USAGE = `usage: qmi4g <command> [options]
  daemon   [--ubus-socket PATH] [--config-dir DIR] [--state-dir DIR]  run qmi4gd (ubus object qmi4g)
  status   [--interface IFACE] [--json] [--ubus-socket PATH]
                                                         print qmi4g status as a person reads it
  scan     --interface IFACE [--force] [--json] [--ubus-socket PATH]
                                                         scan for networks (refused during a call without --force)
  probe    --device PATH [--json]                        identity, SIM, registration, signal
  connect  --device PATH [--apn APN] [--pin PIN] [--pdptype ipv4|ipv6|ipv4v6] [--once]
                                                         a data session without ubus/netifd
  ubus     [-s SOCKET] [-t SECONDS] call PATH METHOD [JSON] | send TYPE [JSON]
                                                         the ubus CLI's call/send, for hosts without it`;

/** The router's commands (the same modules as src/cli.ts). */
export const ROUTER_COMMANDS: Record<string, CliCommand> = {
  probe: { flags: ['json'], run: async (a) => (await import('./cli/probe')).probeCommand(a) },
  connect: { flags: ['once'], run: async (a) => (await import('./cli/connect')).connectCommand(a) },
  daemon: { flags: [], run: async (a) => (await import('./cli/daemon')).daemonCommand(a) },
  status: { flags: ['json'], run: async (a) => (await import('./cli/status')).statusCommand(a) },
  scan: { flags: ['json', 'force'], run: async (a) => (await import('./cli/scan')).scanCommand(a) },
};

/** Runs the router CLI; resolves with the exit code (0 ok, 1 failure, 2 usage). */
export function routerMain(argv: readonly string[]): Promise<number> {
  return runCli(argv, USAGE, ROUTER_COMMANDS, true);
}

routerMain(platform.argv).then((code) => platform.exit(code), (e) => {
  platform.writeStderr(`${(e as Error)?.stack ?? String(e)}\n`);
  platform.exit(1);
});
