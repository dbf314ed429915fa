/** What to do about an item short of full points, as the reports, `explain` and `check` say it. */
import type { ItemResult } from "../score/types.js";
import { fmtNum } from "../util/format.js";

/**
 * The item's remediation, preceded — when rows not read cost it points (`asRead`) — by putting
 * the data right first: those points come back with the data, not with the remediation.
 */
export function adviceOf(item: Pick<ItemResult, "asRead" | "remediation">): string | undefined {
  if (item.asRead === undefined) return item.remediation;
  return `先补正不完整的数据（见本项说明；按已读数据本项为 ${fmtNum(item.asRead)} 分）。${item.remediation ?? ""}`;
}
