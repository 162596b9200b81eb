// Makes sure the Debian tools the simulator and tests use are present; installs them when run as root.
import { execFileSync, spawnSync } from 'node:child_process';

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
};

function have(tool) {
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
