import type { Kysely } from 'kysely';
import type { InspectionDatabase } from './database.ts';

/**
 * Every stored record the rules speak about, for checking records already written (the demo, a
 * seed, an import) against the same domain rules new input meets: `npm run check-rules`.
 */
export async function loadRuleFacts(db: Kysely<InspectionDatabase>) {
  const [
    attendees,
    units,
    rounds,
    stageChanges,
    teams,
    members,
    inspections,
    briefings,
    findings,
    consultations,
    transfers,
    meetings,
    plans,
    submissions,
    reviews,
    items,
    progress,
    followUps,
    withoutPlan,
    exceptions,
  ] = await Promise.all([
    db.selectFrom('feedbackMeetingAttendee').selectAll().orderBy('meetingId').orderBy('position').execute(),
    db.selectFrom('unit').selectAll().execute(),
    db.selectFrom('inspectionRound').selectAll().execute(),
    db.selectFrom('inspectionRoundStageChange').selectAll().execute(),
    db.selectFrom('inspectionTeam').selectAll().execute(),
    db.selectFrom('inspectionTeamMember').selectAll().execute(),
    db.selectFrom('inspection').selectAll().execute(),
    db.selectFrom('briefing').selectAll().execute(),
    db.selectFrom('finding').selectAll().execute(),
    db.selectFrom('consultation').selectAll().execute(),
    db.selectFrom('clueTransfer').selectAll().execute(),
    db.selectFrom('feedbackMeeting').selectAll().execute(),
    db.selectFrom('rectificationPlan').selectAll().execute(),
    db.selectFrom('rectificationPlanSubmission').selectAll().execute(),
    db.selectFrom('rectificationPlanReview').selectAll().execute(),
    db.selectFrom('rectificationItem').selectAll().execute(),
    db.selectFrom('rectificationProgress').selectAll().execute(),
    db.selectFrom('followUp').selectAll().execute(),
    db.selectFrom('followUpWithoutPlan').selectAll().execute(),
    db.selectFrom('recusalException').selectAll().execute(),
  ]);
  return {
    attendees,
    units,
    rounds,
    stageChanges,
    teams,
    members,
    inspections,
    briefings,
    findings,
    consultations,
    transfers,
    meetings,
    plans,
    submissions,
    reviews,
    items,
    progress,
    followUps,
    withoutPlan,
    exceptions,
  };
}

export type InspectionRuleFacts = Awaited<ReturnType<typeof loadRuleFacts>>;
