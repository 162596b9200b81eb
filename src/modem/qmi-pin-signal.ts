// Two small QMI policies of QmiModem: which Verify PIN answers count as a wrong PIN, and the Signal Info thresholds it sets.
import { QmiError, QmiProtocolError } from '../qmi/errors';
import { ModemError } from './modem-errors';

/** A Verify PIN refusal as a ModemError: only IncorrectPin judged the PIN (qmi-errors.h; libqmi names). */
export function pinErrorOf(e: QmiProtocolError): ModemError {
  const left = (e.response.retriesRemaining ?? e.response.pinRetriesStatus) as { verifyRetriesLeft: number; unblockRetriesLeft: number } | undefined;
  const tries = left ? `, ${left.verifyRetriesLeft} tries left` : '';
  const details = { pinRetries: left?.verifyRetriesLeft, pukRetries: left?.unblockRetriesLeft };
  if (e.code === QmiError.IncorrectPin) return new ModemError('PIN_FAILED', `SIM rejected the PIN (${e.qmiName})${tries}`, [], { ...details, wrongPin: true });
  if (e.code === QmiError.PinBlocked || e.code === QmiError.PinAlwaysBlocked) return new ModemError('PUK_NEEDED', `SIM is PIN-blocked (${e.qmiName})`, [], details);
  return new ModemError('PIN_STATUS_FAILED', `PIN not verified, the SIM did not judge it (${e.qmiName}); retrying`, [e.qmiName], details);
}

/**
 * Signal Info indication thresholds (NAS Config Signal Info): every 5 dB of RSSI/RSRP, 3 dB of
 * RSRQ, 5 dB of LTE SNR (0.1 dB units) — what moves the 0–4 bars and the figures people read.
 */
export const SIGNAL_THRESHOLDS = {
  rssiThreshold: [-110, -105, -100, -95, -90, -85, -80, -75, -70, -65, -60, -55, -50],
  rsrpThreshold: [-130, -125, -120, -115, -110, -105, -100, -95, -90, -85, -80, -75, -70],
  rsrqThreshold: [-20, -17, -14, -11, -8, -5],
  lteSnrThreshold: [-50, 0, 50, 100, 150, 200, 250],
};
