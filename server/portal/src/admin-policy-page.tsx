// The admin console's policy: retention and default expiry, access codes (always, or for kinds of
// data), the plain-mail override and "not about an individual person", unscannable attachments,
// attachment size, and the webmail domains where the extension guards any editor. The server
// checks every value and logs changes.
import { useEffect, useState, type SyntheticEvent } from "react";
import {
  changePolicy,
  checkPolicyText,
  parseDomains,
  parseKeywords,
  POLICY_KINDS,
  readPolicy,
  SWITCHABLE_KINDS,
  type FieldProblem,
  type Policy,
} from "./admin-policy.ts";
import type { Account } from "./auth.ts";
import { describe } from "./errors.ts";
import type { PolicyText, PortalText } from "./i18n.ts";

const MB = 1024 * 1024;

function Checkbox(props: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  describedBy?: string;
}) {
  return (
    <p>
      <input
        id={props.id}
        type="checkbox"
        checked={props.checked}
        aria-describedby={props.describedBy}
        onChange={(e) => {
          props.onChange(e.target.checked);
        }}
      />{" "}
      <label htmlFor={props.id}>{props.label}</label>
    </p>
  );
}

/**
 * The two ways staff may send flagged mail as ordinary e-mail, both off until the organisation opts
 * in: with a reason (any warning), or attesting the mail is not about an individual person (only a
 * warning that rests on category words; the help says what it never covers and what is logged).
 */
export function SendExceptions(props: {
  p: PolicyText;
  allowPlainOverride: boolean;
  allowNotAboutPerson: boolean;
  onChange: (change: { allowPlainOverride?: boolean; allowNotAboutPerson?: boolean }) => void;
}) {
  const { p } = props;
  return (
    <>
      <Checkbox
        id="p-override"
        label={p.override}
        checked={props.allowPlainOverride}
        onChange={(v) => {
          props.onChange({ allowPlainOverride: v });
        }}
      />
      <Checkbox
        id="p-not-about-person"
        label={p.notAboutPerson}
        checked={props.allowNotAboutPerson}
        describedBy="p-not-about-person-help"
        onChange={(v) => {
          props.onChange({ allowNotAboutPerson: v });
        }}
      />
      <p id="p-not-about-person-help" className="hint">
        {p.notAboutPersonHelp}
      </p>
    </>
  );
}

