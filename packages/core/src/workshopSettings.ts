import { DEFAULT_TEMPLATE } from './template';
import type { Column, Template } from './template';
import { DomainError, type IntegerField, type TextField } from './errors';
import type { ParticipantField } from './participantFields';

/** Bounds on what a facilitator may set; shared with the web app's forms. */
export const LIMITS = {
  titleMax: 200,
  purposeMax: 20_000,
  suggestionsMax: 100,
  suggestionMax: 1000,
  roomsMax: 100,
  roomSizeMax: 100,
  minutesMax: 600,
  extendMinutesMax: 120,
  columnsMax: 12,
  columnLabelMax: 100,
  nameMax: 80,
  idMax: 100,
  seedMax: 200,
  broadcastMax: 500,
  participantsMax: 2000,
  /** Participant fields [PF1]: a few questions, each a short choice. */
  fieldsMax: 6,
  fieldLabelMax: 60,
  fieldOptionsMax: 30,
  fieldOptionMax: 60,
  /** Sticky notes and frames on the board [BN1][BN2]: enough for a hall's plenary, bounded for everyone's screen. */
  boardNotesMax: 300,
  boardNoteTextMax: 500,
  boardFramesMax: 60,
  boardFrameNameMax: 80,
} as const;

/** Default break-out length, from the seed session plan. */
export const DEFAULT_BREAKOUT_MINUTES = 30;
/** Default reporting length, from the seed session plan. */
export const DEFAULT_REPORTING_MINUTES = 10;

/** What a facilitator sets up before the workshop opens. */
export interface WorkshopSettings {
  title: string;
  purpose: string;
  suggestions: string[];
  /** Fixed number of rooms, or null to derive it from `roomSize`. */
  rooms: number | null;
  /** Target people per room, or null when `rooms` is fixed. */
  roomSize: number | null;
  template: Template;
  breakoutMinutes: number;
  reportingMinutes: number;
  /** When time is up, move on by itself (break-out → reporting → closed). */
  autoAdvance: boolean;
  /** What the join form asks [PF1]; absent on records stored before fields existed. */
  fields?: ParticipantField[];
}

/** The set-up fields of `createWorkshop`, as they may arrive from a JSON body. */
export interface SettingsInput {
  title: string;
  purpose?: string;
  suggestions?: string[];
  rooms?: number;
  roomSize?: number;
  template?: Template;
  breakoutMinutes?: number;
  reportingMinutes?: number;
  autoAdvance?: boolean;
  /** Checked by `validateFields` in `createWorkshop`. */
  fields?: unknown;
}

/** What a template column key looks like: a letter, then up to 39 letters, digits or underscores. */
export const COLUMN_KEY = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

/** Trims `value` and checks it is a string of `min`–`max` characters. */
export function requireText(value: unknown, field: TextField, min: number, max: number): string {
  if (typeof value !== 'string') throw new DomainError(`invalid_${field}`, `The ${field} must be text (got ${describe(value)}).`);
  const text = value.trim();
  if (text.length < min) throw new DomainError(`invalid_${field}`, min === 1 ? `The ${field} is empty; give at least one character.` : `The ${field} needs at least ${min} characters.`);
  if (text.length > max) throw new DomainError(`invalid_${field}`, `The ${field} is ${text.length} characters long; the limit is ${max}.`);
  return text;
}

/** Checks `value` is a whole number in `min`–`max`. */
export function requireInteger(value: unknown, field: IntegerField, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new DomainError(`invalid_${field}`, `The ${field} must be a whole number from ${min} to ${max} (got ${describe(value)}).`);
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}

function optionalInteger(value: unknown, field: IntegerField, min: number, max: number): number | null {
  return value === undefined || value === null ? null : requireInteger(value, field, min, max);
}

