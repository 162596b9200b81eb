// Where the real OpenWrt userland is (QMI4G_OWRT), whether tests can use it, and the qmi4gd command (QMI4G_DAEMON).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root (this file is test/helpers/owrt-env.ts). */
export const REPO = path.resolve(__dirname, '..', '..');

/**
 * The prebuilt OpenWrt tree (`bin/owrt-env`, `root/`, `anchors/`): env `QMI4G_OWRT`, else
 * `../shared/owrt` relative to the repository. Relative values are taken from the repository root.
 */
export function owrtDir(): string {
  const v = process.env.QMI4G_OWRT;
  return path.resolve(REPO, v && v.length ? v : path.join('..', 'shared', 'owrt'));
}

/**
 * Why the real-stack tests cannot run here, or undefined when they can: the tree (with
 * `bin/owrt-env` and `root/usr/sbin/netifd`) must exist, and we must be root with `ip`,
 * `nsenter`, `ethtool`, `dnsmasq`, `busybox` and `socat` (network namespaces, real DHCP, the pty).
 */
export function owrtSkipReason(): string | undefined {
  const dir = owrtDir();
  if (!fs.existsSync(path.join(dir, 'bin', 'owrt-env')) || !fs.existsSync(path.join(dir, 'root', 'usr', 'sbin', 'netifd'))) {
    return `no OpenWrt tree at ${dir} (set QMI4G_OWRT to the folder with bin/owrt-env)`;
  }
  if (process.getuid?.() !== 0) return 'the real stack needs root (network and mount namespaces)';
  try {
    execFileSync('sh', ['-c', 'command -v ip && command -v nsenter && command -v ethtool && command -v dnsmasq && command -v busybox && command -v socat'], { stdio: 'ignore' });
  } catch { return 'missing one of ip, nsenter, ethtool, dnsmasq, busybox, socat (npm test installs them as root)'; }
  return undefined;
}

/**
 * The qmi4gd executable as argv: env `QMI4G_DAEMON` (the path of an executable taking
 * `daemon --ubus-socket … --config-dir … --state-dir …` and the CLI commands, e.g. a QuickJS
 * build), else `node dist/qmi4g.js`. The one place that choice is made.
 */
export function daemonCommand(): string[] {
  const v = process.env.QMI4G_DAEMON;
  if (v && v.length) return [path.resolve(REPO, v)];
  return [process.execPath, path.join(REPO, 'dist', 'qmi4g.js')];
}

/** The part of a uvu suite `realTest` needs. */
export interface UvuSuite { (name: string, fn: () => void | Promise<void>): void; skip(name?: string, fn?: () => void | Promise<void>): void }

/**
 * The uvu `test` to register a real-stack test with: `test` itself when the stack can run, else
 * uvu's `test.skip` after printing `SKIPPED (real stack): NAME — REASON` (uvu counts it under
 * "Skipped", which scripts/test.mjs adds up and fails on when QMI4G_OWRT is set, as in CI).
 */
export function realTest(test: UvuSuite): (name: string, fn: () => void | Promise<void>) => void {
  const why = owrtSkipReason();
  if (!why) return test;
  return (name) => { console.log(`SKIPPED (real stack): ${name} — ${why}`); test.skip(name); };
}
