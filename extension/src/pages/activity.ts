// What counts as the person's own activity for the idle lock, in the extension's pages: a key
// pressed, a click or tap, typing or pasting into a field, scrolling with the wheel. Not: a page
// merely open or focused, the mouse passing over it, anything a script does (events the browser
// did not get from the person), nor anything in the webmail (the keys are not used there, and
// look-ups the webmail page causes in the background must not keep them unlocked).

/** The events that count, listened to in the capture phase so that no handler can hide them. */
export const ACTIVITY_EVENTS = ["keydown", "pointerdown", "input", "wheel"] as const;

/** Typing need not write storage on every key: at most one recorded action per this many ms. */
export const ACTIVITY_GAP_MS = 5_000;

export interface ActivityOptions {
  readonly now: () => number;
  readonly gapMs?: number;
  /** Whether the event came from the person; the browser's `isTrusted` unless a test says otherwise. */
  readonly fromPerson?: (event: Event) => boolean;
}

/**
 * Calls `touch` on the person's own input on `target` (the page's document), at most once per
 * `gapMs`: the idle lock may then start counting up to `gapMs` early, never late. Returns a
 * function that stops listening.
 */
export function watchActivity(target: EventTarget, touch: () => void, options: ActivityOptions): () => void {
  const gapMs = options.gapMs ?? ACTIVITY_GAP_MS;
  const fromPerson = options.fromPerson ?? ((event: Event) => event.isTrusted);
  let last: number | undefined;
  const onEvent = (event: Event) => {
    if (!fromPerson(event)) return;
    const now = options.now();
    if (last !== undefined && Math.abs(now - last) < gapMs) return;
    last = now;
    touch();
  };
  for (const type of ACTIVITY_EVENTS) target.addEventListener(type, onEvent, { capture: true, passive: true });
  return () => {
    for (const type of ACTIVITY_EVENTS) target.removeEventListener(type, onEvent, { capture: true });
  };
}
