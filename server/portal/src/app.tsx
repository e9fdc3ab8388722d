// The portal: one page per address. Landmarks (header, main, footer), a skip link, a language
// switch, and errors in a live region. The passkey prompt and the location come in as props.
import { useEffect, useState, type ReactNode } from "react";
import { beginEnrolment, currentSession, login, logout, type Account, type PasskeyPrompt } from "./auth.ts";
import { AdminLog } from "./admin-log-page.tsx";
import { AdminPolicy } from "./admin-policy-page.tsx";
import { AdminUsers } from "./admin-users-page.tsx";
// Admin charts (issue 7).
import { AdminStats } from "./admin-stats-page.tsx";
import { PasskeysPage } from "./passkeys-page.tsx";
import { describe } from "./errors.ts";
import { TEXT, type Lang, type PortalText } from "./i18n.ts";

export interface AppProps {
  readonly lang: Lang;
  readonly setLang: (lang: Lang) => void;
  readonly path: string;
  readonly hash: string;
  readonly prompt: PasskeyPrompt;
  readonly passkeysSupported: boolean;
}

function Layout({
  t,
  lang,
  setLang,
  children,
}: {
  t: PortalText;
  lang: Lang;
  setLang: (l: Lang) => void;
  children: ReactNode;
}) {
  return (
    <>
      <a className="skip" href="#main">
        {t.skip}
      </a>
      <header>
        <p className="brand">
          <a href="/">Sigill</a> <span>{t.tagline}</span>
        </p>
        <button
          type="button"
          className="lang"
          lang={t.otherLanguageName}
          onClick={() => {
            setLang(lang === "sv" ? "en" : "sv");
          }}
        >
          {t.otherLanguage}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer>
        <p>Sigill</p>
      </footer>
    </>
  );
}

function Home({ t, prompt, supported }: { t: PortalText; prompt: PasskeyPrompt; supported: boolean }) {
  const [me, setMe] = useState<Account | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [status, setStatus] = useState("");
  useEffect(() => {
    void currentSession().then(setMe, () => {
      setMe(null);
    });
  }, []);
  const run = (action: () => Promise<void>) => {
    setBusy(true);
    setError("");
    setStatus("");
    void action()
      .catch((e: unknown) => {
        setError(describe(t, e));
      })
      .finally(() => {
        setBusy(false);
      });
  };
  return (
    <>
      <h1>{t.title}</h1>
      <p>{t.about}</p>
      {me === undefined ? null : me === null ? (
        <>
          {!supported && <p role="alert">{t.unsupported}</p>}
          <button
            type="button"
            disabled={busy || !supported}
            onClick={() => {
              run(async () => {
                setMe(await login(prompt));
              });
            }}
          >
            {busy ? t.loggingIn : t.login}
          </button>
        </>
      ) : (
        <>
          <p id="who">{t.loggedInAs(me.email, t.roles[me.role] ?? me.role)}</p>
          <p>
            <a href="/passkeys">{t.keys.link}</a>
          </p>
          {me.role === "admin" && (
            <nav aria-label="Admin">
              <ul>
                <li>
                  <a href="/admin/log">{t.log.link}</a>
                </li>
                <li>
                  <a href="/admin/users">{t.users.link}</a>
                </li>
                <li>
                  <a href="/admin/policy">{t.policy.link}</a>
                </li>
                {/* Admin charts (issue 7). */}
                <li>
                  <a href="/admin/stats">{t.stats.link}</a>
                </li>
              </ul>
            </nav>
          )}
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              run(async () => {
                await logout(false);
                setMe(null);
                setStatus(t.loggedOut);
              });
            }}
          >
            {t.logout}
          </button>{" "}
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              run(async () => {
                await logout(true);
                setMe(null);
                setStatus(t.loggedOut);
              });
            }}
          >
            {t.logoutAll}
          </button>
        </>
      )}
      <p role="status" id="status">
        {status}
      </p>
      <p role="alert" id="error" className="error">
        {error}
      </p>
    </>
  );
}

