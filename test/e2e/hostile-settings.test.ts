// Issue 12 item 3: a typo in /etc/config/qmi4g must not keep the daemon (qmi4gd as procd runs it,
// daemonCommand() in test/helpers/owrt-env.ts) from serving — on the real ubusd and netifd of the
// OpenWrt tree (test/helpers/owrt-stack.ts), with /etc/config/qmi4g written by the test.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { realTest } from '../helpers/owrt-env';
import { withStack } from '../helpers/owrt-suite';
import { logged } from '../helpers/eventually';

const real = realTest(test);

for (const [name, text] of [
  ['an unterminated quote', "config qmi4g 'main'\n\toption log_level 'debug\n"],
  ['a NUL byte', "config qmi4g 'main'\n\toption log_level 'in\0fo'\n"],
  ["log_level 'verbose'", "config qmi4g 'main'\n\toption log_level 'verbose'\n"],
] as const) {
  real(`${name} in /etc/config/qmi4g: the daemon logs what it ignored and serves qmi4g; SIGHUP with another typo keeps it serving`, async () => {
    await withStack({ daemon: false }, async (s) => {
      const file = path.join(s.configDir, 'qmi4g');
      fs.writeFileSync(file, text);
      // startDaemon resolves once qmi4g is on the real ubusd (and rejects when the daemon never gets there);
      // its stderr may reach us later than ubusd's object add: the warning is awaited, bounded.
      await s.startDaemon();
      await logged(s.daemonLog, /^warn: .*settings: .*qmi4g/, 'the warning about the ignored setting');
      assert.ok(await s.client.call('qmi4g', 'info', {}), 'info answered');
      fs.writeFileSync(file, "config qmi4g 'main'\n\toption log_level \"warn\n");
      s.daemon!.kill('SIGHUP');
      await logged(s.daemonLog, /unterminated "/, 'the SIGHUP reload\'s warning');
      assert.ok(await s.client.call('qmi4g', 'info', {}), 'info answered after SIGHUP');
      assert.is(s.daemon!.exitCode, null);
      assert.is(s.daemon!.signalCode, null);
    });
  });
}

test.run();
