// Start a data session and refuse it when the modem's IP settings are absurd: the call is
// stopped again (WDS Stop Network / MBIM Connect deactivate) and nothing reaches netifd.

import type { Logger } from '../log';
import { checkIpSettings } from './ip-settings';
import type { CallOptions, ConnectRequest, DataSession, Modem } from './modem';
import { ModemError } from './modem-errors';

/**
 * `modem.connect(req)`, then {@link checkIpSettings} on the reported settings. Bad settings:
 * the session is disconnected (bounded to 5 s, errors only logged) and ModemError CALL_FAILED is
 * thrown with the reason as message and data. Dropped DNS servers / MTU are logged as warnings.
 * Errors of `connect` itself propagate unchanged.
 */
export async function connectChecked(modem: Modem, req: ConnectRequest, o: CallOptions, log: Logger): Promise<DataSession> {
  const s = await modem.connect(req, o);
  const c = checkIpSettings(s.settings);
  if (c.ok) {
    for (const n of c.notes) log.warn(`modem's settings: ${n}`);
    return { ...s, settings: c.settings };
  }
  log.warn(`IPv${req.family}: the modem's settings are refused (${c.reason}); stopping the call`);
  await modem.disconnect(s, { signal: AbortSignal.timeout(5000) }).catch((e) => log.warn(`stop network: ${(e as Error).message}`));
  throw new ModemError('CALL_FAILED', `the modem reported unusable IP settings: ${c.reason}`, [c.reason]);
}
