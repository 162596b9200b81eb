// Makes sure the Debian tools the simulator and tests use are present; installs them when run as root.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian package per tool the tests and the demo use. */
export const TOOLS = {
  socat: 'socat',          // the pseudo-terminal the simulated /dev/cdc-wdm lives on
  qmicli: 'libqmi-utils',  // judges the QMI simulator
  mbimcli: 'libmbim-utils',// judges the MBIM simulator
  busybox: 'busybox',      // udhcpc and ash for the proto handler tests
  dnsmasq: 'dnsmasq',      // the carrier's DHCP server in the e2e namespace
  ip: 'iproute2',          // network namespaces and veth
  ethtool: 'ethtool',      // checksum offload off on the carrier veth, so udhcpc accepts dnsmasq's replies
  chromium: 'chromium',    // renders the LuCI status page headless (test/e2e/luci-status.test.ts)
  nsenter: 'util-linux',   // runs ubusd, netifd and qmi4gd in the real-stack namespace (test/helpers/owrt-stack.ts)
  '/usr/share/doc/libjson-c5/copyright': 'libjson-c5', // every binary of the OpenWrt tree (../shared/owrt) links libjson-c.so.5
  // the router build (scripts/build-router.mjs): QuickJS and qmi4gd for this machine and for MIPS
  gcc: 'gcc',
  make: 'make',
  'mipsel-linux-gnu-gcc': 'gcc-mipsel-linux-gnu',
  '/usr/mipsel-linux-gnu/include/stdio.h': 'libc6-dev-mipsel-cross', // a recommends of the compiler
  'mips-linux-gnu-gcc': 'gcc-mips-linux-gnu',
  '/usr/mips-linux-gnu/include/stdio.h': 'libc6-dev-mips-cross',
  'qemu-mipsel': 'qemu-user', // runs the MIPS builds (qemu-mipsel, qemu-mips) in the MIPS smoke test
};

/** A program on PATH, or (a name starting with /) a file that must exist. */
function have(tool) {
  if (tool.startsWith('/')) return existsSync(tool);
  return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
}

/** Installs the missing tools of `names` with apt-get when root; else prints the exact command and exits 1. */
export function ensureTools(names = Object.keys(TOOLS)) {
  const missing = names.filter((t) => !have(t));
  if (!missing.length) return;
  const pkgs = [...new Set(missing.map((t) => TOOLS[t]))];
  if (process.getuid && process.getuid() === 0) {
    console.error(`installing ${pkgs.join(' ')} (missing: ${missing.join(', ')})`);
    execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...pkgs], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    return;
  }
  console.error(`missing tools: ${missing.join(', ')}. Install them with:\n  sudo apt-get install -y ${pkgs.join(' ')}`);
  process.exit(1);
}

/** The demo: as root everything the namespace flow needs; otherwise only the pty (socat) is required. */
export function ensureDemoTools() {
  const root = process.getuid && process.getuid() === 0;
  ensureTools(root ? ['socat', 'busybox', 'dnsmasq', 'ethtool', 'ip'] : ['socat']);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  if (args[0] === '--demo') ensureDemoTools();
  else ensureTools(args.length ? args : undefined);
}
