// Simulator handlers for the subscriber reads: DMS UIM Get IMSI, DMS Get MSISDN and UIM Read
// Transparent of EF_ICCID, EF_IMSI and EF_AD (scenario `identity`). Source: libqmi
// qmi-service-dms.json, qmi-service-uim.json (via src/qmi/services/subscriber.ts); the file
// layouts of ETSI TS 102 221 / 3GPP TS 31.102 (src/modem/sim-files.ts).
import { GetMsisdn, ReadTransparent, SimFile, UimGetImsi, filePathBytes } from '../../qmi/services/subscriber';
import { efOfIccid, efOfImsi } from '../../modem/sim-files';
import { textToSeptets } from '../../sms/gsm7';
import type { ResolvedScenario } from '../scenario';
import type { SimView } from '../model';
import { Route, route, SimError } from './context';

/** QMI error 16 NotProvisioned (libqmi qmi-errors.h): Get MSISDN without a number on the SIM. */
const NOT_PROVISIONED = 16;
/** QMI error 80 SimFileNotFound (libqmi qmi-errors.h). */
const SIM_FILE_NOT_FOUND = 80;

/** The contents of a SIM file the simulated card has, or undefined. EF_AD: 4 bytes, MNC length in byte 4; EF_SPN: 17 bytes. */
export function simFileBytes(s: ResolvedScenario, fileId: number, path: number[]): number[] | undefined {
  const at = (f: { fileId: number; path: readonly number[] }) => f.fileId === fileId && filePathBytes(f.path).join() === path.join();
  if (at(SimFile.iccid)) return efOfIccid(s.identity.iccid.replace(/[Ff]$/, ''));
  if (at(SimFile.imsi)) return efOfImsi(s.identity.imsi);
  if (at(SimFile.ad) && s.identity.mncLength) return [0x00, 0x00, 0x00, s.identity.mncLength];
  if (at(SimFile.spn) && s.identity.spn) {
    // Display condition 0, the name in the GSM default alphabet one septet per byte, 0xFF padding (16 bytes).
    const name = textToSeptets(s.identity.spn) ?? [];
    return [0x00, ...name, ...new Array<number>(16 - name.length).fill(0xff)];
  }
  return undefined;
}

/** A SIM that cannot be read yet (absent, or not unlocked): the UIM error the modem answers. */
function unreadable(sim: SimView): number | undefined {
  if (sim.state === 'absent') return SimError.UimUninitialized;
  if (sim.state !== 'ready' || sim.initializing) return SimError.DeviceNotReady;
  return undefined;
}

/** The subscriber routes (DMS and UIM). */
export const subscriberRoutes: Route[] = [
  route(UimGetImsi, (_r, { scenario, model }) => {
    const e = unreadable(model.sim);
    if (e !== undefined) return { error: e };
    return scenario.identity.dmsImsi ? { values: { imsi: scenario.identity.imsi } } : { error: SimError.NotSupported };
  }),
  route(GetMsisdn, (_r, { scenario, model }) => {
    const e = unreadable(model.sim);
    if (e !== undefined) return { error: e };
    return scenario.identity.msisdn ? { values: { msisdn: scenario.identity.msisdn } } : { error: NOT_PROVISIONED };
  }),
  route(ReadTransparent, (r, { scenario, model }) => {
    const e = unreadable(model.sim);
    if (e !== undefined) return { error: e };
    const bytes = simFileBytes(scenario, r.file.fileId, r.file.filePath);
    if (!bytes) return { error: SIM_FILE_NOT_FOUND, values: { cardResult: { sw1: 0x6a, sw2: 0x82 } } };
    const from = r.readInformation.offset;
    const len = r.readInformation.length === 0 ? bytes.length - from : r.readInformation.length;
    return { values: { cardResult: { sw1: 0x90, sw2: 0x00 }, readResult: bytes.slice(from, from + len) } };
  }),
];
