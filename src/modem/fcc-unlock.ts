// FCC unlock: laptop-SKU modems boot with the radio locked until the host sends an FCC authentication message (DMS, over QMI or QMI-over-MBIM).
import type { Logger } from '../log';
import type { QmiClient, QmiDevice } from '../qmi/device';
import { QmiError, QmiProtocolError } from '../qmi/errors';
import { dms, dmsVendor } from '../qmi/services';
import type { CallOptions } from './modem';
import { ModemError } from './modem-errors';
import { md5Hex } from '../util/md5';
import { encodeUtf8 } from '../util/utf8';

/**
 * The unlock messages (libqmi qmi-service-dms.json): `sierra` = DMS Set FCC Authentication
 * (0x555F, no TLVs), `foxconn` = DMS Foxconn Set FCC Authentication (0x5571, a u8 value, 0 as
 * ModemManager's Foxconn/Dell unlock sends it), `foxconn-v2` = its v2 (magic string + number).
 */
export type FccMethod = 'sierra' | 'foxconn' | 'foxconn-v2';

/** Every method name `option fcc_auth` takes besides `auto` and `0`. */
export const FCC_METHODS: readonly FccMethod[] = ['sierra', 'foxconn', 'foxconn-v2'];

/**
 * uci `fcc_auth`: `auto` (default: only when going online is refused with the locked answer,
 * methods chosen by manufacturer/model), `off` (`0`: never), or one method. From uci
 * `fcc_auth_magic`: `value` ('N') the foxconn value (default 0), `magic` ('STRING,N') the
 * foxconn-v2 magic string and number — without it v2 is never sent.
 */
export interface FccAuthConfig { mode: 'auto' | 'off' | FccMethod; value?: number; magic?: { string: string; number: number } }

/**
 * What `status` shows under `fcc`: the result, the method that unlocked the radio (if one did)
 * and every method tried with the modem's answer (`ok` or the QMI error name).
 * `locked`: the radio is locked and nothing unlocked it (disabled, no method known, all refused).
 */
export interface FccOutcome { result: 'unlocked' | 'locked'; method?: FccMethod; tried: { method: FccMethod; answer: string }[]; at: number }

/**
 * The methods to try, in order, for a modem that said it is FCC-locked: the configured one, or
 * for `auto` by manufacturer/model — Sierra (EM7355, EM7455, MC74xx…) `sierra`; Foxconn and
 * its Dell/Lenovo/HP SKUs (T77W968/DW5821e, T99W175/DW5930e SDX55, T99W373 SDX62…)
 * `foxconn-v2` (the configured magic, else the one derived from firmware and IMEI) then
 * `foxconn`; anything else (Quectel EM1xx, unknown) `sierra` and `foxconn` (v2 too with a
 * configured magic): a modem answers another vendor's message with InvalidQmiCommand, one
 * round trip. Sources: ModemManager data/dispatcher-fcc-unlock/1199 (Sierra: Set FCC
 * Authentication) and 105b (Foxconn: v2 with a hash, then v1 with 0); libqmi
 * qmi-service-dms.json (vendor ids 0x1199, 0x0489, 0x0490).
 */
export function fccMethodsFor(cfg: FccAuthConfig, identity: { manufacturer?: string; model?: string }): FccMethod[] {
  if (cfg.mode === 'off') return [];
  if (cfg.mode !== 'auto') return [cfg.mode];
  const who = `${identity.manufacturer ?? ''} ${identity.model ?? ''}`;
  if (/sierra|\b(EM|MC)7[0-9]{3}\b/i.test(who)) return ['sierra'];
  if (/foxconn|hon hai|\bT77W\d+|\bT99W\d+|\bDW58[0-9]{2}e\b|\bDW59[0-9]{2}e\b/i.test(who)) return ['foxconn-v2', 'foxconn'];
  return cfg.magic ? ['sierra', 'foxconn-v2', 'foxconn'] : ['sierra', 'foxconn'];
}

/**
 * Is `e` DMS Set Operating Mode online's FCC-locked answer? InvalidTransition (rebranded
 * EM7455) or Internal (Dell DW5770), as ModemManager reads them before sending the FCC
 * authentication (mm-broadband-modem-qmi.c, set operating mode ready; libqmi qmi-errors.h codes 60, 3).
 */
export function isQmiFccLockAnswer(e: unknown): boolean {
  return e instanceof QmiProtocolError && (e.code === 60 || e.code === 3);
}

/** The magic number ModemManager's Foxconn SDX55 unlock sends with the derived hash (data/dispatcher-fcc-unlock/105b). */
const FOXCONN_V2_NUMBER = 48;

/**
 * The Foxconn v2 magic string the modem itself checks: "salt" + MD5 hex of the MCFG firmware
 * version without its last two dot-separated fields, the apps version, the IMEI, "salt" and
 * "foxc" (ModemManager data/dispatcher-fcc-unlock/105b). Pure; the inputs as the modem reports them.
 */
export function foxconnV2Hash(firmwareMcfg: string, firmwareApps: string, imei: string): string {
  const mcfg = firmwareMcfg.replace(/\.[^.]*\.[^.]*$/, '');
  return `salt${md5Hex(encodeUtf8(`${mcfg}${firmwareApps}${imei}saltfoxc`))}`;
}

/**
 * The v2 magic: the configured one, else derived (foxconnV2Hash) from DMS Foxconn Get Firmware
 * Version (firmware-mcfg, apps) and DMS Get IDs (IMEI); undefined when the modem does not say.
 */
