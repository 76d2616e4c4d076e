import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebsocketProvider } from 'y-websocket';
import { presentPeople, type PresentPerson } from './presentPeople';

/** Who has the room open now, from awareness only: names never enter the document. */
export function PresenceList({ provider }: { provider: WebsocketProvider }) {
  const { t } = useTranslation();
  const [people, setPeople] = useState<PresentPerson[]>([]);

  useEffect(() => {
    const awareness = provider.awareness;
    // One entry per person, not per connection: a reload or a second tab is still one person.
    const read = () => setPeople(presentPeople(awareness.getStates(), awareness.clientID));
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [provider]);

  return (
    <section className="presence" aria-labelledby="presence-heading">
      <h3 id="presence-heading">{t('presence.heading', { count: people.length })}</h3>
      <ul data-testid="presence" className="presence-list">
        {people.map((p) => (
          <li key={p.key}>
            <span className="swatch" style={{ backgroundColor: p.color }} aria-hidden="true" />
            {p.name}
            {p.self ? <span className="you"> {t('person.you')}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
