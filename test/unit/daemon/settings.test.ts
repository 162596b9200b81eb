// /etc/config/qmi4g typos fall back per option and per line; nothing makes loading fail.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadDaemonSettings, DEFAULT_STATE_DIR, DEFAULT_RUN_DIR } from '../../../src/daemon/settings';
import { parseUciLenient } from '../../../src/uci';
import { platform } from '../../../src/platform';
import { makeTempDir } from '../../helpers/tmpdir';

function dirWith(text: string | undefined): string {
  const d = makeTempDir('qmi4g-settings-');
  if (text !== undefined) platform.fs.writeFile(`${d}/qmi4g`, text);
  return d;
}

test('missing file: defaults, nothing reported', async () => {
  const r = await loadDaemonSettings(dirWith(undefined));
  assert.equal(r, { settings: { logLevel: 'info', stateDir: DEFAULT_STATE_DIR, runDir: DEFAULT_RUN_DIR }, ignored: [] });
});

test('valid file: values taken', async () => {
  const r = await loadDaemonSettings(dirWith("config qmi4g 'main'\n\toption log_level 'debug'\n\toption ubus_socket '/var/run/ubus/ubus.sock'\n\toption state_dir '/tmp/q'\n"));
  assert.equal(r.settings, { logLevel: 'debug', ubusSocket: '/var/run/ubus/ubus.sock', stateDir: '/tmp/q', runDir: DEFAULT_RUN_DIR });
  assert.equal(r.ignored, []);
});

test("log_level 'verbose' keeps info and says so; the other options still count", async () => {
  const r = await loadDaemonSettings(dirWith("config qmi4g 'main'\n\toption log_level 'verbose'\n\toption state_dir '/tmp/q'\n"));
  assert.equal(r.settings, { logLevel: 'info', stateDir: '/tmp/q', runDir: DEFAULT_RUN_DIR });
  assert.is(r.ignored.length, 1);
  assert.match(r.ignored[0]!, /log_level/);
});

test("log_level 'toString' (an Object.prototype name) is not a level", async () => {
  const r = await loadDaemonSettings(dirWith("config qmi4g 'main'\n\toption log_level 'toString'\n"));
  assert.is(r.settings.logLevel, 'info');
  assert.is(r.ignored.length, 1);
});

test('an unterminated quote drops its line only; later lines still apply', async () => {
  const r = await loadDaemonSettings(dirWith("config qmi4g 'main'\n\toption state_dir '/tmp/q\n\toption log_level warn\n"));
  // The quote opened on line 2 never closes (quotes may span lines): line 2 is dropped, line 3 parsed again.
  assert.is(r.settings.logLevel, 'warn');
  assert.is(r.settings.stateDir, DEFAULT_STATE_DIR);
  assert.ok(r.ignored.some((m) => /line 2: EOF with unterminated '/.test(m)), r.ignored.join('; '));
});

test('a NUL drops its line; a list where one path is expected keeps the default', async () => {
  const r = await loadDaemonSettings(dirWith("config qmi4g 'main'\n\toption log_level 'de\0bug'\n\tlist ubus_socket '/a'\n\tlist ubus_socket '/b'\n\toption state_dir 'relative'\n"));
  assert.equal(r.settings, { logLevel: 'info', stateDir: DEFAULT_STATE_DIR, runDir: DEFAULT_RUN_DIR });
  assert.is(r.ignored.length, 3, r.ignored.join('; '));
  assert.ok(r.ignored[0]!.includes('line 2: NUL'));
});

test('run_dir and liveness_* are taken when valid and fall back, said, when not', async () => {
  const ok = await loadDaemonSettings(dirWith("config qmi4g 'main'\n\toption run_dir '/tmp/run'\n\toption liveness_interval '30'\n\toption liveness_timeout '5'\n"));
  assert.equal(ok.settings, { logLevel: 'info', stateDir: DEFAULT_STATE_DIR, runDir: '/tmp/run', livenessIntervalMs: 30_000, livenessTimeoutMs: 5000 });
  assert.equal(ok.ignored, []);
  const bad = await loadDaemonSettings(dirWith("config qmi4g 'main'\n\toption run_dir 'run'\n\toption liveness_interval '0'\n\toption liveness_timeout 'x'\n"));
  assert.equal(bad.settings, { logLevel: 'info', stateDir: DEFAULT_STATE_DIR, runDir: DEFAULT_RUN_DIR });
  assert.is(bad.ignored.length, 3, bad.ignored.join('; '));
});

test('an unreadable path (a directory) gives defaults with the reason', async () => {
  const d = dirWith(undefined);
  platform.fs.mkdirp(`${d}/qmi4g`);
  const r = await loadDaemonSettings(d);
  assert.is(r.settings.logLevel, 'info');
  assert.match(r.ignored[0]!, /not read/);
});

test('parseUciLenient: a quote closed by a later line\'s quote costs both lines, nothing else', () => {
  const r = parseUciLenient("config qmi4g 'main'\n\toption state_dir '/tmp/q\n\toption log_level 'warn'\n\toption ubus_socket /s\n");
  assert.equal(r.skipped.map((s) => s.line), [3, 2]);
  assert.equal(r.pkg.sections[0]!.options.map((o) => [o.name, o.value]), [['ubus_socket', '/s']]);
});

test('parseUciLenient: every line bad gives no sections and one entry per line; never throws', () => {
  const r = parseUciLenient("bogus\n'x\nconfig\n");
  assert.equal(r.pkg.sections, []);
  assert.equal(r.skipped.map((s) => s.line), [1, 2, 3]);
});

test.run();
