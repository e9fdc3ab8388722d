// An operator restored a database backup: the log is legitimately shorter than its checkpoints.
import type { Deps } from "../../deps.ts";
import { expectedHeads, readCheckpoints, writeCheckpoint } from "./checkpoints.ts";
import { auditKeys } from "./keys.ts";
import { appendAudit } from "./log.ts";

/**
 * After a backup was restored: records the restored head as a `restore` (checkpoints beyond it
 * are set aside), logs `audit.restored` with what was set aside, and checkpoints that entry.
 */
export async function recordRestore(deps: Deps): Promise<{ restoredTo: number; setAside: number }> {
  const before = expectedHeads(readCheckpoints(deps.config.audit.checkpointFile, auditKeys(deps.config)).records);
  const record = await writeCheckpoint(deps, "restore");
  const restoredTo = record?.seq ?? 0;
  const setAside = [...before.keys()].filter((seq) => seq > restoredTo);
  await appendAudit(deps, {
    type: "audit.restored",
    details: {
      restoredTo,
      setAside: setAside.length,
      lastSetAside: setAside.length > 0 ? Math.max(...setAside) : null,
    },
  });
  await writeCheckpoint(deps);
  return { restoredTo, setAside: setAside.length };
}
