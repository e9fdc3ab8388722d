// The toolbar popup: who is logged in and whether the keys are unlocked, the pages to open, and
// the e-mails diverted to secure messages in this browser session (time, kinds of data, site;
// never recipients, subject or text).
import { useEffect, useState } from "react";
import type { Lang } from "../content/messages.ts";
import { kindName, type Category, type IdentifierType } from "@sigill/detection";
import type { Diversion } from "../protocol.ts";
import { POPUP_TEXT } from "./i18n.ts";

export type PopupState =
  { readonly status: "out" } | { readonly status: "locked" | "unlocked"; readonly email: string };

export interface PopupDeps {
  readonly lang: Lang;
  readonly open: (page: "/account.html" | "/compose.html" | "/inbox.html") => void;
  readonly state: () => Promise<PopupState>;
  readonly diversions: () => Promise<readonly Diversion[]>;
}

const kindText = (kind: string, lang: Lang) => {
  try {
    return kindName(kind as IdentifierType | Category)[lang].toLowerCase();
  } catch {
    return kind;
  }
};

export function PopupPage({ deps }: { deps: PopupDeps }) {
  const t = POPUP_TEXT[deps.lang];
  const [state, setState] = useState<PopupState | null>(null);
  const [diversions, setDiversions] = useState<readonly Diversion[]>([]);
  useEffect(() => {
    void deps.state().then(setState);
    void deps.diversions().then(setDiversions);
  }, [deps]);
  const button = (page: "/account.html" | "/compose.html" | "/inbox.html", label: string) => (
    <button
      type="button"
      onClick={() => {
        deps.open(page);
      }}
    >
      {label}
    </button>
  );
  return (
    <main>
      <h1>Sigill</h1>
      {state !== null && (
        <p id="popup-state" role="status">
          {state.status === "out"
            ? t.loggedOut
            : state.status === "locked"
              ? t.locked(state.email)
              : t.unlocked(state.email)}
        </p>
      )}
      {state !== null && state.status !== "unlocked" && button("/account.html", t.unlock)}
      {button("/compose.html", t.compose)}
      {button("/inbox.html", t.inbox)}
      {button("/account.html", t.account)}
      <section aria-labelledby="diversions-h">
        <h2 id="diversions-h">{t.diversions}</h2>
        {diversions.length === 0 ? (
          <p>{t.noDiversions}</p>
        ) : (
          <ul id="diversions">
            {diversions.map((d) => (
              <li key={d.at}>
                {t.diversion(
                  new Date(d.at).toLocaleTimeString(deps.lang === "sv" ? "sv-SE" : "en-GB", {
                    hour: "2-digit",
                    minute: "2-digit",
                  }),
                  d.kinds.map((k) => kindText(k, deps.lang)).join(", "),
                  d.host,
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