async function foxconnV2Magic(dmsClient: QmiClient, cfg: FccAuthConfig, o: CallOptions, count: () => void): Promise<{ string: string; number: number } | undefined> {
  if (cfg.magic) return cfg.magic;
  const opt = <T>(p: Promise<T>) => p.catch((e) => { if (e instanceof QmiProtocolError) return undefined; throw e; });
  const T = dmsVendor.FoxconnFirmwareVersionType;
  count(); count(); count();
  const [mcfg, apps, ids] = await Promise.all([
    opt(dmsClient.request(dmsVendor.FoxconnGetFirmwareVersion, { versionType: T.firmwareMcfg }, o)),
    opt(dmsClient.request(dmsVendor.FoxconnGetFirmwareVersion, { versionType: T.apps }, o)),
    opt(dmsClient.request(dms.GetIds, {}, o)),
  ]);
  if (!mcfg?.version || !apps?.version || !ids?.imei) return undefined;
  return { string: foxconnV2Hash(mcfg.version, apps.version, ids.imei), number: FOXCONN_V2_NUMBER };
}

/** Sends one method's message; resolves false (nothing sent) when foxconn-v2 has no magic. */
async function send(dmsClient: QmiClient, method: FccMethod, cfg: FccAuthConfig, o: CallOptions, count: () => void): Promise<boolean> {
  count();
  if (method === 'sierra') await dmsClient.request(dmsVendor.SetFccAuthentication, {}, o);
  else if (method === 'foxconn') await dmsClient.request(dmsVendor.FoxconnSetFccAuthentication, { value: cfg.value ?? 0 }, o);
  else {
    const magic = await foxconnV2Magic(dmsClient, cfg, o, count);
    if (!magic) return false;
    await dmsClient.request(dmsVendor.FoxconnSetFccAuthenticationV2, { magicString: magic.string, magicNumber: magic.number }, o);
  }
  return true;
}

/**
 * Sends the FCC authentication messages `fccMethodsFor` picks (the identity read with DMS Get
 * Manufacturer/Model when `auto`) until one is accepted; `count` is called per request. Never
 * throws a QMI protocol error (each refusal is recorded); transport loss, timeouts and aborts propagate.
 */
export async function sendFccAuthentication(dmsClient: QmiClient, cfg: FccAuthConfig, log: Logger, o: CallOptions, count: () => void = () => undefined): Promise<FccOutcome> {
  let identity: { manufacturer?: string; model?: string } = {};
  if (cfg.mode === 'auto') {
    const opt = <T>(p: Promise<T>) => p.catch((e) => { if (e instanceof QmiProtocolError) return undefined; throw e; });
    count(); count();
    const [man, model] = await Promise.all([opt(dmsClient.request(dms.GetManufacturer, {}, o)), opt(dmsClient.request(dms.GetModel, {}, o))]);
    identity = { manufacturer: man?.manufacturer, model: model?.model };
  }
  const tried: FccOutcome['tried'] = [];
  for (const method of fccMethodsFor(cfg, identity)) {
    try {
      if (!await send(dmsClient, method, cfg, o, count)) {
        tried.push({ method, answer: 'no-magic' });
        log.info('FCC authentication (foxconn-v2): the modem did not report its firmware versions and IMEI, and fcc_auth_magic is not set');
        continue;
      }
      tried.push({ method, answer: 'ok' });
      log.info(`FCC authentication (${method}) accepted`);
      return { result: 'unlocked', method, tried, at: Date.now() };
    } catch (e) {
      if (!(e instanceof QmiProtocolError)) throw e;
      tried.push({ method, answer: e.qmiName });
      log.info(`FCC authentication (${method}): ${e.qmiName}${e.code === QmiError.InvalidQmiCommand ? ' (not this vendor\'s message)' : ''}`);
    }
  }
  return { result: 'locked', tried, at: Date.now() };
}

/** The ModemError for a radio that stays FCC-locked: NETWORK_REGISTRATION_FAILED with `fcc-locked` and what was tried (retried with backoff). */
export function fccLockedError(cfg: FccAuthConfig, outcome: FccOutcome | undefined, how: string): ModemError {
  const tried = outcome?.tried.map((t) => `${t.method}: ${t.answer}`).join(', ');
  const why = cfg.mode === 'off' ? 'option fcc_auth is 0' : tried ? `no FCC authentication was accepted (${tried})` : 'no FCC authentication method applies';
  return new ModemError('NETWORK_REGISTRATION_FAILED', `the radio is FCC-locked (${how}) and ${why}; see option fcc_auth`, ['fcc-locked', ...(outcome?.tried.map((t) => t.method) ?? [])]);
}

/**
 * sendFccAuthentication on a DMS client allocated for it on `device` (QMI over MBIM: the MBIM
 * modem keeps no DMS client) and released afterwards. `device` undefined (the MBIM modem does
 * not tunnel QMI) → `locked` with nothing tried.
 */
export async function sendFccAuthenticationOn(device: QmiDevice | undefined, cfg: FccAuthConfig, log: Logger, o: CallOptions, count: () => void = () => undefined): Promise<FccOutcome> {
  if (!device || cfg.mode === 'off') return { result: 'locked', tried: [], at: Date.now() };
  count();
  const c = await device.client('dms', o);
  try { return await sendFccAuthentication(c, cfg, log, o, count); } finally {
    await c.release({ timeoutMs: 2000 }).catch((e) => log.debug(`release DMS client ${c.cid}: ${(e as Error).message}`));
  }
}
