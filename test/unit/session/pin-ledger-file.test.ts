// Tests for the persisted PIN ledger: survives a new instance, holds no PIN, survives corrupt files, rewrites atomically.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PinLedger } from '../../../src/session/pin-policy';

function tmp(): string { return fs.mkdtempSync(path.join(os.tmpdir(), 'qmi4g-ledger-')); }

test('a rejection is remembered by a new ledger on the same file; other SIMs and PINs are not', () => {
  const dir = tmp();
  const file = path.join(dir, 'sub', 'pin-ledger.json');
  try {
    const a = new PinLedger(file);
    assert.not.ok(a.wasRejected('8949', '1111'));
    a.reject('8949', '1111');
    const b = new PinLedger(file);
    assert.ok(b.wasRejected('8949', '1111'));
    assert.not.ok(b.wasRejected('8949', '2222'), 'a changed pincode is tried');
    assert.not.ok(b.wasRejected('8950', '1111'), 'another SIM');
    const text = fs.readFileSync(file, 'utf8');
    assert.not.match(text, /1111/, 'no PIN in the file');
    assert.is((fs.statSync(file).mode & 0o777), 0o600);
    assert.equal(fs.readdirSync(path.dirname(file)), ['pin-ledger.json'], 'no temp file left');
    assert.is(b.loadError, undefined);
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
});

test('a corrupt file starts empty with loadError set; a missing one silently', () => {
  const dir = tmp();
  try {
    const file = path.join(dir, 'pin-ledger.json');
    assert.is(new PinLedger(file).loadError, undefined);
    fs.writeFileSync(file, '{not json');
    const l = new PinLedger(file);
    assert.ok(l.loadError);
    assert.not.ok(l.wasRejected('x', '1234'));
    l.reject('x', '1234');
    assert.ok(new PinLedger(file).wasRejected('x', '1234'), 'rewritten valid');
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
});

test('without a file the ledger lives in memory only', () => {
  const l = new PinLedger();
  l.reject('x', '1234');
  assert.ok(l.wasRejected('x', '1234'));
  assert.not.ok(new PinLedger().wasRejected('x', '1234'));
});

test.run();
