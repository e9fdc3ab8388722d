// Options: the Sigill server, the organisation's name for notification mails, and the idle lock.
// Fields set by enterprise policy (browser.storage.managed) are shown but cannot be changed here.
import { useEffect, useState, type SyntheticEvent } from "react";
import type { Settings } from "../secure/settings.ts";

export interface OptionsDeps {
  readonly load: () => Promise<Settings>;
  readonly save: (values: { serverUrl?: string; organisationName?: string; lockIdleMinutes?: number }) => Promise<void>;
}

export function OptionsPage({ deps }: { deps: OptionsDeps }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [server, setServer] = useState("");
  const [org, setOrg] = useState("");
  const [idle, setIdle] = useState(15);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void deps.load().then((s) => {
      setSettings(s);
      setServer(s.serverUrl ?? "");
      setOrg(s.organisationName);
      setIdle(Math.round(s.lockIdleMs / 60_000));
    });
  }, [deps]);

  if (settings === null)
    return (
      <main>
        <p>Laddar …</p>
      </main>
    );
  const locked = (k: Settings["lockedByPolicy"][number]) => settings.lockedByPolicy.includes(k);
  const note = (k: Settings["lockedByPolicy"][number]) =>
    locked(k) ? <p className="locked">Bestäms av din organisation.</p> : null;
  const onSave = (event: SyntheticEvent) => {
    event.preventDefault();
    void deps
      .save({
        ...(!locked("serverUrl") && server !== "" && { serverUrl: server }),
        ...(!locked("organisationName") && { organisationName: org }),
        ...(!locked("lockIdleMinutes") && { lockIdleMinutes: idle }),
      })
      .then(() => {
        setSaved(true);
      });
  };

  return (
    <main>
      <h1>Inställningar för Sigill</h1>
      <form onSubmit={onSave}>
        <label htmlFor="server">Sigill-serverns adress</label>
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
        <label htmlFor="org">Organisationens namn (i aviseringsmejl)</label>
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
        <label htmlFor="idle">Lås nycklarna efter (minuter utan användning)</label>
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
        <button type="submit">Spara</button>
        {saved && (
          <p role="status" id="saved-status">
            Sparat.
          </p>
        )}
      </form>
    </main>
  );
}
