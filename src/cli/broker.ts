// `qmi4g broker --socket PATH`: a ubusd-compatible broker for tests and the demo (ubusd is not in Debian).
import { startBroker } from '../ubus/broker';
import { ParsedArgs, need } from './args';

/** Serves until SIGTERM/SIGINT. */
export async function brokerCommand(a: ParsedArgs): Promise<number> {
  const broker = await startBroker(need(a, 'socket'));
  process.stderr.write(`ubus broker listening on ${need(a, 'socket')}\n`);
  await new Promise<void>((resolve) => { process.once('SIGTERM', resolve); process.once('SIGINT', resolve); });
  await broker.close();
  return 0;
}
