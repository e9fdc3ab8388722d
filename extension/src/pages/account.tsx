// The account page (a tab of the extension): enrol from the administrator's link, log in with the
// passkey, unlock with the passkey or the recovery code (after the idle lock too), log out.
// Passkeys work here because the extension has host permission for the Sigill server's domain,
// which is the relying party. Where IT set the server by policy, a link or login for any other
// server is refused before anything is fetched, a passkey made or anything saved.
import { fingerprint } from "@sigill/crypto";
import { useCallback, useEffect, useState, type SyntheticEvent } from "react";
import { z } from "zod";
import {
  enrolWithToken,
  login,
  parseEnrolmentLink,
  replaceKeys,
  unlockWithRecoveryCode,
  type PasskeyPort,
  type StaffSession,
} from "@sigill/client";
import { allowedServer } from "../secure/allowed-server.ts";
import { clearSession, saveSession, type KeyValue } from "../secure/session-store.ts";
import type { Lang } from "../content/messages.ts";
import { describeError } from "./errors.ts";
import { ACCOUNT_TEXT } from "./i18n.ts";
import { useSessionReads } from "./use-session.ts";

export interface AccountDeps {
  readonly session: KeyValue;
  readonly local: KeyValue;
  readonly passkeys: PasskeyPort;
  readonly now: () => number;
  readonly idleMs: number;
  /** Changes of the login or the keys (the idle lock, another page): the page re-reads the session. */
  readonly onSessionChange?: (listener: () => void) => () => void;
  readonly composeUrl: string;
  /** The server from settings or enterprise policy, if any. */
  readonly defaultServer?: string | null;
  /** The server IT set by policy (`managedServer`), or null: the only one enrolment and login may use. */
  readonly managedServer: string | null;
  readonly lang: Lang;
}

type View =
  | { kind: "loading" }
  | { kind: "signed-out" }
  | { kind: "recovery"; session: StaffSession; code: string }
  | { kind: "signed-in"; session: StaffSession };

