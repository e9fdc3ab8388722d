// Options: the Sigill server, the organisation's name for notification mails, the idle lock and
// the pages' language. Fields set by enterprise policy (browser.storage.managed) are shown but
// cannot be changed here. After saving, the page reloads the settings and speaks the new language.
import { useEffect, useState, type SyntheticEvent } from "react";
import type { Lang } from "../content/messages.ts";
import { LANGUAGE_SETTINGS, type LanguageSetting, type Settings } from "../secure/settings.ts";
import { OPTIONS_TEXT } from "./i18n.ts";

export interface OptionsDeps {
  /** The settings and the language they resolve to (see `pageContext`). */
  readonly load: () => Promise<{ settings: Settings; lang: Lang }>;
  readonly save: (values: {
    serverUrl?: string;
    organisationName?: string;
    lockIdleMinutes?: number;
    language?: LanguageSetting;
    notificationEnglish?: boolean;
  }) => Promise<void>;
  /** Called with the page's language whenever it is known or changes (document lang and title). */
  readonly showLang: (lang: Lang) => void;
}

export function OptionsPage({ deps }: { deps: OptionsDeps }) {
  const [loaded, setLoaded] = useState<{ settings: Settings; lang: Lang } | null>(null);
  const [server, setServer] = useState("");
  const [org, setOrg] = useState("");
  const [idle, setIdle] = useState(15);
  const [language, setLanguage] = useState<LanguageSetting>("auto");
  const [english, setEnglish] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void deps.load().then((l) => {
      setLoaded(l);
      setServer(l.settings.serverUrl ?? "");
      setOrg(l.settings.organisationName);
      setIdle(Math.round(l.settings.lockIdleMs / 60_000));
      setLanguage(l.settings.language);
      setEnglish(l.settings.notificationEnglish);
    });
  }, [deps]);
  const lang = loaded?.lang;
  useEffect(() => {
    if (lang !== undefined) deps.showLang(lang);
  }, [deps, lang]);

  // The language is not known before the settings are; a blank page for those milliseconds.
  if (loaded === null) return <main aria-busy="true" />;
  const { settings } = loaded;
  const t = OPTIONS_TEXT[loaded.lang];
  const locked = (k: Settings["lockedByPolicy"][number]) => settings.lockedByPolicy.includes(k);
  const note = (k: Settings["lockedByPolicy"][number]) =>
    locked(k) ? <p className="locked">{t.lockedByPolicy}</p> : null;
  const onSave = (event: SyntheticEvent) => {
    event.preventDefault();
    void deps
      .save({
        ...(!locked("serverUrl") && server !== "" && { serverUrl: server }),
        ...(!locked("organisationName") && { organisationName: org }),
        ...(!locked("lockIdleMinutes") && { lockIdleMinutes: idle }),
        ...(!locked("language") && { language }),
        ...(!locked("notificationEnglish") && { notificationEnglish: english }),
      })
      .then(() => deps.load())
      .then((l) => {
        setLoaded(l);
        setSaved(true);
      });
  };

  return (
    <main>
      <h1>{t.heading}</h1>
      <form onSubmit={onSave}>
        <label htmlFor="server">{t.serverLabel}</label>
        <input
          id="server"
          type="url"
          value={server}
          disabled={locked("serverUrl")}
          onChange={(e) => {
            setServer(e.target.value);
            setSaved(false);
          }}
        />
        {note("serverUrl")}
        <label htmlFor="org">{t.organisationLabel}</label>
        <input
          id="org"
          value={org}
          disabled={locked("organisationName")}
          onChange={(e) => {
            setOrg(e.target.value);
            setSaved(false);
          }}
        />
        {note("organisationName")}
        <label htmlFor="idle">{t.idleLabel}</label>
        <input
          id="idle"
          type="number"
          min={1}
          max={480}
          value={idle}
          disabled={locked("lockIdleMinutes")}
          onChange={(e) => {
            setIdle(Number(e.target.value));
            setSaved(false);
          }}
        />
        {note("lockIdleMinutes")}
        <label htmlFor="language">{t.languageLabel}</label>
        <select
          id="language"
          value={language}
          disabled={locked("language")}
          onChange={(e) => {
            const picked = LANGUAGE_SETTINGS.find((l) => l === e.target.value);
            if (picked !== undefined) setLanguage(picked);
            setSaved(false);
          }}
        >
          {LANGUAGE_SETTINGS.map((l) => (
            <option key={l} value={l}>
              {t.languages[l]}
            </option>
          ))}
        </select>
        {note("language")}
        <p>
          <input
            id="notification-english"
            type="checkbox"
            checked={english}
            disabled={locked("notificationEnglish")}
            onChange={(e) => {
              setEnglish(e.target.checked);
              setSaved(false);
            }}
          />
          <label htmlFor="notification-english">{t.notificationEnglishLabel}</label>
        </p>
        {note("notificationEnglish")}
        <button type="submit">{t.save}</button>
        {saved && (
          <p role="status" id="saved-status">
            {t.saved}
          </p>
        )}
      </form>
    </main>
  );
}
