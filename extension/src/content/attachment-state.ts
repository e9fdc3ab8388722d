// The attachments of one compose window as the guard sees them: scanning, scanned, or not
// scannable; which of them still count (a file removed from the draft no longer does); and what
// they add to the send decision. Pure: the scans themselves run elsewhere.
import { detectFormat, FORMAT_HEAD_BYTES } from "../attachments/formats.ts";
import { nameOnlyScan as scanName } from "../attachments/name-only.ts";
import { findingKind } from "@sigill/detection";
import type { UnscannableReason } from "../attachments/types.ts";
import { DRAFT_LIMITS, type AttachmentScan } from "../wire.ts";

export type AttachmentScanResult = AttachmentScan;

export interface TrackedFile {
  readonly name: string;
  /** null while the scan runs. */
  scan: AttachmentScanResult | null;
  /** Seen in the webmail's attachment list at least once (so its later absence means "removed"). */
  seenListed: boolean;
}

/** Kind name for an attachment that could not be scanned (recorded with an override). */
export const UNSCANNABLE_KIND = "unscannable-attachment";

/** Whether the webmail's list entry `listed` is the file `name` ("rapport.pdf (120 kB)" is). */
export function listedAs(listed: string, name: string): boolean {
  return listed === name || listed.startsWith(`${name} (`) || listed.startsWith(`${name}(`);
}

/**
 * How long after its capture a file the webmail has not listed yet may stand for a new entry of
 * its name (the upload still on its way). Later, the webmail has refused it (too large, a blocked
 * type) or the upload was cancelled: a new entry of its name was added another way (a cloud picker,
 * a forwarded file) and was never captured (review: it was taken for the clean captured file).
 */
export const LISTING_WAIT_MS = 30_000;

/**
 * How long a captured file's name must be missing from the list, over the looks that saw it
 * missing, before the file counts as removed: a webmail that re-renders its list (a chip replaced
 * when an upload finishes, the list emptied and rebuilt across two frames) has not removed it
 * (review: a clean file back in the list was counted as never captured).
 */
export const REMOVED_AFTER_MS = 500;

/**
 * What a compose window remembers of its attachment list between looks, per name of a captured
 * file: how many entries listed it and how many of those may be files the extension never captured;
 * since when a listed name has been missing (not yet long enough to count as removed); the captured
 * files that left the list (removed: they never stand for an entry again); and when each captured
 * file was first looked at (its capture: the guard looks right after capturing).
 */
export interface ListMemory {
  readonly names: Map<string, { listed: number; uncaptured: number }>;
  readonly missingSince: Map<string, number>;
  readonly removed: WeakSet<TrackedFile>;
  readonly capturedAt: WeakMap<TrackedFile, number>;
}

export function createListMemory(): ListMemory {
  return { names: new Map(), missingSince: new Map(), removed: new WeakSet(), capturedAt: new WeakMap() };
}

/**
 * The files that count for the draft now. Each entry of the webmail's list stands for at most one
 * captured file (independent review: a forwarded `intyg.pdf` was hidden by a captured clean file of
 * the same name). Entries already listed when a file was captured are not that file; an entry that
 * appears later is taken for a captured file not yet listed (still uploading) if that file was
 * captured less than {@link LISTING_WAIT_MS} before, else it is one never captured. A file not yet
 * listed counts; a captured file whose name left the list, on looks {@link REMOVED_AFTER_MS} apart
 * or more, has been removed: it no longer counts, nor stands for an entry listed later (a name back
 * sooner was a re-render: nothing happened). Every captured file is its own entry: a second file of
 * the same name does not hide the first (both count while the name is listed: which of them was
 * removed cannot be told), and when the list shrinks, an entry that may be one never captured is
 * still taken for one. A listed file the extension never had the bytes of (forwarded, in a reopened
 * draft, pasted, attached before the guard started) counts as one it could not read: it is never
 * taken for clean.
 *
 * Called at every look, with the same `memory` for the compose window and `now` in milliseconds
 * from one monotonic clock, and once right after a file is captured (before the webmail lists it):
 * a name first seen with entries already listed takes them all for files never captured.
 */
