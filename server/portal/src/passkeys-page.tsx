// My passkeys: every device that can log me in, with when it was last used; add another device,
// rename, remove (the server refuses to remove the last one: an administrator's reset link is the
// way back then).
import { addPasskeyUnlock } from "@sigill/client";
import { useCallback, useEffect, useState, type SyntheticEvent } from "react";
import type { Account, PasskeyPrompt } from "./auth.ts";
import { describe } from "./errors.ts";
import type { MailText } from "./i18n-mail.ts";
import type { PortalText } from "./i18n.ts";
import { addPasskey, listPasskeys, removePasskey, renamePasskey, type Passkey } from "./passkey-list.ts";
import { useSecure } from "./secure.tsx";

export function PasskeysPage({ t, m, me, prompt }: { t: PortalText; m: MailText; me: Account; prompt: PasskeyPrompt }) {
  const k = t.keys;
  const secure = useSecure();
  const [keys, setKeys] = useState<Passkey[] | null>(null);
  const [name, setName] = useState("");
  const [names, setNames] = useState<Record<string, string>>({});
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const reload = useCallback(() => {
    void listPasskeys().then(setKeys, (e: unknown) => {
      setError(describe(t, e));
    });
  }, [t]);
  useEffect(reload, [reload]);
  const act = (action: () => Promise<string>) => {
    setBusy(true);
    setError("");
    setStatus("");
    void action()
      .then(
        (done) => {
          setStatus(done);
          reload();
        },
        (e: unknown) => {
          setError(describe(t, e));
        },
      )
      .finally(() => {
        setBusy(false);
      });
  };
  const onAdd = (event: SyntheticEvent) => {
    event.preventDefault();
    act(async () => {
      const added = await addPasskey(name.trim(), prompt);
      setName("");
      // With the keys unlocked, the new passkey gets its own vault entry (its PRF output, asked
      // once more), so it unlocks the messages on its device too; otherwise the recovery code does.
      const session = secure.session;
      if (session?.identity != null && (await addPasskeyUnlock(session, added.id, secure.passkeys)))
        return `${k.added(added.name)} ${m.passkeyUnlocks}`;
      return k.added(added.name);
    });
  };
  return (
    <>
      <h1>{k.title}</h1>
      <p>{k.intro(me.email)}</p>
      <table id="passkeys">
        <caption>{keys === null ? t.log.loading : k.caption(keys.length)}</caption>
        <thead>
          <tr>
            <th scope="col">{k.name}</th>
            <th scope="col">{k.created}</th>
            <th scope="col">{k.lastUsed}</th>
            <th scope="col">{k.synced}</th>
            <th scope="col">{t.users.actions}</th>
          </tr>
        </thead>
        <tbody>
          {(keys ?? []).map((p) => (
            <tr key={p.id}>
              <td>
                <label className="sr-only" htmlFor={`name-${p.id}`}>
                  {k.renameLabel(p.name)}
                </label>
                <input
                  id={`name-${p.id}`}
                  maxLength={64}
                  value={names[p.id] ?? p.name}
                  onChange={(e) => {
                    setNames({ ...names, [p.id]: e.target.value });
                  }}
                />{" "}
                <button
                  type="button"
                  disabled={busy || (names[p.id] ?? p.name).trim() === "" || (names[p.id] ?? p.name) === p.name}
                  onClick={() => {
                    act(async () => {
                      await renamePasskey(p.id, (names[p.id] ?? p.name).trim());
                      return k.renamed;
                    });
                  }}
                >
                  {k.rename(p.name)}
                </button>
              </td>
              <td>{p.createdAt.slice(0, 10)}</td>
              <td>{p.lastUsedAt === null ? k.never : p.lastUsedAt.slice(0, 10)}</td>
              <td>{p.backedUp ? k.yes : k.no}</td>
              <td>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => {
                    act(async () => {
                      await removePasskey(p.id);
                      return k.removed(p.name);
                    });
                  }}
                >
                  {k.remove(p.name)}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="add-h">
        <h2 id="add-h">{k.addHeading}</h2>
        <p>{k.addHelp}</p>
        <form onSubmit={onAdd} className="filters">
          <label htmlFor="new-name">{k.name}</label>
          <input
            id="new-name"
            required
            maxLength={64}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
            }}
          />
          <button type="submit" disabled={busy}>
            {k.add}
          </button>
        </form>
      </section>
      <p role="status" id="keys-status">
        {status}
      </p>
      <p role="alert" id="keys-error" className="error">
        {error}
      </p>
    </>
  );
}
