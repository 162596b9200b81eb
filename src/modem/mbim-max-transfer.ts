// The max control transfer of a USB MBIM function, read from sysfs as libmbim does (libmbim mbim-device.c (transport)).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sysfsRoot } from '../device/sysfs';

/**
 * wMaxControlMessage of the USB MBIM functional descriptor (bLength 12, type 0x24, subtype 0x1B,
 * bcdMBIMVersion, then the u16) from the USB device's sysfs `descriptors`, as libmbim reads it;
 * undefined when not found (MHI ports, ptys).
 */
export function maxControlTransferOf(port: string, root = sysfsRoot()): number | undefined {
  try {
    // `device` links to the USB interface; the descriptors file belongs to its parent, the USB device.
    const usbInterface = fs.realpathSync(path.join(root, 'class', 'usbmisc', path.basename(port), 'device'));
    const raw = fs.readFileSync(path.join(path.dirname(usbInterface), 'descriptors'));
    for (let i = 0; i + 12 <= raw.length; i++) {
      if (raw[i] === 0x0c && raw[i + 1] === 0x24 && raw[i + 2] === 0x1b) {
        const v = raw.readUInt16LE(i + 5);
        return v >= 64 ? v : undefined;
      }
    }
  } catch { /* no such file: not a USB cdc-wdm port */ }
  return undefined;
}
