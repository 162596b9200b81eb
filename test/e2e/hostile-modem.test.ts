// Issue 12: a hostile modem (simulator knobs) — control characters and huge strings from the modem
// never reach logs, ubus replies, events, netifd's data or the terminal.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { startHarness, HarnessProtocol } from '../../src/sim/harness';
import { formatStatus } from '../../src/daemon/status';
import { setLogLevel, setLogSink } from '../../src/log';

const BUNDLE = path.resolve(__dirname, '../../dist/qmi4g.js');
const logLines: string[] = [];
let previousSink: ((l: string) => void) | undefined;
test.before(() => { setLogLevel('debug'); previousSink = setLogSink((l) => logLines.push(l)); });
test.after(() => { if (previousSink) setLogSink(previousSink); setLogLevel('info'); });

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const FORGED = 'Evil\n[wdm0] connected: 6.6.6.6/32\x1b[2J\x1b]0;owned\x07\0\x9b';
const HUGE = 'M'.repeat(60_000);

for (const protocol of ['qmi', 'mbim'] as HarnessProtocol[]) {
  test(`${protocol}: an operator name with LF/ESC/BEL/NUL/C1 and 60 kB identity strings arrive clean and bounded everywhere`, async () => {
    const h = await startHarness({
      bundle: BUNDLE, daemon: 'in-process', protocol,
      scenario: { identity: { manufacturer: HUGE, model: `EC25${'\x1b[31m'}`, revision: HUGE }, registration: { operator: FORGED } },
    });
    const events: string[] = [];
    try {
      const l = await h.client.listen('qmi4g.state', (_e, d) => events.push(JSON.stringify(d)));
      const connected = h.waitState('wdm0', (s) => s.state === 'connected' || s.state === 'failed', 20_000);
      const config = protocol === 'qmi' ? { wdmif: h.devicePath, apn: 'internet', dhcp: '0' } : { device: h.devicePath, apn: 'internet' };
      const r = await h.handler('setup', 'wdm0', config);
      assert.is(r.status, 0, r.output);
      assert.is((await connected).state, 'connected');
      const st = (await h.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
      await l.close();
      const op = (st.operator as Record<string, string>).name;
      assert.ok(op.startsWith('Evil [wdm0] connected'), op);
      const modem = st.modem as Record<string, string>;
      assert.is(modem.model, 'EC25[31m');
      for (const [k, v] of Object.entries(modem)) assert.ok(new TextEncoder().encode(v).length <= 256, `modem.${k} bounded`);
      const texts: [string, string][] = [['status', JSON.stringify(st)], ['events', JSON.stringify(events)], ['netifd', JSON.stringify(h.netifd.calls)]];
      // JSON.stringify escapes controls as \uXXXX or \n: look for both the raw and the escaped forms.
      for (const [what, t] of texts) {
        assert.not.ok(CONTROL.test(t), `raw control character in ${what}`);
        assert.not.match(t, /\\u00[0-1][0-9a-f]|\\u007f|\\u009b|\\n|\\r|\\t/i, `escaped control character in ${what}`);
      }
      assert.not.ok(logLines.some((x) => CONTROL.test(x)), 'no control character in a log line');
      assert.not.ok(logLines.some((x) => x.startsWith('[wdm0] connected: 6.6.6.6')), 'no forged log line');
      assert.not.ok(CONTROL.test(formatStatus(st).replace(/\n/g, '')), 'terminal text has no control sequence');
    } finally { await h.close(); }
  });
}

test('formatStatus never prints a control sequence, whatever the ubus peer replied', () => {
  const text = formatStatus({ interface: 'wdm0', device: '/dev/cdc-wdm0', state: 'connected', for_s: 1, reason: 'x\x1b[2J', operator: { name: 'a\x07\x9b', mcc: '262', mnc: '01' }, registration: { state: 'registered' } });
  assert.not.ok(CONTROL.test(text.replace(/\n/g, '')), JSON.stringify(text));
});

test.run();
