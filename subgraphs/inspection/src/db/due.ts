import { type Kysely, sql } from 'kysely';
import type { InspectionDatabase } from './database.ts';

type Db = Kysely<InspectionDatabase>;

/** Transfers made by `asOf`, without feedback by then, whose feedback falls due by `dueBy`. */
export async function findTransfersAwaitingFeedback(db: Db, asOf: string, dueBy: string) {
  return db
    .selectFrom('clueTransfer')
    .innerJoin('finding', 'finding.id', 'clueTransfer.findingId')
    .innerJoin('inspection', 'inspection.id', 'finding.inspectionId')
    .select(['clueTransfer.id', 'clueTransfer.transferredOn', 'clueTransfer.receiverKind', 'clueTransfer.receiverId', 'inspection.unitCode'])
    .where('clueTransfer.transferredOn', '<=', asOf)
    .where('clueTransfer.feedbackDueOn', '<=', dueBy)
    .where(sql<boolean>`(clue_transfer.feedback_received_on is null or clue_transfer.feedback_received_on > cast(${asOf} as date))`)
    .orderBy('clueTransfer.feedbackDueOn')
    .orderBy('clueTransfer.id')
    .execute();
}

/** Feedback meetings held by `asOf` whose unit had not first submitted its plan by then, report due by `dueBy`. */
export async function findRectificationReportsOutstanding(db: Db, asOf: string, dueBy: string) {
  return db
    .selectFrom('feedbackMeeting')
    .innerJoin('inspection', 'inspection.id', 'feedbackMeeting.inspectionId')
    .select(['feedbackMeeting.inspectionId', 'feedbackMeeting.heldOn', 'inspection.unitCode'])
    .where('feedbackMeeting.heldOn', '<=', asOf)
    .where('feedbackMeeting.reportDueOn', '<=', dueBy)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('rectificationPlan')
            .innerJoin('rectificationPlanSubmission', 'rectificationPlanSubmission.planId', 'rectificationPlan.id')
            .select('rectificationPlan.id')
            .whereRef('rectificationPlan.inspectionId', '=', 'feedbackMeeting.inspectionId')
            .where('rectificationPlanSubmission.submittedOn', '<=', asOf),
        ),
      ),
    )
    .orderBy('feedbackMeeting.reportDueOn')
    .orderBy('feedbackMeeting.inspectionId')
    .execute();
}
