// MS Basic Connect Extensions (3d01dcc5-…) and the MBIMEx 2.0 layouts of Basic Connect: what `modes` needs. Sources: libmbim data/mbim-service-ms-basic-connect-extensions-v2.json, data/mbim-service-ms-basic-connect-v2.json.
import { string, u16, u32 } from '../codec';
import { defineCid } from '../cid';
import { struct } from '../struct';
import { ServiceUuid } from '../uuid';

/** MBIM version 1.0 and MBIMEx version 2.0 as BCD (libmbim `mbim_message_ms_basic_connect_extensions_v2_version_query_new`: 0x0100, 0x0200). */
export const MBIM_VERSION_1_0 = 0x0100;
/** MBIMEx 2.0 (BCD): the version whose Register State reports PreferredDataClasses. */
export const MBIMEX_VERSION_2_0 = 0x0200;

/** Version (CID 15, query): the host says which MBIM/MBIMEx versions it speaks, the function answers with its own (MBIMEx 2.0). */
export const Version = defineCid({
  service: ServiceUuid.msBasicConnectExtensions, serviceName: 'MS Basic Connect Extensions', cid: 15, name: 'Version',
  source: 'libmbim mbim-service-ms-basic-connect-extensions-v2.json: Version',
  query: struct({ mbimVersion: u16, mbimExtendedVersion: u16 }),
  response: struct({ mbimVersion: u16, mbimExtendedVersion: u16 }),
});

const registrationV2 = struct({
  nwError: u32, registerState: u32, registerMode: u32, availableDataClasses: u32, currentCellularClass: u32,
  providerId: string, providerName: string, roamingText: string, registrationFlag: u32, preferredDataClasses: u32,
});

/**
 * Register State (Basic Connect CID 9) as a function that agreed to MBIMEx 2.0 answers it: the
 * MBIM 1.0 fields plus PreferredDataClasses (the data classes the last set asked for). The set
 * is the MBIM 1.0 one (ProviderId, RegisterAction, DataClass).
 */
export const RegisterStateV2 = defineCid({
  service: ServiceUuid.basicConnect, serviceName: 'Basic Connect', cid: 9, name: 'Register State',
  source: 'libmbim mbim-service-ms-basic-connect-v2.json: Register State',
  set: struct({ providerId: string, registerAction: u32, dataClass: u32 }),
  query: struct({}), response: registrationV2, notification: registrationV2,
});
