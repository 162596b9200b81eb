// MS Voice Extensions (8d8b9eba-…): NITZ, the network's time. Source: libmbim data/mbim-service-ms-voice-extensions.json.
import { u32 } from '../codec';
import { defineCid } from '../cid';
import { struct } from '../struct';
import { ServiceUuid } from '../uuid';

const nitz = struct({
  year: u32, month: u32, day: u32, hour: u32, minute: u32, second: u32,
  /** Minutes east of UTC, a gint32 carried as guint32 (two's complement). */
  timeZoneOffsetMinutes: u32, daylightSavingTimeOffsetMinutes: u32, dataClass: u32,
});

/** NITZ (CID 10, query + notification): UTC date and time from the network, time zone and DST offsets in minutes, MbimDataClass. */
export const Nitz = defineCid({
  service: ServiceUuid.msVoiceExtensions, serviceName: 'MS Voice Extensions', cid: 10, name: 'NITZ',
  source: 'libmbim mbim-service-ms-voice-extensions.json: NITZ', query: struct({}), response: nitz, notification: nitz,
});