function Enrol({
  t,
  hash,
  prompt,
  supported,
}: {
  t: PortalText;
  hash: string;
  prompt: PasskeyPrompt;
  supported: boolean;
}) {
  const token = hash.replace(/^#/, "");
  const [begun, setBegun] = useState<Awaited<ReturnType<typeof beginEnrolment>> | null>(null);
  const [me, setMe] = useState<Account | null>(null);
  const [error, setError] = useState(token === "" ? t.noLink : "");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (token === "") return;
    void beginEnrolment(token).then(setBegun, (e: unknown) => {
      setError(describe(t, e));
    });
  }, [token, t]);
  return (
    <>
      <h1>{t.enrolTitle}</h1>
      <p>{t.enrolIntro}</p>
      <p>{t.passkeyExplained}</p>
      <p>{t.passkeyPhone}</p>
      {begun !== null && me === null && (
        <>
          <p id="enrol-for">{t.enrolFor(begun.account.email)}</p>
          {!supported && <p role="alert">{t.unsupported}</p>}
          <button
            type="button"
            disabled={busy || !supported}
            onClick={() => {
              setBusy(true);
              setError("");
              void begun
                .finish(prompt)
                .then(setMe, (e: unknown) => {
                  setError(describe(t, e));
                })
                .finally(() => {
                  setBusy(false);
                });
            }}
          >
            {busy ? t.loggingIn : t.createPasskey}
          </button>
        </>
      )}
      {me !== null && (
        <>
          <p role="status" id="enrolled">
            {t.enrolled}
          </p>
          <p id="who">{t.loggedInAs(me.email, t.roles[me.role] ?? me.role)}</p>
          <p>
            <a href="/">{t.home}</a>
          </p>
        </>
      )}
      <p role="alert" id="error" className="error">
        {error}
      </p>
    </>
  );
}

/** A page that needs a session: shows `page` for the logged-in account, else how to log in. */
function WithSession({ t, page }: { t: PortalText; page: (me: Account) => ReactNode }) {
  const [me, setMe] = useState<Account | null | undefined>(undefined);
  useEffect(() => {
    void currentSession().then(setMe, () => {
      setMe(null);
    });
  }, []);
  if (me === undefined) return <p>{t.log.loading}</p>;
  if (me === null)
    return (
      <p role="alert">
        {t.log.loginFirst} <a href="/">{t.home}</a>
      </p>
    );
  return <>{page(me)}</>;
}

function NotFound({ t }: { t: PortalText }) {
  return (
    <>
      <h1>{t.notFoundTitle}</h1>
      <p>{t.notFound}</p>
      <p>
        <a href="/">{t.home}</a>
      </p>
    </>
  );
}

export function App(props: AppProps) {
  const t = TEXT[props.lang];
  useEffect(() => {
    document.documentElement.lang = props.lang;
    document.title = t.title;
  }, [props.lang, t]);
  const page =
    props.path === "/" ? (
      <Home t={t} prompt={props.prompt} supported={props.passkeysSupported} />
    ) : props.path === "/enrol" ? (
      <Enrol t={t} hash={props.hash} prompt={props.prompt} supported={props.passkeysSupported} />
    ) : props.path === "/admin/log" ? (
      <WithSession t={t} page={(me) => <AdminLog t={t} me={me} />} />
    ) : props.path === "/admin/users" ? (
      <WithSession t={t} page={(me) => <AdminUsers t={t} me={me} />} />
    ) : props.path === "/passkeys" ? (
      <WithSession t={t} page={(me) => <PasskeysPage t={t} me={me} prompt={props.prompt} />} />
    ) : props.path === "/admin/policy" ? (
      <WithSession t={t} page={(me) => <AdminPolicy t={t} me={me} />} />
    ) : props.path === "/admin/stats" ? (
      // Admin charts (issue 7).
      <WithSession t={t} page={(me) => <AdminStats t={t} me={me} />} />
    ) : (
      <NotFound t={t} />
    );
  return (
    <Layout t={t} lang={props.lang} setLang={props.setLang}>
      {page}
    </Layout>
  );
}
