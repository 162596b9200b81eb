// `qmi4g probe --device PATH`: identity, SIM, registration, operator and signal of a modem, standalone (no ubus).
import { printLine } from './run';
import { QmiModem } from '../modem/qmi-modem';
import { createLogger } from '../log';
import { ParsedArgs, need } from './args';

/** Opens the modem, prints what it reports as text (or JSON with --json), releases it. Throws ModemError. */
export async function probeCommand(a: ParsedArgs, out: (s: string) => void = printLine): Promise<void> {
  const device = need(a, 'device');
  const signal = AbortSignal.timeout(Number(a.timeout ?? 30) * 1000);
  const modem = await QmiModem.open(device, { log: createLogger(`[${device}]`), signal });
  try {
    const identity = await modem.identify({ signal });
    const sim = await modem.simStatus({ signal });
    const reg = await modem.registration({ signal });
    const sig = await modem.signal({ signal }).catch(() => undefined);
    const format = await modem.readDataFormat({ signal });
    if (a.json) { out(JSON.stringify({ identity, sim, registration: reg, signal: sig, dataFormat: format })); return; }
    out(`modem:        ${identity.manufacturer ?? '?'} ${identity.model ?? '?'} (${identity.revision ?? '?'})`);
    out(`IMEI:         ${identity.imei ?? '?'}`);
    out(`ICCID:        ${identity.iccid ?? '?'}`);
    out(`SIM:          ${sim.state}${sim.pinRetries !== undefined ? ` (${sim.pinRetries} PIN tries, ${sim.pukRetries ?? '?'} PUK tries left)` : ''}`);
    out(`registration: ${reg.state}${reg.roaming ? ' (roaming)' : ''}, PS ${reg.psAttached ? 'attached' : 'detached'}`);
    out(`operator:     ${reg.operator ?? '?'} (MCC ${reg.mcc ?? '?'}, MNC ${reg.mnc ?? '?'}), ${reg.rat.toUpperCase()}`);
    if (sig) out(`signal:       ${sig.bars}/4 bars, RSSI ${sig.rssi ?? '?'} dBm, RSRP ${sig.rsrp ?? '?'} dBm, RSRQ ${sig.rsrq ?? '?'} dB, SNR ${sig.snr ?? '?'} dB`);
    out(`data format:  ${format}`);
  } finally {
    await modem.close();
  }
}
