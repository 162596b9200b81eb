// Tests for AT commands on the Node platform (src/platform/node/tty.ts): without the serialport
// package sendAtCommand is AtUnavailableError; loadSerialPort's binding shapes; serialport is
// loaded lazily. Node-only; the exchange itself is tested on both runtimes in at-port.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AtUnavailableError, sendAtCommand } from '../../../src/device/at-port';
import { loadSerialPort } from '../../../src/platform/node/tty';
import { rejects } from '../../helpers/rejects';

test('serialport is not installed here: AtUnavailableError with the install hint, nothing opened', async () => {
  let threw = false;
  try { require.resolve('serialport'); } catch { threw = true; }
  assert.ok(threw, 'this test expects serialport to be absent (do not add it to package.json)');
  const e = await rejects(sendAtCommand('/dev/ttyUSB2', 'ATI', { timeoutMs: 1000 }), AtUnavailableError);
  assert.match(e.message, /AT reset needs the serialport package: opkg install node-serialport \/ npm install serialport/);
  assert.is((e as AtUnavailableError).code, 'AT_UNAVAILABLE');
});

test('loadSerialPort (Node platform): a binding that fails to load is ENOTSUP; v10 and v9 export shapes both work', () => {
  assert.throws(() => loadSerialPort(() => { throw new Error('No native build was found for platform=linux arch=mips'); }),
    (e: unknown) => (e as { code?: string }).code === 'ENOTSUP' && /No native build was found/.test((e as Error).message));
  const made: unknown[][] = [];
  class V10 { constructor(...a: unknown[]) { made.push(a); } }
  loadSerialPort(() => ({ SerialPort: V10 }))('/dev/ttyUSB2', 115200);
  function V9(this: unknown, ...a: unknown[]) { made.push(a); }
  loadSerialPort(() => V9)('/dev/ttyUSB3', 115200);
  assert.equal(made, [[{ path: '/dev/ttyUSB2', baudRate: 115200, autoOpen: false }], ['/dev/ttyUSB3', { baudRate: 115200, autoOpen: false }]]);
  assert.throws(() => loadSerialPort(() => ({}))('/dev/x', 115200), (e: unknown) => (e as { code?: string }).code === 'ENOTSUP');
});

test('the Node platform loads serialport only inside loadSerialPort, never at module load', () => {
  const src = require('node:fs').readFileSync(require.resolve('../../../src/platform/node/tty'), 'utf8') as string;
  assert.not.match(src, /^\s*import[^;]*['"]serialport['"]/m);
  const body = src.slice(src.indexOf('export function loadSerialPort'), src.indexOf('export async function openTty'));
  const code = src.split('\n').filter((l) => !/^\s*(\/\/|\*|\/\*\*)/.test(l)).join('\n');
  assert.is((code.match(/['"]serialport['"]/g) ?? []).length, 1, 'one reference in code');
  assert.match(body, /req\('serialport'\)/);
  assert.is(Object.keys(require.cache).filter((k) => /node_modules[\\/]serialport/.test(k)).length, 0);
});

test.run();
