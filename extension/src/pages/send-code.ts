// Whether a send must carry an access code, decided at the moment of sending. The form shows the
// policy's answer as the scans come in, but a person may press Send before the organisation's
// policy has arrived or before a file's scan is done: the decision then waits for both, so a
// personnummer inside a file forces the code even when its scan had not finished (fail closed).
import { accessCodeRequired, type OrgPolicy } from "@sigill/client";
import { findingKind } from "@sigill/detection";

/** What a finished scan says, as far as the code needs it (the scanner's and the runtime message's shapes alike). */
interface ScanFindings {
  readonly result: { readonly findings: readonly { type: string; category: string; level: string }[] };
}

export async function codeRequiredAtSend(
  policy: Promise<OrgPolicy | null>,
  draftKinds: readonly string[],
  scans: readonly Promise<ScanFindings | null>[],
): Promise<boolean> {
  const [known, settled] = await Promise.all([policy, Promise.all(scans)]);
  const fileKinds = settled.flatMap((scan) =>
    scan === null ? [] : scan.result.findings.filter((f) => f.level !== "low").map((f) => findingKind(f)),
  );
  return accessCodeRequired(known, [...new Set([...draftKinds, ...fileKinds])]);
}
