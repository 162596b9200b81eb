// The option table is the single source: generated files are current, and the parser reads every row as it says.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED, configMd, handlerOptionsSh, luciOptionsJs } from '../../../scripts/option-codegen';
import { CONFIG_OPTION_NAMES, ConfigError, parseInterfaceConfig, type InterfaceConfig } from '../../../src/daemon/config';
import { OPTIONS, PIN_RULE, defaultOf } from '../../../src/daemon/options';

const REPO = join(__dirname, '..', '..', '..');
const read = (p: string) => readFileSync(join(REPO, p), 'utf8');
const PORT = { wdmif: '/dev/cdc-wdm0' };

function refusal(cfg: Record<string, unknown>, flavor: 'qmi4g' | 'mbim' = 'qmi4g'): ConfigError | null {
  try {
    parseInterfaceConfig(cfg, { flavor });
    return null;
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
}

test('generated files are current (npm run gen:options regenerates them)', () => {
  assert.fixture(read(GENERATED.handler), handlerOptionsSh(), `${GENERATED.handler} is stale: run npm run gen:options`);
  assert.fixture(read(GENERATED.luci), luciOptionsJs(), `${GENERATED.luci} is stale: run npm run gen:options`);
  const docs = read(GENERATED.docs);
  assert.fixture(docs, configMd(docs), `${GENERATED.docs} is stale: run npm run gen:options`);
});

test('every row is declared by at least one handler, and names are unique', () => {
  assert.is(new Set(OPTIONS.map((o) => o.name)).size, OPTIONS.length);
  for (const o of OPTIONS) assert.ok(Object.keys(o.handler).length > 0, `${o.name} declared`);
  assert.ok(CONFIG_OPTION_NAMES.includes('wdmif') && !CONFIG_OPTION_NAMES.includes('metric'), 'netifd defaults come with proto_config_add_defaults');
});

test('defaults: what the parser applies is the table default, per flavour', () => {
  for (const flavor of ['qmi4g', 'mbim'] as const) {
    const parsed = parseInterfaceConfig(PORT, { flavor }) as unknown as Record<string, unknown>;
    for (const o of OPTIONS) {
      const d = defaultOf(o, flavor);
      if (d === undefined) continue;
      const expected = parseInterfaceConfig({ ...PORT, [o.name]: d }, { flavor }) as unknown as Record<string, unknown>;
      assert.equal(parsed[o.name], expected[o.name], `${flavor} ${o.name} default ${d}`);
      assert.ok(parsed[o.name] !== undefined, `${flavor} ${o.name} has a value`);
    }
  }
});

test('int rows: the range of the row is what the parser accepts', () => {
  for (const o of OPTIONS) {
    if (o.value.kind !== 'int') continue;
    const { min, max } = o.value;
    const base = o.name === 'reconnect_max' ? { ...PORT, reconnect_min: 0 } : PORT;
    for (const ok of [min, max, String(min)]) assert.is(refusal({ ...base, [o.name]: ok }), null, `${o.name}=${ok}`);
    for (const bad of [min - 1, max + 1, 'x', '1.5']) assert.is(refusal({ ...base, [o.name]: bad })?.option, o.name, `${o.name}=${bad} refused`);
  }
});

test('pattern and path rows: the parser refuses what the row refuses, and never shows a secret', () => {
  for (const o of OPTIONS) {
    const k = o.value;
    if (k.kind === 'pattern') {
      const err = refusal({ ...PORT, [o.name]: 'no spaces allowed 99999' });
      assert.is(err?.option, o.name, `${o.name} with a blank refused`);
      assert.ok(err!.reason.startsWith(`expected ${k.expect}`), err!.reason);
      if (o.secret) assert.not.ok(err!.message.includes('99999'), `${o.name}: value not shown`);
      assert.is(refusal({ ...PORT, [o.name]: 'a'.repeat(k.max + 1) })?.option, o.name, `${o.name} longer than ${k.max}`);
    }
    if (k.kind === 'path') {
      assert.is(refusal({ ...PORT, [o.name]: 'dev/x' })?.option, o.name);
      assert.is(refusal({ ...PORT, [o.name]: `/${'x'.repeat(255)}` })?.option, o.name);
    }
  }
});

test('choice rows: every value and alias is accepted, case-insensitive; others refused', () => {
  for (const o of OPTIONS) {
    if (o.value.kind !== 'choice') continue;
    for (const v of [...o.value.values, ...Object.keys(o.value.aliases ?? {})]) {
      assert.is(refusal({ ...PORT, [o.name]: v.toUpperCase() }), null, `${o.name}=${v}`);
    }
    assert.is(refusal({ ...PORT, [o.name]: 'nonsense' })?.option, o.name);
  }
  assert.is(parseInterfaceConfig({ ...PORT, pdptype: 'IP' }).pdptype, 'ipv4', "qmi.sh's ip is ipv4");
});

test('secret rows are the redacted options', () => {
  const secret = OPTIONS.filter((o) => o.secret).map((o) => o.name).sort();
  assert.equal(secret, ['fcc_auth_magic', 'password', 'pincode', 'username']);
  const keys: (keyof InterfaceConfig)[] = ['fcc_auth_magic', 'password', 'pincode', 'username'];
  assert.ok(keys.length === secret.length);
});

test('the PIN rule is said in the same words in the table, LuCI, README, docs and pin-policy.ts', () => {
  assert.ok(OPTIONS.find((o) => o.name === 'pincode')!.help.includes(PIN_RULE));
  for (const file of [GENERATED.luci, GENERATED.docs, 'README.md', 'src/session/pin-policy.ts']) {
    const text = read(file).replace(/\n(\s*(\*|\/\/)\s*)?/g, ' ').replace(/ {2,}/g, ' ');
    assert.ok(text.includes(PIN_RULE), `${file} says: ${PIN_RULE}`);
  }
});

test.run();
