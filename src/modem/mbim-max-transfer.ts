// The max control transfer of a USB MBIM function, read from sysfs as libmbim does (mbim.md §1).
import { platform } from '../platform';
import { sysfsRoot } from '../device/sysfs';
import { baseName, dirName, joinPath } from '../util/path';

/**
 * wMaxControlMessage of the USB MBIM functional descriptor (bLength 12, type 0x24, subtype 0x1B,
 * bcdMBIMVersion, then the u16) from the USB device's sysfs `descriptors`, as libmbim reads it;
 * undefined when not found (MHI ports, ptys). Used when the port's IOCTL_WDM_MAX_COMMAND gives nothing.
 */
export function maxControlTransferOf(port: string, root = sysfsRoot()): number | undefined {
  try {
    // `device` links to the USB interface; the descriptors file belongs to its parent, the USB device.
    const usbInterface = platform.fs.realpath(joinPath(root, 'class', 'usbmisc', baseName(port), 'device'));
    const raw = platform.fs.readBytes(joinPath(dirName(usbInterface), 'descriptors'));
    for (let i = 0; i + 12 <= raw.length; i++) {
      if (raw[i] === 0x0c && raw[i + 1] === 0x24 && raw[i + 2] === 0x1b) {
        const v = raw[i + 5] | (raw[i + 6] << 8);
        return v >= 64 ? v : undefined;
      }
    }
  } catch { /* no such file: not a USB cdc-wdm port */ }
  return undefined;
}
