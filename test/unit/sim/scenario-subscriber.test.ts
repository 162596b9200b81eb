// Scenario knobs of the subscriber data and the APN-accepting network (src/sim/scenario.ts, model.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ScenarioError, resolveScenario } from '../../../src/sim/scenario';
import { simFileBytes } from '../../../src/sim/qmi/subscriber';
import { filePathBytes } from '../../../src/qmi/services/subscriber';

test('defaults: no MSISDN or MEID, EF_AD with 2 MNC digits, DMS UIM Get IMSI answered, any APN accepted', () => {
  const s = resolveScenario({});
  assert.equal([s.identity.msisdn, s.identity.meid, s.identity.mncLength, s.identity.dmsImsi, s.data.acceptApns], ['', '', 2, true, undefined]);
});

test('bad knobs are refused with the key', () => {
  for (const [input, key] of [
    [{ identity: { mncLength: 1 } }, 'identity.mncLength'], [{ identity: { mncLength: 4 } }, 'identity.mncLength'],
    [{ identity: { msisdn: 'call me' } }, 'identity.msisdn'], [{ identity: { meid: 'xyz' } }, 'identity.meid'],
    [{ data: { acceptApns: 'internet' } }, 'data.acceptApns'], [{ data: { acceptApns: [1] } }, 'data.acceptApns'],
  ] as const) {
    assert.throws(() => resolveScenario(input), (e: unknown) => e instanceof ScenarioError && (e as Error).message.includes(key), key);
  }
});

test('the SIM files: EF_AD holds the MNC length, EF_IMSI/EF_ICCID the identity, other files none', () => {
  const s = resolveScenario({ identity: { imsi: '228011234567890', iccid: '8941010000123456789', mncLength: 3 } });
  const at = (fileId: number, path: number[]) => simFileBytes(s, fileId, filePathBytes(path));
  assert.equal(at(0x6fad, [0x3f00, 0x7fff]), [0, 0, 0, 3]);
  assert.equal(at(0x6f07, [0x3f00, 0x7fff]), [0x08, 0x29, 0x82, 0x10, 0x21, 0x43, 0x65, 0x87, 0x09]);
  assert.equal(at(0x2fe2, [0x3f00]), [0x98, 0x14, 0x10, 0x00, 0x00, 0x21, 0x43, 0x65, 0x87, 0xf9]);
  assert.is(at(0x6f46, [0x3f00, 0x7fff]), undefined);
  assert.is(at(0x6fad, [0x3f00]), undefined, 'the path matters');
  assert.is(simFileBytes(resolveScenario({ identity: { mncLength: 0 } }), 0x6fad, filePathBytes([0x3f00, 0x7fff])), undefined);
});

test.run();
