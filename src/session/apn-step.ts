// The connect step that picks the APN for the SIM in the modem (`list apn_by_iccid`, `apn auto`):
// reads the subscriber data only when a per-SIM choice is configured, then applies src/apn/select.ts.
import { ApnChoiceError, APN_AUTO, chooseApn } from '../apn/select';
import { providerIndex } from '../apn/provider-index';
import type { Modem } from '../modem/modem';
import { ModemError } from '../modem/modem-errors';
import type { StepContext } from './connect-steps';
import type { SessionConfig, SessionSnapshot } from './session-types';

/** A saved `apnChoice` (read back from the state dir) if it has the right shape, else undefined. */
export function savedApnChoice(v: unknown): SessionSnapshot['apnChoice'] {
  const c = v as Record<string, unknown> | null | undefined;
  if (!c || typeof c !== 'object' || typeof c.source !== 'string' || c.source.length > 64) return undefined;
  const text = (x: unknown) => (typeof x === 'string' && x.length <= 100 ? x : undefined);
  return { apn: text(c.apn), source: c.source, provider: text(c.provider) };
}

/**
 * The session config with the APN this SIM gets (and, for `auto`, the provider table's auth, user
 * name and password where the config sets none; v6apn follows unless set). Without apn_by_iccid
 * and `apn auto` it returns the config as it is, with no modem round trip. Records the choice in
 * the snapshot (`apnChoice`). Throws ModemError CONFIG_INVALID (permanent) when `auto` finds no
 * IMSI or no table entry; modem errors of the subscriber read pass through.
 */
export async function chooseSessionApn(x: StepContext, modem: Modem, signal: AbortSignal): Promise<SessionConfig> {
  const c = x.config;
  const rules = c.apnByIccid ?? [];
  if (rules.length === 0 && c.apn !== APN_AUTO) {
    x.snap.apnChoice = c.apn === undefined ? undefined : { apn: c.apn, source: 'apn' };
    return c;
  }
  x.setReason('reading the SIM (ICCID, IMSI) to choose the APN');
  const sim = modem.subscriber ? await modem.subscriber({ signal }) : {};
  const iccid = sim.iccid ?? x.snap.modem?.iccid;
  let choice;
  try {
    choice = chooseApn(rules, c.apn, { ...sim, iccid }, providerIndex);
  } catch (e) {
    if (e instanceof ApnChoiceError) throw new ModemError('CONFIG_INVALID', e.message, [c.apn === APN_AUTO ? 'apn' : 'apn_by_iccid']);
    throw e;
  }
  x.snap.apnChoice = { apn: choice.apn, source: choice.source, provider: choice.provider };
  x.log.info(`APN ${choice.apn ?? "of the modem profile"} chosen by ${choice.source}${choice.provider ? ` (${choice.provider})` : ''}${rules.length && !iccid ? '; the modem reported no ICCID for apn_by_iccid' : ''}`);
  return {
    ...c,
    apn: choice.apn,
    v6apn: c.v6apn ?? choice.apn,
    auth: c.auth ?? choice.auth,
    username: c.username ?? choice.username,
    password: c.password ?? choice.password,
  };
}
