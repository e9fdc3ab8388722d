// The public surface of the detection engine. Everything not exported here is private.
// Pure TypeScript: no browser APIs, no network; text never leaves these functions.
export { createScanner, detect, type ScanOptions, type Scanner } from "./scanner.ts";
export {
  DEFAULT_POLICY,
  parsePolicy,
  policyFromOrg,
  type OrgDetectionSettings,
  type Policy,
  type PolicyKeyword,
  type PolicyPattern,
} from "./policy.ts";
export { DetectionError, isDetectionError, type DetectionErrorCode } from "./errors.ts";
export { findingKind, kindName } from "./explain.ts";
export { personalDataInNote, type NoteKind } from "./free-text.ts";
export {
  ALWAYS_ON,
  CATEGORIES,
  IDENTIFIER_TYPES,
  LEVELS,
  type Category,
  type DetectionResult,
  type Explanation,
  type Finding,
  type IdentifierType,
  type Level,
} from "./types.ts";
