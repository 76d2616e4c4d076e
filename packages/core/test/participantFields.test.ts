import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { publicAttributes, setParticipantFields, validateAnswers, validateFields } from '../src/participantFields';
import { importPeople, parsePeopleCsv } from '../src/peopleImport';
import { readPeople, writeState } from '../src/stateDoc';
import { addParticipant, assign, createWorkshop, publicState } from '../src/workshop';
import { LIMITS } from '../src/workshopSettings';
import { refuses } from './fixtures/refuses';

const T0 = 1_700_000_000_000;
const REGION = { key: 'region', label: 'Region', options: ['Africa', 'Asia', 'Europe'], required: true };
const HOST = { key: 'host', label: 'Table host', options: ['yes', 'no'], public: true };

function workshop() {
  return createWorkshop({ id: 'w1', joinCode: 'J', now: T0, title: 'Stakeholder day', rooms: 2, fields: [REGION, HOST] });
}

describe('participant fields', () => {
  it('[PF1] keeps up to the limit of fields, private and optional unless said otherwise', () => {
    const w = workshop();
    expect(w.settings.fields).toEqual([
      { ...REGION, public: false },
      { ...HOST, required: false },
    ]);
    expect(createWorkshop({ id: 'w2', joinCode: 'K', now: T0, title: 'No fields' }).settings.fields).toBeUndefined();
    const many = Array.from({ length: LIMITS.fieldsMax + 1 }, (_, i) => ({ key: `f${i}`, label: `F${i}`, options: ['a'] }));
    refuses(() => validateFields(many), 'invalid_fields');
    refuses(() => validateFields([REGION, REGION]), 'invalid_fields');
    refuses(() => validateFields([{ ...REGION, options: [] }]), 'invalid_fields');
    refuses(() => validateFields([{ ...REGION, options: ['A', 'A'] }]), 'invalid_fields');
    refuses(() => validateFields([{ ...REGION, key: '1bad' }]), 'invalid_fields');
    refuses(() => validateFields([{ ...REGION, public: 'yes' }]), 'invalid_fields');
    refuses(() => validateFields([{ ...REGION, label: 'x'.repeat(LIMITS.fieldLabelMax + 1) }]), 'invalid_fields');
  });

  it('[PF2] stores a joiner’s answers once they are options of the fields and every required one is given', () => {
    let w = addParticipant(workshop(), { id: 'a', name: 'Ana', now: T0, answers: { region: 'Asia', host: 'yes' } });
    expect(w.participants[0]?.attributes).toEqual({ region: 'Asia', host: 'yes' });
    w = addParticipant(w, { id: 'b', name: 'Bo', now: T0, answers: { region: 'Europe', host: '' } });
    expect(w.participants[1]?.attributes).toEqual({ region: 'Europe' });
    refuses(() => addParticipant(w, { id: 'c', name: 'Cy', now: T0, answers: { host: 'no' } }), 'invalid_answers');
    refuses(() => addParticipant(w, { id: 'c', name: 'Cy', now: T0, answers: { region: 'Mars' } }), 'invalid_answers');
    refuses(() => addParticipant(w, { id: 'c', name: 'Cy', now: T0, answers: { region: 'Asia', shoe: '42' } }), 'invalid_answers');
    refuses(() => validateAnswers([], []), 'invalid_answers');
    expect(w.participants).toHaveLength(2);
  });

  it('[PF3] the public state and the state document carry public fields’ answers only', () => {
    let w = addParticipant(workshop(), { id: 'a', name: 'Ana', now: T0, answers: { region: 'Asia', host: 'yes' } });
    w = addParticipant(w, { id: 'b', name: 'Bo', now: T0, answers: { region: 'Europe' } });
    const state = publicState(w, T0);
    expect(state.participants).toEqual([
      { id: 'a', name: 'Ana', room: null, attributes: { host: 'yes' } },
      { id: 'b', name: 'Bo', room: null },
    ]);
    // The options themselves are public (the join form shows them); who chose which is not.
    expect(JSON.stringify(state.participants)).not.toMatch(/Asia|Europe/);
    expect(state.workshop.fields?.map((f) => f.key)).toEqual(['region', 'host']);
    const doc = new Y.Doc();
    const map = doc.getMap('state');
    doc.transact(() => writeState(map, state));
    expect(readPeople(map)).toEqual(state.participants);
    expect(JSON.stringify((map.get('people') as Y.Map<unknown>).toJSON())).not.toMatch(/Asia|Europe/);
    expect(publicAttributes(w, w.participants[1]!)).toBeUndefined();
  });

  it('[PF4] fields change in the lobby until rooms are assigned; answers to removed options go', () => {
    let w = addParticipant(workshop(), { id: 'a', name: 'Ana', now: T0, answers: { region: 'Asia', host: 'yes' } });
    w = setParticipantFields(w, [{ ...REGION, options: ['Africa', 'Europe'] }, HOST]);
    expect(w.participants[0]?.attributes).toEqual({ host: 'yes' });
    w = assign(w, 's');
    refuses(() => setParticipantFields(w, []), 'fields_locked');
  });
});

describe('importing people', () => {
  it('[PI1] reads a header of name and questions (label or key, any case), quoted cells, and refuses an unknown column', () => {
    const w = workshop();
    const people = parsePeopleCsv(w, '\uFEFFName,region,"Table host"\r\nAna,asia,yes\n"Diallo, Awa",Africa,\n\n');
    expect(people).toEqual([
      { name: 'Ana', answers: { region: 'Asia', host: 'yes' } },
      { name: 'Diallo, Awa', answers: { region: 'Africa' } },
    ]);
    refuses(() => parsePeopleCsv(w, 'name,Regoin\nAna,Asia'), 'invalid_import');
    refuses(() => parsePeopleCsv(w, 'name,region'), 'invalid_import');
  });

  it('[PI2] adds everyone or no one, naming the line that was refused', () => {
    const w = workshop();
    const ok = importPeople(w, parsePeopleCsv(w, 'name,region\nAna,Asia\nBo,Europe'), ['a', 'b'], T0);
    expect(ok.participants.map((p) => [p.name, p.attributes])).toEqual([
      ['Ana', { region: 'Asia' }],
      ['Bo', { region: 'Europe' }],
    ]);
    refuses(() => importPeople(w, parsePeopleCsv(w, 'name,region\nAna,Asia\nBo,'), ['a', 'b'], T0), 'invalid_import', 400, /^Line 3: /);
  });
});
