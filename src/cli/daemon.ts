// `qmi4g daemon`: qmi4gd — connects to ubusd, publishes `qmi4g`, serves until SIGTERM; SIGHUP re-reads settings.
import { platform } from '../platform';
import { untilStopSignal } from './run';
import { createLogger, setLogLevel } from '../log';
import { Qmi4gDaemon } from '../daemon/daemon';
import { loadDaemonSettings } from '../daemon/settings';
import { addQmi4gObject } from '../daemon/ubus-object';
import { announceAvailablePorts } from '../daemon/recovery-deps';
import { retriggerWaiting } from '../daemon/waiting-interfaces';
import { UbusClient } from '../ubus/client';
import { startProxies } from '../daemon/proxy-service';
import { ParsedArgs, str } from './args';

/** Runs the daemon until SIGTERM/SIGINT; resolves with the exit code. `--ubus-socket` and `--state-dir` beat the config file. */
export async function daemonCommand(a: ParsedArgs): Promise<number> {
  const configDir = str(a, 'config-dir') ?? '/etc/config';
  const { settings, ignored } = await loadDaemonSettings(configDir);
  setLogLevel(settings.logLevel);
  const log = createLogger('qmi4gd:');
  for (const m of ignored) log.warn(`settings: ${m}`);
  const socketPath = str(a, 'ubus-socket') ?? settings.ubusSocket ?? platform.env('UBUS_SOCKET');
  const client = new UbusClient({ socketPath, reconnect: true });
  client.on('disconnected', (e: Error) => log.warn(`ubus connection lost: ${e.message}; reconnecting`));
  client.on('reconnected', () => log.info('ubus connection back; object qmi4g restored'));
  client.on('warning', (e: Error) => log.warn(`ubus: ${e.message}`));
  await client.connect({ timeoutMs: 10_000 });
  const stateDir = str(a, 'state-dir') ?? settings.stateDir;
  // Interface records for adoption after a crash: tmpfs (a reboot resets the modem too). A
  // --state-dir given on the command line without --run-dir holds both.
  const runDir = str(a, 'run-dir') ?? (str(a, 'state-dir') ? stateDir : settings.runDir);
  const liveness = { ...(settings.livenessIntervalMs ? { livenessIntervalMs: settings.livenessIntervalMs } : {}), ...(settings.livenessTimeoutMs ? { livenessTimeoutMs: settings.livenessTimeoutMs } : {}) };
  const daemon = new Qmi4gDaemon(client, { log, stateDir, runDir, sessionOverrides: liveness, configDir });
  // Interfaces a previous qmi4gd ran (killed, crashed): taken back, running calls adopted — before
  // `qmi4g` is on ubus, so that a setup netifd runs meanwhile finds the session (and never opens
  // the port afresh, whose CTL Sync would end the call).
  // SIGHUP re-reads the settings; handled from before `qmi4g` is on ubus (a SIGHUP right after would otherwise end the process).
  platform.onSignal('SIGHUP', () => {
    loadDaemonSettings(configDir).then(({ settings: s, ignored: bad }) => {
      setLogLevel(s.logLevel);
      for (const m of bad) log.warn(`settings: ${m}`);
      log.info(`settings reloaded (log level ${s.logLevel})`);
    }, (e) => log.error(`settings not reloaded: ${(e as Error).message}`));
  });
  const back = await daemon.restore();
  if (back.length) log.info(`taken back from the previous qmi4gd: ${back.join(', ')}`);
  // Other programs share the daemon's ports through it (qmicli -p, mbimcli -p); up before `qmi4g` is
  // on ubus, so that nothing (a SIGHUP included) waits on it after the daemon counts as started.
  const proxies = await startProxies(() => daemon.openModems(), createLogger('proxy:'));
  await addQmi4gObject(client, daemon);
  log.info(`serving ubus object qmi4g on ${client.socketPath}`);
  // Ports that came back while no daemon heard hotplug: netifd learns they are available again.
  void announceAvailablePorts(client, configDir, log).then((l) => { if (l.length) log.info(`control ports present at start: ${l.join(', ')}`); });
  // Interfaces netifd stopped retrying while no daemon answered: set them up now.
  void retriggerWaiting(client, log).then((l) => { if (l.length) log.info(`set up again after waiting for the daemon: ${l.join(', ')}`); });
  await untilStopSignal();
  log.info('stopping: taking every interface down');
  proxies.close();
  await daemon.shutdown();
  client.close();
  return 0;
}
