import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { addDays, todayInShanghai } from '@hub/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { COMMISSION_DEPARTMENTS, ELDERLY_CARE_STORY } from '@hub/demo';
import { checkRules } from '../../scripts/lib/check-rules.ts';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;

/** npm run check-rules: the demo and a seeded copy break no rule; a broken record is named. */
let databases: Record<string, string>;
let hub: Hub;

beforeAll(async () => {
  databases = await freshDatabases();
});
afterAll(() => hub?.stop());

it('finds no rule violation in the demo district and a seeded copy', async () => {
  const { stdout } = await run(process.execPath, ['scripts/check-rules.ts', '--scale', '2'], {
    cwd: ROOT,
    env: {
      ...process.env,
      INSPECTION_DATABASE_URL: databases.inspection,
      DISCIPLINE_DATABASE_URL: databases.discipline,
      STATIONED_DATABASE_URL: databases.stationed,
      LOG_LEVEL: 'silent',
    },
  });
  expect(stdout).toContain('demo district + seed ×2: 0 rule violation(s).');
}, 240_000);

it('names a record that breaks a rule', async () => {
  hub = await startHub({ databases: databases as never });
  const inspection = hub.inspection.database.db;
  const discipline = hub.discipline.database.db;
  const stationed = hub.stationed.database.db;
  expect(await checkRules({ inspection, discipline, stationed }, todayInShanghai())).toEqual([]);
  await inspection.updateTable('finding').set({ recordedOn: '2031-03-21' }).where('id', '=', ELDERLY_CARE_STORY.finding.id).execute();
  const petitionOffice = COMMISSION_DEPARTMENTS.find((d) => d.kind === 'PETITION_OFFICE')!;
  const clue = await discipline.selectFrom('clue').select('id').where('handlerKind', '=', 'DEPARTMENT').orderBy('id').executeTakeFirstOrThrow();
  await discipline.updateTable('clue').set({ handlerDepartmentId: petitionOffice.id }).where('id', '=', clue.id).execute();
  // A 信访室 clerk recorded as the commission leader at a feedback meeting.
  const clerk = await discipline.selectFrom('staff').select('id').where('departmentId', '=', petitionOffice.id).executeTakeFirstOrThrow();
  const attendee = await inspection
    .selectFrom('feedbackMeetingAttendee')
    .select(['meetingId', 'position'])
    .where('capacity', '=', 'COMMISSION_LEADER')
    .orderBy('meetingId')
    .executeTakeFirstOrThrow();
  await inspection
    .updateTable('feedbackMeetingAttendee')
    .set({ staffId: clerk.id })
    .where('meetingId', '=', attendee.meetingId)
    .where('position', '=', attendee.position)
    .execute();
  // A stationed group's briefing on a unit it did not oversee that day (the finding's inspection; a group of none of its units).
  const { inspectionId } = await inspection
    .selectFrom('finding')
    .select('inspectionId')
    .where('id', '=', ELDERLY_CARE_STORY.finding.id)
    .executeTakeFirstOrThrow();
  const briefingId = randomUUID();
  const stray = randomUUID();
  await stationed
    .insertInto('stationedGroup')
    .values({ id: stray, name: `未监督该单位的派驻组${stray.slice(0, 4)}` })
    .execute();
  await inspection
    .insertInto('briefing')
    .values({
      id: briefingId,
      inspectionId,
      body: 'STATIONED_GROUP',
      stationedGroupId: stray,
      briefedByStaffId: clerk.id,
      briefedOn: '2020-09-05',
      content: '派驻组通报',
    })
    .execute();
  // A supervision activity dated before its group oversaw the unit.
  const activity = await stationed.selectFrom('supervisionActivity').select('id').orderBy('id').executeTakeFirstOrThrow();
  await stationed.updateTable('supervisionActivity').set({ heldOn: '1990-01-02' }).where('id', '=', activity.id).execute();
  // Stationed work for an inspection team member from the day after the round began, not marked concurrent.
  const member = await inspection
    .selectFrom('inspectionTeamMember as m')
    .innerJoin('inspectionTeam as t', 't.id', 'm.teamId')
    .innerJoin('inspectionRound as r', 'r.id', 't.roundId')
    .select(['m.staffId', 'r.startOn'])
    .where('m.concurrentReason', 'is', null)
    .where('m.removedOn', 'is', null)
    .orderBy('r.startOn', 'desc')
    .executeTakeFirstOrThrow();
  const group = await stationed.selectFrom('stationedGroup').select('id').orderBy('id').executeTakeFirstOrThrow();
  const deployment = randomUUID();
  await stationed
    .insertInto('staffAssignment')
    .values({
      id: deployment,
      staffId: member.staffId,
      kind: 'STATIONED_WORK',
      groupId: group.id,
      inspectionTeamId: null,
      startOn: addDays(member.startOn, 1),
      endOn: addDays(member.startOn, 10),
      note: null,
      recordedBy: member.staffId,
    })
    .execute();
  const violations = await checkRules({ inspection, discipline, stationed }, todayInShanghai());
  expect(violations).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ body: 'inspection', record: 'Finding', id: ELDERLY_CARE_STORY.finding.id, field: 'recordedOn' }),
      expect.objectContaining({ body: 'discipline', record: 'Clue', id: clue.id, field: 'handler.departmentId' }),
      expect.objectContaining({ body: 'inspection', record: 'FeedbackMeeting', id: attendee.meetingId, field: `attendees.${attendee.position}.staffId` }),
      expect.objectContaining({ body: 'inspection', record: 'Briefing', id: briefingId, field: 'stationedGroupId' }),
      expect.objectContaining({ body: 'stationed', record: 'SupervisionActivity', id: activity.id, field: 'unitCode' }),
      expect.objectContaining({ body: 'stationed', record: 'StaffAssignment', id: deployment, field: 'staffId' }),
    ]),
  );
}, 120_000);
