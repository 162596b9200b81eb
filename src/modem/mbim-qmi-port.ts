// QMI over MBIM as a ControlPort: QMUX frames travel in the QMI service's CID 1, so a QmiDevice can run on top.
import { copyBytes } from '../util/bytes';
import { Emitter } from '../util/emitter';
import { PortError, type ControlPort } from '../device/control-port';
import type { MbimDevice } from '../mbim/device';
import { qmi } from '../mbim/services';
import { Logger, silentLogger } from '../log';

/**
 * A ControlPort whose writes are QMUX frames sent as MBIM QMI msg sets (libmbim
 * mbim-service-qmi.json: msg; mbim.md §9) and whose 'data' are the QMUX replies and, once the
 * QMI service is in the Device Service Subscribe List, the QMUX indications. A failed set is
 * logged and dropped: the QmiDevice above times the request out, as it would on a lost frame.
 * Closes (with the cause) when the MBIM device's port closes; close() only detaches.
 */
export class MbimQmiPort extends Emitter implements ControlPort {
  closed = false;
  private readonly offIndication: () => void;
  private readonly onMbimClose = (err?: PortError) => this.finish(err ?? new PortError(`${this.path}: MBIM port closed`, 'EIO', this.path));

  constructor(private readonly mbim: MbimDevice, private readonly log: Logger = silentLogger) {
    super();
    this.offIndication = mbim.onIndication(qmi.Msg, (v) => { if (!this.closed) this.emit('data', v.qmux); });
    mbim.on('close', this.onMbimClose);
    if (mbim.isClosed) void Promise.resolve().then(() => this.onMbimClose());
  }

  /** The MBIM control port's path with a `#qmi` suffix (for logs). */
  get path(): string { return `${this.mbim.port.path}#qmi`; }

  /** Sends one QMUX frame (starting with the 0x01 marker); resolves once it is handed to the MBIM device. */
  write(message: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new PortError(`${this.path}: port closed`, 'EBADF', this.path));
    this.mbim.command(qmi.Msg, 'set', { qmiMsg: copyBytes(message) }).then(
      (r) => { if (!this.closed) this.emit('data', r.qmux); },
      (e: Error) => this.log.debug(`QMI msg over MBIM: ${e.message}`),
    );
    return Promise.resolve();
  }

  /** Detaches from the MBIM device (which stays open). */
  close(): void { this.finish(undefined); }

  private finish(err: PortError | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.offIndication();
    this.mbim.off('close', this.onMbimClose);
    this.emit('close', err);
  }
}
