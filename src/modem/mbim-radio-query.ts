// Base Stations Info in the layout the function agreed to (MBIM 1.0 or MBIMEx 3.0), folded into a
// RadioInfo. Source: libmbim mbim-service-ms-basic-connect-extensions.json and -v3.json: Base Stations Info.
import type { CommandOptions, MbimDevice } from '../mbim/device';
import { BaseStationsInfo } from '../mbim/services/ms-basic-connect-ext';
import { BaseStationsInfoV3 } from '../mbim/services/ms-basic-connect-ext-v3';
import { isMbimex3 } from './mbim-layouts';
import { BASE_STATIONS_QUERY, radioOfBaseStations } from './mbim-radio';
import { BASE_STATIONS_QUERY_V3, radioOfBaseStationsV3 } from './mbim-radio-v3';
import type { RadioInfo } from './radio';

/**
 * Base Stations Info query → RadioInfo: the 3.0 query (with MaxNrCount) and layout when `mbimex` is
 * 3.0 or later (NR serving and neighbour cells), the 1.0 ones otherwise. Throws what
 * MbimDevice.command throws (MbimStatusError, MbimDecodeError for a malformed answer, transport errors).
 */
export async function queryBaseStations(device: MbimDevice, mbimex: number | undefined, o: CommandOptions): Promise<RadioInfo> {
  if (isMbimex3(mbimex)) return radioOfBaseStationsV3(await device.command(BaseStationsInfoV3, 'query', BASE_STATIONS_QUERY_V3, o));
  return radioOfBaseStations(await device.command(BaseStationsInfo, 'query', BASE_STATIONS_QUERY, o));
}
