// `qmi4g connect --device PATH --apn APN`: a data session without ubus/netifd, printing the IP settings.
import { printLine, untilStopSignal } from './run';
import { QmiModem } from '../modem/qmi-modem';
import { createLogger } from '../log';
import { Session } from '../session/session';
import { PinLedger } from '../session/pin-policy';
import type { SessionConfig, SessionSnapshot } from '../session/session-types';
import { statusReply, formatStatus } from '../daemon/status';
import { ParsedArgs, UsageError, need, str } from './args';

/**
 * Runs the session state machine with print-only hooks. With --once it disconnects after
 * printing; otherwise it stays connected until SIGINT/SIGTERM. Resolves with the exit code.
 */
export async function connectCommand(a: ParsedArgs, out: (s: string) => void = printLine): Promise<number> {
  const device = need(a, 'device');
  const pdptype = (str(a, 'pdptype') ?? 'ipv4') as SessionConfig['pdptype'];
  if (!['ipv4', 'ipv6', 'ipv4v6'].includes(pdptype)) throw new UsageError('--pdptype must be ipv4, ipv6 or ipv4v6');
  const cfg: SessionConfig = {
    device, pdptype, apn: str(a, 'apn'), pincode: str(a, 'pin'), auth: (str(a, 'auth') ?? 'none') as SessionConfig['auth'],
    username: str(a, 'username'), password: str(a, 'password'), radio: {}, registrationTimeoutMs: Number(str(a, 'timeout') ?? 60) * 1000,
    delayMs: 0, registrationGraceMs: 5000,
  };
  const log = createLogger(`[${device}]`);
  let resolveOutcome!: (s: SessionSnapshot) => void;
  const outcome = new Promise<SessionSnapshot>((r) => { resolveOutcome = r; });
  const session = new Session('cli', cfg, {
    openModem: (d, signal) => QmiModem.open(d, { log, signal }),
    pinLedger: new PinLedger(),
    log,
    hooks: {
      linkUp: async () => undefined,
      linkDown: async () => undefined,
      error: async (code, message, _data, permanent) => { out(`error: ${code}: ${message}`); if (permanent) resolveOutcome(session.snapshot()); },
      stateChanged: (s) => { if (s.state === 'connected' || s.state === 'failed') resolveOutcome(s); },
    },
  });
  session.start();
  const s = await outcome;
  out(formatStatus(statusReply(s)));
  if (s.state !== 'connected') { await session.stop('giving up'); return 1; }
  if (!a.once) {
    await untilStopSignal();
  }
  await session.stop('connect command ending');
  return 0;
}
