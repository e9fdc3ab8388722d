// The two-administrator handover (issue 18), for someone who cannot get a reset link by mail: one
// admin asks with a reason (HandoverRequestForm); a different admin approves (PendingHandovers) and
// only they see the one-time link, to hand over in person. The server enforces every rule; these
// views explain them and show what it answered.
import { useEffect, useRef, useState, type SyntheticEvent } from "react";
import {
  approveHandover,
  declineHandover,
  requestHandover,
  RESET_REASONS,
  type AdminAccount,
  type HandoverRequest,
  type OneTimeLink,
  type ResetReason,
} from "./admin-users.ts";
import { codeOf, describe } from "./errors.ts";
import { formatTime } from "./format.ts";
import type { Lang, PortalText } from "./i18n.ts";
import { NOTE_MAX, NOTE_MIN_OTHER } from "../../src/modules/admin/reset-reasons.ts";

/** Admin A asks for a handover link for `account`. */
export function HandoverRequestForm({
  t,
  lang,
  account,
  onSent,
  onClose,
}: {
  t: PortalText;
  lang: Lang;
  account: AdminAccount;
  onSent: (message: string) => void;
  onClose: () => void;
}) {
  const u = t.users;
  const [reason, setReason] = useState<ResetReason>("no-mailbox-access");
  const [note, setNote] = useState("");
  const [error, setError] = useState("");
  const [noteInvalid, setNoteInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const noteField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [account.id]);

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    setError("");
    if (reason === "other" && note.trim().length < NOTE_MIN_OTHER) {
      setNoteInvalid(true);
      setError(u.noteRequired);
      noteField.current?.focus();
      return;
    }
    setNoteInvalid(false);
    setBusy(true);
    void requestHandover(account.id, reason, note.trim())
      .then(
        (r) => {
          onSent(u.handoverSent(account.email, formatTime(r.expiresAt, lang)));
        },
        (e: unknown) => {
          setError(codeOf(e) === "CONFLICT" ? u.handoverExists : describe(t, e));
        },
      )
      .finally(() => {
        setBusy(false);
      });
  };

  return (
    <section aria-labelledby="handover-form-h" id="handover-form" className="notice">
      <h2 id="handover-form-h" tabIndex={-1} ref={heading}>
        {u.handoverHeading(account.email)}
      </h2>
      <p>{u.handoverHelp}</p>
      <form onSubmit={onSubmit}>
        <fieldset>
          <legend>{u.reason}</legend>
          <ul className="kinds">
            {RESET_REASONS.map((r) => (
              <li key={r}>
                <input
                  id={`reason-${r}`}
                  type="radio"
                  name="reason"
                  value={r}
                  checked={reason === r}
                  onChange={() => {
                    setReason(r);
                  }}
                />{" "}
                <label htmlFor={`reason-${r}`}>{u.reasons[r] ?? r}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div className="filters">
          <label htmlFor="handover-note">{u.note}</label>
          <input
            id="handover-note"
            ref={noteField}
            maxLength={NOTE_MAX}
            autoComplete="off"
            aria-describedby="handover-note-help"
            aria-invalid={noteInvalid}
            aria-required={reason === "other"}
            value={note}
            onChange={(e) => {
              setNote(e.target.value.replace(/[\r\n]/g, " "));
            }}
          />
        </div>
        <p id="handover-note-help" className="hint">
          {u.noteHelp}
        </p>
        <button type="submit" disabled={busy}>
          {u.handoverSend}
        </button>{" "}
        <button type="button" onClick={onClose}>
          {u.cancel}
        </button>
      </form>
      <p role="alert" id="handover-form-error" className="error">
        {error}
      </p>
    </section>
  );
}

/** Requests waiting for a second administrator: approve (and see the link) or decline. */
export function PendingHandovers({
  t,
  lang,
  me,
  requests,
  onChanged,
  onApproved,
  onStatus,
  onError,
}: {
  t: PortalText;
  lang: Lang;
  me: string;
  requests: HandoverRequest[] | null;
  onChanged: () => void;
  onApproved: (r: HandoverRequest, link: OneTimeLink) => void;
  onStatus: (message: string) => void;
  onError: (message: string) => void;
}) {
  const u = t.users;
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming !== null) confirmButton.current?.focus();
  }, [confirming]);

  const act = (action: () => Promise<void>) => {
    setBusy(true);
    onError("");
    onStatus("");
    void action()
      .then(onChanged, (e: unknown) => {
        onError(codeOf(e) === "CONFLICT" ? u.requestGone : describe(t, e));
        onChanged();
      })
      .finally(() => {
        setBusy(false);
      });
  };

  return (
    <section aria-labelledby="pending-h">
      <h2 id="pending-h">{u.pendingHeading}</h2>
      <p>{u.pendingHelp}</p>
      <table id="handover-requests">
        <caption>{requests === null ? t.log.loading : u.pendingCaption(requests.length)}</caption>
        <thead>
          <tr>
            <th scope="col">{u.person}</th>
            <th scope="col">{u.requestedBy}</th>
            <th scope="col">{u.reasonColumn}</th>
            <th scope="col">{u.noteColumn}</th>
            <th scope="col">{u.expires}</th>
            <th scope="col">{u.actions}</th>
          </tr>
        </thead>
        <tbody>
          {(requests ?? []).map((r) => (
            <tr key={r.id}>
              <td>{r.account.email}</td>
              <td>{r.requestedBy.email}</td>
              <td>{u.reasons[r.reason] ?? r.reason}</td>
              <td>{r.note}</td>
              <td>{formatTime(r.expiresAt, lang)}</td>
              <td>
                {r.requestedBy.id === me ? (
                  <>
                    <span>{u.own}</span>{" "}
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => {
                        act(async () => {
                          await declineHandover(r.id);
                          onStatus(u.declined);
                        });
                      }}
                    >
                      {u.withdraw(r.account.email)}
                    </button>
                  </>
                ) : confirming === r.id ? (
                  <span role="group" aria-label={u.approveHeading(r.account.email)} className="confirm">
                    <span className="error">{u.approveWarning}</span>{" "}
                    <button
                      type="button"
                      ref={confirmButton}
                      disabled={busy}
                      onClick={() => {
                        setConfirming(null);
                        act(async () => {
                          onApproved(r, await approveHandover(r.id));
                        });
                      }}
                    >
                      {u.approveConfirm}
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
                  <>
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => {
                        setConfirming(r.id);
                      }}
                    >
                      {u.approve(r.account.email)}
                    </button>{" "}
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => {
                        act(async () => {
                          await declineHandover(r.id);
                          onStatus(u.declined);
                        });
                      }}
                    >
                      {u.decline(r.account.email)}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
