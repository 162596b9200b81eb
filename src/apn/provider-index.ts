// The provider APN table of the build (apn-table.generated.ts), decoded once on first use.
import { decodeApnTable, type ApnIndex } from './apn-table';
import { APN_TABLE_SOURCE, APN_TABLE_TEXT } from './apn-table.generated';

export { APN_TABLE_SOURCE };

let index: ApnIndex | undefined;

/** MCC+MNC → internet APNs of the generated table (decoded on the first call, then kept; ~1k keys). */
export function providerIndex(): ApnIndex {
  index ??= decodeApnTable(APN_TABLE_TEXT);
  return index;
}
