import type { Hub } from './hub.ts';
import { insertDepartment, insertPerson, insertStaff, insertZone } from '../../subgraphs/discipline/src/db/reference.ts';
import { insertPetition, insertPetitionReporter } from '../../subgraphs/discipline/src/db/petitions.ts';
import { insertClue, updateClue } from '../../subgraphs/discipline/src/db/clues.ts';
import { insertCase } from '../../subgraphs/discipline/src/db/cases.ts';
import { markSecret } from './leaks.ts';

/** The fields of a clue received and not yet escalated, disposed of or reported on, for `insertClue`. */
export const UNHANDLED_CLUE = {
  escalationReason: null,
  escalatedOn: null,
  disposalMethod: null,
  disposedOn: null,
  disposedByStaffId: null,
  resultReport: null,
  resultReportedOn: null,
} as const;

/**
 * Discipline reference data and records for one test, written through the subgraph's repository
 * functions with fresh names, so tests never share rows.
 */
export async function seedDisciplineBasics(hub: Hub, unitCode: string) {
  const db = hub.discipline.database.db;
  const tag = crypto.randomUUID().slice(0, 8);
  const office = await insertDepartment(db, { name: `第一纪检监察室-${tag}`, kind: 'SUPERVISION_OFFICE' });
  const otherOffice = await insertDepartment(db, { name: `第二纪检监察室-${tag}`, kind: 'SUPERVISION_OFFICE' });
  const officer = await insertStaff(db, { name: `承办人-${tag}`, homeBody: 'DISCIPLINE', departmentId: office.id });
  const zone = await insertZone(db, { name: `东区协作区-${tag}`, leaderStaffId: officer.id, memberStaffIds: [officer.id], townships: ['云溪镇'] });
  const cadre = await insertPerson(db, { name: `村支书-${tag}`, unitCode, post: '村党支部书记', rankLevel: 'VILLAGE', partyMember: true });
  const clerk = await insertPerson(db, { name: `会计-${tag}`, unitCode, post: '村会计', rankLevel: 'VILLAGE', partyMember: false });
  return { office, otherOffice, officer, zone, cadre, clerk };
}

/** A named petition with a reporter identity (marked secret) and a clue about it, handled by `departmentId`. */
export async function seedPetitionAndClue(hub: Hub, unitCode: string, departmentId: string, personId: string) {
  const db = hub.discipline.database.db;
  const petition = await insertPetition(db, {
    receivedOn: '2025-03-03',
    channel: 'ONLINE',
    category: 'EXTRAVAGANCE',
    named: true,
    subjectUnitCode: unitCode,
    summary: '反映村干部公款吃喝',
  });
  const reporterName = `举报人${crypto.randomUUID().slice(0, 6)}`;
  markSecret(reporterName);
  await insertPetitionReporter(db, { petitionId: petition.id, name: reporterName, contact: null, idNumber: null, address: null });
  const clue = await insertClue(
    db,
    {
      source: 'PETITION',
      petitionId: petition.id,
      clueTransferId: null,
      sourceReference: null,
      subjectUnitCode: unitCode,
      summary: '公款吃喝线索',
      receivedOn: '2025-03-10',
      priority: false,
      handlerKind: 'DEPARTMENT',
      handlerDepartmentId: departmentId,
      handlerStationedGroupId: null,
      handlerZoneId: null,
      ...UNHANDLED_CLUE,
    },
    [personId],
  );
  return { petition, clue, reporterName };
}

/** A clue disposed by preliminary verification with a case filed on it (stage FILED). */
export async function seedFiledCase(hub: Hub, unitCode: string, departmentId: string, personId: string, staffId: string) {
  const db = hub.discipline.database.db;
  const { clue } = await seedPetitionAndClue(hub, unitCode, departmentId, personId);
  await updateClue(db, clue.id, { disposalMethod: 'PRELIMINARY_VERIFICATION', disposedOn: '2025-03-20', disposedByStaffId: staffId });
  const filed = await insertCase(db, {
    clueId: clue.id,
    personId,
    filedOn: '2025-03-25',
    status: 'FILED',
    investigationStartedOn: null,
    trialStartedOn: null,
    closedOn: null,
    transferredToProcuratorateOn: null,
  });
  return { clue, case: filed };
}
