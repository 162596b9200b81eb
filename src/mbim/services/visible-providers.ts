// Basic Connect Visible Providers (CID 8, query): the networks the device can see. Source: libmbim mbim-service-basic-connect.json: Visible Providers; mbim-enums.h.
import { countOf, u32 } from '../codec';
import { defineCid } from '../cid';
import { refStructArray, struct } from '../struct';
import { ServiceUuid } from '../uuid';
import { Provider } from './basic-connect';

/** MbimVisibleProvidersAction (libmbim mbim-enums.h): 0 full scan, 1 restricted (preferred multicarrier providers). */
export const MbimVisibleProvidersAction = Object.freeze({ fullScan: 0, restrictedScan: 1 });

/** Visible Providers (CID 8, query with Action): a list of MbimProvider. A full scan takes as long as QMI's Network Scan. */
export const VisibleProviders = defineCid({
  service: ServiceUuid.basicConnect, serviceName: 'Basic Connect', cid: 8, name: 'Visible Providers',
  source: 'libmbim mbim-service-basic-connect.json: Visible Providers',
  query: struct({ action: u32 }),
  response: struct({ providersCount: countOf('providers'), providers: refStructArray(Provider) }),
});
