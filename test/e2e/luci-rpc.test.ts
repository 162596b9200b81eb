// Status > Cellular against the real thing: OpenWrt's rpcd and uhttpd (ubus over HTTP) with the shipped ACL, the daemon bundle on ubusd.
//
// A read-only LuCI user (rpcd login with `list read 'luci-proto-qmi4g'`) calls `qmi4g status` as
// LuCI's rpc.js does (JSON-RPC "call" on /ubus): before the daemon runs, after it started, and
// `reconnect` without write access. The replies go to the status page in headless Chromium
// exactly as they came (error code and message), so the page's sentence is made from what uhttpd
// really answers. Needs root, the OpenWrt tree (env QMI4G_OWRT, default ../shared/owrt) and the
// bundle (dist/qmi4g.js, `node scripts/build.mjs`).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findChromium, harnessPage, runChromium } from '../helpers/luci-harness';

const REPO = resolve(__dirname, '..', '..');
const OWRT = resolve(REPO, process.env.QMI4G_OWRT ?? '../shared/owrt');
const ACL = join(REPO, 'luci/root/usr/share/rpcd/acl.d/luci-proto-qmi4g.json');
const BUNDLE = join(REPO, 'dist/qmi4g.js');

// md5-crypt of "viewerpw" (openssl passwd -1 -salt qmi4gtst viewerpw), as rpcd's login section takes it.
const SCRIPT = String.raw`
set -u
mkdir -p /usr/share/rpcd/acl.d /etc/config "$WORK/www"
cp "$ACL" /usr/share/rpcd/acl.d/luci-proto-qmi4g.json
cat > /etc/config/rpcd <<'CFG'
config rpcd
	option socket /var/run/ubus/ubus.sock
	option timeout 30

config login
	option username 'viewer'
	option password '$1$qmi4gtst$ALA7ccz2N165.QGHtT0Bl.'
	list read 'luci-proto-qmi4g'
CFG
ubusd & P1=$!
for i in 1 2 3 4 5 6 7 8 9 10; do [ -S /var/run/ubus/ubus.sock ] && break; sleep 0.1; done
rpcd & P2=$!
uhttpd -f -p "127.0.0.1:$PORT" -h "$WORK/www" -u /ubus & P3=$!
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do ubus -t 1 list session >/dev/null 2>&1 && curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
SID=$(ubus call session login '{"username":"viewer","password":"viewerpw"}' | jsonfilter -e '@.ubus_rpc_session')
call() { curl -s -m 5 -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"call\",\"params\":[\"$SID\",\"qmi4g\",\"$1\",{}]}" "http://127.0.0.1:$PORT/ubus"; echo; }
call status
node "$BUNDLE" daemon --state-dir "$WORK/state" > "$WORK/daemon.log" 2>&1 & P4=$!
for i in $(seq 1 50); do ubus -t 1 list qmi4g >/dev/null 2>&1 && break; sleep 0.1; done
call status
call reconnect
kill $P4 $P3 $P2 $P1
wait
`;

interface RpcReply { jsonrpc: string; id: number; error?: { code: number; message: string }; result?: [number, unknown?] }

let replies: RpcReply[] = [];

test.before(() => {
  assert.is(process.getuid?.(), 0, 'runs as root (owrt-env needs it)');
  assert.ok(existsSync(join(OWRT, 'bin/owrt-env')), `OpenWrt tree at ${OWRT} (env QMI4G_OWRT)`);
  assert.ok(existsSync(BUNDLE), 'dist/qmi4g.js built (node scripts/build.mjs)');
  const work = mkdtempSync(join(tmpdir(), 'qmi4g-luci-rpc-'));
  try {
    writeFileSync(join(work, 'run.sh'), SCRIPT);
    const port = String(20000 + (process.pid % 20000));
    const r = spawnSync(join(OWRT, 'bin/owrt-env'), ['--', 'env', `WORK=${work}`, `ACL=${ACL}`, `BUNDLE=${BUNDLE}`, `PORT=${port}`, 'sh', join(work, 'run.sh')],
      { encoding: 'utf8', timeout: 60_000 });
    assert.is(r.status, 0, `owrt-env: ${r.stderr}`);
    replies = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as RpcReply);
    assert.is(replies.length, 3, r.stdout + r.stderr);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('uhttpd answers what the status page reads: -32000 without the daemon, the reply with it, -32002 for reconnect read-only', () => {
  assert.equal(replies[0]!.error, { code: -32000, message: 'Object not found' });
  assert.equal(replies[1]!.result, [0, { interfaces: [] }]);
  assert.equal(replies[2]!.error, { code: -32002, message: 'Access denied' }, 'the ACL gives reconnect only with write access');
});

test('the page shows a sentence for the real error and the modems once the daemon answers', () => {
  const chromium = findChromium();
  assert.ok(chromium, 'chromium is installed');
  /** What #maincontent holds after the page rendered (the page's scripts excluded). */
  const text = (status: unknown) => {
    const dom = runChromium(chromium!, harnessPage('view.status.qmi4g', { 'qmi4g.status': status }), ['--dump-dom']);
    assert.ok(dom.includes('data-rendered="ok"'), 'rendered');
    const start = dom.indexOf('<div id="maincontent">');
    return dom.slice(start, dom.indexOf('<script', start));
  };
  const down = text({ __rpcError: [replies[0]!.error!.code, replies[0]!.error!.message] });
  assert.ok(down.includes('qmi4gd is not running: /etc/init.d/qmi4g start'), 'the sentence');
  assert.not.ok(down.includes('rpc.js'), 'no code location');
  const up = text(replies[1]!.result![1]);
  assert.ok(up.includes('No qmi4g or mbim interface is configured or started.'));
});

test.run();
