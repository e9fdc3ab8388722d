// Whether a lower-case word is one of the most frequent Swedish and English words (a Bloom filter
// built by eval/build-common-words.ts): a capitalised word that is one is not an unknown name.
import { bloomHas } from "./bloom.ts";
import { COMMON_WORDS_BASE64, COMMON_WORDS_SHAPE } from "./common-words-data.ts";

let filter: Uint8Array | undefined;

/** Decodes the filter once, on the first question (not at load: cold start). */
function load(): Uint8Array {
  const binary = atob(COMMON_WORDS_BASE64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Whether `lower` (a lower-case word) is a common Swedish or English word ("taxi", "progress",
 * "område"). About 1 % of other words answer true too, so it may only make a word less likely a name.
 */
export function isCommonWord(lower: string): boolean {
  filter ??= load();
  return bloomHas(filter, COMMON_WORDS_SHAPE, lower);
}
