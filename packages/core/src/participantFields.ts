import { DomainError } from './errors';
import { COLUMN_KEY, LIMITS } from './workshopSettings';
import type { Participant, Workshop } from './workshop';

/**
 * A question the facilitator asks everyone who joins [PF1] (region, stakeholder group, language,
 * "table host"…): a choice among a few options. Private by default: only the facilitators see the
 * answers unless `public` is set [PF3].
 */
export interface ParticipantField {
  /** JSON-safe key, as a template column's: a letter, then letters, digits or underscores. */
  key: string;
  label: string;
  options: string[];
  required: boolean;
  public: boolean;
}

// Control characters in a label or option would corrupt lists and exports, as in a name.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

function label(value: unknown, where: string, max: number): string {
  if (typeof value !== 'string' || value.trim().length < 1 || value.trim().length > max || CONTROL_CHARS.test(value)) {
    throw new DomainError('invalid_fields', `${where} needs a text of 1 to ${max} characters without control characters.`);
  }
  return value.trim();
}

/** Checks the facilitator's participant fields [PF1]: at most `LIMITS.fieldsMax`, unique keys, 1–N unique options. */
export function validateFields(value: unknown): ParticipantField[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new DomainError('invalid_fields', 'The participant fields must be a list.');
  if (value.length > LIMITS.fieldsMax) {
    throw new DomainError('invalid_fields', `There are ${value.length} participant fields; the limit is ${LIMITS.fieldsMax}.`);
  }
  const keys = new Set<string>();
  return value.map((raw: unknown, i) => {
    const where = `Participant field ${i + 1}`;
    if (typeof raw !== 'object' || raw === null) throw new DomainError('invalid_fields', `${where} must be an object with key, label and options.`);
    const f = raw as Record<string, unknown>;
    if (typeof f.key !== 'string' || !COLUMN_KEY.test(f.key)) {
      throw new DomainError('invalid_fields', `${where} needs a key that starts with a letter and has up to 40 letters, digits or underscores.`);
    }
    if (keys.has(f.key)) throw new DomainError('invalid_fields', `${where} repeats the key "${f.key}"; every field needs its own key.`);
    keys.add(f.key);
    const name = label(f.label, `${where} ("${f.key}")`, LIMITS.fieldLabelMax);
    if (!Array.isArray(f.options) || f.options.length < 1 || f.options.length > LIMITS.fieldOptionsMax) {
      throw new DomainError('invalid_fields', `${where} ("${name}") needs 1 to ${LIMITS.fieldOptionsMax} options.`);
    }
    const options = f.options.map((o: unknown, j) => label(o, `Option ${j + 1} of "${name}"`, LIMITS.fieldOptionMax));
    const dup = options.find((o, j) => options.indexOf(o) !== j);
    if (dup !== undefined) throw new DomainError('invalid_fields', `"${name}" lists the option "${dup}" twice.`);
    for (const flag of ['required', 'public'] as const) {
      if (f[flag] !== undefined && typeof f[flag] !== 'boolean') throw new DomainError('invalid_fields', `${where}: "${flag}" must be true or false.`);
    }
    // Private unless the facilitator says otherwise [PF3]: a forgotten flag must not publish answers.
    return { key: f.key, label: name, options, required: f.required === true, public: f.public === true };
  });
}

/** The workshop's participant fields (none on records stored before fields existed). */
export function fieldsOf(w: Workshop): ParticipantField[] {
  return w.settings.fields ?? [];
}

/**
 * Checks a person's answers against the fields [PF2]: every key a field, every value one of its
 * options, every required field answered. Empty answers to optional fields are dropped.
 */
export function validateAnswers(fields: readonly ParticipantField[], value: unknown): Record<string, string> {
  if (value === undefined || value === null) value = {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new DomainError('invalid_answers', 'The answers must be an object of field → option.');
  const given = value as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const key of Object.keys(given)) {
    const field = fields.find((f) => f.key === key);
    if (!field) throw new DomainError('invalid_answers', `This workshop asks no question "${key}".`);
    const answer = given[key];
    if (answer === '' || answer === null || answer === undefined) continue;
    if (typeof answer !== 'string' || !field.options.includes(answer)) {
      throw new DomainError('invalid_answers', `"${field.label}" has no option ${JSON.stringify(answer)}; choose one of ${field.options.join(', ')}.`);
    }
    out[key] = answer;
  }
  const missing = fields.find((f) => f.required && out[f.key] === undefined);
  if (missing) throw new DomainError('invalid_answers', `"${missing.label}" is required; choose one of ${missing.options.join(', ')}.`);
  return out;
}

/**
 * Replaces the participant fields [PF4], in the lobby before rooms are assigned (an assignment made
 * on other questions would no longer match them). Answers to a removed field or option are dropped;
 * people who joined before a field was added are simply unanswered.
 */
export function setParticipantFields(w: Workshop, value: unknown): Workshop {
  if (w.phase !== 'lobby' || w.rooms.length > 0) {
    throw new DomainError('fields_locked', 'The participant fields can be changed in the lobby until rooms are assigned.');
  }
  const fields = validateFields(value);
  const keep = (p: Participant): Participant => {
    if (!p.attributes) return p;
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(p.attributes)) if (fields.some((f) => f.key === k && f.options.includes(v))) attributes[k] = v;
    return { ...p, attributes };
  };
  return { ...w, settings: { ...w.settings, fields }, participants: w.participants.map(keep) };
}

/** What others may see of a person's answers [PF3]: the public fields only; undefined when none. */
export function publicAttributes(w: Workshop, p: Participant): Record<string, string> | undefined {
  if (!p.attributes) return undefined;
  const out: Record<string, string> = {};
  for (const f of fieldsOf(w)) {
    const answer = p.attributes[f.key];
    if (f.public && answer !== undefined) out[f.key] = answer;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
