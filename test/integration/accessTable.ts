import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The roles of docs/ACCESS.md, in its column order. */
export const ROLES = ['anonymous', 'outsider', 'member', 'other', 'rapporteur', 'facilitator'] as const;
export type Role = (typeof ROLES)[number];

/** One row of the API table: which roles are authorised for a route. */
export interface RouteRule {
  method: string;
  route: string;
  allowed: Record<Role, boolean>;
}

/** One row of the document table: what a role may do with a document in each phase. */
export interface DocumentRule {
  document: string;
  role: Role;
  access: Record<'lobby' | 'breakout' | 'reporting' | 'closed', 'write' | 'read' | 'refused'>;
}

const ACCESS_MD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/ACCESS.md');

/** The body rows of the Markdown table that follows `heading`. */
function tableAfter(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(heading);
  if (start < 0) throw new Error(`docs/ACCESS.md has no "${heading}" section`);
  const lines = markdown.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|').slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

/** Both tables of docs/ACCESS.md, checked for well-formedness. */
export function readAccessTables(): { routes: RouteRule[]; documents: DocumentRule[] } {
  const markdown = readFileSync(ACCESS_MD, 'utf8');
  const routes = tableAfter(markdown, '## API routes').map(([method, route, ...cells]) => {
    if (cells.length !== ROLES.length || cells.some((c) => c !== 'yes' && c !== 'no')) {
      throw new Error(`bad API row in docs/ACCESS.md: ${method} ${route}`);
    }
    return {
      method: method!,
      route: route!,
      allowed: Object.fromEntries(ROLES.map((r, i) => [r, cells[i] === 'yes'])) as Record<Role, boolean>,
    };
  });
  const documents = tableAfter(markdown, '## Live documents').map(([document, role, ...cells]) => {
    if (!ROLES.includes(role as Role) || cells.length !== 4) throw new Error(`bad document row: ${document} ${role}`);
    const [lobby, breakout, reporting, closed] = cells as DocumentRule['access'][keyof DocumentRule['access']][];
    return { document: document!, role: role as Role, access: { lobby: lobby!, breakout: breakout!, reporting: reporting!, closed: closed! } };
  });
  return { routes, documents };
}
