// The admin console's people: invite staff or administrators (a one-time link to hand over),
// every account with its role, status and passkeys, disable/enable, and reset with a warning.
import { useCallback, useEffect, useState, type SyntheticEvent } from "react";
import {
  inviteStaff,
  listAccounts,
  resetAccount,
  setEnabled,
  type AdminAccount,
  type OneTimeLink,
} from "./admin-users.ts";
import { AccountPasskeys } from "./admin-passkeys-page.tsx";
import type { Account } from "./auth.ts";
import { describe } from "./errors.ts";
import type { PortalText } from "./i18n.ts";

export function AdminUsers({ t, me }: { t: PortalText; me: Account }) {
  const u = t.users;
  const [accounts, setAccounts] = useState<AdminAccount[] | null>(null);
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<"staff" | "admin">("staff");
  const [link, setLink] = useState<{ for: string; link: OneTimeLink } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  /** The account whose passkeys are shown below the table. */
  const [showing, setShowing] = useState<string | null>(null);

  const reload = useCallback(() => {
    void listAccounts().then(setAccounts, (e: unknown) => {
      setError(describe(t, e));
    });
  }, [t]);
  useEffect(reload, [reload]);

  if (me.role !== "admin") return <p role="alert">{t.log.adminsOnly}</p>;
  const act = (action: () => Promise<void>) => {
    setBusy(true);
    setError("");
    void action()
      .then(reload, (e: unknown) => {
        setError(describe(t, e));
      })
      .finally(() => {
        setBusy(false);
      });
  };
  const onInvite = (event: SyntheticEvent) => {
    event.preventDefault();
    act(async () => {
      const made = await inviteStaff(email.trim(), name.trim(), role);
      setLink({ for: email.trim(), link: made });
      setEmail("");
      setName("");
    });
  };
  return (
    <>
      <h1>{u.title}</h1>
      <section aria-labelledby="invite-h">
        <h2 id="invite-h">{u.inviteHeading}</h2>
        <form onSubmit={onInvite} className="filters">
          <label htmlFor="i-email">{u.email}</label>
          <input
            id="i-email"
            type="email"
            required
            autoComplete="off"
            value={email}
            onChange={(e) => {
              setEmail(e.target.value);
            }}
          />
          <label htmlFor="i-name">{u.name}</label>
          <input
            id="i-name"
            required
            maxLength={128}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
            }}
          />
          <label htmlFor="i-role">{u.role}</label>
          <select
            id="i-role"
            value={role}
            onChange={(e) => {
              setRole(e.target.value === "admin" ? "admin" : "staff");
            }}
          >
            <option value="staff">{t.roles.staff}</option>
            <option value="admin">{t.roles.admin}</option>
          </select>
          <button type="submit" disabled={busy}>
            {u.invite}
          </button>
        </form>
      </section>
      {link !== null && (
        <section aria-labelledby="link-h" className="notice">
          <h2 id="link-h">{u.linkHeading(link.for)}</h2>
          <p>{u.linkAdvice(link.link.expiresAt.slice(0, 10))}</p>
          <p>
            <output id="one-time-link">{link.link.link}</output>
          </p>
        </section>
      )}
      {error !== "" && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <table id="accounts">
        <caption>{accounts === null ? t.log.loading : u.caption(accounts.length)}</caption>
        <thead>
          <tr>
            <th scope="col">{u.email}</th>
            <th scope="col">{u.name}</th>
            <th scope="col">{u.role}</th>
            <th scope="col">{u.status}</th>
            <th scope="col">{u.passkeys}</th>
            <th scope="col">{u.actions}</th>
          </tr>
        </thead>
        <tbody>
          {(accounts ?? []).map((a) => (
            <tr key={a.id}>
              <td>{a.email}</td>
              <td>{a.displayName}</td>
              <td>{t.roles[a.role] ?? a.role}</td>
              <td>{u.statuses[a.status] ?? a.status}</td>
              <td>{a.passkeys}</td>
              <td>
                {a.id !== me.id && (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => {
                      act(() => setEnabled(a.id, a.status !== "active"));
                    }}
                  >
                    {a.status === "active" ? u.disable(a.email) : u.enable(a.email)}
                  </button>
                )}{" "}
                {confirming === a.id ? (
                  <span role="group" aria-label={u.resetHeading(a.email)} className="confirm">
                    <span className="error">{u.resetWarning}</span>{" "}
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => {
                        setConfirming(null);
                        act(async () => {
                          setLink({ for: a.email, link: await resetAccount(a.id) });
                        });
                      }}
                    >
                      {u.resetConfirm}
                    </button>{" "}
                    <button
                      type="button"
                      onClick={() => {
                        setConfirming(null);
                      }}
                    >
                      {u.cancel}
                    </button>
                  </span>
                ) : (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => {
                      setConfirming(a.id);
                    }}
                  >
                    {u.reset(a.email)}
                  </button>
                )}{" "}
                <button
                  type="button"
                  aria-expanded={showing === a.id}
                  aria-controls="account-passkeys"
                  onClick={() => {
                    setShowing(showing === a.id ? null : a.id);
                  }}
                >
                  {t.adminPasskeys.show(a.email)}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {(() => {
        const shown = accounts?.find((a) => a.id === showing);
        return shown === undefined ? null : (
          <AccountPasskeys
            key={shown.id}
            t={t}
            account={shown}
            onChanged={reload}
            onClose={() => {
              setShowing(null);
            }}
          />
        );
      })()}
    </>
  );
}
