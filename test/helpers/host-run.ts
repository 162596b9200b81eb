// Running a host tool (qmicli, mbimcli, ss, socat) from a real-stack test: its exit status and output, never a throw.
import { execFile } from 'node:child_process';
import * as assert from 'uvu/assert';
import type { OwrtStack } from './owrt-stack';

/** What a tool run gave: exit status (1 when it was killed or could not start), stdout and stderr. */
export interface HostRun { status: number; stdout: string; stderr: string }

/** Runs `argv` on the host; SIGKILL after `timeoutMs` (ms). Resolves always. */
export function runHost(argv: string[], timeoutMs: number): Promise<HostRun> {
  return new Promise((resolve) => {
    execFile(argv[0], argv.slice(1), { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => resolve({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

/** `mbimcli -p -d PORT ARGS` in the router's network namespace (host binary, the daemon's abstract socket `mbim-proxy`). */
export function mbimcliProxy(s: OwrtStack<'mbim'>, args: string[], timeoutMs = 20_000): Promise<HostRun> {
  return runHost(['nsenter', '-t', String(s.netifdPid()), '-n', '--', 'mbimcli', '-p', '-d', s.devicePath, ...args], timeoutMs);
}

/** Asserts the run exited 0 (the message names `what` and carries both outputs); returns its stdout. */
export function okRun(r: HostRun, what: string): string {
  assert.is(r.status, 0, `${what}: ${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
