// Writes whole MBIM messages (all fragments of one) to a port back to back, never interleaving two messages' fragments.
import type { ControlPort } from '../device/control-port';

interface Job { readonly frags: Uint8Array[]; resolve(): void; reject(e: Error): void }

/**
 * A FIFO of messages for one port. An idle writer starts writing at once, synchronously (so a
 * request is on the wire when its call returns, as QmiDevice does); a write error fails only
 * that message.
 */
export class SerialWriter {
  private readonly queue: Job[] = [];
  private busy = false;

  constructor(private readonly port: Pick<ControlPort, 'write'>) {}

  /** Queues the fragments of one message; resolves when all are written, rejects with the port's error. */
  write(frags: Uint8Array[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ frags, resolve, reject });
      if (!this.busy) void this.pump();
    });
  }

  private async pump(): Promise<void> {
    this.busy = true;
    for (let job = this.queue.shift(); job; job = this.queue.shift()) {
      try {
        for (const f of job.frags) await this.port.write(f);
        job.resolve();
      } catch (e) {
        job.reject(e as Error);
      }
    }
    this.busy = false;
  }
}
