// Byte-exact: what qmicli writes on the pty equals what our definitions encode for the same request (and the bytes qmicli 1.32.2 wrote in earlier captures).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { encodeFrame } from '../../src/qmi/frame';
import { MessageDef, RequestOf, Service, TlvSet, encodeTlvs } from '../../src/qmi/message';
import { ctl, dms, nas, uim, wda, wds } from '../../src/qmi/services';
import { CapturedRequest, QmiSimulator, startQmiSimulator } from '../../src/sim';
import { qmicli, registered, tempDir } from './sim-helpers';

const tmp = tempDir();
let sim: QmiSimulator;
let port: string;

test.before(async () => {
  port = path.join(tmp.dir, 'wdm0');
  // A fresh simulator: the first DMS and WDS clients get CID 1, as in the qmicli 1.32.2 captures.
  sim = await startQmiSimulator({ path: port, scenario: { sim: { state: 'pin', pin: '1234' }, registration: { delayMs: 0 } } });
});

test.after(async () => {
  await sim?.close();
  tmp.cleanup();
});

/** Runs qmicli and returns the request frames it wrote, checking each is in the raw bytes read from the pty. */
async function capture(args: string[]): Promise<CapturedRequest[]> {
  const n = sim.stats.captured.length;
  const rawBefore = sim.stats.rawInput.length;
  const r = await qmicli(port, args);
  assert.ok(r.code !== null, `qmicli ${args.join(' ')} timed out`);
  const frames = sim.stats.captured.slice(n);
  const raw = Buffer.concat(sim.stats.rawInput.slice(rawBefore));
  for (const f of frames) assert.ok(raw.includes(f.bytes), `${f.name} bytes are what qmicli wrote`);
  return frames;
}

function one(frames: CapturedRequest[], name: string): CapturedRequest {
  const f = frames.filter((x) => x.name === name);
  assert.is(f.length, 1, `one ${name} in ${frames.map((x) => x.name).join(', ')}`);
  return f[0];
}

/** Our encoding of the request, with the captured frame's CID and transaction id. */
function ours<M extends MessageDef<any, any, any>>(def: M, values: RequestOf<M>, like: CapturedRequest): string {
  return Buffer.from(encodeFrame({
    service: Service[def.service as keyof typeof Service], cid: like.cid, kind: 'request', txn: like.txn, messageId: def.id,
    tlvs: encodeTlvs(def.request as TlvSet, values as never),
  })).toString('hex');
}

function same<M extends MessageDef<any, any, any>>(f: CapturedRequest, def: M, values: RequestOf<M>, oracle?: string): void {
  const hex = f.bytes.toString('hex');
  assert.is(ours(def, values, f), hex, `${f.name}: our encoding equals qmicli's`);
  if (oracle) assert.is(hex, oracle, `${f.name}: equals the qmicli 1.32.2 capture`);
}

test('CTL Get Version Info', async () => {
  const frames = await capture(['--get-service-version-info']);
  same(one(frames, 'ctl Get Version Info'), ctl.GetVersionInfo, {}, '010b00000000000121000000');
});

test('CTL Allocate CID, DMS Get IDs, CTL Release CID', async () => {
  const frames = await capture(['--dms-get-ids']);
  const ids = one(frames, 'dms Get IDs');
  assert.is(ids.cid, 1);
  same(one(frames, 'ctl Allocate CID'), ctl.AllocateCid, { service: Service.dms }, '010f0000000000012200040001010002');
  same(ids, dms.GetIds, {}, '010c0000020100010025000000');
  same(one(frames, 'ctl Release CID'), ctl.ReleaseCid, { releaseInfo: { service: Service.dms, cid: 1 } }, '0110000000000002230005000102000201');
});

test('UIM Verify PIN: TLV 0x02 (PIN) before 0x01 (session)', async () => {
  const frames = await capture(['--uim-verify-pin=PIN1,1234']);
  const f = one(frames, 'uim Verify PIN');
  // qmicli's default session is 6 (card slot 1) with an empty AID, not 0 (primary GW provisioning).
  same(f, uim.VerifyPin, { session: { sessionType: 6, applicationIdentifier: [] }, info: { pinId: 1, pin: '1234' } });
  assert.is(f.bytes.toString('hex').slice(26), '020600010431323334' + '0102000600');
  await registered(sim.model);
});

test('UIM Unblock PIN and DMS UIM Unblock PIN (PUK, new PIN)', async () => {
  const u = one(await capture(['--uim-unblock-pin=PIN1,12345678,4321']), 'uim Unblock PIN');
  same(u, uim.UnblockPin, { session: { sessionType: 6, applicationIdentifier: [] }, info: { pinId: 1, puk: '12345678', newPin: '4321' } });
  const d = one(await capture(['--dms-uim-unblock-pin=PIN,12345678,4321']), 'dms UIM Unblock PIN');
  same(d, dms.UimUnblockPin, { info: { pinId: 1, puk: '12345678', newPin: '4321' } });
});

test('WDS Start Network (apn, ip-type) and Get Current Settings', async () => {
  const frames = await capture(['--wds-start-network=apn=internet,ip-type=4', '--client-no-release-cid']);
  same(one(frames, 'ctl Allocate CID'), ctl.AllocateCid, { service: Service.wds }, '010f0000000000012200040001010001');
  const start = one(frames, 'wds Start Network');
  same(start, wds.StartNetwork, { apn: 'internet', ipFamilyPreference: 4 }, '011b0000010100010020000f0019010004140800696e7465726e6574');
  const settings = one(await capture(['--wds-get-current-settings', `--client-cid=${start.cid}`]), 'wds Get Current Settings');
  // qmicli asks for DNS | granted QoS | IP address | gateway | MTU | domain names | IP family (libqmi qmi-service-wds.json: Get Current Settings, Requested Settings).
  same(settings, wds.GetCurrentSettings, { requestedSettings: 0xe330 });
});

test('WDS Start Network with CHAP: libqmi order 0x19 0x18 0x17 0x16 0x14', async () => {
  const frames = await capture(['--wds-start-network=apn=internet,ip-type=4,auth=chap,username=u,password=p']);
  const f = one(frames, 'wds Start Network');
  same(f, wds.StartNetwork, { apn: 'internet', ipFamilyPreference: 4, authenticationPreference: 2, username: 'u', password: 'p' });
  const tlvIds: number[] = [];
  for (let off = 13; off < f.bytes.length; off += 3 + f.bytes.readUInt16LE(off + 1)) tlvIds.push(f.bytes[off]);
  assert.equal(tlvIds, [0x19, 0x18, 0x17, 0x16, 0x14]);
});

test('NAS Get Signal Strength with its request mask', async () => {
  const f = one(await capture(['--nas-get-signal-strength']), 'nas Get Signal Strength');
  same(f, nas.GetSignalStrength, { requestMask: 0x00ef });
});

test('WDA Get Data Format (no endpoint on a pty)', async () => {
  const f = one(await capture(['--wda-get-data-format']), 'wda Get Data Format');
  same(f, wda.GetDataFormat, {});
});

test.run();
