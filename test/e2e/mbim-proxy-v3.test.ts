// mbim-proxy with an MBIMEx 3.0 modem, judged by libmbim's mbimcli -p on the real netifd + ubusd: the
// daemon agreed 3.0 at open, so a client is told 3.0 by the Proxy Control Version indication (libmbim
// mbim-proxy.c); a client's Version query asking for 2.0 is answered 3.0 by the daemon and never reaches
// the modem (it would switch the function's layouts under the daemon), and the client then reads the
// 3.0 layouts right (Subscriber Ready Status with Flags, Base Stations Info with NR cells). A client
// that asks no version relies on the indication alone, which libmbim applies asynchronously: its first
// command may still go in the 1.0 layout (as with libmbim's own mbim-proxy), so the layout checks open
// with --device-open-ms-mbimex-v2/-v3 as ModemManager does.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { realTest } from '../helpers/owrt-env';
import { OwrtStack, startOwrtStack } from '../helpers/owrt-stack';
import { ifupUntil, settled } from '../helpers/owrt-suite';
import { mbimcliProxy, okRun } from '../helpers/host-run';

const rtest = realTest(test);
let s: OwrtStack<'mbim'>;

const mp = (args: string[], timeoutMs?: number) => mbimcliProxy(s, args, timeoutMs);
const ok = okRun;

test.before(async () => {
  s = await startOwrtStack<'mbim'>({
    protocol: 'mbim', network: { wwan: { proto: 'mbim', device: '$DEVICE', apn: 'internet', auto: 0 } },
    scenario: { mbim: { mbimex: '3.0' }, registration: { rat: 'nr5g' }, radio: { nr5g: { mode: 'nsa', pci: 733 } } },
  });
  const e = await ifupUntil(s, 'wwan', settled);
  assert.is(e.state, 'connected', e.reason);
});

test.after(async () => { await s?.close(); });

rtest('mbimcli -p: told 3.0 at configuration, a Version query for 2.0 answered 3.0 and not forwarded, the 3.0 layouts read right', async () => {
  const versions = s.sim.stats.requests['MS Version'] ?? 0;
  assert.is(versions, 1, 'the daemon exchanged the version once at open');
  // The Proxy Control Version indication after Configuration (libmbim consumes it internally and logs it).
  const caps = await mp(['--verbose', '--query-device-caps']);
  assert.match(ok(caps, 'caps'), /version information update reported: version 1\.00, extended version 3\.00/);
  const v = ok(await mp(['--ms-query-version=1.0,2.0']), 'version');
  assert.match(v, /MBIM extended version\s*: 3\.00/);
  // A client opening with MBIMEx 2.0 asks for it and is answered 3.0: it then reads the 3.0 layout (Flags).
  const sub = ok(await mp(['--device-open-ms-mbimex-v2', '--query-subscriber-ready-status']), 'subscriber');
  assert.match(sub, /Ready state: 'initialized'/);
  assert.match(sub, /SIM ICCID: '\d{19,20}'/, 'SimIccId read at its 3.0 place');
  assert.match(sub, /Flags: 'sim-removability-known, sim-removable'/);
  assert.is(s.sim.stats.requests['MS Version'] ?? 0, versions, "the clients' Version queries did not reach the modem");
  const bs = ok(await mp(['--device-open-ms-mbimex-v3', '--ms-query-base-stations-info']), 'base stations');
  assert.match(bs, /Serving NR cells: 1/);
  assert.match(bs, /Physical cell id: 733/);
  const st = (await s.client.call('qmi4g', 'status', { interface: 'wwan' })) as Record<string, any>;
  assert.is(st.state, 'connected');
  assert.is(st.nr5g?.pci, 733, 'the daemon still reads Base Stations Info in 3.0');
  assert.is(st.reconnects ?? 0, 0);
});

test.run();
