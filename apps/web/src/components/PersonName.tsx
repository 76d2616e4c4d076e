import { useTranslation } from 'react-i18next';

/** A person's name, with the rapporteur badge when they are their room's rapporteur. */
export function PersonName({ name, rapporteur, you }: { name: string; rapporteur?: boolean; you?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="person-name">
      <bdi>{name}</bdi>
      {you ? <span className="you"> {t('person.you')}</span> : null}
      {rapporteur ? (
        <span className="badge" data-testid="rapporteur-badge">
          {t('person.rapporteur')}
        </span>
      ) : null}
    </span>
  );
}
