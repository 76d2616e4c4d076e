import {
  BOARD_NOTE_ROOTS,
  BOARD_ROOTS,
  boardAnnotationViolations,
  ROOM_FIELD,
  boardViolations,
  currentRound,
  notesPlainEdits,
  notesViolations,
  parseDocName,
  roomPlainEdits,
  roomViolations,
  type Template,
  type Workshop,
} from '@roomtable/core';
import type { DocumentPolicy } from '@roomtable/sync';

/**
 * A room table is fragment → table → row → cell → paragraph → text: depth 5. A little headroom,
 * far below where Yjs's recursive delete and garbage collection overflow (a chain of 3,000 did).
 */
const ROOM_MAX_DEPTH = 8;

/** Notes are TipTap StarterKit content: lists nest (list → item → list …), so the bound is generous. */
const NOTES_MAX_DEPTH = 100;

/** Clients never write the state document (the API does), nor documents the server does not know. */
const READ_ONLY: DocumentPolicy = { roots: {}, maxDepth: 0 };

const NOTES: DocumentPolicy = {
  roots: { default: 'xml' },
  maxDepth: NOTES_MAX_DEPTH,
  violations: notesViolations,
  edits: notesPlainEdits(),
};

/**
 * The board: clients move clusters (one `positions` entry each, core's [BD6]), split and merge
 * them (one `membership` entry per card, a reason in `changes`, [BD8]) and add, edit and delete
 * sticky notes and frames (a `notes` or `frames` entry each, a Y.Text they type into character by
 * character, and one in `places`, [BN3], [BN5]); the server writes the rest. A note's text is a type
 * one level below its root (depth 1), so anything nested in it (an embedded map) is too deep; its
 * length, formatting and embeds are the schema's check.
 */
const BOARD: DocumentPolicy = {
  roots: {
    [BOARD_ROOTS.positions]: 'map',
    [BOARD_ROOTS.membership]: 'map',
    [BOARD_ROOTS.changes]: 'map',
    [BOARD_NOTE_ROOTS.notes]: 'map',
    [BOARD_NOTE_ROOTS.frames]: 'map',
    [BOARD_NOTE_ROOTS.places]: 'map',
  },
  maxDepth: 1,
  violations: (doc) => [...boardViolations(doc), ...boardAnnotationViolations(doc)],
};

// One policy per template: a template never changes once the workshop exists.
const roomPolicies = new WeakMap<Template, DocumentPolicy>();

/** The room table's policy: the generic rules plus the table schema of this template (core's [RT1]–[RT9]). */
export function roomPolicy(template: Template): DocumentPolicy {
  let policy = roomPolicies.get(template);
  if (!policy) {
    policy = {
      roots: { [ROOM_FIELD]: 'xml' },
      maxDepth: ROOM_MAX_DEPTH,
      violations: (doc) => roomViolations(doc, template),
      edits: roomPlainEdits(template),
    };
    roomPolicies.set(template, policy);
  }
  return policy;
}

// The policy is asked for every client update (the round may have moved on since the last), but
// a name always parses the same: parsing it per keystroke was 1 % of the server under editing.
const parsedNames = new Map<string, ReturnType<typeof parseDocName>>();
const MAX_PARSED_NAMES = 10_000;

function parsedName(name: string): ReturnType<typeof parseDocName> {
  let ref = parsedNames.get(name);
  if (ref === undefined) {
    // Bounded: names come from connections, and a long-running process meets many.
    if (parsedNames.size >= MAX_PARSED_NAMES) parsedNames.clear();
    ref = parseDocName(name);
    parsedNames.set(name, ref);
  }
  return ref;
}

/**
 * The rules a client's change to document `name` must keep (sync SPEC [SY10]–[SY13]), by kind:
 * a room keeps its template's table, the notes stay a TipTap document, everything else takes no
 * client change. A room of a workshop this process does not know takes none either.
 */
export function documentPolicy(name: string, workshops: { peek(id: string): Workshop | null }): DocumentPolicy {
  const ref = parsedName(name);
  if (!ref) return READ_ONLY;
  switch (ref.kind) {
    case 'room': {
      const workshop = workshops.peek(ref.workshopId);
      // Only the current round's rooms take changes [RN4]; an earlier round's are kept as they ended.
      return workshop && ref.round === currentRound(workshop) ? roomPolicy(workshop.settings.template) : READ_ONLY;
    }
    case 'plenary':
      return NOTES;
    case 'board':
      return BOARD;
    case 'state':
      return READ_ONLY;
  }
}
