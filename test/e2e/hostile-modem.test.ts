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
      let st = (await h.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
      // The identity is fetched after connecting: wait for it.
      for (let i = 0; i < 100 && !st.modem; i++) { await new Promise((r) => setTimeout(r, 50)); st = (await h.client.call('qmi4g', 'status', { interface: 'wdm0' }))!; }
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
      assert.not.ok(logLines.some((x) => CONTROL.test(x)), `no control character in a log line: ${JSON.stringify(logLines.find((x) => CONTROL.test(x)))?.slice(0, 300)}`);
      assert.not.ok(logLines.some((x) => x.startsWith('[wdm0] connected: 6.6.6.6')), 'no forged log line');
      assert.not.ok(CONTROL.test(formatStatus(st).replace(/\n/g, '')), 'terminal text has no control sequence');
    } finally { await h.close(); }
  });
}

const count = (h: { sim: { stats: { requests: Record<string, number> } } }, re: RegExp) =>
  Object.entries(h.sim.stats.requests).filter(([k]) => re.test(k)).reduce((a, [, n]) => a + n, 0);

for (const [name, protocol, ipv4, extra] of [
  ['0.0.0.0/0 via 0.0.0.0', 'qmi', { address: '0.0.0.0', prefix: 0, gateway: '0.0.0.0' }, {}],
  ['255.255.255.255/32', 'qmi', { address: '255.255.255.255', prefix: 32 }, {}],
  ['a non-contiguous netmask 255.0.255.0', 'qmi', { netmask: '255.0.255.0' }, {}],
  ['prefix 200 (MBIM static default)', 'mbim', { prefix: 200 }, {}],
  ['224.0.0.1 (MBIM static default)', 'mbim', { address: '224.0.0.1' }, {}],
] as const) {
  test(`${protocol}: ${name} from the modem is CALL_FAILED with the reason; the call is stopped; netifd never sees an address`, async () => {
    const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process', protocol, scenario: { data: { ipv4, ipv6: null }, ...extra } });
    try {
      const failed = h.waitState('wdm0', (s) => s.error === 'CALL_FAILED', 20_000);
      const config = protocol === 'qmi' ? { wdmif: h.devicePath, apn: 'internet', dhcp: '0', pdptype: 'ipv4' } : { device: h.devicePath, apn: 'internet', pdptype: 'ipv4' };
      const r = await h.handler('setup', 'wdm0', config);
      assert.is(r.status, 0, r.output);
      await failed;
      const st = (await h.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
      const le = st.last_error as Record<string, unknown>;
      assert.is(le.code, 'CALL_FAILED');
      assert.match(String(le.message), /unusable IP settings|netmask/);
      assert.is(h.sim.model.listSessions().length, 0, 'no data session left up on the modem');
      // An autoconnect call (pdptype ipv4: on by default) gets a second Stop Network that turns autoconnect off, as qmi.sh's teardown does.
      if (protocol === 'qmi') assert.ok(count(h, /Stop Network/) >= count(h, /Start Network/), 'every Start Network stopped');
      const notify = h.netifd.calls.filter((c) => c.method === 'notify_proto');
      assert.not.ok(JSON.stringify(notify).includes('ipaddr'), 'no static address went to netifd');
    } finally { await h.close(); }
  });
}

test('qmi: MTU 70000 and a multicast DNS server are ignored (logged); the session connects without them', async () => {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process', scenario: { data: { mtu: 70000, ipv4: { dns: ['224.0.0.251', '10.0.0.53'] }, ipv6: null } } });
  try {
    const connected = h.waitState('wdm0', (s) => s.state === 'connected' || s.state === 'failed', 20_000);
    const r = await h.handler('setup', 'wdm0', { wdmif: h.devicePath, apn: 'internet', dhcp: '0', pdptype: 'ipv4' });
    assert.is(r.status, 0, r.output);
    assert.is((await connected).state, 'connected');
    const st = (await h.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    const ip = st.ipv4 as Record<string, unknown>;
    assert.is(ip.mtu, undefined);
    assert.equal(ip.dns, ['10.0.0.53']);
    assert.ok(logLines.some((l) => l.includes('MTU 70000')), 'the ignored MTU is logged');
  } finally { await h.close(); }
});

test('qmi: a 3-byte DNS TLV in Get Current Settings drops only that field (logged); the call connects, one Start Network', async () => {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process', scenario: {
    data: { ipv6: null, ipv4: { dns: ['10.0.0.53', '10.0.0.54'] } },
    hostile: { truncateTlv: [{ message: 'wds Get Current Settings', tlv: 0x15, length: 3 }] },
  } });
  try {
    const connected = h.waitState('wdm0', (s) => s.state === 'connected' || s.state === 'failed', 20_000);
    assert.is((await h.handler('setup', 'wdm0', { wdmif: h.devicePath, apn: 'internet', dhcp: '0', pdptype: 'ipv4' })).status, 0);
    assert.is((await connected).state, 'connected');
    const st = (await h.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.equal((st.ipv4 as Record<string, unknown>).dns, ['10.0.0.54']);
    assert.ok(logLines.some((l) => /optional TLV skipped: .*ipv4PrimaryDnsAddress/.test(l)), 'the bad TLV is logged');
    assert.is(count(h, /Start Network/), 1);
    assert.is(count(h, /Stop Network/), 0);
  } finally { await h.close(); }
});

