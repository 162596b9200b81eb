// After a USB composition change the port speaks the other protocol: the interface of the other proto on the same port takes over.
import type { Logger } from '../log';
import type { SessionSnapshot } from '../session/session-types';
import type { UbusCaller } from '../netifd/link';
import { getOption, readUciFile, sectionsOfType } from '../uci';
import { joinPath } from '../util/path';
import { canonicalPort } from './port-users';

/** The netifd proto of the interfaces that fit a port speaking `protocol` (`qmi` → `qmi4g`, `mbim` → `mbim`). */
export function protoFor(protocol: string): 'qmi4g' | 'mbim' | undefined {
  return protocol === 'qmi' ? 'qmi4g' : protocol === 'mbim' ? 'mbim' : undefined;
}

/**
 * Named `proto` interfaces of CONFIG_DIR/network whose control port (`wdmif`, else `device`) is
 * `port` (compared canonically), in file order. A missing file is no interface; another read error is thrown.
 */
export async function interfacesOnPort(configDir: string, port: string, proto: 'qmi4g' | 'mbim'): Promise<string[]> {
  let pkg;
  try { pkg = await readUciFile(joinPath(configDir, 'network')); } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return [];
    throw e;
  }
  const want = canonicalPort(port);
  const out: string[] = [];
  for (const s of sectionsOfType(pkg, 'interface')) {
    const p = getOption(s, 'wdmif') ?? getOption(s, 'device');
    if (!s.anonymous && getOption(s, 'proto') === proto && typeof p === 'string' && canonicalPort(p) === want) out.push(s.name);
  }
  return out;
}

/**
 * Interface `from` failed because its port now speaks `protocol` (ModemError DEVICE_NOT_SUPPORTED
 * with that data, protocol-hint.ts): asks netifd to bring up every interface of the fitting proto
 * on the same port (`network.interface.NAME up`, as `ifup NAME`). Returns the interfaces asked.
 * Never throws: failures are logged (netifd errors are reported, never a modem problem).
 */
export async function handOverPort(bus: UbusCaller, configDir: string, from: string, port: string, protocol: string, log: Logger): Promise<string[]> {
  const proto = protoFor(protocol);
  if (!proto) return [];
  let names: string[];
  try { names = (await interfacesOnPort(configDir, port, proto)).filter((n) => n !== from); } catch (e) {
    log.warn(`[${from}] cannot read ${configDir}/network to find a proto ${proto} interface on ${port}: ${(e as Error).message}`);
    return [];
  }
  if (names.length === 0) { log.info(`[${from}] ${port} speaks ${protocol.toUpperCase()}; no proto ${proto} interface is configured on it`); return []; }
  const asked: string[] = [];
  for (const n of names) {
    await bus.call(`network.interface.${n}`, 'up', {}, { timeoutMs: 5000 }).then(
      () => { asked.push(n); log.info(`[${from}] ${port} speaks ${protocol.toUpperCase()} now: bringing up ${n} (proto ${proto})`); },
      (e: Error) => log.warn(`[${from}] ifup ${n}: ${e.message}`));
  }
  return asked;
}

/**
 * Watches the sessions' snapshots: one that failed with DEVICE_NOT_SUPPORTED naming the other
 * protocol (data `qmi`/`mbim`, protocol-hint.ts) hands its port over (handOverPort), once per
 * failure (the error's time); remembers the last 64 failures.
 */
export class ProtoHandOver {
  private readonly done = new Set<string>();

  constructor(private readonly bus: UbusCaller, private readonly configDir: string, private readonly log: Logger) {}

  /** Called with every snapshot the daemon publishes; never throws. */
  observe(s: SessionSnapshot): void {
    const err = s.lastError;
    const protocol = err?.data[0];
    if (s.state !== 'failed' || err?.code !== 'DEVICE_NOT_SUPPORTED' || (protocol !== 'qmi' && protocol !== 'mbim')) return;
    const key = `${s.interface}:${err.at}`;
    if (this.done.has(key)) return;
    this.done.add(key);
    if (this.done.size > 64) this.done.delete(this.done.values().next().value as string);
    void handOverPort(this.bus, this.configDir, s.interface, s.device, protocol, this.log);
  }
}
