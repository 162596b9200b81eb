// A stand-in for netifd in tests and the demo: runs the proto handler as netifd does and answers the daemon's ubus calls.
import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { UbusClient } from '../ubus/client';
import { UbusError, UbusStatus } from '../ubus/errors';

/** One ubus call the daemon made to "netifd". */
export interface NetifdCall { path: string; method: string; args: Record<string, unknown>; at: number }

/** What `ubus call network.interface.IFACE status` would show, built from notify_proto (openwrt/netifd interface.c status fields). */
export interface InterfaceView {
  up: boolean;
  autostart: boolean;
  available: boolean;
  l3_device?: string;
  ipaddr: unknown[];
  ip6addr: unknown[];
  route: unknown[];
  dns: string[];
  data: Record<string, unknown>;
  errors: { subsystem: string; code: string; data?: string[] }[];
}

// The netifd-proto.sh functions the qmi4g handler uses, with netifd's calling convention
// (init_proto sets $interface and $data from argv; add_protocol dispatches setup/teardown).
// Notifications from the handler itself are appended to $NETIFD_NOTES, one line each.
const NETIFD_PROTO_STAND_IN = `
_note() { printf '%s\\n' "$*" >> "$NETIFD_NOTES"; }
proto_config_add_int() { :; }
proto_config_add_array() { :; }
proto_config_add_string() { :; }
proto_config_add_boolean() { :; }
proto_config_add_defaults() { :; }
proto_notify_error() { _note notify_error "$@"; }
proto_block_restart() { _note block_restart "$@"; }
proto_setup_failed() { _note setup_failed "$@"; }
proto_init_update() { _note init_update "$@"; }
proto_send_update() { _note send_update "$@"; }
init_proto() {
  proto="$1"; shift; cmd="$1"; shift
  interface="$1"; shift; data="$1"; shift
  add_protocol() {
    [ "$proto" = "$1" ] || return 0
    case "$cmd" in
      setup) proto_$1_setup "$interface" ;;
      teardown) proto_$1_teardown "$interface" ;;
    esac
  }
}
`;

/**
 * Plays netifd: registers `network`, `network.interface` and `network.interface.NAME` objects on
 * the broker, records every call, keeps an InterfaceView per interface, and runs the handler
 * script (`setup`/`teardown`) with a `ubus` shim that calls our CLI. Events: 'call' (NetifdCall),
 * 'add_dynamic' (args), 'ifup'/'ifdown' (interface name).
 */
export class NetifdStandIn extends EventEmitter {
  readonly calls: NetifdCall[] = [];
  readonly views = new Map<string, InterfaceView>();
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qmi4g-netifd-'));

  constructor(private readonly ubus: UbusClient, private readonly socketPath: string, private readonly bundle: string) { super(); }

  /** The handler's own notes (notify_error, setup_failed, … it sent itself). */
  handlerNotes(): string[] {
    const f = path.join(this.dir, 'notes');
    return fs.existsSync(f) ? fs.readFileSync(f, 'utf8').trim().split('\n').filter(Boolean) : [];
  }

  /** Interface status as netifd would show it; creates an empty view on first use. */
  view(iface: string): InterfaceView {
    let v = this.views.get(iface);
    if (!v) { v = { up: false, autostart: true, available: true, ipaddr: [], ip6addr: [], route: [], dns: [], data: {}, errors: [] }; this.views.set(iface, v); }
    return v;
  }

  private record(p: string, method: string, args: Record<string, unknown>): void {
    const c = { path: p, method, args, at: Date.now() };
    this.calls.push(c);
    this.emit('call', c);
  }

  /** Interfaces whose teardown handler is running (netifd's proto-shell state S_TEARDOWN). */
  private readonly tearingDown = new Set<string>();

  private notifyProto(args: Record<string, unknown>): Record<string, unknown> | undefined {
    const iface = String(args.interface ?? '');
    const v = this.view(iface);
    switch (Number(args.action)) {
      case 0:
        // openwrt/netifd proto-shell.c proto_shell_update_link: no link updates during teardown.
        if (this.tearingDown.has(iface)) throw new UbusError(UbusStatus.PERMISSION_DENIED, 'notify_proto');
        if (args['link-up'] === false) { v.up = false; v.ipaddr = []; v.ip6addr = []; v.route = []; v.dns = []; break; }
        v.up = true;
        if (typeof args.ifname === 'string') v.l3_device = args.ifname;
        if (Array.isArray(args.ipaddr)) v.ipaddr = args.ipaddr;
        if (Array.isArray(args.ip6addr)) v.ip6addr = args.ip6addr;
        if (Array.isArray(args.routes)) v.route = args.routes;
        if (Array.isArray(args.dns)) v.dns = args.dns as string[];
        if (args.data && typeof args.data === 'object') v.data = args.data as Record<string, unknown>;
        break;
      case 3: {
        const [code, ...data] = (args.error as string[] | undefined) ?? [];
        v.errors.push({ subsystem: 'qmi4g', code: String(code), data });
        break;
      }
      case 4: v.autostart = false; break;
      case 5: v.available = args.available !== false; break;
      case 7: v.up = false; break;
      default: break;
    }
    return undefined;
  }

