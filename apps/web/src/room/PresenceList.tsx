import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebsocketProvider } from 'y-websocket';

interface Present {
  clientId: number;
  name: string;
  color: string;
  self: boolean;
}

/** Who has the room open now, from awareness only: names never enter the document. */
export function PresenceList({ provider }: { provider: WebsocketProvider }) {
  const { t } = useTranslation();
  const [people, setPeople] = useState<Present[]>([]);

  useEffect(() => {
    const awareness = provider.awareness;
    const read = () => {
      const list: Present[] = [];
      awareness.getStates().forEach((state, clientId) => {
        const user = (state as { user?: { name?: unknown; color?: unknown } }).user;
        if (!user || typeof user.name !== 'string') return;
        list.push({
          clientId,
          name: user.name,
          color: typeof user.color === 'string' ? user.color : '#455a64',
          self: clientId === awareness.clientID,
        });
      });
      list.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
      setPeople(list);
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [provider]);

  return (
    <section className="presence" aria-labelledby="presence-heading">
      <h3 id="presence-heading">{t('presence.heading', { count: people.length })}</h3>
      <ul data-testid="presence" className="presence-list">
        {people.map((p) => (
          <li key={p.clientId}>
            <span className="swatch" style={{ backgroundColor: p.color }} aria-hidden="true" />
            {p.name}
            {p.self ? <span className="you"> {t('person.you')}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
