// Issue 12 item 3: a typo in /etc/config/qmi4g must not keep the daemon (the bundle, run as procd runs it) from serving.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startBroker } from '../../src/ubus/broker';
import { UbusClient } from '../../src/ubus/client';

const BUNDLE = path.resolve(__dirname, '../../dist/qmi4g.js');

interface Run { child: ChildProcess; stderr: string[]; exited: Promise<number | null> }

function startDaemon(socketPath: string, configDir: string, stateDir: string): Run {
  const child = spawn(process.execPath, [BUNDLE, 'daemon', '--ubus-socket', socketPath, '--config-dir', configDir, '--state-dir', stateDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (d: string) => stderr.push(...d.split('\n').filter(Boolean)));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, stderr, exited };
}

async function until(pred: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

for (const [name, text] of [
  ['an unterminated quote', "config qmi4g 'main'\n\toption log_level 'debug\n"],
  ['a NUL byte', "config qmi4g 'main'\n\toption log_level 'in\0fo'\n"],
  ["log_level 'verbose'", "config qmi4g 'main'\n\toption log_level 'verbose'\n"],
] as const) {
  test(`${name} in /etc/config/qmi4g: the daemon logs what it ignored and serves qmi4g; SIGHUP with another typo keeps it serving`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qmi4g-badcfg-'));
    const socketPath = path.join(dir, 'ubus.sock');
    fs.mkdirSync(path.join(dir, 'etc'));
    fs.writeFileSync(path.join(dir, 'etc', 'qmi4g'), text);
    const broker = await startBroker(socketPath);
    const client = await UbusClient.connect({ socketPath, reconnect: false });
    const run = startDaemon(socketPath, path.join(dir, 'etc'), path.join(dir, 'state'));
    try {
      const early = Promise.race([run.exited.then((c) => { throw new Error(`daemon exited with ${c}: ${run.stderr.join(' | ')}`); }),
        until(() => run.stderr.some((l) => l.includes('serving ubus object qmi4g')), 'serving')]);
      await early;
      assert.ok(run.stderr.some((l) => /^warn: .*settings: .*qmi4g/.test(l)), run.stderr.join('\n'));
      const st = await client.call('qmi4g', 'info', {});
      assert.ok(st, 'info answered');
      fs.writeFileSync(path.join(dir, 'etc', 'qmi4g'), "config qmi4g 'main'\n\toption log_level \"warn\n");
      run.child.kill('SIGHUP');
      await until(() => run.stderr.some((l) => l.includes('unterminated "')), 'SIGHUP warning');
      assert.ok(await client.call('qmi4g', 'info', {}));
      assert.is(run.child.exitCode, null);
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
      client.close();
      await broker.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test.run();
