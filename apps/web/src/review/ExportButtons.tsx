import type { ExportFormat } from '@roomtable/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/apiRequest';
import { ErrorNote } from '../components/ErrorNote';
import { Link } from '../router/Link';
import { downloadExport, fallbackName, planExportPath } from './reviewApi';

const FORMATS: ExportFormat[] = ['markdown', 'csv', 'json'];

/** Download buttons for the draft plan, and the printable page. */
export function ExportButtons({ workshopId, token, title, round }: { workshopId: string; token: string; title: string; round?: number | 'all' }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const download = (format: ExportFormat) => {
    setError(null);
    downloadExport(planExportPath(workshopId, format, round), token, fallbackName(title, 'draft-plan', format)).catch((err: unknown) => setError(errorMessage(err)));
  };
  return (
    <div className="stack">
      <div className="button-row">
        {FORMATS.map((f) => (
          <button key={f} type="button" className="secondary" onClick={() => download(f)} data-testid={`export-${f}`}>
            {t(`review.export.${f}`)}
          </button>
        ))}
        {/* The printable page prints the round the review chose, as the downloads do [RN9]. */}
        <Link href={`/w/${workshopId}/print${round === undefined ? '' : `?round=${round}`}`} data-testid="print-link">
          {t('review.export.print')}
        </Link>
      </div>
      <ErrorNote message={error} />
    </div>
  );
}
