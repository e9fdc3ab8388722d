// The admin console's view of one account's passkeys: name, created, last used, and revoking one
// (a lost or stolen device). Revoking ends all the account's sessions (the server cannot tell which
// session a passkey opened). The last passkey may be revoked, with a warning: the person then needs
// a reset link to get back in. An admin's own last passkey is refused by the server.
import { useCallback, useEffect, useRef, useState } from "react";
import { listAccountPasskeys, revokePasskey, type AdminAccount } from "./admin-users.ts";
import { describe } from "./errors.ts";
import type { PortalText } from "./i18n.ts";
import type { Passkey } from "./passkey-list.ts";

export function AccountPasskeys({
  t,
  account,
  onChanged,
  onClose,
}: {
  t: PortalText;
  account: AdminAccount;
  onChanged: () => void;
  onClose: () => void;
}) {
  const a = t.adminPasskeys;
  const [keys, setKeys] = useState<Passkey[] | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const reload = useCallback(() => {
    void listAccountPasskeys(account.id).then(setKeys, (e: unknown) => {
      setError(describe(t, e));
    });
  }, [account.id, t]);
  useEffect(reload, [reload]);
  useEffect(() => {
    heading.current?.focus();
  }, [account.id]);
  // The revoke button is replaced by the confirmation: keyboard focus moves to its "yes" button.
  useEffect(() => {
    if (confirming !== null) confirmButton.current?.focus();
  }, [confirming]);

  const onRevoke = (p: Passkey) => {
    setConfirming(null);
    heading.current?.focus(); // the row is about to go

    setBusy(true);
    setError("");
    setStatus("");
    void revokePasskey(account.id, p.id)
      .then(
        (r) => {
          setStatus(a.revoked(p.name, r.remaining));
          reload();
          onChanged();
        },
        (e: unknown) => {
          setError(describe(t, e));
        },
      )
      .finally(() => {
        setBusy(false);
      });
  };

  return (
    <section aria-labelledby="account-passkeys-h" id="account-passkeys" className="notice">
      <h2 id="account-passkeys-h" tabIndex={-1} ref={heading}>
        {a.heading(account.email)}
      </h2>
      <p>{a.help}</p>
      <table id="account-passkeys-table">
        <caption>{keys === null ? t.log.loading : t.keys.caption(keys.length)}</caption>
        <thead>
          <tr>
            <th scope="col">{t.keys.name}</th>
            <th scope="col">{t.keys.created}</th>
            <th scope="col">{t.keys.lastUsed}</th>
            <th scope="col">{t.users.actions}</th>
          </tr>
        </thead>
        <tbody>
          {(keys ?? []).map((p) => (
            <tr key={p.id}>
              <td>{p.name}</td>
              <td>{p.createdAt.slice(0, 10)}</td>
              <td>{p.lastUsedAt === null ? t.keys.never : p.lastUsedAt.slice(0, 10)}</td>
              <td>
                {confirming === p.id ? (
                  <span role="group" aria-label={a.confirmHeading(p.name)} className="confirm">
                    <span className="error">{keys?.length === 1 ? a.lastWarning : a.warning}</span>{" "}
                    <button
                      type="button"
                      ref={confirmButton}
                      disabled={busy}
                      onClick={() => {
                        onRevoke(p);
                      }}
                    >
                      {a.confirm}
                    </button>{" "}
                    <button
                      type="button"
                      onClick={() => {
                        setConfirming(null);
                        heading.current?.focus();
                      }}
                    >
                      {t.users.cancel}
                    </button>
                  </span>
                ) : (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => {
                      setConfirming(p.id);
                    }}
                  >
                    {a.revoke(p.name)}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p role="status" id="account-passkeys-status">
        {status}
      </p>
      <p role="alert" id="account-passkeys-error" className="error">
        {error}
      </p>
      <button type="button" onClick={onClose}>
        {a.close}
      </button>
    </section>
  );
}
