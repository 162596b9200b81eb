// Tests for the MBIM max control transfer read from sysfs (src/modem/mbim-max-transfer.ts) over a
// fake sysfs tree made with node:fs, hence Node-only.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { maxControlTransferOf } from '../../../src/modem/mbim-max-transfer';
import { fromHex } from '../../../src/util/bytes';

test('maxControlTransferOf: wMaxControlMessage from the MBIM functional descriptor in sysfs; none → undefined', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qmi4g-mbim-sysfs-'));
  try {
    const usbdev = path.join(root, 'devices/usb1/1-1');
    fs.mkdirSync(path.join(usbdev, '1-1:1.12'), { recursive: true });
    fs.mkdirSync(path.join(root, 'class/usbmisc/cdc-wdm0'), { recursive: true });
    fs.symlinkSync(path.join(usbdev, '1-1:1.12'), path.join(root, 'class/usbmisc/cdc-wdm0/device'));
    // device descriptor bytes, then the MBIM functional descriptor: 0C 24 1B, bcdMBIMVersion 0x0100, wMaxControlMessage 0x0200 (512)
    fs.writeFileSync(path.join(usbdev, 'descriptors'), fromHex('12010002ef02014099111190000001020301' + '0c241b000100020c8000060020'));
    assert.is(maxControlTransferOf('/dev/cdc-wdm0', root), 512);
    assert.is(maxControlTransferOf('/dev/wwan0mbim0', root), undefined);
  } finally { fs.rmSync(root, { recursive: true, force: true }); }
});

test.run();
