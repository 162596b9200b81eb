// Scenario knobs of MBIMEx 3.0: `mbim.mbimex` ('1.0', '2.0', '3.0') and `radio.nrNeighbours`, validated with the key named.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ScenarioError, resolveScenario } from '../../../src/sim/scenario';

test('mbim.mbimex: 3.0 accepted, anything else refused naming the key', () => {
  assert.is(resolveScenario({ mbim: { mbimex: '3.0' } }).mbim.mbimex, '3.0');
  assert.is(resolveScenario({}).mbim.mbimex, '1.0');
  assert.throws(() => resolveScenario({ mbim: { mbimex: '4.0' } } as never), (e: Error) => e instanceof ScenarioError && /mbim\.mbimex/.test(e.message) && /1\.0, 2\.0, 3\.0/.test(e.message));
});

test('radio.nrNeighbours: defaults filled, PCI up to 1007, measurements in range, at most 32', () => {
  const r = resolveScenario({ radio: { nrNeighbours: [{ pci: 1007 }, { pci: 5, rsrp: -80, rsrq: -9, sinr: 25 }] } }).radio;
  assert.equal(r.nrNeighbours, [{ pci: 1007, rsrp: -100, rsrq: -12, sinr: 10 }, { pci: 5, rsrp: -80, rsrq: -9, sinr: 25 }]);
  assert.equal(resolveScenario({}).radio.nrNeighbours, []);
  assert.throws(() => resolveScenario({ radio: { nrNeighbours: [{ pci: 1008 }] } }), (e: Error) => e instanceof ScenarioError && /radio\.nrNeighbours\[0\]\.pci/.test(e.message));
  assert.throws(() => resolveScenario({ radio: { nrNeighbours: [{ pci: 1, earfcn: 5 }] } } as never), (e: Error) => /radio\.nrNeighbours\[0\]\.earfcn/.test(e.message));
  assert.throws(() => resolveScenario({ radio: { nrNeighbours: Array.from({ length: 33 }, () => ({ pci: 1 })) } }), (e: Error) => /at most 32/.test(e.message));
});

test.run();