export function AdminPolicy({ t, me }: { t: PortalText; me: Account }) {
  const p = t.policy;
  const [saved, setSaved] = useState<Policy | null>(null);
  const [form, setForm] = useState<Policy | null>(null);
  const [domains, setDomains] = useState("");
  const [keywords, setKeywords] = useState("");
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");
  useEffect(() => {
    void readPolicy().then(
      (policy) => {
        setSaved(policy);
        setForm(policy);
        setDomains(policy.webmailDomains.join("\n"));
        setKeywords(policy.extraKeywords.join("\n"));
      },
      (e: unknown) => {
        setError(describe(t, e));
      },
    );
  }, [t]);
  if (me.role !== "admin") return <p role="alert">{t.log.adminsOnly}</p>;
  if (form === null || saved === null)
    return (
      <>
        <h1>{p.title}</h1>
        <p role="alert" className="error">
          {error}
        </p>
      </>
    );
  const set = (change: Partial<Policy>) => {
    setForm({ ...form, ...change });
    setStatus("");
  };
  const m = t.policyMore;
  const problemOf = (field: FieldProblem["field"]) => problems.find((x) => x.field === field);
  const problemText = (x: FieldProblem | undefined): string => {
    if (x === undefined) return "";
    if (x.field === "name") return m.nameInvalid;
    if (x.field === "notice")
      return { link: m.noticeLink, long: m.noticeLong, lines: m.noticeLines, invalid: m.noticeInvalid }[x.problem];
    return x.problem === "too-many" ? m.keywordsTooMany : m.keywordInvalid(x.word);
  };
  const onSave = (event: SyntheticEvent) => {
    event.preventDefault();
    setError("");
    setStatus("");
    const words = parseKeywords(keywords);
    const found = checkPolicyText({ name: form.name, notificationText: form.notificationText, keywords: words });
    setProblems(found);
    if (found.length > 0) {
      setError(m.fixFields);
      const first = found[0]?.field;
      document.getElementById(first === "name" ? "p-name" : first === "notice" ? "p-notice" : "p-keywords")?.focus();
      return;
    }
    void changePolicy({
      name: form.name,
      notificationText: form.notificationText,
      disabledKinds: form.disabledKinds,
      extraKeywords: words,
      maxRetentionDays: form.maxRetentionDays,
      defaultExpiryDays: form.defaultExpiryDays,
      requireAccessCode: form.requireAccessCode,
      accessCodeKinds: form.accessCodeKinds,
      allowPlainOverride: form.allowPlainOverride,
      allowNotAboutPerson: form.allowNotAboutPerson,
      unscannableSensitive: form.unscannableSensitive,
      maxAttachmentBytes: form.maxAttachmentBytes,
      webmailDomains: parseDomains(domains),
    }).then(
      (policy) => {
        setSaved(policy);
        setForm(policy);
        setDomains(policy.webmailDomains.join("\n"));
        setKeywords(policy.extraKeywords.join("\n"));
        setStatus(p.saved);
      },
      (e: unknown) => {
        setError(describe(t, e));
      },
    );
  };
  const checkbox = (id: string, label: string, checked: boolean, onChange: (v: boolean) => void) => (
    <Checkbox id={id} label={label} checked={checked} onChange={onChange} />
  );
  return (
    <>
      <h1>{p.title}</h1>
      <p>{p.intro(saved.name)}</p>
      <form onSubmit={onSave}>
        <fieldset>
          <legend>{p.retention}</legend>
          <div className="filters">
            <label htmlFor="p-max">{p.maxRetention}</label>
            <input
              id="p-max"
              type="number"
              min={1}
              max={3650}
              required
              value={form.maxRetentionDays}
              onChange={(e) => {
                set({ maxRetentionDays: Number(e.target.value) });
              }}
            />
            <label htmlFor="p-default">{p.defaultExpiry}</label>
            <input
              id="p-default"
              type="number"
              min={1}
              max={3650}
              required
              value={form.defaultExpiryDays}
              onChange={(e) => {
                set({ defaultExpiryDays: Number(e.target.value) });
              }}
            />
            <label htmlFor="p-size">{p.maxAttachment}</label>
            <input
              id="p-size"
              type="number"
              min={1}
              required
              value={Math.round(form.maxAttachmentBytes / MB)}
              onChange={(e) => {
                set({ maxAttachmentBytes: Number(e.target.value) * MB });
              }}
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>{p.codes}</legend>
          {checkbox("p-code-always", p.codeAlways, form.requireAccessCode, (v) => {
            set({ requireAccessCode: v });
          })}
          <p id="p-kinds-help">{p.codeKinds}</p>
          <ul className="kinds" aria-describedby="p-kinds-help">
            {POLICY_KINDS.map((k) => (
              <li key={k}>
                <input
                  id={`p-kind-${k}`}
                  type="checkbox"
                  checked={form.accessCodeKinds.includes(k)}
                  onChange={(e) => {
                    set({
                      accessCodeKinds: e.target.checked
                        ? [...form.accessCodeKinds, k]
                        : form.accessCodeKinds.filter((x) => x !== k),
                    });
                  }}
                />{" "}
                <label htmlFor={`p-kind-${k}`}>{p.kinds[k] ?? k}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        <fieldset>
          <legend>{p.extension}</legend>
          <SendExceptions
            p={p}
            allowPlainOverride={form.allowPlainOverride}
            allowNotAboutPerson={form.allowNotAboutPerson}
            onChange={set}
          />
          {checkbox("p-unscannable", p.unscannable, form.unscannableSensitive, (v) => {
            set({ unscannableSensitive: v });
          })}
          <label htmlFor="p-domains">{p.domains}</label>
          <textarea
            id="p-domains"
            rows={4}
            aria-describedby="p-domains-help"
            value={domains}
            onChange={(e) => {
              setDomains(e.target.value);
              setStatus("");
            }}
          />
          <p id="p-domains-help" className="hint">
            {p.domainsHelp}
          </p>
        </fieldset>
        {/* Issue 7: organisation name and notification text, detection kinds and extra keywords. */}
        <fieldset>
          <legend>{m.orgHeading}</legend>
          <label htmlFor="p-name">{m.name}</label>
          <input
            id="p-name"
            required
            maxLength={100}
            value={form.name}
            aria-invalid={problemOf("name") !== undefined}
            aria-describedby="p-name-help p-name-error"
            onChange={(e) => {
              set({ name: e.target.value });
            }}
          />
          <p id="p-name-help" className="hint">
            {m.nameHelp}
          </p>
          <p id="p-name-error" className="error">
            {problemText(problemOf("name"))}
          </p>
          <label htmlFor="p-notice">{m.notice}</label>
          <textarea
            id="p-notice"
            rows={4}
            value={form.notificationText}
            aria-invalid={problemOf("notice") !== undefined}
            aria-describedby="p-notice-help p-notice-count p-notice-error"
            onChange={(e) => {
              set({ notificationText: e.target.value });
            }}
          />
          <p id="p-notice-count" className="hint">
            {m.noticeCount(form.notificationText.trim().length)}
          </p>
          <p id="p-notice-help" className="hint">
            {m.noticeHelp}
          </p>
          <p id="p-notice-error" className="error">
            {problemText(problemOf("notice"))}
          </p>
        </fieldset>
        <fieldset>
          <legend>{m.detection}</legend>
          <p id="p-detect-help">{m.detectionHelp}</p>
          <ul className="kinds" aria-describedby="p-detect-help">
            {SWITCHABLE_KINDS.map((k) => (
              <li key={k}>
                <input
                  id={`p-detect-${k}`}
                  type="checkbox"
                  checked={!form.disabledKinds.includes(k)}
                  onChange={(e) => {
                    set({
                      disabledKinds: e.target.checked
                        ? form.disabledKinds.filter((x) => x !== k)
                        : [...form.disabledKinds, k],
                    });
                  }}
                />{" "}
                <label htmlFor={`p-detect-${k}`}>{p.kinds[k] ?? k}</label>
              </li>
            ))}
          </ul>
          <p className="hint">{m.alwaysOn}</p>
          <label htmlFor="p-keywords">{m.keywords}</label>
          <textarea
            id="p-keywords"
            rows={5}
            value={keywords}
            aria-invalid={problemOf("keywords") !== undefined}
            aria-describedby="p-keywords-help p-keywords-error"
            onChange={(e) => {
              setKeywords(e.target.value);
              setStatus("");
            }}
          />
          <p id="p-keywords-help" className="hint">
            {m.keywordsHelp}
          </p>
          <p id="p-keywords-error" className="error">
            {problemText(problemOf("keywords"))}
          </p>
        </fieldset>
        <button type="submit">{p.save}</button>
        <p role="status" id="policy-status">
          {status}
        </p>
        <p role="alert" id="policy-error" className="error">
          {error}
        </p>
      </form>
    </>
  );
}
