// Hostile input end to end on the real stack: shell metacharacters in uci options travel through uci, netifd, the handler and the ubus CLI as data; malformed ubus calls get clear errors; no shell in src/.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { realTest } from '../helpers/owrt-env';
import type { OwrtStack } from '../helpers/owrt-stack';
import { ifupUntil, settled, waitStatus, withStack } from '../helpers/owrt-suite';
import { UbusError } from '../../src/ubus/errors';

const SRC = path.resolve(__dirname, '../../src');
const rtest = realTest(test);

/** Marker files a successful injection would create: /tmp/qmi4g-pwned-<pid>-<n>. */
const PWN = (n: number) => path.join(os.tmpdir(), `qmi4g-pwned-${process.pid}-${n}`);
/** Payloads that would create PWN(n) if any shell, eval or unquoted expansion saw them. */
function payloads(n: number): string[] {
  return [
    `$(touch ${PWN(n)})`,
    `\`touch ${PWN(n + 1)}\``,
    `x'; touch ${PWN(n + 2)}; '`,
    `x"; touch ${PWN(n + 3)}; "`,
    `a;touch ${PWN(n + 4)}`,
    `a|touch ${PWN(n + 5)}`,
    `\${IFS}&&touch\${IFS}${PWN(n + 6)}`,
  ];
}
function pwnedFiles(): string[] { return fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('qmi4g-pwned-')); }

async function ubusError(p: Promise<unknown>): Promise<UbusError> {
  try { await p; } catch (e) { assert.instance(e, UbusError); return e as UbusError; }
  assert.unreachable('expected a ubus error');
  throw new Error('unreachable');
}

/** A stack whose /etc/config/network has wdm0 (static settings) with `extra` options. */
function withWdm0(extra: Record<string, string>, fn: (s: OwrtStack) => Promise<void>): Promise<void> {
  return withStack({ network: { wdm0: { proto: 'qmi4g', wdmif: '$DEVICE', apn: 'internet', dhcp: '0', auto: 0, ...extra } } }, fn);
}

const before = pwnedFiles();

