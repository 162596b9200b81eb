// The simulator's pseudo-terminal: socat makes a raw pty linked at PATH and relays it over its stdin/stdout.
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import { waitFor } from '../util/wait';

/** Options of a simulator pty: link path, socat binary, start timeout (ms). */
export interface PtyOptions { path: string; socat?: string; startTimeoutMs?: number }

/**
 * A raw pseudo-terminal whose slave is linked at `path` (`socat PTY,raw,echo=0,link=PATH STDIO`).
 * The simulator reads the client's bytes from 'data' events and writes replies with write().
 * The slave is held open by this process (never read) so the pty survives clients closing it;
 * without that the master reads EIO when a client closes and socat exits (oracles.md).
 * Events: 'data' (Buffer), 'close' (reason string) when socat exits.
 */
export class SimPty extends EventEmitter {
  private slaveFd: number | undefined;
  private exited = false;
  private closing = false;

  private constructor(readonly path: string, private readonly child: ChildProcessWithoutNullStreams) {
    super();
    child.stdout.on('data', (d: Buffer) => this.emit('data', d));
    child.stdin.on('error', () => { /* socat gone: reported through 'exit' */ });
    child.on('exit', (code, sig) => {
      this.exited = true;
      this.releaseSlave();
      this.emit('close', this.closing ? 'closed' : `socat exited (${sig ?? code})`);
    });
  }

  /**
   * Spawns socat (argument array, no shell) and waits until its transfer loop runs and the link
   * exists; throws Error when socat is missing, fails or takes longer than startTimeoutMs (5 s).
   */
  static async open(opts: PtyOptions): Promise<SimPty> {
    if (fs.existsSync(opts.path) && !fs.lstatSync(opts.path).isSymbolicLink()) {
      throw new Error(`${opts.path} exists and is not a symlink: refusing to replace it`);
    }
    const child = spawn(opts.socat ?? 'socat', ['-d', '-d', `PTY,raw,echo=0,link=${opts.path}`, 'STDIO'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const pty = new SimPty(opts.path, child);
    let stderr = '';
    try {
      await waitFor<void>(`socat pty at ${opts.path}`, (done, fail) => {
        const onErr = (d: Buffer) => {
          stderr += d.toString();
          if (stderr.includes('starting data transfer loop')) done();
        };
        const onExit = () => {
          const lines = stderr.trim().split('\n');
          fail(new Error(`socat exited before the pty was ready: ${lines.find((l) => / E /.test(l)) ?? lines.pop() ?? ''}`));
        };
        const onSpawnError = (e: Error) => fail(new Error(`cannot run socat: ${e.message}`));
        child.stderr.on('data', onErr);
        child.once('exit', onExit);
        child.once('error', onSpawnError);
        return () => { child.stderr.off('data', onErr); child.off('exit', onExit); child.off('error', onSpawnError); };
      }, { timeoutMs: opts.startTimeoutMs ?? 5000 });
      pty.slaveFd = fs.openSync(opts.path, fs.constants.O_RDWR | fs.constants.O_NOCTTY | fs.constants.O_NONBLOCK);
    } catch (e) {
      await pty.close();
      throw e;
    }
    // socat keeps logging at -d -d; drain it so the pipe never fills.
    child.stderr.resume();
    return pty;
  }

  /** True once socat has exited. */
  get closed(): boolean { return this.exited; }

  /** Writes bytes towards the client (one write to socat; socat writes them to the pty master). */
  write(b: Uint8Array): Promise<void> {
    if (this.exited) return Promise.reject(new Error('pty closed'));
    return new Promise((resolve, reject) => this.child.stdin.write(b, (e) => (e ? reject(e) : resolve())));
  }

  private releaseSlave(): void {
    if (this.slaveFd === undefined) return;
    try { fs.closeSync(this.slaveFd); } catch { /* already closed */ }
    this.slaveFd = undefined;
  }

  /** Kills socat (the client then sees the port hang up), closes the held slave and removes the link. */
  async close(): Promise<void> {
    this.closing = true;
    if (!this.exited) {
      const gone = waitFor<void>('socat exit', (done) => { this.child.once('exit', () => done()); }, { timeoutMs: 3000 });
      this.child.kill('SIGTERM');
      await gone.catch(() => { this.child.kill('SIGKILL'); });
    }
    this.releaseSlave();
    try {
      if (fs.lstatSync(this.path).isSymbolicLink()) fs.unlinkSync(this.path);
    } catch { /* socat removed it already */ }
  }
}
