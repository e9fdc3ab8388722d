// What scanning an attachment gives: the same detection result as for typed text, plus where in
// the file each finding is, or a clear reason why the file could not be scanned.
import type { DetectionResult, Policy } from "@sigill/detection";

/** Limits that keep a scan bounded; a file beyond them is "unscannable" with the reason. */
export interface AttachmentLimits {
  /** Largest file read at all (bytes). */
  readonly maxBytes: number;
  /** Most pages (PDF), slides (PPTX) or sheets (XLSX) read. */
  readonly maxPages: number;
  /** Most text extracted (UTF-16 code units); past it the scan stops as "too-large". */
  readonly maxTextChars: number;
  /**
   * Most bytes inflated from an Office/ODF zip, all members read together; a member read twice
   * counts twice (guards against zip bombs and several parts pointing at one huge member).
   */
  readonly maxUnzippedBytes: number;
  /** Most members a zip may list, and most member reads while scanning it (repeats count). */
  readonly maxZipEntries: number;
  /** Deepest nesting of XML elements in an Office/ODF part. */
  readonly maxXmlDepth: number;
  /** Longest a scan may take (enforced by the worker that runs it, which is terminated). */
  readonly timeoutMs: number;
}

export const DEFAULT_LIMITS: AttachmentLimits = {
  maxBytes: 25 * 1024 * 1024,
  maxPages: 500,
  maxTextChars: 5_000_000,
  maxUnzippedBytes: 100 * 1024 * 1024,
  maxZipEntries: 5_000,
  maxXmlDepth: 256,
  timeoutMs: 10_000,
};

/** Where in the file a finding is, as precisely as the format allows. */
export interface ScanLocation {
  readonly page?: number;
  readonly slide?: number;
  readonly sheet?: string;
  readonly cell?: string;
  /** "name" when the finding is in the file name itself. */
  readonly part?: "name" | "body" | "header";
}

// The reasons a file could not be scanned: one list for the scanner, the banner and the server.
import { UNSCANNABLE_REASONS, type UnscannableReason } from "@sigill/client/unscannable-reasons";
export { UNSCANNABLE_REASONS, type UnscannableReason };

export type AttachmentScan =
  | {
      readonly status: "scanned";
      readonly name: string;
      /** Findings over the file name and the file's text (offsets into the extracted text). */
      readonly result: DetectionResult;
      /** One per finding, same order: where it is in the file. */
      readonly locations: readonly ScanLocation[];
    }
  | {
      readonly status: "unscannable";
      readonly name: string;
      readonly reason: UnscannableReason;
      /** Findings in the file name alone (a name can be sensitive even when the content is unreadable). */
      readonly result: DetectionResult;
      readonly locations: readonly ScanLocation[];
    };

export interface ScanOptions {
  readonly policy?: Policy;
  readonly limits?: Partial<AttachmentLimits>;
  readonly clock?: () => Date;
}