rtest('username and password with quotes, $(), backticks, semicolons: through uci, netifd, the handler and the ubus CLI to Start Network byte for byte; nothing runs', async () => {
  const username = `u'"${payloads(0).join('')}`;
  const password = `p${payloads(10).join(' ')}\\`;
  await withWdm0({ auth: 'chap', username, password }, async (s) => {
    assert.is((await ifupUntil(s, 'wdm0', settled)).state, 'connected');
    const sessions = s.sim.model.listSessions();
    assert.is(sessions.length, 1);
    assert.is(sessions[0].username, username, 'Start Network carried the exact username');
    assert.is(sessions[0].apn, 'internet');
    for (const l of [...s.daemonLog, ...s.netifdLog]) assert.not.ok(l.includes(password) || l.includes(username), `secret in log: ${l}`);
    const st = (await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.not.ok(JSON.stringify(st).includes(password), 'password not in status');
  });
  assert.equal(pwnedFiles(), before);
});

rtest('an APN with shell metacharacters is CONFIG_INVALID (data, never executed); no Start Network sent', async () => {
  await withWdm0({}, async (s) => {
    for (const [i, apn] of payloads(20).entries()) {
      await s.writeNetwork({ wdm0: { proto: 'qmi4g', wdmif: '$DEVICE', apn, auto: 0 } });
      await s.ifup('wdm0');
      // The refusal of this very payload (the message quotes its start), not the previous one's.
      const st = await waitStatus(s, 'wdm0', (q) => String((q.last_error as Record<string, unknown> | undefined)?.message ?? '').includes(JSON.stringify(apn.slice(0, 20)).slice(0, -1)), `payload ${i} refused`);
      assert.is(st.state, 'failed');
      assert.is((st.last_error as Record<string, unknown>).code, 'CONFIG_INVALID', `payload ${i}`);
      assert.equal((st.last_error as Record<string, unknown>).data, ['apn']);
      // netifd done with this setup (error recorded, restart blocked) before the next round.
      await s.waitIface('wdm0', (x) => !x.pending && !x.up && (x.errors ?? []).some((e) => e.code === 'CONFIG_INVALID'), 'refused in netifd');
      await s.ifdown('wdm0');
    }
    assert.is(s.sim.model.listSessions().length, 0);
    assert.not.ok(Object.keys(s.sim.stats.requests).some((k) => /Start Network/.test(k)), 'no Start Network request');
  });
  assert.equal(pwnedFiles(), before);
});

rtest('newlines in username/password/wdmif are CONFIG_INVALID naming the option, secrets not echoed', async () => {
  await withWdm0({}, async (h) => {
    for (const [option, value] of [['username', `u\ntouch ${PWN(30)}`], ['password', `p\r\n$(touch ${PWN(31)})`], ['wdmif', `${h.devicePath}\n/x`]] as const) {
      const reply = (await h.client.call('qmi4g', 'up', { interface: 'wdm0', config: { wdmif: h.devicePath, [option]: value } }))!;
      assert.is(reply.ok, false);
      const err = reply.error as Record<string, unknown>;
      assert.is(err.code, 'CONFIG_INVALID');
      assert.match(String(err.message), new RegExp(`option '${option}'`));
      if (option !== 'wdmif') assert.not.ok(String(err.message).includes('touch'), 'secret value not echoed');
    }
  });
  assert.equal(pwnedFiles(), before);
});

rtest('hostile interface names (uci cannot even hold them): the daemon answers INVALID_ARGUMENT, nothing reaches netifd', async () => {
  await withWdm0({}, async (h) => {
    for (const iface of [...payloads(40), 'wdm0\nwdm1']) {
      const e = await ubusError(h.client.call('qmi4g', 'up', { interface: iface, config: { wdmif: h.devicePath } }));
      assert.is(e.name, 'INVALID_ARGUMENT');
    }
    assert.is(h.sim.model.listSessions().length, 0);
    assert.equal((await h.ifstatus('wdm0')).errors ?? [], []);
  });
  assert.equal(pwnedFiles(), before);
});

rtest('ubus callers with wrong types, 100 kB strings, unknown interfaces and methods get clear errors; the daemon keeps serving', async () => {
  await withWdm0({}, async (h) => {
    const big = 'x'.repeat(100_000);
    const cases: [string, Record<string, unknown>, string][] = [
      ['status', { interface: 5 }, 'INVALID_ARGUMENT'],
      ['status', { interface: ['wdm0'] }, 'INVALID_ARGUMENT'],
      ['status', { interface: { a: 1 } }, 'INVALID_ARGUMENT'],
      ['status', { interface: big }, 'INVALID_ARGUMENT'],
      ['status', { interface: 'nope' }, 'NOT_FOUND'],
      ['up', {}, 'INVALID_ARGUMENT'],
      ['up', { interface: 'wdm0', config: 'not a table' }, 'INVALID_ARGUMENT'],
      ['up', { interface: 'wdm0', config: [1, 2] }, 'INVALID_ARGUMENT'],
      ['up', { interface: true, config: {} }, 'INVALID_ARGUMENT'],
      ['up', { interface: big, config: {} }, 'INVALID_ARGUMENT'],
      ['up', { interface: 'wdm0', protocol: 'sh -c id', config: {} }, 'INVALID_ARGUMENT'],
      ['down', {}, 'INVALID_ARGUMENT'],
      ['down', { interface: 1.5 }, 'INVALID_ARGUMENT'],
      ['reconnect', { interface: 'nope' }, 'INVALID_ARGUMENT'],
      ['reconnect', { interface: big }, 'INVALID_ARGUMENT'],
      ['no_such_method', {}, 'METHOD_NOT_FOUND'],
    ];
    for (const [method, args, name] of cases) {
      const e = await ubusError(h.client.call('qmi4g', method, args));
      assert.is(e.name, name, `${method} ${JSON.stringify(args).slice(0, 60)}`);
    }
    // 100 kB values inside the config: refused as CONFIG_INVALID (apn, wdmif) or ignored (unknown keys).
    for (const [option, value] of [['apn', big], ['wdmif', `/${big}`], ['probe_host', big]] as const) {
      const r = (await h.client.call('qmi4g', 'up', { interface: 'wdm0', config: { wdmif: h.devicePath, [option]: value, [big.slice(0, 5000)]: big } }))!;
      assert.is(r.ok, false, option);
      assert.is((r.error as Record<string, unknown>).code, 'CONFIG_INVALID');
      assert.ok(String((r.error as Record<string, unknown>).message).length < 400, 'the error does not echo 100 kB back');
    }
    assert.is((await ubusError(h.client.call('qmi4g', 'status', { interface: 'nope' }))).name, 'NOT_FOUND');
    // Still serving: a normal ifup connects, status and info answer.
    await h.ifdown('wdm0');
    assert.is((await ifupUntil(h, 'wdm0', settled)).state, 'connected');
    const st = (await h.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.is(st.state, 'connected');
    const info = (await h.client.call('qmi4g', 'info', {}))!;
    assert.ok(Array.isArray(info.interfaces));
  });
  assert.equal(pwnedFiles(), before);
});

/** Every .ts file under dir. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? sources(p) : d.name.endsWith('.ts') ? [p] : [];
  });
}

test('src/ runs processes only with execFile/spawn and argument arrays: no exec, execSync, shell: true or sh -c', () => {
  const files = sources(SRC);
  assert.ok(files.length > 50, `${files.length} source files`);
  const bad: string[] = [];
  let users = 0;
  let shellChecks = 0;
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const rel = path.relative(SRC, f);
    const code = text.split('\n').filter((l) => !/^\s*(\/\/|\*|\/\*)/.test(l)).join('\n');
    for (const m of code.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"](?:node:)?child_process['"]/g)) {
      users++;
      for (const name of m[1].split(',').map((s) => s.trim().split(/\s+as\s+/)[0]).filter(Boolean)) {
        if (name === 'exec' || name === 'execSync') bad.push(`${rel}: imports ${name}`);
      }
    }
    if (/import\s*\*\s*as\s+\w+\s*from\s*['"](?:node:)?child_process['"]/.test(code) || /require\(\s*['"](?:node:)?child_process['"]\s*\)/.test(code)) {
      if (/\.\s*exec(Sync)?\s*\(/.test(code.replace(/\/[^/\n]+\/[gimsuy]*\.exec\(/g, ''))) bad.push(`${rel}: child_process.exec via namespace`);
    }
    if (/child_process\.exec(Sync)?\s*\(/.test(code)) bad.push(`${rel}: child_process.exec(`);
    if (/\bshell\s*:\s*(true|['"`])/.test(code)) bad.push(`${rel}: shell option`);
    for (const m of code.matchAll(/['"](?:\/bin\/|\/usr\/bin\/)?(?:ba|da|a)?sh['"]\s*,\s*\[\s*['"]-c['"]\s*,\s*([^\]]*)\]/g)) {
      // Tolerated only in the simulator, with a constant script and nothing else in the argv
      // (sim/carrier-network.ts checks its tools with `sh -c 'command -v …'`).
      const constant = /^'[^'$`\\]*'\s*$/.test(m[1]);
      if (!(rel.startsWith(`sim${path.sep}`) && constant)) bad.push(`${rel}: sh -c ${m[1].slice(0, 40)}`);
      else shellChecks++;
    }
  }
  assert.ok(users >= 3, 'the scan found the files that do run processes');
  assert.equal(bad, []);
  assert.ok(shellChecks <= 1, 'no new sh -c, even constant ones');
});

test.after(() => {
  for (let i = 0; i < 50; i++) fs.rmSync(PWN(i), { force: true });
});

test.run();
