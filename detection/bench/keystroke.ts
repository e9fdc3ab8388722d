// One keystroke on a draft, as the bench and the results dump type them: at a random place, four
// times in five a character typed, else one deleted. Both scripts use it so they type alike.
const ALPHABET = "abcdefghijklmnopqrstuvwxyzåäö 0123456789.,-\n";

/** `draft` after one random keystroke drawn from `rng`. */
export function keystroke(draft: string, rng: () => number): string {
  const at = Math.floor(rng() * draft.length);
  return rng() < 0.8
    ? draft.slice(0, at) + ALPHABET.charAt(Math.floor(rng() * ALPHABET.length)) + draft.slice(at)
    : draft.slice(0, at) + draft.slice(at + 1);
}
