// `list apn_by_iccid` and `option apn auto` as the daemon reads them (src/daemon/config.ts) and hands them to the session.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, parseInterfaceConfig } from '../../../src/daemon/config';
import { toSessionConfig } from '../../../src/daemon/session-config';

const PORT = { wdmif: '/dev/cdc-wdm0' };

test('apn_by_iccid: a uci list (or one option) of rules, in order', () => {
  const c = parseInterfaceConfig({ ...PORT, apn_by_iccid: ['8944, 89441 = mobile.o2.co.uk', '8931=auto'], apn: 'internet' });
  assert.equal(c.apn_by_iccid, [{ prefixes: ['8944', '89441'], apn: 'mobile.o2.co.uk' }, { prefixes: ['8931'], apn: 'auto' }]);
  assert.equal(parseInterfaceConfig({ ...PORT, apn_by_iccid: '89=x' }).apn_by_iccid, [{ prefixes: ['89'], apn: 'x' }]);
  assert.is(parseInterfaceConfig({ ...PORT, apn_by_iccid: [] }).apn_by_iccid, undefined);
  const s = toSessionConfig(c);
  assert.equal(s.apnByIccid, c.apn_by_iccid);
  assert.is(s.apn, 'internet');
});

test('apn_by_iccid: a bad entry names the option, the entry and the problem', () => {
  for (const [entry, why] of [['8944', /no '='/], ['89a=x', /1 to 20 digits/], ['89=bad apn', /invalid APN/], ['89=internet.', /invalid APN/]] as const) {
    try {
      parseInterfaceConfig({ ...PORT, apn_by_iccid: ['8931=ok', entry] });
      assert.unreachable(entry);
    } catch (e) {
      assert.instance(e, ConfigError);
      assert.is((e as ConfigError).option, 'apn_by_iccid');
      assert.match((e as Error).message, /entry 1/);
      assert.match((e as Error).message, why);
    }
  }
  assert.throws(() => parseInterfaceConfig({ ...PORT, apn_by_iccid: Array.from({ length: 33 }, (_, i) => `${i}=a`) }), /at most 32 entries/);
});

test('v6apn follows the chosen APN with apn auto or apn_by_iccid, unless set', () => {
  assert.is(parseInterfaceConfig({ ...PORT, apn: 'internet' }).v6apn, 'internet', 'unchanged: v6apn defaults to apn');
  assert.is(parseInterfaceConfig({ ...PORT, apn: 'auto' }).v6apn, undefined);
  assert.is(parseInterfaceConfig({ ...PORT, apn: 'internet', apn_by_iccid: ['89=x'] }).v6apn, undefined);
  assert.is(parseInterfaceConfig({ ...PORT, apn: 'auto', v6apn: 'ims6' }).v6apn, 'ims6');
});

test.run();