test('qmi: Get Current Settings that cannot be decoded at all after Start Network succeeded: the call is stopped every time', async () => {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process', scenario: {
    data: { ipv6: null },
    hostile: { truncateTlv: [{ message: 'wds Get Current Settings', tlv: 0x02, length: 2 }] },
  } });
  try {
    const failed = h.waitState('wdm0', (s) => s.error === 'CALL_FAILED', 20_000);
    assert.is((await h.handler('setup', 'wdm0', { wdmif: h.devicePath, apn: 'internet', dhcp: '0', pdptype: 'ipv4' })).status, 0);
    await failed;
    assert.ok(count(h, /Start Network/) >= 1);
    assert.ok(count(h, /Stop Network/) >= count(h, /Start Network/), 'every started call stopped (autoconnect: one more to turn it off)');
    assert.is(h.sim.model.listSessions().length, 0);
  } finally { await h.close(); }
});

test('qmi: Allocate CID answered with CID 255 and then 0 is refused and asked again; the modem still connects', async () => {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process', scenario: { hostile: { allocateCid: [255, 0] } } });
  try {
    const connected = h.waitState('wdm0', (s) => s.state === 'connected' || s.state === 'failed', 20_000);
    assert.is((await h.handler('setup', 'wdm0', { wdmif: h.devicePath, apn: 'internet', dhcp: '0' })).status, 0);
    assert.is((await connected).state, 'connected');
    assert.ok(logLines.some((l) => /Allocate CID .*answered with CID 255; refused/.test(l)));
    for (const cids of Object.values(h.sim.stats.cids)) for (const c of cids) assert.ok(c >= 1 && c <= 254);
  } finally { await h.close(); }
});

test('qmi: stray CTL replies at open (same txn, another message, as after a daemon restart) are ignored; the modem connects', async () => {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process', scenario: { hostile: { strayCtlReplies: 3 } } });
  try {
    const connected = h.waitState('wdm0', (s) => s.state === 'connected' || s.state === 'failed', 20_000);
    assert.is((await h.handler('setup', 'wdm0', { wdmif: h.devicePath, apn: 'internet', dhcp: '0' })).status, 0);
    const s = await connected;
    assert.is(s.state, 'connected', s.reason);
    assert.ok(logLines.some((l) => /ignored a stray response/.test(l)), 'the strays were seen and ignored');
  } finally { await h.close(); }
});

test('wdmif on a regular file, /dev/null, /dev/zero: refused with the reason, not one byte written, the daemon keeps serving (issue 12 item 1)', async () => {
  const h = await startHarness({ bundle: BUNDLE, daemon: 'in-process' });
  const fs = await import('node:fs');
  const copy = path.join(h.dir, 'passwd-copy');
  fs.copyFileSync('/etc/passwd', copy);
  const before = fs.readFileSync(copy);
  try {
    for (const wdmif of [copy, '/dev/null', '/dev/zero']) {
      const failed = h.waitState('wdm0', (s) => s.state === 'failed' || s.state === 'reconnecting' || s.state === 'connected', 20_000);
      const r = await h.client.call('qmi4g', 'up', { interface: 'wdm0', config: { wdmif, apn: 'internet' } });
      assert.ok(r, wdmif);
      const s = await failed;
      assert.is.not(s.state, 'connected', wdmif);
      assert.ok(['NO_DEVICE', 'CONFIG_INVALID', 'DEVICE_NOT_SUPPORTED'].includes(s.error), `${wdmif}: ${s.error} ${s.reason}`);
      const st = (await h.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
      assert.match(String((st.last_error as Record<string, unknown>).message), /character device|not a|refus/i, String((st.last_error as Record<string, unknown>).message));
      await h.client.call('qmi4g', 'down', { interface: 'wdm0' });
    }
    assert.equal(fs.readFileSync(copy), before, 'the regular file is unchanged');
    // Still serving: a real modem connects on another interface.
    const ok = h.waitState('wdm1', (s) => s.state === 'connected' || s.state === 'failed', 20_000);
    assert.is((await h.handler('setup', 'wdm1', { wdmif: h.devicePath, apn: 'internet', dhcp: '0' })).status, 0);
    assert.is((await ok).state, 'connected');
  } finally { await h.close(); }
});

test('formatStatus never prints a control sequence, whatever the ubus peer replied', () => {
  const text = formatStatus({ interface: 'wdm0', device: '/dev/cdc-wdm0', state: 'connected', for_s: 1, reason: 'x\x1b[2J', operator: { name: 'a\x07\x9b', mcc: '262', mnc: '01' }, registration: { state: 'registered' } });
  assert.not.ok(CONTROL.test(text.replace(/\n/g, '')), JSON.stringify(text));
});

test.run();