export function AccountPage({ deps }: { deps: AccountDeps }) {
  const [view, setView] = useState<View>({ kind: "loading" });
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [link, setLink] = useState("");
  const [server, setServer] = useState("");
  const [code, setCode] = useState("");
  const [saved, setSaved] = useState(false);
  const t = ACCOUNT_TEXT[deps.lang];

  useEffect(() => {
    void deps.local.get("server").then((last) => {
      if (deps.managedServer !== null) setServer(deps.managedServer);
      else if (deps.defaultServer != null) setServer(deps.defaultServer);
      else if (typeof last === "string") setServer(last);
    });
  }, [deps]);
  // What storage says, when the page opens and after each change: the idle lock shows here as
  // locked keys with the login kept. The page's own copy stays while it agrees with storage (it
  // may carry a passkey waiting to be added on unlock); the recovery code stays until "Done".
  const adopt = useCallback((stored: StaffSession | null) => {
    setView((current) => {
      if (current.kind === "recovery") return current;
      if (stored === null) return { kind: "signed-out" };
      const same =
        current.kind === "signed-in" &&
        current.session.api.token === stored.api.token &&
        (current.session.identity === null) === (stored.identity === null);
      return same ? current : { kind: "signed-in", session: stored };
    });
  }, []);
  const reread = useSessionReads(deps, adopt);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError("");
    try {
      await work();
    } catch (e) {
      setError(describeError(e, deps.lang));
    } finally {
      setBusy(false);
    }
  };

  const onEnrol = (event: SyntheticEvent) => {
    event.preventDefault();
    void run(async () => {
      const parsed = parseEnrolmentLink(link);
      const server = allowedServer(parsed.server, deps.managedServer);
      const { session, recoveryCode } = await enrolWithToken(server, parsed.token, deps.passkeys);
      await deps.local.set("server", session.api.server);
      await saveSession(deps.session, session, deps.now());
      // An account that had keys (a reset link) keeps them: unlock with the recovery code.
      setView(
        recoveryCode === null ? { kind: "signed-in", session } : { kind: "recovery", session, code: recoveryCode },
      );
    });
  };
  const onLogin = (event: SyntheticEvent) => {
    event.preventDefault();
    void run(async () => {
      const session = await login(allowedServer(server, deps.managedServer), deps.passkeys);
      await deps.local.set("server", session.api.server);
      await saveSession(deps.session, session, deps.now());
      setView({ kind: "signed-in", session });
    });
  };
  const onUnlock = (event: SyntheticEvent, session: StaffSession) => {
    event.preventDefault();
    void run(async () => {
      const unlocked = await unlockWithRecoveryCode(session, code);
      await saveSession(deps.session, unlocked, deps.now());
      setCode("");
      setView({ kind: "signed-in", session: unlocked });
    });
  };
  // Unlocking with the passkey is a new login here: only the server's login options name the
  // passkey's relying party, which an extension page cannot assume. The old token is then ended.
  const onPasskeyUnlock = (session: StaffSession) => {
    void run(async () => {
      const fresh = await login(allowedServer(session.api.server, deps.managedServer), deps.passkeys);
      await saveSession(deps.session, fresh, deps.now());
      setView({ kind: "signed-in", session: fresh });
      await session.api.call(z.object({ ok: z.literal(true) }), "POST", "/api/auth/logout", {}).catch(() => undefined);
    });
  };
  const onNewKeys = (session: StaffSession) => {
    void run(async () => {
      const made = await replaceKeys(session);
      await saveSession(deps.session, made.session, deps.now());
      setView({ kind: "recovery", session: made.session, code: made.recoveryCode });
    });
  };
  const onLogout = (session: StaffSession) => {
    void run(async () => {
      await session.api.call(z.object({ ok: z.literal(true) }), "POST", "/api/auth/logout", {}).catch(() => undefined);
      await clearSession(deps.session);
      setView({ kind: "signed-out" });
    });
  };

  return (
    <main>
      <h1>Sigill</h1>
      {error !== "" && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {view.kind === "loading" && <p>{t.loading}</p>}
      {view.kind === "signed-out" && (
        <>
          <section aria-labelledby="enrol-h">
            <h2 id="enrol-h">{t.enrolHeading}</h2>
            <form onSubmit={onEnrol}>
              <label htmlFor="link">{t.linkLabel}</label>
              <input
                id="link"
                type="url"
                required
                value={link}
                onChange={(e) => {
                  setLink(e.target.value);
                }}
              />
              <button type="submit" disabled={busy}>
                {t.enrol}
              </button>
            </form>
          </section>
          <section aria-labelledby="login-h">
            <h2 id="login-h">{t.loginHeading}</h2>
            <form onSubmit={onLogin}>
              <label htmlFor="server">{t.serverLabel}</label>
              <input
                id="server"
                type="url"
                required
                readOnly={deps.managedServer !== null}
                aria-describedby={deps.managedServer !== null ? "server-locked" : undefined}
                value={server}
                onChange={(e) => {
                  setServer(e.target.value);
                }}
              />
              {deps.managedServer !== null && (
                <p id="server-locked" className="locked">
                  {t.serverLocked}
                </p>
              )}
              <button type="submit" disabled={busy}>
                {t.login}
              </button>
            </form>
          </section>
        </>
      )}
      {view.kind === "recovery" && (
        <section aria-labelledby="rec-h">
          <h2 id="rec-h">{t.recoveryHeading}</h2>
          <p>{t.recoveryAdvice}</p>
          <output id="recovery-code" className="code">
            {view.code}
          </output>
          <p>
            <input
              id="saved"
              type="checkbox"
              checked={saved}
              onChange={(e) => {
                setSaved(e.target.checked);
              }}
            />
            <label htmlFor="saved">{t.recoverySaved}</label>
          </p>
          <button
            type="button"
            disabled={!saved}
            onClick={() => {
              setView({ kind: "signed-in", session: view.session });
              reread(); // the keys may have locked while the code was on screen
            }}
          >
            {t.done}
          </button>
        </section>
      )}
      {view.kind === "signed-in" && (
        <section aria-labelledby="in-h">
          <h2 id="in-h">{t.signedIn}</h2>
          <p id="who">
            {view.session.account.displayName} ({view.session.account.email})
          </p>
          {view.session.identity === null ? (
            <form
              onSubmit={(e) => {
                onUnlock(e, view.session);
              }}
            >
              <p id="keys-locked">{t.keysLocked}</p>
              <button
                type="button"
                disabled={busy}
                onClick={() => {
                  onPasskeyUnlock(view.session);
                }}
              >
                {t.unlockPasskey}
              </button>
              <label htmlFor="code">{t.recoveryCodeLabel}</label>
              <input
                id="code"
                autoComplete="off"
                value={code}
                onChange={(e) => {
                  setCode(e.target.value);
                }}
              />
              <button type="submit" disabled={busy}>
                {t.unlock}
              </button>
              <details>
                <summary>{t.lostCodeHeading}</summary>
                <p>{t.lostCodeWarning}</p>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => {
                    onNewKeys(view.session);
                  }}
                >
                  {t.newKeys}
                </button>
              </details>
            </form>
          ) : (
            <>
              <p id="unlocked">{t.unlocked}</p>
              <OwnFingerprint session={view.session} label={t.ownFingerprint} />
            </>
          )}
          <p>
            <a href={deps.composeUrl}>{t.compose}</a> ·{" "}
            <a href={deps.composeUrl.replace("compose.html", "inbox.html")}>{t.inbox}</a>
          </p>
          <button
            type="button"
            onClick={() => {
              onLogout(view.session);
            }}
          >
            {t.logout}
          </button>
        </section>
      )}
    </main>
  );
}

/** One's own key fingerprint, for a sender who wants to compare it by phone (issue 18). */
function OwnFingerprint({ session, label }: { session: StaffSession; label: string }) {
  const [print, setPrint] = useState("");
  useEffect(() => {
    if (session.identity === null) return;
    void fingerprint(session.identity).then(setPrint);
  }, [session]);
  return print === "" ? null : (
    <p id="own-fingerprint">
      {label} <output className="code">{print}</output>
    </p>
  );
}