export function countingFiles(
  files: readonly TrackedFile[],
  listed: readonly string[],
  memory: ListMemory,
  now: number,
): TrackedFile[] {
  for (const f of files) if (!memory.capturedAt.has(f)) memory.capturedAt.set(f, now);
  const names = [...new Set(files.map((f) => f.name))];
  // The captured name an entry lists (the longest, should one name begin another's "name (").
  const nameOf = (entry: string) =>
    names.reduce<string | undefined>(
      (best, n) => (listedAs(entry, n) && (best === undefined || n.length > best.length) ? n : best),
      undefined,
    );
  const entriesOf = new Map<string, number[]>();
  const notCaptured = new Set<number>();
  listed.forEach((entry, i) => {
    const name = nameOf(entry);
    if (name === undefined) notCaptured.add(i);
    else entriesOf.set(name, [...(entriesOf.get(name) ?? []), i]);
  });
  for (const name of names) {
    const entries = entriesOf.get(name) ?? [];
    const active = files.filter((f) => f.name === name && !memory.removed.has(f));
    let before = memory.names.get(name);
    const since = memory.missingSince.get(name);
    if (since !== undefined && now - since >= REMOVED_AFTER_MS) {
      // Missing long enough: its files were removed, and any entry of the name now is a new one.
      for (const f of active) if (f.seenListed) memory.removed.add(f);
      before = { listed: 0, uncaptured: 0 };
      memory.missingSince.delete(name);
    }
    if (entries.length === 0 && before !== undefined && before.listed > 0) {
      // Missing from this look only, so far: remembered as it was listed, in case it comes back.
      if (!memory.missingSince.has(name)) memory.missingSince.set(name, now);
      continue;
    }
    memory.missingSince.delete(name);
    let never: number;
    if (before === undefined) {
      never = entries.length;
    } else if (entries.length > before.listed) {
      // New entries stand first for captured files not listed yet and captured lately; the rest were never captured.
      let added = entries.length - before.listed;
      for (const f of active) {
        if (added === 0) break;
        if (f.seenListed || now - (memory.capturedAt.get(f) ?? now) >= LISTING_WAIT_MS) continue;
        f.seenListed = true;
        added -= 1;
      }
      never = before.uncaptured + added;
    } else {
      never = before.uncaptured;
    }
    const present = active.filter((f) => !memory.removed.has(f)).length;
    never = Math.min(entries.length, Math.max(never, entries.length - present));
    memory.names.set(name, { listed: entries.length, uncaptured: never });
    for (const i of entries.slice(0, never)) notCaptured.add(i);
  }
  const out = files.filter((f) => !memory.removed.has(f));
  listed.forEach((entry, i) => {
    if (!notCaptured.has(i)) return;
    let scan = uncaptured.get(entry);
    if (scan === undefined) uncaptured.set(entry, (scan = nameOnlyScan(entry, "not-captured")));
    out.push({ name: entry, scan, seenListed: true });
  });
  return out;
}

/**
 * When a name now missing from the list will have been missing long enough for its files to count
 * as removed (the guard looks again then, so the banner stops showing them); undefined when none is.
 */
export function removalDueAt(memory: ListMemory): number | undefined {
  const since = [...memory.missingSince.values()];
  return since.length === 0 ? undefined : Math.min(...since) + REMOVED_AFTER_MS;
}

/** The name scans of listed files never captured, by list entry (asked again at every keystroke). */
const uncaptured = new Map<string, AttachmentScan>();

/** Whether a counted file makes the draft sensitive: a finding, a scan still running, or (by policy) not scannable. */
export function fileIsSensitive(f: TrackedFile, unscannableSensitive: boolean): boolean {
  if (f.scan === null) return true;
  if (f.scan.result.sensitive) return true;
  return f.scan.status === "unscannable" && unscannableSensitive;
}

/**
 * The kinds of data the counted files hold (for the override record and the divert). A file whose
 * scan is still running is, at that moment, one not checked: an override then records it as such
 * (independent review, D6: it added no kind, and a draft with only such a file gave an empty record).
 */
export function fileKinds(files: readonly TrackedFile[], unscannableSensitive: boolean): string[] {
  const kinds = new Set<string>();
  for (const f of files) {
    if (f.scan === null) kinds.add(UNSCANNABLE_KIND);
    for (const finding of f.scan?.result.findings ?? []) if (finding.level !== "low") kinds.add(findingKind(finding));
    if (f.scan?.status === "unscannable" && unscannableSensitive) kinds.add(UNSCANNABLE_KIND);
  }
  return [...kinds];
}

/**
 * The counted files that went unscanned without counting against the send (policy lets such files
 * go, and nothing was found in their names): why, and how many; null when there are none. What the
 * admin is told when such a draft is let through to Send.
 */
export function uncheckedFiles(
  files: readonly TrackedFile[],
): { readonly reasons: UnscannableReason[]; readonly files: number } | null {
  const unchecked = files.filter((f) => f.scan?.status === "unscannable" && !f.scan.result.sensitive);
  if (unchecked.length === 0) return null;
  // A scan without a reason (never sent so) counts as one of a kind the scanner does not read.
  const reasons = new Set(unchecked.map((f) => f.scan?.reason ?? "unsupported"));
  // More files than a report may name (a list of hundreds): reported as the most it may.
  return { reasons: [...reasons].sort(), files: Math.min(unchecked.length, DRAFT_LIMITS.files) };
}

/** A file whose content is not scanned (too large, no answer): its name still is (in the message shape). */
export function nameOnlyScan(
  name: string,
  reason: "too-large" | "timeout" | "unsupported" | "not-captured",
): AttachmentScan {
  const scan = scanName(name, reason);
  return { ...scan, result: { ...scan.result, findings: [...scan.result.findings] }, locations: [...scan.locations] };
}

/**
 * The bytes a scan request carries: the whole file, or only its head when the head already shows
 * that the scanner cannot read the content (a photo, a video, a legacy binary): the scanner then
 * decides "unsupported" from the very same bytes and scans the name, and a 10 MB photo is not
 * copied as text through two runtime messages for that answer.
 */
export async function bytesToScan(file: Blob & { readonly name: string }): Promise<Uint8Array> {
  const head = new Uint8Array(await file.slice(0, FORMAT_HEAD_BYTES).arrayBuffer());
  if (detectFormat(file.name, head) === "unsupported") return head;
  return new Uint8Array(await file.arrayBuffer());
}
