// USB composition: libqmi's composition names, the AT answers' parsers, the daemon-only AT allowlist and the ubus argument checks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { swiUsbComposition } from '../../../src/qmi/services/dms-vendor';
import { parseQuectelUsbnet, parseSierraCurrent, parseSierraSupported } from '../../../src/modem/usb-composition';
import { normalizeAtCommand, normalizeUsbCompositionCommand } from '../../../src/device/at-lines';
import { UsbCompositionError, parseUsbCompositionArgs } from '../../../src/daemon/usb-composition';

test('swiUsbComposition: libqmi names and the control protocol of each composition', () => {
  assert.equal(swiUsbComposition(6), { id: 6, name: 'DM, NMEA, AT, QMI', protocol: 'qmi' });
  assert.equal(swiUsbComposition(9), { id: 9, name: 'MBIM', protocol: 'mbim' });
  assert.is(swiUsbComposition(2)?.protocol, 'none');
  const dual = swiUsbComposition(19)!;
  assert.is(dual.protocol, 'qmi+mbim');
  assert.match(dual.name, /composition 7 .*and 9 \(MBIM\)/);
  assert.is(swiUsbComposition(23), undefined);
  assert.is(swiUsbComposition(-1), undefined);
});

test('AT answers: !UDUSBCOMP current and supported table, +QCFG usbnet', () => {
  assert.is(parseSierraCurrent('!UDUSBCOMP: 8'), 8);
  assert.is(parseSierraCurrent('ERROR'), undefined);
  assert.equal(parseSierraSupported(['!UDUSBCOMP:', '0 - HIP  DM  NMEA  AT  MDM1  MDM2  MDM3  MS   NOT SUPPORTED', '6 - DM   NMEA  AT    QMI   SUPPORTED', '8 - DM   NMEA  AT    MBIM  SUPPORTED'].join('\n')), [6, 8]);
  assert.is(parseQuectelUsbnet('+QCFG: "usbnet",2'), 2);
  assert.is(parseQuectelUsbnet('+QCFG: "nwscanmode",0'), undefined);
});

test('the USB composition commands pass only the daemon allowlist, never the ubus at one', () => {
  for (const c of ['AT!ENTERCND="A710"', 'AT!UDUSBCOMP?', 'AT!UDUSBCOMP=?', 'AT!UDUSBCOMP=9', 'AT!RESET', 'AT+QCFG="usbnet"', 'AT+QCFG="usbnet",2', 'AT+CFUN=1,1']) {
    assert.is(normalizeUsbCompositionCommand(c), c, c);
    if (c !== 'AT+CFUN=1,1') assert.is(normalizeAtCommand(c), undefined, `${c} is not for ubus callers`);
  }
  for (const c of ['AT!UDUSBCOMP=100', 'AT!ENTERCND="x"', 'AT+QCFG="usbnet",2;+CGDCONT=1', 'AT+QCFG="usbnet",22', 'at!reset']) assert.is(normalizeUsbCompositionCommand(c), undefined, c);
});

test('usb_composition arguments: exactly one of interface and device; set an integer 0-255', () => {
  assert.equal(parseUsbCompositionArgs({ interface: 'wdm0' }), { interface: 'wdm0', device: undefined, set: undefined });
  assert.equal(parseUsbCompositionArgs({ device: '/dev/cdc-wdm0', set: 9 }), { interface: undefined, device: '/dev/cdc-wdm0', set: 9 });
  for (const bad of [{}, { interface: 'a', device: '/dev/x' }, { interface: 'no space' }, { device: 'cdc-wdm0' }, { device: '/dev/../etc' }, { interface: 'a', set: -1 }, { interface: 'a', set: 1.5 }, { interface: 'a', set: '9' }]) {
    try { parseUsbCompositionArgs(bad); assert.unreachable(JSON.stringify(bad)); } catch (e) {
      assert.instance(e, UsbCompositionError);
      assert.is((e as UsbCompositionError).ubusStatus, 'INVALID_ARGUMENT');
    }
  }
});

test.run();
