// QMI-over-MBIM service (d1a30bc2-…): one CID whose information buffer is a whole QMUX frame. Source: libmbim mbim-service-qmi.json.
import { rest, secret } from '../codec';
import { defineCid } from '../cid';
import { struct } from '../struct';
import { ServiceUuid } from '../uuid';

const qmux = struct({ qmux: secret(rest({ pad: false })) });

/**
 * QMI msg (CID 1): set = one raw QMUX frame starting with the 0x01 marker, never padded
 * (libmbim `pad-array: FALSE`; qmicli/mbimcli byte captures (test/conformance): MessageLength 0x3d); the response and the
 * notification carry the QMUX reply/indication frame. Notifications need a Device Service
 * Subscribe List entry {QMI UUID, [1]}.
 */
export const Msg = defineCid({
  service: ServiceUuid.qmi, serviceName: 'QMI', cid: 1, name: 'msg', source: 'libmbim mbim-service-qmi.json: msg; qmicli/mbimcli byte captures (test/conformance)',
  set: struct({ qmiMsg: secret(rest({ pad: false })) }),
  response: qmux,
  notification: qmux,
});
