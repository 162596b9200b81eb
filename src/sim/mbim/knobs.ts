// Scenario knobs of the MBIM side (`mbim` in a scenario): max transfer, partner networks, MBIMEx version, QMI-over-MBIM, and a wedged function for the hang ladder.

/**
 * How a wedged MBIM function comes back (the hang ladder rung that cures it):
 * `open` — any OPEN (reopening the port); `close` — only a CLOSE (a new MBIM session: CLOSE then
 * OPEN; an OPEN alone is answered but commands stay unanswered); `qmi-reset` — Basic Connect
 * stays silent through CLOSE/OPEN, QMI-over-MBIM still answers and a DMS Set Operating Mode reset
 * restarts the modem; `at` — nothing over MBIM (also QMI silent) until the modem restarts by
 * other means (AT+CFUN=1,1 on its AT port: SimulatedModem.reset()).
 */
export type MbimWedgeCure = 'open' | 'close' | 'qmi-reset' | 'at';

/** The `mbim` scenario object as written. */
export interface MbimKnobs {
  /** Caps the max control transfer (bytes) below what the host sent in OPEN, e.g. 64 to force fragments. */
  maxTransfer?: number;
  /** A roaming registration is reported as MbimRegisterState partner (5) instead of roaming (4). */
  partner?: boolean;
  /**
   * MBIMEx version the function speaks: '1.0' (default: no MS Basic Connect Extensions), '2.0'
   * (Version, CID 15; once agreed, Register State answers with PreferredDataClasses) or '3.0'
   * (once agreed also the 3.0 layouts of Subscriber Ready Status, Packet Service, Connect and
   * Base Stations Info with the NR cells; sim/mbim/layouts-v3.ts).
   */
  mbimex?: MbimexKnob;
  /**
   * The function tunnels QMI (default true): false leaves QMI-over-MBIM (libmbim mbim-uuid.c
   * MBIM_UUID_QMI) out of Device Services and answers a QMI msg command with NoDeviceSupport.
   */
  qmi?: boolean;
  /** The function stops answering commands `afterMs` after the first data session is up, until `cure`. */
  wedge?: { cure: MbimWedgeCure; afterMs?: number };
}

/** MBIMEx versions a simulated function can speak. */
export type MbimexKnob = '1.0' | '2.0' | '3.0';
const MBIMEX_KNOBS: readonly MbimexKnob[] = ['1.0', '2.0', '3.0'];

/** The `mbim` knobs with defaults filled in. */
export interface ResolvedMbimKnobs {
  maxTransfer: number | undefined;
  partner: boolean;
  mbimex: MbimexKnob;
  qmi: boolean;
  wedge: { cure: MbimWedgeCure; afterMs: number } | undefined;
}

/** Defaults: host's max transfer, roaming as roaming, MBIM 1.0, QMI tunnelled, never wedged. */
export const DEFAULT_MBIM_KNOBS: ResolvedMbimKnobs = Object.freeze({ maxTransfer: undefined, partner: false, mbimex: '1.0', qmi: true, wedge: undefined }) as ResolvedMbimKnobs;

const CURES: readonly MbimWedgeCure[] = ['open', 'close', 'qmi-reset', 'at'];

function isObj(v: unknown): v is Record<string, unknown> { return typeof v === 'object' && v !== null && !Array.isArray(v); }

/** Builds the error for a bad key (scenario.ts passes ScenarioError; kept apart to avoid an import cycle). */
export type KnobError = (key: string, reason: string) => Error;

/** Validates the `mbim` object of a scenario; throws `fail(key, reason)` for the first bad key. */
export function resolveMbimKnobs(v: unknown, fail: KnobError): ResolvedMbimKnobs {
  const only = (o: Record<string, unknown>, allowed: string[], at: string) => {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) throw fail(`${at}.${k}`, `unknown key (allowed: ${allowed.join(', ')})`);
  };
  const int = (x: unknown, key: string, min: number, max: number): number => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) throw fail(key, `must be an integer in ${min}..${max}, got ${JSON.stringify(x)}`);
    return x;
  };
  if (v === undefined) return { ...DEFAULT_MBIM_KNOBS };
  if (!isObj(v)) throw fail('mbim', 'must be an object');
  only(v, ['maxTransfer', 'partner', 'mbimex', 'qmi', 'wedge'], 'mbim');
  for (const k of ['partner', 'qmi'] as const) if (v[k] !== undefined && typeof v[k] !== 'boolean') throw fail(`mbim.${k}`, `must be true or false, got ${JSON.stringify(v[k])}`);
  if (v.mbimex !== undefined && !MBIMEX_KNOBS.includes(v.mbimex as MbimexKnob)) throw fail('mbim.mbimex', `must be one of ${MBIMEX_KNOBS.join(', ')}, got ${JSON.stringify(v.mbimex)}`);
  let wedge: ResolvedMbimKnobs['wedge'];
  if (v.wedge !== undefined) {
    if (!isObj(v.wedge)) throw fail('mbim.wedge', 'must be an object {cure, afterMs}');
    only(v.wedge, ['cure', 'afterMs'], 'mbim.wedge');
    const cure = v.wedge.cure as MbimWedgeCure;
    if (!CURES.includes(cure)) throw fail('mbim.wedge.cure', `must be one of ${CURES.join(', ')}, got ${JSON.stringify(v.wedge.cure)}`);
    wedge = { cure, afterMs: v.wedge.afterMs === undefined ? 0 : int(v.wedge.afterMs, 'mbim.wedge.afterMs', 0, 600_000) };
  }
  return {
    // libmbim's fragments carry 20 header bytes; 64 is the smallest control transfer USB MBIM allows.
    maxTransfer: v.maxTransfer === undefined ? undefined : int(v.maxTransfer, 'mbim.maxTransfer', 64, 65536),
    partner: v.partner === true,
    mbimex: (v.mbimex as MbimexKnob | undefined) ?? '1.0',
    qmi: v.qmi !== false,
    wedge,
  };
}
