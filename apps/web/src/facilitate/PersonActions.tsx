import { useTranslation } from 'react-i18next';
import type { ParticipantInfo } from '@roomtable/contract';

/** The running facilitator call and its confirmation, as ParticipantsPanel gives them. */
interface Actions {
  busy: boolean;
  run: (method: string, path: string, body: unknown, doneText: string) => Promise<boolean>;
}

/**
 * Removing a person and merging two entries of one person, each after a confirmation that says
 * what happens [PE1][PE2]. The merge keeps the entry chosen in the list (`into`) and drops this one.
 */
export function PersonActions({
  person,
  people,
  base,
  action,
  ask,
}: {
  person: ParticipantInfo;
  people: ParticipantInfo[];
  base: string;
  action: Actions;
  ask: (message: string, confirmLabel: string, run: () => void, danger?: boolean) => void;
}) {
  const { t } = useTranslation();
  const others = people.filter((p) => p.id !== person.id);
  const path = `${base}/participants/${encodeURIComponent(person.id)}`;
  const merge = (intoId: string) => {
    const keep = others.find((p) => p.id === intoId);
    if (!keep) return;
    // Two entries of one person usually share a name ("Merge Ana into Ana?"): the room tells them apart.
    const named = (p: ParticipantInfo) => (p.room === null ? p.name : `${p.name} (${t('room.heading', { room: p.room })})`);
    const names = { drop: named(person), keep: named(keep) };
    ask(t('people.people.mergeConfirm', names), t('people.people.confirmMerge'), () => void action.run('POST', `${path}/merge`, { into: keep.id }, t('people.people.merged', names)));
  };
  const remove = () =>
    ask(t('people.people.removeConfirm', { name: person.name }), t('people.people.remove'), () => void action.run('DELETE', path, undefined, t('people.people.removed', { name: person.name })), true);
  return (
    <span className="person-actions">
      {others.length > 0 ? (
        <select
          aria-label={t('people.people.mergeLabel', { name: person.name })}
          value=""
          disabled={action.busy}
          onChange={(e) => merge(e.target.value)}
          data-testid={`merge-${person.id}`}
        >
          <option value="">{t('people.people.mergeInto')}</option>
          {others.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
              {p.room !== null ? ` · ${t('room.heading', { room: p.room })}` : ''}
            </option>
          ))}
        </select>
      ) : null}
      <button type="button" className="danger small" disabled={action.busy} onClick={remove} data-testid={`remove-${person.id}`}>
        {t('people.people.remove')}
      </button>
    </span>
  );
}

/** Names that more than one entry carries (case and spacing aside): most likely one person who joined twice. */
export function duplicateNames(people: ParticipantInfo[]): string[] {
  const seen = new Map<string, { name: string; count: number }>();
  for (const p of people) {
    const key = p.name.trim().toLocaleLowerCase().replace(/\s+/g, ' ');
    const entry = seen.get(key) ?? { name: p.name, count: 0 };
    entry.count++;
    seen.set(key, entry);
  }
  return [...seen.values()].filter((e) => e.count > 1).map((e) => e.name);
}
