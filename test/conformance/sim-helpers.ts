// Helpers for the conformance tests: temp pty paths, qmicli/mbimcli runs with a timeout, waiting on simulator events.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as assert from 'uvu/assert';
import { waitFor } from '../../src/util/wait';
import type { ModemModel } from '../../src/sim/model';
import { QmiSimulator, Scenario, startQmiSimulator } from '../../src/sim';

/** A fresh directory for pty links; removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qmi4g-sim-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The part of a uvu suite qmiSimSuite registers with. */
export interface SuiteHooks { before(fn: () => Promise<void>): void; after(fn: () => Promise<void>): void }

/**
 * A QMI simulator with `scenario` on a pty in a fresh temp dir, for a whole uvu suite: started in
 * `before`, closed and the dir removed in `after` (`dir` holds other ptys of the suite too). A test
 * may close `sim` and put another on `port`; the last one is closed.
 */
export function qmiSimSuite(suite: SuiteHooks, scenario?: Scenario): { sim: QmiSimulator; port: string; dir: string } {
  const tmp = tempDir();
  const s = { sim: undefined as unknown as QmiSimulator, port: path.join(tmp.dir, 'wdm0'), dir: tmp.dir };
  suite.before(async () => { s.sim = await startQmiSimulator({ path: s.port, scenario }); });
  suite.after(async () => { await s.sim?.close(); tmp.cleanup(); });
  return s;
}

/** What one qmicli run gave: exit code (null when killed by the timeout), stdout, stderr. */
export interface QmicliResult { code: number | null; stdout: string; stderr: string }

/** Runs `qmicli -d PATH --device-open-qmi ARGS…` (no shell), killed after `timeoutMs` (15 s). */
export function qmicli(port: string, args: string[], timeoutMs = 15_000): Promise<QmicliResult> {
  return runTool('qmicli', ['-d', port, '--device-open-qmi', ...args], timeoutMs);
}

/** Runs `mbimcli -d PATH ARGS…` (direct mode, no proxy; no shell), killed after `timeoutMs` (15 s). */
export function mbimcli(port: string, args: string[], timeoutMs = 15_000): Promise<QmicliResult> {
  return runTool('mbimcli', ['-d', port, ...args], timeoutMs);
}

/** Runs a tool (no shell), killed with SIGKILL after `timeoutMs`; never rejects. */
export function runTool(cmd: string, args: string[], timeoutMs: number): Promise<QmicliResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? (err as unknown as { code: number }).code : null) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Resolves when the model reports registration state `state` (now or later); 5 s timeout. */
export function registered(model: ModemModel, state = 'registered', timeoutMs = 5000): Promise<void> {
  return waitFor<void>(`registration ${state}`, (done) => {
    if (model.registration.state === state) { done(); return; }
    const on = (r: { state: string }) => { if (r.state === state) done(); };
    model.on('registration', on);
    return () => { model.off('registration', on); };
  }, { timeoutMs });
}

/** Resolves when the model's SIM has finished initialising (now or later); 5 s timeout. */
export function simInitialized(model: ModemModel, timeoutMs = 5000): Promise<void> {
  return waitFor<void>('SIM initialised', (done) => {
    if (!model.sim.initializing) { done(); return; }
    const on = (s: { initializing: boolean }) => { if (!s.initializing) done(); };
    model.on('sim', on);
    return () => { model.off('sim', on); };
  }, { timeoutMs });
}

/** Asserts a tool run exited 0 (showing its output otherwise) and returns its stdout. */
export function ok(r: QmicliResult, what: string): string {
  assert.is(r.code, 0, `${what}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
