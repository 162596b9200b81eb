// The SIM's subscriber data over QMI: IMSI, ICCID, MNC length (for `apn auto`/`apn_by_iccid`) and
// MSISDN. DMS first (UIM Get IMSI / UIM Get ICCID), the SIM files through UIM Read Transparent as
// the fallback, and EF_AD only through UIM. Sources: libqmi qmi-service-dms.json, qmi-service-uim.json.
import type { QmiClient, QmiDevice } from '../qmi/device';
import { QmiProtocolError } from '../qmi/errors';
import { dms } from '../qmi/services';
import { GetMsisdn, ReadTransparent, SimFile, UimGetImsi, UimSessionType, filePathBytes } from '../qmi/services/subscriber';
import type { CallOptions, SimSubscriber } from './modem';
import { iccidOfEf, imsiOfEf, mncLengthOfEfAd, spnOfEf } from './sim-files';

/** A request of the modem's: counts the round trip and runs it (QmiModem.call). */
export type QmiCall = <T>(fn: () => Promise<T>) => Promise<T>;

/** The answer, or undefined when the modem refused it (a QMI error result); transport errors and timeouts are thrown. */
function refusedIsUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  return p.catch((e) => { if (e instanceof QmiProtocolError) return undefined; throw e; });
}

/**
 * The bytes of a transparent SIM file through UIM Read Transparent (primary GW provisioning
 * session, empty AID, whole file), or undefined when the modem or the card refused it (status
 * words other than 90 00 / 91 xx).
 */
export async function readSimFile(uim: QmiClient, call: QmiCall, file: { fileId: number; path: readonly number[] }, o: CallOptions): Promise<number[] | undefined> {
  const r = await refusedIsUndefined(call(() => uim.request(ReadTransparent, {
    session: { sessionType: UimSessionType.primaryGwProvisioning, applicationIdentifier: [] },
    file: { fileId: file.fileId, filePath: filePathBytes(file.path) },
    readInformation: { offset: 0, length: 0 },
  }, o)));
  if (!r?.readResult) return undefined;
  if (r.cardResult && !(r.cardResult.sw1 === 0x90 || r.cardResult.sw1 === 0x91)) return undefined;
  return r.readResult;
}

/** ICCID, IMSI, MNC length and service provider name of the SIM; see the file header for the order of sources. */
export async function readQmiSubscriber(dmsClient: QmiClient, uim: QmiClient | undefined, call: QmiCall, o: CallOptions): Promise<SimSubscriber> {
  const imsi = async () => (await refusedIsUndefined(call(() => dmsClient.request(UimGetImsi, {}, o))))?.imsi
    ?? (uim ? imsiOfEf((await readSimFile(uim, call, SimFile.imsi, o)) ?? []) : undefined);
  const iccid = async () => (await refusedIsUndefined(call(() => dmsClient.request(dms.UimGetIccid, {}, o))))?.iccid
    ?? (uim ? iccidOfEf((await readSimFile(uim, call, SimFile.iccid, o)) ?? []) : undefined);
  const mncLength = async () => (uim ? mncLengthOfEfAd((await readSimFile(uim, call, SimFile.ad, o)) ?? []) : undefined);
  const spn = async () => (uim ? spnOfEf((await readSimFile(uim, call, SimFile.spn, o)) ?? []) : undefined);
  const [i, c, m, n] = await Promise.all([imsi(), iccid(), mncLength(), spn()]);
  const out: SimSubscriber = {};
  if (i && /^\d{6,15}$/.test(i)) out.imsi = i;
  if (c && /^[0-9]{18,20}[Ff]?$/.test(c)) out.iccid = c;
  if (m) out.mncLength = m;
  if (n) out.spn = n;
  return out;
}

/**
 * The MNC length (EF_AD) and service provider name (EF_SPN) through a UIM client of `device` (QMI
 * over MBIM: MBIM itself has no SIM file access), allocated for the reads and released again; each
 * undefined when the modem has no UIM service, refuses, or the file lacks it. Never throws (a
 * failed read leaves the choice to the table).
 */
export async function readSimFilesOver(device: QmiDevice, call: QmiCall, o: CallOptions & { timeoutMs?: number }): Promise<{ mncLength?: 2 | 3; spn?: string }> {
  let uim: QmiClient | undefined;
  try {
    const c = uim = await call(() => device.client('uim', o));
    const [ad, spn] = await Promise.all([readSimFile(c, call, SimFile.ad, o), readSimFile(c, call, SimFile.spn, o)]);
    return { mncLength: mncLengthOfEfAd(ad ?? []), spn: spnOfEf(spn ?? []) };
  } catch {
    return {};
  } finally {
    await uim?.release({ timeoutMs: 2000 }).catch(() => undefined);
  }
}

/** IMSI and MSISDN for status (DMS UIM Get IMSI, DMS Get MSISDN); each undefined when refused. */
export async function readQmiNumbers(dmsClient: QmiClient, call: QmiCall, o: CallOptions): Promise<{ imsi?: string; msisdn?: string }> {
  const [imsi, msisdn] = await Promise.all([
    refusedIsUndefined(call(() => dmsClient.request(UimGetImsi, {}, o))),
    refusedIsUndefined(call(() => dmsClient.request(GetMsisdn, {}, o))),
  ]);
  return { imsi: imsi?.imsi, msisdn: msisdn?.msisdn };
}
