import { describe, expect, it } from 'vitest';
import { applyAssignment, previewAssignment } from '../src/assignmentPreview';
import { addParticipant, createWorkshop, setPhase } from '../src/workshop';
import type { Workshop } from '../src/workshop';
import { refuses } from './fixtures/refuses';

const T0 = 1_700_000_000_000;
const REGIONS = ['Africa', 'Asia', 'Europe', 'Americas'];

/** 12 people in 3 rooms: four regions, three table hosts. */
function twelve(): Workshop {
  let w = createWorkshop({
    id: 'w1', joinCode: 'J', now: T0, title: 'Stakeholder day', rooms: 3,
    fields: [
      { key: 'region', label: 'Region', options: REGIONS, required: true },
      { key: 'host', label: 'Table host', options: ['yes', 'no'], public: true },
    ],
  });
  for (let i = 0; i < 12; i++) {
    w = addParticipant(w, { id: `p${i}`, name: `P${i}`, now: T0 + i, answers: { region: REGIONS[i % 4], host: i % 4 === 0 ? 'yes' : 'no' } });
  }
  return w;
}
const choice = { seed: 's1', spread: ['region'], perRoom: [{ field: 'host', value: 'yes', min: 1, max: 1 }] };

describe('assignment preview and apply', () => {
  it('[AP1] the preview is deterministic, scored against the random baseline, and holds the hard rules', () => {
    const w = twelve();
    const a = previewAssignment(w, choice);
    expect(previewAssignment(w, choice)).toEqual(a);
    expect(a.rooms).toHaveLength(3);
    const hostsPerRoom = a.rooms.map((r) => r.filter((id) => Number(id.slice(1)) % 4 === 0).length);
    expect(hostsPerRoom).toEqual([1, 1, 1]);
    expect(a.scores.map((s) => s.violations)).toEqual([0, 0]);
    expect(a.baseline).toHaveLength(2);
    // Pins hold.
    const pinned = previewAssignment(w, { ...choice, pins: { p5: 3 } });
    expect(pinned.rooms[2]).toContain('p5');
  });

  it('[AP1] refuses questions, answers, pins and rooms that do not exist', () => {
    const w = twelve();
    refuses(() => previewAssignment(w, { seed: 's', spread: ['shoe'] }), 'invalid_constraints');
    refuses(() => previewAssignment(w, { seed: 's', perRoom: [{ field: 'host', value: 'maybe', min: 1 }] }), 'invalid_constraints');
    refuses(() => previewAssignment(w, { seed: 's', pins: { nobody: 1 } }), 'invalid_constraints');
    refuses(() => previewAssignment(w, { seed: 's', pins: { p1: 4 } }), 'invalid_constraints');
    refuses(() => previewAssignment(setPhase(setPhase(w, 'breakout', T0), 'reporting', T0), choice), 'assignment_closed');
  });

  it('[AP2] apply gives exactly the previewed rooms, and refuses once the people changed', () => {
    const w = twelve();
    const preview = previewAssignment(w, { ...choice, pins: { p5: 3 } });
    const applied = applyAssignment(w, { ...choice, pins: { p5: 3 } }, preview.rooms);
    expect(applied.rooms.map((r) => r.participantIds)).toEqual(preview.rooms);
    expect(applied.participants.find((p) => p.id === 'p5')?.room).toBe(3);
    expect(applied.assignmentSeed).toBe('s1');
    const later = addParticipant(w, { id: 'late', name: 'Late', now: T0 + 99, answers: { region: 'Asia' } });
    refuses(() => applyAssignment(later, choice, preview.rooms), 'preview_changed', 409);
    // Rooms a client made up are never applied.
    const forged = [preview.rooms[1]!, preview.rooms[0]!.slice(1), [...preview.rooms[2]!, preview.rooms[0]![0]!]];
    refuses(() => applyAssignment(w, { ...choice, pins: { p5: 3 } }, forged), 'preview_changed');
  });
});
