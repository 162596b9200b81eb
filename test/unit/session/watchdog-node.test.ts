// The watchdog's source-address choice on the Node platform (src/platform/node/net.ts); Node-only.
// The watchdog itself and its probers are tested on both runtimes in watchdog.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sourceAddress } from '../../../src/platform/node/net';

test('sourceAddress picks the device address of the right family, global IPv6 first', () => {
  const ifs = {
    wwan0: [
      { address: 'fe80::1', family: 'IPv6', internal: false },
      { address: '10.64.0.2', family: 'IPv4', internal: false },
      { address: '2001:db8::2', family: 'IPv6', internal: false },
    ],
  } as unknown as ReturnType<typeof import('node:os').networkInterfaces>;
  assert.is(sourceAddress('wwan0', 4, ifs), '10.64.0.2');
  assert.is(sourceAddress('wwan0', 6, ifs), '2001:db8::2');
  assert.is(sourceAddress('wwan1', 4, ifs), undefined);
});

test.run();
