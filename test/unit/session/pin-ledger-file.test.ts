// Tests for the persisted PIN ledger: survives a new instance, holds no PIN, survives corrupt files, rewrites atomically.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { platform } from '../../../src/platform';
import { PinLedger } from '../../../src/session/pin-policy';
import { makeTempDir } from '../../helpers/tmpdir';

function tmp(): string { return makeTempDir('qmi4g-ledger-'); }

/** Runs argv (stat, rm) through the platform; throws unless it exits 0. Resolves with its stdout. */
async function sh(argv: string[]): Promise<string> {
  const r = await platform.run(argv, { timeoutMs: 10_000 });
  if (r.exitCode !== 0) throw new Error(`${argv.join(' ')}: exit ${r.exitCode}: ${r.stderr}`);
  return r.stdout;
}
const removeTree = (dir: string) => sh(['rm', '-rf', '--', dir]);

test('a rejection is remembered by a new ledger on the same file; other SIMs and PINs are not', async () => {
  const dir = tmp();
  const file = `${dir}/sub/pin-ledger.json`;
  try {
    const a = new PinLedger(file);
    assert.not.ok(a.wasRejected('8949', '1111'));
    a.reject('8949', '1111');
    const b = new PinLedger(file);
    assert.ok(b.wasRejected('8949', '1111'));
    assert.not.ok(b.wasRejected('8949', '2222'), 'a changed pincode is tried');
    assert.not.ok(b.wasRejected('8950', '1111'), 'another SIM');
    const text = platform.fs.readText(file);
    assert.not.match(text, /1111/, 'no PIN in the file');
    assert.is((await sh(['stat', '-c', '%a', file])).trim(), '600');
    assert.equal(platform.fs.readdir(`${dir}/sub`), ['pin-ledger.json'], 'no temp file left');
    assert.is(b.loadError, undefined);
  } finally { await removeTree(dir); }
});

test('a corrupt file starts empty with loadError set; a missing one silently', async () => {
  const dir = tmp();
  try {
    const file = `${dir}/pin-ledger.json`;
    assert.is(new PinLedger(file).loadError, undefined);
    platform.fs.writeFile(file, '{not json');
    const l = new PinLedger(file);
    assert.ok(l.loadError);
    assert.not.ok(l.wasRejected('x', '1234'));
    l.reject('x', '1234');
    assert.ok(new PinLedger(file).wasRejected('x', '1234'), 'rewritten valid');
  } finally { await removeTree(dir); }
});

test('without a file the ledger lives in memory only', () => {
  const l = new PinLedger();
  l.reject('x', '1234');
  assert.ok(l.wasRejected('x', '1234'));
  assert.not.ok(new PinLedger().wasRejected('x', '1234'));
});

test.run();
