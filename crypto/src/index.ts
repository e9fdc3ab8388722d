// The public surface of @sigill/crypto (protocol v1). Everything not exported here is private.
// docs/protocol.md describes the formats byte by byte.
export { CryptoError, isCryptoError, type CryptoErrorCode } from "./errors.ts";
export type {
  BoxPublicKey,
  BoxSecretKey,
  Id16,
  LinkSecret,
  MessageKey,
  SignPublicKey,
  SignSecretKey,
} from "./bytes.ts";
export { asSignPublicKey, concatBytes } from "./bytes.ts";
export { decodeBase64Url, encodeBase64Url, parseId, parseLinkSecret } from "./wire.ts";
export {
  encodePublicBundle,
  fingerprint,
  generateIdentity,
  identityFromSeeds,
  parsePublicBundle,
  type Identity,
  type PublicBundle,
} from "./identity.ts";
export { generateRecoveryCode, parseRecoveryCode } from "./recovery-code.ts";
export {
  ACCESS_CODE_ARGON2,
  accessCodeVerifier,
  checkVerifier,
  digestVerifier,
  generateLinkSecret,
  generateReleaseKey,
  invitationCodeParams,
  normaliseAccessCode,
  normaliseAddress,
  openInvitation,
  sealInvitation,
  type AccessCodeParams,
  type CodeVerifier,
  type InvitationSecrets,
  type ReleaseKey,
  type SealedInvitation,
} from "./invitation.ts";
export {
  inspectVaultEntry,
  prfSalt,
  RECOVERY_ARGON2,
  unwrapIdentity,
  wrapIdentity,
  type VaultEntryInfo,
  type VaultKey,
  type VaultLock,
  type VaultMethod,
} from "./vault.ts";
export {
  MAX_ATTACHMENTS,
  MAX_PAYLOAD_BYTES,
  openEnvelope,
  parseEnvelope,
  sealEnvelope,
  verifyEnvelope,
  type AttachmentDescriptor,
  type EnvelopeHeader,
  type MessageContent,
  type OpenedEnvelope,
  type ParsedEnvelope,
  type SealEnvelopeInput,
} from "./envelope.ts";
export {
  createInvitation,
  generateId,
  generateMessageKey,
  openInvitationStanza,
  openKeyStanza,
  parseStanza,
  sealInvitationStanza,
  sealKeyStanza,
  stanzaKind,
  type ParsedStanza,
  type StanzaKind,
} from "./stanza.ts";
export {
  attachmentChunkCount,
  attachmentCiphertextSize,
  decryptAttachment,
  DEFAULT_CHUNK_SIZE,
  encryptAttachment,
  regroup,
  toReadableStream,
  type AttachmentEncryption,
  type AttachmentKeyInput,
  type ByteSource,
} from "./attachment.ts";

/** The protocol version this package writes and reads. */
export const PROTOCOL_VERSION = 1;
