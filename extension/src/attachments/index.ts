// The public surface of attachment scanning. Everything not exported here is private.
// Pure code: runs in Node, in a browser worker and in an extension offscreen document; nothing is
// fetched and nothing is evaluated.
export { scanAttachment } from "./scan.ts";
export {
  DEFAULT_LIMITS,
  UNSCANNABLE_REASONS,
  type AttachmentLimits,
  type AttachmentScan,
  type ScanLocation,
  type ScanOptions,
  type UnscannableReason,
} from "./types.ts";
