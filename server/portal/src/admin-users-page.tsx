// The admin console's people: invite staff or administrators (a one-time link to hand over),
// every account with its role, status and passkeys, disable/enable, and reset with a warning:
// a reset link is mailed to the person (the admin never sees it), or, for someone without their
// mailbox, handed over in person after a second administrator's approval (issue 18).
import { useCallback, useEffect, useRef, useState, type SyntheticEvent } from "react";
import { HandoverRequestForm, PendingHandovers } from "./admin-handover.tsx";
import {
  inviteStaff,
  listAccounts,
  listHandoverRequests,
  mailResetLink,
  setEnabled,
  type AdminAccount,
  type HandoverRequest,
  type OneTimeLink,
} from "./admin-users.ts";
import { AccountPasskeys } from "./admin-passkeys-page.tsx";
import type { Account } from "./auth.ts";
import { describe } from "./errors.ts";
import { formatDay, formatTime } from "./format.ts";
import type { Lang, PortalText } from "./i18n.ts";

export function AdminUsers({ t, me, lang }: { t: PortalText; me: Account; lang: Lang }) {
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
  const [status, setStatus] = useState("");
  /** The account a handover is being asked for (the form below the table). */
  const [handoverFor, setHandoverFor] = useState<string | null>(null);
  /** An approved handover's link: shown once, to the approver. */
  const [handover, setHandover] = useState<{ for: string; link: OneTimeLink } | null>(null);
  const [requests, setRequests] = useState<HandoverRequest[] | null>(null);
  const handoverHeading = useRef<HTMLHeadingElement>(null);
  const resetButton = useRef<HTMLButtonElement>(null);

  const reload = useCallback(() => {
    void listAccounts().then(setAccounts, (e: unknown) => {
      setError(describe(t, e));
    });
    void listHandoverRequests().then(setRequests, (e: unknown) => {
      setError(describe(t, e));
    });
  }, [t]);
  useEffect(reload, [reload]);
  useEffect(() => {
    if (handover !== null) handoverHeading.current?.focus();
  }, [handover]);
  // The reset button is replaced by its choices: keyboard focus moves to the first of them.
  useEffect(() => {
    if (confirming !== null) resetButton.current?.focus();
  }, [confirming]);

  if (me.role !== "admin") return <p role="alert">{t.log.adminsOnly}</p>;
  const act = (action: () => Promise<void>) => {
    setBusy(true);
    setError("");
    setStatus("");
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
      {handover !== null && (
        <section aria-labelledby="handover-link-h" className="notice">
          <h2 id="handover-link-h" tabIndex={-1} ref={handoverHeading}>
            {u.handoverLinkHeading(handover.for)}
          </h2>
          <p>{u.handoverLinkAdvice(formatTime(handover.link.expiresAt, lang))}</p>
          <p>
            <output id="handover-link">{handover.link.link}</output>
          </p>
        </section>
      )}
      <p role="status" id="users-status">
        {status}
      </p>
      <p role="alert" id="users-error" className="error">
        {error}
      </p>
      <PendingHandovers
        t={t}
        lang={lang}
        me={me.id}
        requests={requests}
        onChanged={reload}
        onApproved={(r, link) => {
          setHandover({ for: r.account.email, link });
        }}
        onStatus={setStatus}
        onError={setError}
      />
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
                      ref={resetButton}
                      disabled={busy}
                      onClick={() => {
                        setConfirming(null);
                        act(async () => {
                          const mailed = await mailResetLink(a.id);
                          setStatus(u.resetMailed(a.email, formatDay(mailed.expiresAt, lang)));
                        });
                      }}
                    >
                      {u.resetMail}
                    </button>{" "}
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => {
                        setConfirming(null);
                        setStatus("");
                        setHandoverFor(a.id);
                      }}
                    >
                      {u.resetNoMailbox}
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
        const asked = accounts?.find((a) => a.id === handoverFor);
        return asked === undefined ? null : (
          <HandoverRequestForm
            key={asked.id}
            t={t}
            lang={lang}
            account={asked}
            onSent={(message) => {
              setHandoverFor(null);
              setStatus(message);
              reload();
            }}
            onClose={() => {
              setHandoverFor(null);
            }}
          />
        );
      })()}
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
