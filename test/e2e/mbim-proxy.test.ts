// mbim-proxy judged by libmbim's own mbimcli -p on the real netifd + ubusd: with qmi4gd connected on the
// simulated MBIM modem (proto mbim), mbimcli runs in the router's network namespace through the daemon's
// abstract socket `mbim-proxy`: the mbimcli conformance commands (queries, attach, enter PIN), a second session (session-id 1, another
// APN) connected and disconnected — while the daemon's own session stays up, the modem never sees a second
// OPEN, and `qmi4g status` stays connected without a reconnect.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { realTest } from '../helpers/owrt-env';
import { OwrtStack, startOwrtStack } from '../helpers/owrt-stack';
import { ifupUntil, settled } from '../helpers/owrt-suite';
import { logged } from '../helpers/eventually';
import { mbimcliProxy, okRun, runHost } from '../helpers/host-run';

const rtest = realTest(test);
let s: OwrtStack<'mbim'>;
let opensBefore = 0;
let daemonOwners: string[] = [];

const mp = (args: string[], timeoutMs?: number) => mbimcliProxy(s, args, timeoutMs);
const ok = okRun;

test.before(async () => {
  s = await startOwrtStack<'mbim'>({ protocol: 'mbim', network: { wwan: { proto: 'mbim', device: '$DEVICE', apn: 'internet', auto: 0 } } });
  const e = await ifupUntil(s, 'wwan', settled);
  assert.is(e.state, 'connected', e.reason);
  const l = await runHost(['nsenter', '-t', String(s.netifdPid()), '-n', '--', 'ss', '-xl'], 5000);
  assert.match(l.stdout, /@mbim-proxy\s/, 'the daemon serves @mbim-proxy in the router netns');
  opensBefore = s.sim.stats.opened;
  daemonOwners = s.sim.model.listSessions().map((x) => x.owner).sort();
  assert.ok(daemonOwners.length > 0 && !daemonOwners.includes('mbim:1'), `the daemon's sessions: ${daemonOwners.join(' ')}`);
});

test.after(async () => { await s?.close(); });

async function daemonUntouched(): Promise<void> {
  const st = (await s.client.call('qmi4g', 'status', { interface: 'wwan' }))!;
  assert.is(st.state, 'connected');
  assert.is(st.reconnects ?? 0, 0, 'no reconnect of the daemon');
  assert.not.ok('port_sharing' in st, `no direct opener reported: ${JSON.stringify(st.port_sharing)}`);
  assert.is(s.sim.stats.opened, opensBefore, 'no client OPEN reached the modem');
  assert.equal(s.sim.model.listSessions().map((x) => x.owner).filter((o) => o !== 'mbim:1').sort(), daemonOwners, "the daemon's sessions are up");
}

rtest('the mbimcli conformance queries run through the daemon (mbimcli -p)', async () => {
  assert.match(ok(await mp(['--query-device-caps']), 'caps'), /Device ID: '\d+'/);
  assert.match(ok(await mp(['--query-subscriber-ready-status']), 'subscriber'), /Ready state: 'initialized'/);
  assert.match(ok(await mp(['--query-pin-state']), 'pin'), /PIN type: 'none'|PIN state: 'unlocked'/);
  assert.match(ok(await mp(['--query-radio-state']), 'radio'), /Software radio state: 'on'/);
  assert.match(ok(await mp(['--query-registration-state']), 'registration'), /Register state: 'home'/);
  assert.match(ok(await mp(['--query-signal-state']), 'signal'), /RSSI/);
  assert.match(ok(await mp(['--query-packet-statistics']), 'stats'), /Octets \(in\)/);
  assert.match(ok(await mp(['--attach-packet-service']), 'attach'), /Packet service state: 'attached'/);
  const retries = s.sim.model.sim.pinRetries;
  const pin = await mp(['--enter-pin=1111']);
  assert.is.not(pin.status, 0, 'entering a PIN on a ready SIM is refused by the modem');
  assert.match(pin.stderr, /PinDisabled/, "the modem's own answer, passed through");
  assert.is(s.sim.model.sim.pinRetries, retries, 'no PIN try used');
  await logged(s.daemonLog, /proxy client \d+ configured/, 'the daemon itself served them (not an mbim-proxy libmbim started)');
  await daemonUntouched();
});

rtest('a second session (session-id 1, another APN) connects and disconnects beside the daemon\'s', async () => {
  const conn = ok(await mp(['--connect=session-id=1,access-string=ims.second,ip-type=ipv4']), 'connect');
  assert.match(conn, /Activation state: 'activated'/);
  assert.equal(s.sim.model.listSessions().map((x) => x.owner).sort(), [...daemonOwners, 'mbim:1'].sort());
  const off = ok(await mp(['--disconnect=1']), 'disconnect');
  assert.match(off, /Activation state: 'deactivated'/);
  assert.equal(s.sim.model.listSessions().map((x) => x.owner).sort(), daemonOwners);
  await daemonUntouched();
});

rtest('10 concurrent mbimcli -p loops for 10 s: no failed run', async () => {
  const until = Date.now() + 10_000;
  const cmds = [['--query-signal-state'], ['--query-registration-state'], ['--query-device-caps'], ['--query-packet-statistics']];
  let runs = 0;
  const failures: string[] = [];
  await Promise.all(Array.from({ length: 10 }, async (_, w) => {
    for (let i = 0; Date.now() < until; i++) {
      const r = await mp(cmds[(w + i) % cmds.length], 30_000);
      runs++;
      if (r.status !== 0) failures.push(`${cmds[(w + i) % cmds.length][0]}: ${r.stderr.trim()}`);
    }
  }));
  console.log(`  mbim-proxy loop: ${runs} mbimcli -p runs by 10 workers in 10 s, ${failures.length} failed`);
  assert.equal(failures.slice(0, 5), [], `${failures.length} of ${runs} failed`);
  await daemonUntouched();
});

test.run();
