/** The formats a draft plan or a snapshot can be exported in; html is the printable page. */
export const EXPORT_FORMATS = ['markdown', 'csv', 'json', 'html'] as const;

/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const INFO: Record<ExportFormat, { contentType: string; extension: string }> = {
  markdown: { contentType: 'text/markdown; charset=utf-8', extension: 'md' },
  csv: { contentType: 'text/csv; charset=utf-8; header=present', extension: 'csv' },
  json: { contentType: 'application/json; charset=utf-8', extension: 'json' },
  html: { contentType: 'text/html; charset=utf-8', extension: 'html' },
};

/** True when `value` names a known export format. */
export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** The Content-Type and file extension of a format. */
export function exportFormatInfo(format: ExportFormat): { contentType: string; extension: string } {
  return INFO[format];
}

/**
 * A safe download file name: the title reduced to ASCII letters, digits and dashes (so it needs no
 * quoting in Content-Disposition), then what it is and the date, e.g. `ccnso-purpose-draft-plan-2024-11-05.md`.
 */
export function exportFilename(title: string, what: string, at: number, format: ExportFormat): string {
  const slug =
    title
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 60) || 'workshop';
  const date = new Date(at).toISOString().slice(0, 10);
  return `${slug}-${what}-${date}.${INFO[format].extension}`;
}
