import { COMMISSION_DEPARTMENTS, PERSONS, STAFF, unitByName } from './district.ts';
import { demoId } from './ids.ts';

const centre = unitByName('云溪区东湖镇养老服务中心');
const township = unitByName('中共云溪区东湖镇委员会');
const [director, accountant] = PERSONS.filter((p) => p.unitCode === centre.code);
const secondOffice = COMMISSION_DEPARTMENTS.find((d) => d.name === '第二纪检监察室')!;

/**
 * 区委第九轮巡察东湖镇: the team found that the township's elderly-care service centre deposited funds
 * into a deceased person's account, lent money without leadership approval, and left reimbursements
 * un-offset against advances; a consultation with 案件审理室 and 第二纪检监察室 concluded to transfer it
 * as a clue; 第二纪检监察室 registered the transferred clue, verified it, filed a case and closed it with
 * a sanction, and reported back. The ids tie the inspection records to the discipline ones.
 */
export const ELDERLY_CARE_STORY = {
  township,
  centre,
  directorId: director!.id,
  accountantId: accountant!.id,
  finding: {
    id: demoId('story', 'elderly-care-finding'),
    description:
      "镇养老服务中心将资金存入已去世人员个人账户；借款未履行领导审批手续；报销未冲账，导致个人借款长期未归还 — The elderly-care service centre deposited funds into a deceased person's account, lent money without leadership approval, and left reimbursements un-offset against advances.",
    amountInvolved: '326400.00',
    recordedOn: '2020-10-08',
  },
  consultation: {
    id: demoId('story', 'elderly-care-consultation'),
    heldOn: '2020-10-15',
    departments: ['INSPECTION_OFFICE', 'TRIAL_OFFICE', 'SUPERVISION_OFFICE'] as const,
    question: '问题定性：是否构成违纪，是否作为案件线索移交 — How to characterise the problems, and whether to transfer them as a case clue.',
    conclusionNote:
      '与案件审理室、第二纪检监察室共同商定问题性质，作为案件线索移交查处 — Agreed with the trial office and the 2nd supervision office: transfer as a case clue.',
  },
  transfer: {
    id: demoId('story', 'elderly-care-transfer'),
    transferredOn: '2020-12-31',
    receiverDepartmentId: secondOffice.id,
    feedbackReceivedOn: '2021-03-20',
    feedbackSummary:
      '已立案审查，给予中心主任党内严重警告处分，挽回经济损失32.64万元 — Case filed; the centre director received a serious party warning; ¥326,400 recovered.',
  },
  clue: {
    id: demoId('story', 'elderly-care-clue'),
    receivedOn: '2021-01-04',
    disposedOn: '2021-01-20',
    disposedByStaffId: STAFF.find((s) => s.departmentId === secondOffice.id && s.title === '主任')!.id,
    summary: '巡察移交：东湖镇养老服务中心资金管理问题 — Transferred by inspection: funds management at the 东湖镇 elderly-care centre.',
    resultReportedOn: '2021-03-20',
    resultReport: '经初步核实问题属实，已立案审查并作出处分决定 — Verified; case filed and decided.',
  },
  case: {
    id: demoId('story', 'elderly-care-case'),
    filedOn: '2021-01-25',
    investigationStartedOn: '2021-01-26',
    trialStartedOn: '2021-02-26',
    closedOn: '2021-03-15',
  },
  sanction: {
    id: demoId('story', 'elderly-care-sanction'),
    type: 'PARTY_SERIOUS_WARNING',
    fourForm: 2 as const,
    decidedOn: '2021-03-15',
    announcedOn: '2021-03-26',
  },
  recovery: { id: demoId('story', 'elderly-care-recovery'), recoveredOn: '2021-03-10', amount: '326400.00' },
};
