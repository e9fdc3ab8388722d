// The account page (a tab of the extension): enrol from the administrator's link, log in with the
// passkey, unlock with the recovery code, log out. Passkeys work here because the extension has
// host permission for the Sigill server's domain, which is the relying party.
import { useEffect, useState, type SyntheticEvent } from "react";
import { z } from "zod";
import {
  enrolFromLink,
  login,
  unlockWithRecoveryCode,
  type PasskeyPort,
  type StaffSession,
} from "../secure/identity.ts";
import { clearSession, loadSession, saveSession, type KeyValue } from "../secure/session-store.ts";
import { describeError } from "./errors.ts";

export interface AccountDeps {
  readonly session: KeyValue;
  readonly local: KeyValue;
  readonly passkeys: PasskeyPort;
  readonly now: () => number;
  readonly idleMs: number;
  readonly composeUrl: string;
  /** The server from settings or enterprise policy, if any. */
  readonly defaultServer?: string | null;
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

  useEffect(() => {
    void (async () => {
      const last = await deps.local.get("server");
      if (deps.defaultServer != null) setServer(deps.defaultServer);
      else if (typeof last === "string") setServer(last);
      const session = await loadSession(deps.session, deps.now(), deps.idleMs);
      setView(session === null ? { kind: "signed-out" } : { kind: "signed-in", session });
    })();
  }, [deps]);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError("");
    try {
      await work();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const onEnrol = (event: SyntheticEvent) => {
    event.preventDefault();
    void run(async () => {
      const { session, recoveryCode } = await enrolFromLink(link, deps.passkeys);
      await deps.local.set("server", session.api.server);
      await saveSession(deps.session, session, deps.now());
      setView({ kind: "recovery", session, code: recoveryCode });
    });
  };
  const onLogin = (event: SyntheticEvent) => {
    event.preventDefault();
    void run(async () => {
      const session = await login(server, deps.passkeys);
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
      {view.kind === "loading" && <p>Laddar …</p>}
      {view.kind === "signed-out" && (
        <>
          <section aria-labelledby="enrol-h">
            <h2 id="enrol-h">Aktivera ditt konto</h2>
            <form onSubmit={onEnrol}>
              <label htmlFor="link">Länken från din administratör</label>
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
                Skapa passkey och aktivera
              </button>
            </form>
          </section>
          <section aria-labelledby="login-h">
            <h2 id="login-h">Logga in</h2>
            <form onSubmit={onLogin}>
              <label htmlFor="server">Sigill-serverns adress</label>
              <input
                id="server"
                type="url"
                required
                value={server}
                onChange={(e) => {
                  setServer(e.target.value);
                }}
              />
              <button type="submit" disabled={busy}>
                Logga in med passkey
              </button>
            </form>
          </section>
        </>
      )}
      {view.kind === "recovery" && (
        <section aria-labelledby="rec-h">
          <h2 id="rec-h">Din återställningskod</h2>
          <p>
            Skriv ner koden och förvara den säkert. Den behövs om du tappar din passkey eller byter till en dator utan
            stöd för PRF. Den visas bara nu.
          </p>
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
            <label htmlFor="saved">Jag har sparat koden på ett säkert ställe</label>
          </p>
          <button
            type="button"
            disabled={!saved}
            onClick={() => {
              setView({ kind: "signed-in", session: view.session });
            }}
          >
            Klar
          </button>
        </section>
      )}
      {view.kind === "signed-in" && (
        <section aria-labelledby="in-h">
          <h2 id="in-h">Inloggad</h2>
          <p id="who">
            {view.session.account.displayName} ({view.session.account.email})
          </p>
          {view.session.identity === null ? (
            <form
              onSubmit={(e) => {
                onUnlock(e, view.session);
              }}
            >
              <p>Dina nycklar är låsta. Lås upp med återställningskoden.</p>
              <label htmlFor="code">Återställningskod</label>
              <input
                id="code"
                autoComplete="off"
                value={code}
                onChange={(e) => {
                  setCode(e.target.value);
                }}
              />
              <button type="submit" disabled={busy}>
                Lås upp
              </button>
            </form>
          ) : (
            <p id="unlocked">Nycklarna är upplåsta.</p>
          )}
          <p>
            <a href={deps.composeUrl}>Nytt säkert meddelande</a> ·{" "}
            <a href={deps.composeUrl.replace("compose.html", "inbox.html")}>Säkra meddelanden</a>
          </p>
          <button
            type="button"
            onClick={() => {
              onLogout(view.session);
            }}
          >
            Logga ut
          </button>
        </section>
      )}
    </main>
  );
}
