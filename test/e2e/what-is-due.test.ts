import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASEWORK_2020, demoId, PETITIONS } from '@hub/demo';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Role } from '@hub/core';
import { nodes as nodesOf } from '../support/connections.ts';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { NamedPetitionDeadlinesDocument, WhatIsDueDocument, type WhatIsDueQuery } from '../operations/generated.ts';

/**
 * What is due, over the demo district, through the gateway: one answer assembled from discipline
 * (petitions, clues, detentions, trials, sanctions) and inspection (clue transfers, rectification
 * reports), each part under its own need-to-know.
 */

let hub: Hub;
type Caller = Parameters<Hub['query']>[2];
const as = (role: Role, scopes?: Record<string, string[]>): Caller => ({ as: { role, scopes }, purpose: '督办' });

async function ok<Data, Variables extends Record<string, unknown>>(query: TypedDocumentNode<Data, Variables>, variables: Variables, caller: Caller) {
  const response = await hub.query(query, variables, caller);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  if (!response.data) throw new Error('no data');
  return response.data;
}

const DUE = WhatIsDueDocument;

type DueItem = NonNullable<WhatIsDueQuery['whatIsDue']>['discipline'][number];
const key = (i: DueItem) => `${i.recordType}:${i.recordId}:${i.deadline.rule}`;

beforeAll(async () => {
  hub = await startHub({ databases: await freshDatabases() }, { demo: true });
});
afterAll(() => hub?.stop());

