// `option apn auto` and `list apn_by_iccid` on the real netifd + ubusd: the simulated network
// accepts only the APN the provider table gives for the SIM's MCC/MNC (any other APN is refused
// with 3GPP cause 27), so a connected interface proves the daemon picked that APN; status says
// which rule chose it; an unknown MCC/MNC is CONFIG_INVALID in netifd.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { realTest } from '../helpers/owrt-env';
import { errorCodes, ifupUntil, settled, waitStatus, withStack } from '../helpers/owrt-suite';

const rtest = realTest(test);

/** A Swisscom SIM (MCC 228, MNC 01; EF_AD says 2 digits): table 20230416-1 gives gprs.swisscom.ch. */
const SWISSCOM = { identity: { iccid: '8941010000123456789', imsi: '228011234567890', mncLength: 2 as const, msisdn: '+41790000001' }, data: { acceptApns: ['gprs.swisscom.ch'] } };

rtest('apn auto: connects with the table APN of the SIM; status apn_choice names auto:22801 and the provider; identity shows IMSI and MSISDN', async () => {
  await withStack({ scenario: SWISSCOM, network: { wdm0: { proto: 'qmi4g', wdmif: '$DEVICE', apn: 'auto', dhcp: '0', auto: 0 } } }, async (s) => {
    const e = await ifupUntil(s, 'wdm0', settled);
    assert.is(e.state, 'connected', `state ${e.state} (${e.error ?? ''})`);
    assert.equal(s.sim.model.listSessions().map((x) => x.apn), ['gprs.swisscom.ch']);
    const q = await waitStatus(s, 'wdm0', (x) => !!x.identity && !!(x.identity as Record<string, unknown>).msisdn, 'identity in status');
    assert.is(q.apn, 'gprs.swisscom.ch');
    assert.equal(q.apn_choice, { value: 'gprs.swisscom.ch', source: 'auto:22801', provider: 'Swisscom' });
    const id = q.identity as Record<string, unknown>;
    assert.is(id.imsi, '228011234567890');
    assert.is(id.msisdn, '+41790000001');
    assert.is(id.iccid, '8941010000123456789');
    // Personal info stays out of the daemon's log, even at log_level debug (QMI traces).
    const log = s.daemonLog.join('\n');
    assert.match(log, /UIM Get IMSI/, 'the debug trace has the IMSI request');
    assert.not.ok(log.includes('228011234567890'), 'IMSI not in the log');
    assert.not.ok(log.includes('+41790000001'), 'MSISDN not in the log');
  });
});

rtest('apn auto, Vodafone DE SIM (26202 lists the MVNO Bild Mobil first): the SIM service provider name (EF_SPN) picks web.vodafone.de', async () => {
  const scenario = { identity: { imsi: '262021234567890', spn: 'Vodafone.de' }, data: { acceptApns: ['web.vodafone.de'] } };
  await withStack({ scenario, network: { wdm0: { proto: 'qmi4g', wdmif: '$DEVICE', apn: 'auto', dhcp: '0', auto: 0 } } }, async (s) => {
    const e = await ifupUntil(s, 'wdm0', settled);
    assert.is(e.state, 'connected', `state ${e.state} (${e.error ?? ''})`);
    assert.equal(s.sim.model.listSessions().map((x) => x.apn), ['web.vodafone.de']);
    const q = (await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.equal(q.apn_choice, { value: 'web.vodafone.de', source: 'auto:26202', provider: 'Vodafone' });
  });
});

rtest('apn auto survives kill -9: the respawned qmi4gd takes the call over and status still names auto:22801', async () => {
  await withStack({ scenario: SWISSCOM, network: { wdm0: { proto: 'qmi4g', wdmif: '$DEVICE', apn: 'auto', dhcp: '0', auto: 0 } } }, async (s) => {
    assert.is((await ifupUntil(s, 'wdm0', settled)).state, 'connected');
    const handles = s.sim.model.listSessions().map((x) => x.handle);
    await s.restartDaemon('SIGKILL');
    const q = await waitStatus(s, 'wdm0', (x) => x.state === 'connected', 'connected after the respawn');
    assert.equal(q.apn_choice, { value: 'gprs.swisscom.ch', source: 'auto:22801', provider: 'Swisscom' });
    assert.equal(s.sim.model.listSessions().map((x) => x.handle), handles, 'the same call, taken over');
  });
});

rtest('proto mbim, apn auto: the IMSI from Subscriber Ready Status (EF_AD over QMI-over-MBIM) picks the table APN', async () => {
  await withStack<'mbim'>({ protocol: 'mbim', scenario: SWISSCOM, network: { wwan: { proto: 'mbim', device: '$DEVICE', apn: 'auto', auto: 0 } } }, async (s) => {
    const e = await ifupUntil(s, 'wwan', settled);
    assert.is(e.state, 'connected', `state ${e.state} (${e.error ?? ''})`);
    const apns = s.sim.model.listSessions().map((x) => x.apn);
    assert.ok(apns.length > 0 && apns.every((a) => a === 'gprs.swisscom.ch'), `sessions for ${apns.join(', ')}`);
    const q = (await s.client.call('qmi4g', 'status', { interface: 'wwan' }))!;
    assert.equal(q.apn_choice, { value: 'gprs.swisscom.ch', source: 'auto:22801', provider: 'Swisscom' });
  });
});

rtest('apn_by_iccid: the first matching prefix wins over apn (which the network would refuse)', async () => {
  const network = { wdm0: { proto: 'qmi4g', wdmif: '$DEVICE', apn: 'internet', apn_by_iccid: ['8931=nl.apn', '89410,89411=gprs.swisscom.ch'], dhcp: '0', auto: 0 } };
  await withStack({ scenario: SWISSCOM, network }, async (s) => {
    const e = await ifupUntil(s, 'wdm0', settled);
    assert.is(e.state, 'connected', `state ${e.state} (${e.error ?? ''})`);
    assert.equal(s.sim.model.listSessions().map((x) => x.apn), ['gprs.swisscom.ch']);
    const q = (await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.equal(q.apn_choice, { value: 'gprs.swisscom.ch', source: 'apn_by_iccid[1]' });
  });
});

rtest('apn auto with an MCC/MNC the table lacks: CONFIG_INVALID in netifd naming MCC and MNC, restart blocked, no call', async () => {
  const scenario = { identity: { imsi: '001011234567890', mncLength: 2 as const } };
  await withStack({ scenario, network: { wdm0: { proto: 'qmi4g', wdmif: '$DEVICE', apn: 'auto', dhcp: '0', auto: 0 } } }, async (s) => {
    const e = await ifupUntil(s, 'wdm0', (x) => x.state === 'failed');
    assert.is(e.error, 'CONFIG_INVALID');
    const st = await s.waitIface('wdm0', (x) => !x.autostart && !x.pending, 'blocked');
    assert.equal(errorCodes(st), ['CONFIG_INVALID']);
    const q = (await s.client.call('qmi4g', 'status', { interface: 'wdm0' }))!;
    assert.match((q.last_error as Record<string, string>).message, /MCC 001 MNC 01/);
    assert.equal(s.sim.model.listSessions(), []);
  });
});

test.run();
