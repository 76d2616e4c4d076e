import { ROOM_FIELD, roomPlainEdits, roomViolations, type Template } from '@roomtable/core';
import type { DocumentPolicy } from '../../src/index';

/** A room table's policy as the server composes it: the generic rules plus core's table schema. */
export function tablePolicy(template: Template, maxDepth = 8): DocumentPolicy {
  return { roots: { [ROOM_FIELD]: 'xml' }, maxDepth, violations: (doc) => roomViolations(doc, template), edits: roomPlainEdits(template) };
}
