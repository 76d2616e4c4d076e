import type { ExportFormat, Template } from '@roomtable/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/apiRequest';
import { ErrorNote } from '../components/ErrorNote';
import { formatDateTime } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { DiffView } from './DiffView';
import { downloadExport, fallbackName, loadDiff, restoreRoom, snapshotExportPath } from './reviewApi';
import type { DiffResponse, SnapshotDetail } from './reviewTypes';
import { SnapshotTable } from './SnapshotTable';

const LIVE = 'live';
const FORMATS: ExportFormat[] = ['markdown', 'csv', 'json'];

/**
 * One room's history: its snapshots as a timeline, the chosen one shown read-only, a diff
 * between any two (or a snapshot and the live table), and restoring the room to a snapshot.
 * An earlier round's room ([RN9]) offers only what the server allows: two of its snapshots
 * compared, no live table (another group's now) and no restore ([RN5]).
 */
export function RoomTimeline(props: {
  workshopId: string;
  token: string;
  room: number;
  snapshots: SnapshotDetail[];
  template: Template;
  /** The round this timeline shows, when it is an earlier one (read-only). */
  earlierRound?: number;
  onRestored: () => void;
}) {
  const { workshopId, token, room, snapshots, template, earlierRound } = props;
  const earlier = earlierRound !== undefined;
  const { t } = useTranslation();
  const locale = useLocale();
  const newest = snapshots[snapshots.length - 1]?.id ?? LIVE;
  const [shown, setShown] = useState(newest);
  const [from, setFrom] = useState(snapshots[snapshots.length - 2]?.id ?? newest);
  const [to, setTo] = useState<string>(earlier ? newest : LIVE);
  const [diff, setDiff] = useState<DiffResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState('');

  useEffect(() => setDiff(null), [from, to, room]);

  const label = (id: string) => {
    if (id === LIVE) return t('review.live');
    const s = snapshots.find((x) => x.id === id);
    return s ? t('review.snapshotLabel', { n: snapshots.indexOf(s) + 1, at: formatDateTime(s.takenAt, locale), reason: t(`review.reason.${s.reason}`, { defaultValue: s.reason }) }) : id;
  };
  const rowsOf = (s: SnapshotDetail) => s.rooms.find((r) => r.number === room)?.rows ?? [];
  const shownSnapshot = snapshots.find((s) => s.id === shown);

  const compare = async () => {
    setError(null);
    try {
      setDiff(await loadDiff(workshopId, token, room, from, to));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const restore = async () => {
    setError(null);
    setConfirming(false);
    try {
      await restoreRoom(workshopId, token, room, shown);
      setStatus(t('review.restored', { room, snapshot: label(shown) }));
      props.onRestored();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  // Before, an earlier round offered "live" and restore too, and the server refused both.
  // The shown snapshot as a file: what is left to do with an earlier round's table [RN9].
  const download = (format: ExportFormat) => {
    setError(null);
    downloadExport(snapshotExportPath(workshopId, shown, format), token, fallbackName(`room-${room}`, `snapshot-${shown}`, format)).catch((err: unknown) => setError(errorMessage(err)));
  };
  const options = earlier ? snapshots.map((s) => s.id) : [...snapshots.map((s) => s.id), LIVE];

  return (
    <section className="card stack" aria-labelledby={`room-${room}-heading`}>
      <h3 id={`room-${room}-heading`}>{t('review.roomHeading', { room })}</h3>
      {snapshots.length === 0 ? <p className="muted">{t('review.noSnapshots')}</p> : null}
      {earlier ? (
        <p className="muted" data-testid="earlier-round-note">
          {t('review.rounds.earlierTimeline', { round: earlierRound })}
        </p>
      ) : null}
      <ol className="timeline" data-testid="timeline">
        {snapshots.map((s) => (
          <li key={s.id}>
            <button type="button" className={s.id === shown ? '' : 'secondary'} aria-pressed={s.id === shown} onClick={() => setShown(s.id)}>
              {label(s.id)}
            </button>{' '}
            <span className="muted">{t('review.rowCount', { count: rowsOf(s).length })}</span>
          </li>
        ))}
      </ol>
      {shownSnapshot ? (
        <>
          <SnapshotTable rows={rowsOf(shownSnapshot)} template={template} caption={label(shownSnapshot.id)} />
          <div className="button-row" role="group" aria-labelledby={`room-${room}-download`}>
            <span id={`room-${room}-download`}>{t('review.snapshotDownload')}</span>
            {FORMATS.map((f) => (
              <button key={f} type="button" className="secondary" onClick={() => download(f)} data-testid={`snapshot-export-${f}`}>
                {t(`review.export.${f}`)}
              </button>
            ))}
          </div>
          {earlier ? null : (
            <div className="button-row">
              {confirming ? (
                <>
                  <span role="alert">{t('review.restoreConfirm', { room, snapshot: label(shown) })}</span>
                  <button type="button" className="danger" onClick={() => void restore()}>
                    {t('review.restoreYes')}
                  </button>
                  <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                    {t('action.cancel')}
                  </button>
                </>
              ) : (
                <button type="button" className="secondary" onClick={() => setConfirming(true)}>
                  {t('review.restore')}
                </button>
              )}
            </div>
          )}
        </>
      ) : null}
      {status ? (
        <p role="status" className="ok-text">
          {status}
        </p>
      ) : null}
      {snapshots.length > 0 ? (
        <fieldset className="diff-picker">
          <legend>{t('review.compareHeading')}</legend>
          <SnapshotSelect label={t('review.compareFrom')} value={from} onChange={setFrom} ids={options} name={label} testId="diff-from" />{' '}
          <SnapshotSelect label={t('review.compareTo')} value={to} onChange={setTo} ids={options} name={label} testId="diff-to" />{' '}
          <button type="button" onClick={() => void compare()} data-testid="diff-compare">
            {t('review.compare')}
          </button>
        </fieldset>
      ) : null}
      <ErrorNote message={error} />
      {diff ? <DiffView diff={diff.diff} template={template} /> : null}
    </section>
  );
}

/** One end of the comparison: a labelled menu of snapshots (and the live table). */
function SnapshotSelect(props: { label: string; value: string; onChange: (id: string) => void; ids: string[]; name: (id: string) => string; testId: string }) {
  return (
    <label>
      {props.label}{' '}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
        {props.ids.map((id) => (
          <option key={id} value={id}>
            {props.name(id)}
          </option>
        ))}
      </select>
    </label>
  );
}