  private readonly objects = new Set<string>();

  /**
   * Registers `network.interface.NAME` (up, down, status with `proto`) once, as netifd has one
   * object per configured interface; qmi4gd asks its status for the proto before acting on it.
   */
  async addInterface(name: string, proto: string): Promise<void> {
    if (this.objects.has(name)) return;
    this.objects.add(name);
    await this.ubus.addObject(`network.interface.${name}`, {
      up: () => { this.record(`network.interface.${name}`, 'up', {}); this.emit('ifup', name); },
      down: () => { this.record(`network.interface.${name}`, 'down', {}); this.emit('ifdown', name); },
      status: () => ({ ...this.view(name), proto }),
    });
  }

  /**
   * Registers the netifd objects on the broker; `wwanifs` are the uci interfaces (proto dhcp) the
   * daemon may bring up (seed 000's `broadband`), `ours` the qmi4g/mbim interfaces by name.
   */
  async start(wwanifs: string[] = [], ours: Record<string, string> = { wdm0: 'qmi4g', wdm1: 'qmi4g', wwan: 'mbim' }): Promise<void> {
    await this.ubus.addObject('network.interface', {
      notify_proto: { policy: { action: { type: 'int32', required: true }, interface: { type: 'string', required: true } }, handler: (a) => { this.record('network.interface', 'notify_proto', a); return this.notifyProto(a); } },
    });
    await this.ubus.addObject('network', {
      add_dynamic: { policy: { name: { type: 'string', required: true } }, handler: (a) => { this.record('network', 'add_dynamic', a); this.emit('add_dynamic', a); } },
    });
    for (const w of wwanifs) await this.addInterface(w, 'dhcp');
    for (const [name, proto] of Object.entries(ours)) await this.addInterface(name, proto);
  }

  /**
   * Runs `sh qmi4g.sh qmi4g ACTION IFACE CONFIG_JSON` as netifd does (cwd = proto dir), with
   * `ubus` on PATH calling this bundle. Resolves with the exit code and output (asynchronously:
   * the broker may live in this very process).
   */
  runHandler(handler: string, action: 'setup' | 'teardown', iface: string, configJson: string): Promise<{ status: number | null; output: string }> {
    const protoDir = path.join(this.dir, 'lib', 'netifd', 'proto');
    const bin = path.join(this.dir, 'bin');
    fs.mkdirSync(protoDir, { recursive: true });
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(this.dir, 'lib', 'functions.sh'), '# stand-in: the handler uses none of /lib/functions.sh\n');
    fs.writeFileSync(path.join(this.dir, 'lib', 'netifd', 'netifd-proto.sh'), NETIFD_PROTO_STAND_IN);
    for (const lib of ['qmi4g-common.sh', 'qmi4g-options.sh']) fs.copyFileSync(path.join(path.dirname(handler), lib), path.join(this.dir, 'lib', 'netifd', lib));
    fs.writeFileSync(path.join(bin, 'ubus'), `#!/bin/sh\nexec "${process.execPath}" "${this.bundle}" ubus -s "${this.socketPath}" "$@"\n`, { mode: 0o755 });
    const sh = fs.existsSync('/usr/bin/busybox') ? ['/usr/bin/busybox', 'sh'] : ['/bin/sh'];
    const proto = path.basename(handler, '.sh');
    const registered = /^[A-Za-z0-9_]{1,32}$/.test(iface) ? this.addInterface(iface, proto) : Promise.resolve();
    if (action === 'teardown') this.tearingDown.add(iface);
    return registered.then(() => new Promise((resolve) => {
      execFile(sh[0], [...sh.slice(1), handler, path.basename(handler, '.sh'), action, iface, configJson], {
        cwd: protoDir, encoding: 'utf8', timeout: 30_000,
        env: { PATH: `${bin}:/usr/bin:/bin`, IPKG_INSTROOT: this.dir, NETIFD_NOTES: path.join(this.dir, 'notes') },
      }, (err, stdout, stderr) => {
        const status = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        if (action === 'teardown') this.tearingDown.delete(iface);
        resolve({ status, output: `${stdout ?? ''}${stderr ?? ''}` });
      });
    }));
  }

  /** Removes the temp dir. */
  dispose(): void { fs.rmSync(this.dir, { recursive: true, force: true }); }
}
