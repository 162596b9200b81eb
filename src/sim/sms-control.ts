// `qmi4g sim send-sms PORT --from N --text T [--order 2,1,3] [--smsc N]`: makes a running simulator receive an SMS.
// The simulator listens on the unix socket `PORT.ctl` for one JSON line per message (simulator-only code: Node APIs).
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { ModemModel } from './model';
import type { IncomingSms } from './sms-scenario';

/** Path of the control socket of the simulator serving `port`. */
export function controlPath(port: string): string { return `${port}.ctl`; }

/**
 * Serves the control socket: each line `{"from","text","order"?,"smsc"?,"referenceBits"?}` makes the model receive
 * that message now; the reply line is `{"ok":true,"parts":N}` or `{"ok":false,"error":"…"}`. Returns the closer.
 */
export function startSmsControl(model: ModemModel, port: string): () => void {
  const file = controlPath(port);
  try { fs.unlinkSync(file); } catch { /* none left over */ }
  const server = net.createServer((sock) => {
    let buf = '';
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      buf += d;
      if (buf.length > 64 * 1024) { sock.destroy(); return; }
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        sock.write(`${JSON.stringify(handle(model, line))}\n`);
      }
    });
    sock.on('error', () => undefined);
  });
  server.listen(file);
  return () => { server.close(); try { fs.unlinkSync(file); } catch { /* gone */ } };
}

function handle(model: ModemModel, line: string): Record<string, unknown> {
  try {
    const m = JSON.parse(line) as Partial<IncomingSms>;
    if (typeof m.from !== 'string' || m.from === '' || typeof m.text !== 'string' || m.text === '') return { ok: false, error: 'from and text are required' };
    if (m.order !== undefined && (!Array.isArray(m.order) || !m.order.every((n) => Number.isInteger(n) && n >= 1 && n <= 255))) return { ok: false, error: 'order: part numbers 1–255' };
    const before = model.sms.rejectedFull;
    const parts = model.sms.arrive({ from: m.from, text: m.text, afterMs: 0, order: m.order, smsc: m.smsc, referenceBits: m.referenceBits === 16 ? 16 : 8 });
    return { ok: true, parts, lostStoreFull: model.sms.rejectedFull - before };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

const USAGE = 'usage: qmi4g sim send-sms PORT --from NUMBER|NAME --text TEXT [--order 2,1,3] [--smsc NUMBER] [--ref16]';

/** Runs `qmi4g sim send-sms …`; returns the exit code (0 delivered, 1 simulator refused or unreachable, 2 usage). */
export async function runSendSms(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const port = argv[0];
  const msg: Record<string, unknown> = {};
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--from' || a === '--text' || a === '--smsc') msg[a.slice(2)] = argv[++i];
    else if (a === '--order') msg.order = String(argv[++i] ?? '').split(',').map(Number);
    else if (a === '--ref16') msg.referenceBits = 16;
    else { err(`unknown argument ${a}\n${USAGE}`); return 2; }
  }
  if (!port || port.startsWith('-') || !msg.from || !msg.text) { err(USAGE); return 2; }
  const reply = await new Promise<string>((resolve) => {
    const sock = net.connect(controlPath(port));
    let buf = '';
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(`${JSON.stringify(msg)}\n`));
    sock.on('data', (d: string) => { buf += d; if (buf.includes('\n')) { sock.end(); resolve(buf.trim()); } });
    sock.on('error', (e) => resolve(JSON.stringify({ ok: false, error: `no simulator at ${port} (${e.message})` })));
    sock.setTimeout(5000, () => { sock.destroy(); resolve(JSON.stringify({ ok: false, error: 'simulator did not answer' })); });
  });
  const r = JSON.parse(reply) as { ok: boolean; parts?: number; error?: string; lostStoreFull?: number };
  if (!r.ok) { err(`send-sms: ${r.error}`); return 1; }
  out(`delivered ${r.parts} part(s)${r.lostStoreFull ? `, ${r.lostStoreFull} lost: store full` : ''}\n`);
  return 0;
}