describe('what is due in the demo district', () => {
  it('every demo petition with a start date has its deadlines, and some were acknowledged late', async () => {
    const data = await ok(NamedPetitionDeadlinesDocument, {}, as('petition_officer'));
    const named = PETITIONS.filter((p) => p.named).length + CASEWORK_2020.petitions.filter((p) => p.named).length;
    expect(data.petitions?.totalCount).toBe(named);
    const nodes = nodesOf(data.petitions);
    for (const p of nodes) {
      expect(p.acknowledgementDeadline).not.toBeNull();
      expect(p.deadlines).toEqual([{ rule: 'PETITION_ACKNOWLEDGE', dueOn: p.acknowledgementDeadline, provisional: false }]);
    }
    const late = nodes.filter((p) => p.acknowledgedOn !== null && p.acknowledgementDeadline !== null && p.acknowledgedOn > p.acknowledgementDeadline);
    expect(late.length).toBeGreaterThan(1);
    expect(late.every((p) => p.overdue)).toBe(true);
    expect(nodes.some((p) => !p.overdue)).toBe(true);
    // 2021-04-08 (Thu) + 15 working days, 04-25 (Sun) worked, 05-01…05-05 after: due 04-28; told on 05-12.
    expect(nodes.find((p) => p.id === demoId('petition', '4'))).toMatchObject({
      acknowledgementDeadline: '2021-04-28',
      acknowledgedOn: '2021-05-12',
      overdue: true,
    });
  });

  it('as of 2021-05-06 a leader sees the late acknowledgement, open trials, overdue transfer feedback and an unsubmitted rectification report', async () => {
    const due = (await ok(DUE, { asOf: '2021-05-06', n: 10 }, as('leader'))).whatIsDue;
    // 05-07, 05-08 (Sat, make-up), 05-10 … 05-14, 05-17, 05-18, 05-19: the tenth working day.
    expect(due).toMatchObject({ asOf: '2021-05-06', dueBy: '2021-05-19', calendarWarning: null });
    const discipline = due?.discipline.map(key);
    expect(discipline).toContain(`Petition:${demoId('petition', '4')}:PETITION_ACKNOWLEDGE`);
    expect(due?.discipline.find((i) => i.recordId === demoId('petition', '4'))).toMatchObject({
      overdue: true,
      owningBody: 'DISCIPLINE',
      deadline: { dueOn: '2021-04-28', provisional: false },
    });
    const inTrial = CASEWORK_2020.cases.filter((c) => c.closedOn === null);
    for (const c of inTrial) expect(discipline).toContain(`Case:${c.id}:TRIAL`);
    // The demo sanctions were all announced by then; none is listed.
    expect(due?.discipline.some((i) => i.recordType === 'Sanction')).toBe(false);
    const inspection = due?.inspection?.map(key);
    expect(inspection).toContain(`ClueTransfer:${demoId('inspection-transfer', 'liuying-funds')}:TRANSFER_FEEDBACK`);
    expect(due?.inspection?.find((i) => i.recordType === 'ClueTransfer' && i.recordId === demoId('inspection-transfer', 'liuying-funds'))).toMatchObject({
      overdue: true,
      owningBody: 'INSPECTION',
      deadline: { dueOn: '2021-02-28' },
    });
    expect(due?.inspection?.filter((i) => i.deadline.rule === 'RECTIFICATION_REPORT')).toEqual([
      expect.objectContaining({ overdue: true, deadline: expect.objectContaining({ dueOn: '2021-01-25' }) }),
    ]);
    // Earliest due first, in each part.
    const dates = due?.discipline.map((i) => i.deadline.dueOn) ?? [];
    expect(dates).toEqual([...dates].sort());
  });

  it('shows an acknowledgement coming due before it is late, and a sanction awaiting its announcement', async () => {
    // Petition 6, received 2021-07-30, due 08-20 and told on 08-13: due soon on 08-02, gone on 08-13.
    const soon = (await ok(DUE, { asOf: '2021-08-02', n: 15 }, as('petition_officer'))).whatIsDue;
    expect(soon?.discipline.find((i) => i.recordId === demoId('petition', '6'))).toMatchObject({
      overdue: false,
      deadline: { rule: 'PETITION_ACKNOWLEDGE', dueOn: '2021-08-20' },
    });
    const told = (await ok(DUE, { asOf: '2021-08-13', n: 15 }, as('petition_officer'))).whatIsDue;
    expect(told?.discipline.some((i) => i.recordId === demoId('petition', '6'))).toBe(false);
    // The story's sanction, decided 2021-03-15 and announced 03-26, is due (not late) in between.
    const sanction = (await ok(DUE, { asOf: '2021-03-20', n: 20 }, as('leader'))).whatIsDue;
    expect(sanction?.discipline.find((i) => i.recordType === 'Sanction')).toMatchObject({
      overdue: false,
      deadline: { rule: 'SANCTION_ANNOUNCEMENT', dueOn: '2021-04-15' },
    });
  });

  it('gives each office its own part only', async () => {
    const petitions = (await ok(DUE, { asOf: '2021-05-06', n: 10 }, as('petition_officer'))).whatIsDue;
    expect(new Set(petitions?.discipline.map((i) => i.recordType))).toEqual(new Set(['Petition']));
    expect(petitions?.inspection).toEqual([]);
    const trial = (await ok(DUE, { asOf: '2021-05-06', n: 10 }, as('trial_officer'))).whatIsDue;
    expect(trial?.discipline.length).toBeGreaterThan(0);
    expect(trial?.discipline.every((i) => (i.recordType === 'Case' && i.deadline.rule === 'TRIAL') || i.recordType === 'Sanction')).toBe(true);
    const inspection = (await ok(DUE, { asOf: '2021-05-06', n: 10 }, as('inspection_officer', { inspectionTeamIds: [] }))).whatIsDue;
    expect(inspection?.discipline).toEqual([]);
    expect(inspection?.inspection?.length).toBeGreaterThan(0);
    const second = demoId('department', '第二纪检监察室');
    const office = (await ok(DUE, { asOf: '2021-05-06', n: 10 }, as('case_officer', { departmentIds: [second] }))).whatIsDue;
    expect(office?.discipline.every((i) => i.recordType !== 'Petition')).toBe(true);
    // The transfer to 第二纪检监察室 is that office's to answer.
    expect(office?.inspection?.map((i) => i.recordId)).toContain(demoId('inspection-transfer', 'liuying-funds'));
    expect(office?.inspection?.every((i) => i.recordType === 'ClueTransfer')).toBe(true);
    const analyst = await hub.query(DUE, { asOf: '2021-05-06', n: 10 }, as('analyst'));
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('quarterly reports of petition-sourced clues', () => {
  it('lists a clue disposed but not reported back by its quarter end, for the handling office', async () => {
    const late =
      CASEWORK_2020.clues.find((c) => c.petitionId !== null && c.disposedOn.endsWith('-09-28')) ??
      CASEWORK_2020.clues.find((c) => c.petitionId !== null && c.disposedOn >= '2020-09-25' && c.disposedOn <= '2020-09-30');
    expect(late, 'a petition-sourced clue disposed in the last days of Q3 2020').toBeDefined();
    // Reported a week after disposal: on the quarter end it was still open and due that day.
    const due = (await ok(DUE, { asOf: '2020-09-30', n: 0 }, as('leader'))).whatIsDue;
    expect(due?.discipline.find((i) => i.recordType === 'Clue' && i.recordId === late!.id)).toMatchObject({
      overdue: false,
      deadline: { rule: 'QUARTERLY_DISPOSAL_REPORT', dueOn: '2020-09-30' },
    });
    const after = (await ok(DUE, { asOf: '2020-10-02', n: 0 }, as('leader'))).whatIsDue;
    expect(after?.discipline.find((i) => i.recordType === 'Clue' && i.recordId === late!.id)).toMatchObject({ overdue: true });
  });
});
