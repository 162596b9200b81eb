// `qmi4g broker --socket PATH`: a ubusd-compatible broker for tests and the demo (ubusd is not in Debian).
import { platform } from '../platform';
import { untilStopSignal } from './run';
import { startBroker } from '../ubus/broker';
import { ParsedArgs, need } from './args';

/** Serves until SIGTERM/SIGINT. */
export async function brokerCommand(a: ParsedArgs): Promise<number> {
  const broker = await startBroker(need(a, 'socket'));
  platform.writeStderr(`ubus broker listening on ${need(a, 'socket')}\n`);
  await untilStopSignal();
  await broker.close();
  return 0;
}
