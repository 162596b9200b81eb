// Files of the real-stack namespace: the uci network config and the holder script that installs the package's files at their OpenWrt paths.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** uci sections of /etc/config/network: section name → options (`config interface NAME`); arrays become `list` lines. */
export type UciSections = Record<string, Record<string, string | number | boolean | string[]>>;

const q = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;

/**
 * /etc/config/network text: a loopback interface, then `sections` in order. `$DEVICE` inside a
 * value is replaced by `devicePath` (the modem's control port). Booleans become 1/0.
 */
export function uciNetwork(sections: UciSections, devicePath: string): string {
  const all: UciSections = { loopback: { device: 'lo', proto: 'static', ipaddr: '127.0.0.1', netmask: '255.0.0.0' }, ...sections };
  const out: string[] = [];
  for (const [name, opts] of Object.entries(all)) {
    out.push(`config interface ${q(name)}`);
    for (const [k, v] of Object.entries(opts)) {
      const s = (x: string | number | boolean) => String(typeof x === 'boolean' ? Number(x) : x).replace(/\$DEVICE/g, devicePath);
      if (Array.isArray(v)) for (const x of v) out.push(`\tlist ${k} ${q(s(x))}`);
      else out.push(`\toption ${k} ${q(s(v))}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** What holderScript installs. */
export interface HolderOptions {
  /** The stack's temp dir (DIR/config is bound on /etc/config; DIR/holder.pid and DIR/ready are written). */
  dir: string;
  /** The repository (netifd-proto/, files/, dist/). */
  repo: string;
  /** The qmi4gd argv (test/helpers/owrt-env.ts daemonCommand()). */
  daemon: string[];
  /** `qmi4g`: the package's handlers; `openwrt`: OpenWrt's qmi.sh and mbim.sh from $OWRT_ENV_DIR/anchors. */
  handlers: 'qmi4g' | 'openwrt';
  /** Fake /sys/class/usbmisc/cdc-wdm0/device/net/wwan0 (tmpfs over /sys/class, the real classes bound back). */
  usbmisc: boolean;
}

/**
 * The script owrt-env runs first (busybox ash, root, inside the new mount namespace): installs
 * what the package Makefile installs where it installs it (netifd-proto/*.sh → /lib/netifd/proto/,
 * qmi4g-common.sh → /lib/netifd/, the bundle → /usr/lib/qmi4g/qmi4g.js, the CLI wrapper →
 * /usr/bin/qmi4g), binds DIR/config on /etc/config, fakes the usbmisc class, writes its pid and
 * `ready`, then sleeps so the namespace lives on for `nsenter`.
 */
export function holderScript(o: HolderOptions): string {
  const lines = [
    'set -e',
    `D=${q(o.dir)}`,
    `REPO=${q(o.repo)}`,
    'mount --bind "$D/config" /etc/config',
    'mkdir -p /lib/netifd/proto /usr/lib/qmi4g /usr/bin',
  ];
  if (o.handlers === 'qmi4g') {
    for (const f of netifdFilesOfPackage(o.repo)) lines.push(`install -m ${f.mode} "$REPO/${f.src}" ${q(f.dest)}`);
  } else {
    lines.push('cp "$OWRT_ENV_DIR/anchors/qmi.sh" "$OWRT_ENV_DIR/anchors/mbim.sh" /lib/netifd/proto/', 'chmod 755 /lib/netifd/proto/qmi.sh /lib/netifd/proto/mbim.sh');
  }
  const isNodeBundle = o.daemon.length === 2 && o.daemon[1].endsWith('qmi4g.js');
  if (isNodeBundle) {
    // the package's own wrapper (files/usr/bin/qmi4g) runs /usr/bin/node /usr/lib/qmi4g/qmi4g.js
    lines.push(`cp ${q(o.daemon[1])} /usr/lib/qmi4g/qmi4g.js`, 'cp "$REPO/files/usr/bin/qmi4g" /usr/bin/qmi4g');
    if (o.daemon[0] !== '/usr/bin/node') lines.push(`[ -x /usr/bin/node ] || ln -s ${q(o.daemon[0])} /usr/bin/node`);
  } else {
    lines.push(`printf '#!/bin/sh\\nexec %s "$@"\\n' ${q(o.daemon.map(q).join(' '))} > /usr/bin/qmi4g`);
  }
  lines.push('chmod 755 /usr/bin/qmi4g');
  if (o.usbmisc) {
    lines.push(
      'mkdir -p "$D/sysclass"',
      'mount --bind /sys/class "$D/sysclass"',
      'mount -t tmpfs qmi4g-sysclass /sys/class',
      'for c in "$D"/sysclass/*; do n=${c##*/}; mkdir "/sys/class/$n"; mount --bind "$c" "/sys/class/$n"; done',
      'mkdir -p /sys/class/usbmisc/cdc-wdm0/device/net/wwan0',
    );
  }
  lines.push('echo $$ > "$D/holder.pid"', 'touch "$D/ready"', 'exec sleep 2147483647', '');
  return lines.join('\n');
}

/**
 * The netifd files the package Makefile installs (`$(INSTALL_DATA|INSTALL_BIN) ./netifd-proto/F $(1)/lib/netifd/…`),
 * read from the Makefile itself so the test bed installs exactly what a router gets. Throws when none is found.
 */
export function netifdFilesOfPackage(repo: string): { src: string; dest: string; mode: string }[] {
  const mk = fs.readFileSync(path.join(repo, 'Makefile'), 'utf8');
  const out: { src: string; dest: string; mode: string }[] = [];
  for (const m of mk.matchAll(/^\t\$\(INSTALL_(DATA|BIN)\) \.\/(netifd-proto\/[\w.-]+) \$\(1\)(\/lib\/netifd\/[\w./-]+)$/gm)) {
    out.push({ src: m[2], dest: m[3], mode: m[1] === 'BIN' ? '755' : '644' });
  }
  if (!out.length) throw new Error(`${repo}/Makefile installs no netifd-proto files`);
  return out;
}
