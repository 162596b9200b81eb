// Option table rows, part 3: vendor features — the FCC unlock of laptop-SKU modems (see options.ts).
import type { OptionSpec } from './option-types';

/** FCC unlock rows (Advanced tab; ours: OpenWrt's handlers have no FCC unlock). */
export const VENDOR_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'fcc_auth', handler: { qmi4g: 'string', mbim: 'string' },
    value: { kind: 'choice', values: ['auto', '0', 'sierra', 'foxconn', 'foxconn-v2'], aliases: { off: '0', no: '0', false: '0', disabled: '0' } },
    default: 'auto',
    help: 'FCC unlock of laptop modems whose radio boots locked (Sierra EM7355/EM7455, Foxconn/Dell DW5821e/SDX55/SDX62, Quectel EM1xx): auto sends the FCC authentication the manufacturer and model call for, only when the modem refuses to go online with the locked answer; 0 never sends one; sierra (DMS Set FCC Authentication), foxconn or foxconn-v2 (DMS Foxconn Set FCC Authentication) send that one. On MBIM ports it goes as QMI over MBIM',
    origin: ['ours'],
    luci: {
      tab: 'advanced', widget: 'ListValue', title: 'FCC unlock',
      choices: [['auto', 'Automatic'], ['0', 'Never'], ['sierra', 'Sierra'], ['foxconn', 'Foxconn'], ['foxconn-v2', 'Foxconn v2']],
    },
  },
  {
    name: 'fcc_auth_magic', handler: { qmi4g: 'string', mbim: 'string' }, secret: true,
    value: { kind: 'pattern', re: '^(([^,]{1,64},)?(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]))$', max: 68, expect: 'N (the foxconn value, 0-255) or STRING,N (the foxconn-v2 magic string, without commas, and number)', secret: true },
    defaultText: 'none: foxconn sends 0, foxconn-v2 the magic derived from the firmware versions and IMEI',
    help: 'The value DMS Foxconn Set FCC Authentication sends (N, 0-255), or the magic string and number of its v2 (STRING,N); never logged',
    origin: ['ours'],
    luci: { tab: 'advanced', widget: 'Value', title: 'FCC unlock value', password: true },
  },
];
