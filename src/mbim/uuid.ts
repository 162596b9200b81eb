// MBIM UUIDs: text ↔ wire bytes (text order, not the mixed-endian GUID layout), service and context-type UUIDs.
import { fromHex, toHex } from '../util/bytes';

/** Lowercase text form, e.g. `a289cc33-bcbb-8b4f-b6b0-133ec2aae6df`. */
export type Uuid = string;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The 16 wire bytes of a UUID: its hex digits in text order (libmbim mbim-uuid.c (UUID byte order); libmbim copies
 * MbimUuid's byte groups a..e verbatim; mbimcli capture: `a289cc33bcbb8b4f…`).
 * Throws RangeError when `u` is not a UUID in text form.
 */
export function uuidToBytes(u: Uuid): Uint8Array {
  const s = u.toLowerCase();
  if (!UUID_RE.test(s)) throw new RangeError(`not a UUID: ${u}`);
  return fromHex(s.replace(/-/g, ''));
}

/** Formats 16 wire bytes as a lowercase UUID; throws RangeError unless exactly 16 bytes. */
export function bytesToUuid(b: Uint8Array): Uuid {
  if (b.length !== 16) throw new RangeError(`UUID needs 16 bytes, got ${b.length}`);
  const h = toHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The nil UUID (libmbim `MBIM_UUID_INVALID`), written where a UUID field is left unset. */
export const NIL_UUID: Uuid = '00000000-0000-0000-0000-000000000000';

/** Device service UUIDs (libmbim mbim-uuid.c). */
export const ServiceUuid = Object.freeze({
  basicConnect: 'a289cc33-bcbb-8b4f-b6b0-133ec2aae6df',
  sms: '533fbeeb-14fe-4467-9f90-33a223e56c3f',
  ussd: 'e550a0c8-5e82-479e-82f7-10abf4c3351f',
  phonebook: '4bf38476-1e6a-41db-b1d8-bed289c25bdb',
  stk: 'd8f20131-fcb5-4e17-8602-d6ed3816164c',
  auth: '1d2b5ff7-0aa1-48b2-aa52-50f15767174e',
  dss: 'c08a26dd-7718-4382-8482-6e0d583c4d0e',
  msBasicConnectExtensions: '3d01dcc5-fef5-4d05-0d3a-bef7058e9aaf',
  msVoiceExtensions: '8d8b9eba-37be-449b-8f1e-61cb034a702e',
  qmi: 'd1a30bc2-f97a-6e43-bf65-c7e24fb0f0d3',
  atds: '5967bdcc-7fd2-49a2-9f5c-b2e70e527db3',
  qdu: '6427015f-579d-48f5-8c54-f43ed1e76f83',
} as const);

/** Name of a known service UUID (the ServiceUuid key), or the UUID itself. */
export function serviceUuidName(u: Uuid): string {
  for (const [k, v] of Object.entries(ServiceUuid)) if (v === u) return k;
  return u;
}

/** Context-type UUIDs for Connect / Provisioned Contexts (libmbim mbim-uuid.c (service UUIDs); libmbim MbimContextType). */
export const ContextType = Object.freeze({
  none: 'b43f758c-a560-4b46-b35e-c5869641fb54',
  internet: '7e5e2a7e-4e6f-7272-736b-656e7e5e2a7e',
  vpn: '9b9f7bbe-8952-44b7-83ac-ca41318df7a0',
  voice: '88918294-0ef4-4396-8cca-a8588fbc02b2',
  videoShare: '05a2a716-7c34-4b4d-9a91-c5ef0c7aaacc',
  purchase: 'b3272496-ac6c-422b-a8c0-acf687a27217',
  ims: '21610d01-3074-4bce-9425-b53a07d697d6',
  mms: '46726664-7269-6bc6-9624-d1d35389aca9',
  local: 'a57a9afc-b09f-45d7-bb40-033c39f60db9',
  admin: '5f7e4c2e-e80b-40a9-a239-f0abcfd11f4b',
  app: '74d88a3d-dfbd-4799-9a8c-7310a37bb2ee',
  xcap: '50d378a7-baa5-4a50-b872-3fe5bb463411',
  tethering: '5e4e0601-48dc-4e2b-acb8-08b4016bbaac',
  emergencyCalling: '5f41adb8-204e-4d31-9da8-b3c970e360f2',
} as const);