/** Checks a template: 1–12 columns, unique keys usable as JSON keys, labels, kinds, and at least one text column. */
export function validateTemplate(value: unknown): Template {
  const columns: unknown = typeof value === 'object' && value !== null ? (value as { columns?: unknown }).columns : undefined;
  if (!Array.isArray(columns)) throw new DomainError('invalid_template', 'The template must be an object with a list of columns.');
  if (columns.length < 1 || columns.length > LIMITS.columnsMax) {
    throw new DomainError('invalid_template', `The template has ${columns.length} columns; give from 1 to ${LIMITS.columnsMax}.`);
  }
  const seen = new Set<string>();
  const result: Column[] = columns.map((raw: unknown, i) => {
    const where = `Template column ${i + 1}`;
    if (typeof raw !== 'object' || raw === null) throw new DomainError('invalid_template', `${where} must be an object with key, label and kind.`);
    const { key, label, kind } = raw as Record<string, unknown>;
    if (typeof key !== 'string' || !COLUMN_KEY.test(key)) {
      throw new DomainError('invalid_template', `${where} has key ${describe(key)}; a key starts with a letter and has up to 40 letters, digits or underscores.`);
    }
    if (seen.has(key)) throw new DomainError('invalid_template', `${where} repeats the key "${key}"; every column needs its own key.`);
    seen.add(key);
    if (typeof label !== 'string' || label.trim().length < 1 || label.trim().length > LIMITS.columnLabelMax) {
      throw new DomainError('invalid_template', `${where} ("${key}") needs a label of 1 to ${LIMITS.columnLabelMax} characters.`);
    }
    if (kind !== 'text' && kind !== 'rating') {
      throw new DomainError('invalid_template', `${where} ("${key}") has kind ${describe(kind)}; use "text" or "rating".`);
    }
    return { key, label: label.trim(), kind };
  });
  // A row needs something to say what it is; ratings alone cannot hold a suggestion.
  if (!result.some((c) => c.kind === 'text')) {
    throw new DomainError('invalid_template', 'The template needs at least one text column to hold the suggestion.');
  }
  return { columns: result };
}

function validateSuggestions(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new DomainError('invalid_suggestions', 'The suggestions must be a list of texts.');
  // Blank entries carry nothing, so they are dropped rather than refused (a pasted list often ends in one).
  const kept: string[] = [];
  value.forEach((s: unknown, i) => {
    if (typeof s !== 'string') throw new DomainError('invalid_suggestions', `Suggestion ${i + 1} must be text (got ${describe(s)}).`);
    const text = s.trim();
    if (text.length > LIMITS.suggestionMax) {
      throw new DomainError('invalid_suggestions', `Suggestion ${i + 1} is ${text.length} characters long; the limit is ${LIMITS.suggestionMax}.`);
    }
    if (text.length > 0) kept.push(text);
  });
  if (kept.length > LIMITS.suggestionsMax) {
    throw new DomainError('invalid_suggestions', `There are ${kept.length} suggestions; the limit is ${LIMITS.suggestionsMax}.`);
  }
  return kept;
}

/** Validates set-up input and fills in defaults (30/10 minutes, the seed's template, 4 rooms). */
export function validateSettings(input: SettingsInput): WorkshopSettings {
  const raw = input as unknown as Record<string, unknown>;
  const title = requireText(raw.title, 'title', 1, LIMITS.titleMax);
  const purpose = raw.purpose === undefined || raw.purpose === null ? '' : requireText(raw.purpose, 'purpose', 0, LIMITS.purposeMax);
  const rooms = optionalInteger(raw.rooms, 'rooms', 1, LIMITS.roomsMax);
  const roomSize = optionalInteger(raw.roomSize, 'roomSize', 1, LIMITS.roomSizeMax);
  if (rooms !== null && roomSize !== null) {
    throw new DomainError('invalid_rooms', 'Give either a number of rooms or a room size, not both.');
  }
  const breakoutMinutes = raw.breakoutMinutes == null ? DEFAULT_BREAKOUT_MINUTES : requireInteger(raw.breakoutMinutes, 'breakoutMinutes', 1, LIMITS.minutesMax);
  const reportingMinutes = raw.reportingMinutes == null ? DEFAULT_REPORTING_MINUTES : requireInteger(raw.reportingMinutes, 'reportingMinutes', 1, LIMITS.minutesMax);
  if (raw.autoAdvance != null && typeof raw.autoAdvance !== 'boolean') {
    throw new DomainError('invalid_autoAdvance', `autoAdvance must be true or false (got ${describe(raw.autoAdvance)}).`);
  }
  return {
    title,
    purpose,
    suggestions: validateSuggestions(raw.suggestions),
    // Neither given: a fixed default count, so the facilitator sees the room count before anyone joins.
    rooms: rooms === null && roomSize === null ? 4 : rooms,
    roomSize,
    template: raw.template == null ? validateTemplate(DEFAULT_TEMPLATE) : validateTemplate(raw.template),
    breakoutMinutes,
    reportingMinutes,
    autoAdvance: raw.autoAdvance === true,
  };
}
