import { addDays } from '@hub/core';
import {
  COMMISSION_DEPARTMENTS,
  COMMISSION_LEADERS,
  DISTRICT_STATIONED_GROUPS,
  DISTRICT_UNITS,
  PERSONS,
  STAFF,
  ZONES,
  type DistrictPerson,
} from './district.ts';
import { demoId } from './ids.ts';
import { personName } from './names.ts';

/**
 * The commission's 2020 casework in the demo district, as records: every figure the district reported
 * for 2020 is what the hub counts from these rows, not a number stored anywhere.
 */
export const FIGURES_2020 = {
  cluesDisposed: 616,
  casesFiled: 164,
  personsHandled: 153,
  personsSanctioned: 153,
  detentions: 1,
  transfersToProcuratorate: 1,
  lossesRecovered: '4408700.00',
  /** 乱发津补贴专项整治: 16 staff in 4 teams. */
  specialInspectionFundsReturned: '2315000.00',
} as const;

/** A small deterministic generator (mulberry32): the same demo every time. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(2020);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

/** A day of 2020, by day of year (1–366). */
const day2020 = (n: number) => addDays('2019-12-31', Math.min(366, Math.max(1, Math.round(n))));

export type ClueSource = 'PETITION' | 'STATIONED_GROUP' | 'AUDIT' | 'JUDICIAL' | 'OTHER';
export type DisposalMethod = 'INQUIRY_BY_TALK_OR_LETTER' | 'PRELIMINARY_VERIFICATION' | 'SHELVED_PENDING_CHECK' | 'CLOSED';

export interface DemoCasePetition {
  id: string;
  receivedOn: string;
  channel: 'LETTER' | 'VISIT' | 'PHONE' | 'ONLINE';
  category: 'INTEGRITY' | 'MASS_DISCIPLINE' | 'WORK_DISCIPLINE' | 'HEDONISM' | 'FORMALISM' | 'BUREAUCRATISM' | 'EXTRAVAGANCE';
  named: boolean;
  subjectUnitCode: string;
  summary: string;
  /** 告知实名举报人日期; null for anonymous petitions. */
  acknowledgedOn: string | null;
}

export interface DemoReporter {
  petitionId: string;
  name: string;
  contact: string;
}

export interface DemoClue {
  id: string;
  source: ClueSource;
  petitionId: string | null;
  sourceReference: string | null;
  subjectUnitCode: string;
  subjectPersonIds: string[];
  summary: string;
  receivedOn: string;
  priority: boolean;
  handler: { kind: 'DEPARTMENT' | 'ZONE' | 'STATIONED_GROUP'; id: string };
  disposalMethod: DisposalMethod;
  disposedOn: string;
  disposedByStaffId: string;
}

export interface DemoCase {
  id: string;
  clueId: string;
  personId: string;
  filedOn: string;
  status: 'UNDER_TRIAL' | 'CLOSED';
  investigationStartedOn: string;
  trialStartedOn: string;
  closedOn: string | null;
  transferredToProcuratorateOn: string | null;
}

export interface DemoSanction {
  id: string;
  caseId: string;
  personId: string;
  type: string;
  fourForm: 2 | 3 | 4;
  decidedOn: string;
  /** 宣布日期 — within the month, a few late. */
  announcedOn: string;
}

const SUMMARIES: Record<DisposalMethod, string[]> = {
  INQUIRY_BY_TALK_OR_LETTER: ['反映违规发放补贴', '反映工作作风简单粗暴', '反映违规接受宴请', '反映优亲厚友'],
  PRELIMINARY_VERIFICATION: ['反映侵占集体资金', '反映套取惠农补贴', '反映工程项目中收受好处', '反映虚报冒领专项资金', '反映违规报销'],
  SHELVED_PENDING_CHECK: ['反映问题线索笼统，暂不具备核查条件'],
  CLOSED: ['反映问题经了解不属实', '反映问题已在此前处理'],
};

const PETITION_CATEGORIES = ['INTEGRITY', 'MASS_DISCIPLINE', 'WORK_DISCIPLINE', 'HEDONISM', 'FORMALISM', 'BUREAUCRATISM', 'EXTRAVAGANCE'] as const;

function handlerFor(person: DistrictPerson): DemoClue['handler'] {
  const unit = DISTRICT_UNITS.find((u) => u.code === person.unitCode)!;
  if (unit.kind === 'DEPARTMENT_PARTY_GROUP') {
    const group = DISTRICT_STATIONED_GROUPS.find((g) => g.unitCodes.includes(unit.code))!;
    return rand() < 0.6
      ? { kind: 'STATIONED_GROUP', id: group.id }
      : { kind: 'DEPARTMENT', id: pick(COMMISSION_DEPARTMENTS.filter((d) => d.kind === 'SUPERVISION_OFFICE')).id };
  }
  // Village-level and township subjects go to the collaboration zone of their township (提级, not the township commission).
  const zone = ZONES.find((z) => unit.township && z.townships.includes(unit.township))!;
  return rand() < 0.7
    ? { kind: 'ZONE', id: zone.id }
    : { kind: 'DEPARTMENT', id: pick(COMMISSION_DEPARTMENTS.filter((d) => d.kind === 'SUPERVISION_OFFICE')).id };
}

const DISPOSERS = STAFF.filter((s) => s.homeBody === 'DISCIPLINE' && s.title !== '干部');

function build() {
  const petitions: DemoCasePetition[] = [];
  const reporters: DemoReporter[] = [];
  const clues: DemoClue[] = [];
  // 616 clues disposed in 2020: 谈话函询 330, 初步核实 200, 暂存待查 26, 予以了结 60.
  const methods: DisposalMethod[] = [
    ...Array<DisposalMethod>(330).fill('INQUIRY_BY_TALK_OR_LETTER'),
    ...Array<DisposalMethod>(200).fill('PRELIMINARY_VERIFICATION'),
    ...Array<DisposalMethod>(26).fill('SHELVED_PENDING_CHECK'),
    ...Array<DisposalMethod>(60).fill('CLOSED'),
  ];
  const sources: ClueSource[] = [
    ...Array<ClueSource>(380).fill('PETITION'),
    ...Array<ClueSource>(90).fill('STATIONED_GROUP'),
    ...Array<ClueSource>(50).fill('AUDIT'),
    ...Array<ClueSource>(26).fill('JUDICIAL'),
    ...Array<ClueSource>(70).fill('OTHER'),
  ];
  // Preliminary verifications name distinct persons, so that cases have distinct subjects.
  const verifiable = PERSONS.slice();
  let verified = 0;
  methods.forEach((method, i) => {
    const person = method === 'PRELIMINARY_VERIFICATION' ? verifiable[(verified++ * 37) % verifiable.length]! : pick(PERSONS);
    // 5 is coprime with 616: every source is used exactly as often as listed.
    const source = sources[(i * 5) % sources.length]!;
    // Disposed between early January and the start of December 2020, received 10–35 days before.
    const disposedOn = day2020(5 + (i / methods.length) * 330);
    const receivedOn = addDays(disposedOn, -(10 + Math.floor(rand() * 25)));
    const id = demoId('clue-2020', String(i));
    let petitionId: string | null = null;
    if (source === 'PETITION') {
      petitionId = demoId('petition-2020', String(i));
      const named = rand() < 0.3;
      petitions.push({
        id: petitionId,
        receivedOn: addDays(receivedOn, -3),
        channel: pick(['LETTER', 'VISIT', 'PHONE', 'ONLINE'] as const),
        category: pick(PETITION_CATEGORIES),
        named,
        subjectUnitCode: person.unitCode,
        summary: `${pick(SUMMARIES[method])}（${DISTRICT_UNITS.find((u) => u.code === person.unitCode)!.name}）`,
        // Told within a week or so; every ninth one five weeks late (past the 15 working days).
        acknowledgedOn: named ? addDays(receivedOn, i % 9 === 0 ? 32 : 5) : null,
      });
      if (named) reporters.push({ petitionId, name: personName(9000 + i), contact: `1${String(3800000000 + i * 7919).slice(0, 10)}` });
    }
    clues.push({
      id,
      source,
      petitionId,
      sourceReference:
        source === 'PETITION'
          ? null
          : `${source === 'AUDIT' ? '审计移送' : source === 'JUDICIAL' ? '司法机关移送' : source === 'STATIONED_GROUP' ? '派驻组发现' : '其他来源'}〔2020〕${i + 1}号`,
      subjectUnitCode: person.unitCode,
      subjectPersonIds: [person.id],
      summary: pick(SUMMARIES[method]),
      receivedOn,
      priority: false,
      handler: handlerFor(person),
      disposalMethod: method,
      disposedOn,
      disposedByStaffId: pick(DISPOSERS).id,
    });
  });

  // 164 cases filed in 2020 from preliminary verifications; 153 closed with a sanction, 11 still in trial.
  const verifications = clues.filter((c) => c.disposalMethod === 'PRELIMINARY_VERIFICATION').sort((a, b) => a.disposedOn.localeCompare(b.disposedOn));
  const cases: DemoCase[] = [];
  const sanctions: DemoSanction[] = [];
  verifications.slice(0, FIGURES_2020.casesFiled).forEach((clue, i) => {
    const personId = clue.subjectPersonIds[0]!;
    const filedOn = addDays(clue.disposedOn, 5 + (i % 10));
    const investigationStartedOn = addDays(filedOn, 2);
    const pending = i >= FIGURES_2020.personsSanctioned;
    // Cases filed late in the year whose trial runs into 2021 stay open.
    const trialStartedOn = pending ? '2020-12-20' : addDays(investigationStartedOn, 20 + (i % 15));
    const closedOn = pending ? null : addDays(trialStartedOn, 10 + (i % 15));
    cases.push({
      id: demoId('case-2020', String(i)),
      clueId: clue.id,
      personId,
      filedOn,
      status: pending ? 'UNDER_TRIAL' : 'CLOSED',
      investigationStartedOn,
      trialStartedOn,
      closedOn,
      transferredToProcuratorateOn: null,
    });
  });
  // Closed cases must end in 2020 for the 2020 figures; pull any that ran over back into December.
  for (const c of cases) {
    if (c.closedOn && c.closedOn > '2020-12-28') {
      c.closedOn = '2020-12-28';
      if (c.trialStartedOn > c.closedOn) c.trialStartedOn = addDays(c.closedOn, -10);
      if (c.investigationStartedOn > c.trialStartedOn) c.investigationStartedOn = addDays(c.trialStartedOn, -20);
      if (c.filedOn > c.investigationStartedOn) c.filedOn = addDays(c.investigationStartedOn, -2);
    }
  }
  const closed = cases.filter((c) => c.status === 'CLOSED');
  // The one detained and transferred to the procuratorate: the most serious case.
  const serious = closed[40]!;
  serious.transferredToProcuratorateOn = addDays(serious.trialStartedOn, 20);
  if (serious.closedOn! < serious.transferredToProcuratorateOn) serious.closedOn = serious.transferredToProcuratorateOn;
  const detention = {
    id: demoId('detention-2020', '1'),
    caseId: serious.id,
    startedOn: serious.investigationStartedOn,
    lastDayOn: addDays(serious.investigationStartedOn, 89),
    endedOn: addDays(serious.investigationStartedOn, 75),
  };
  if (serious.trialStartedOn < detention.endedOn) {
    serious.trialStartedOn = addDays(detention.endedOn, 1);
    serious.transferredToProcuratorateOn = addDays(serious.trialStartedOn, 20);
    serious.closedOn = addDays(serious.trialStartedOn, 25);
  }

  const LIGHT_PARTY = ['PARTY_WARNING', 'PARTY_SERIOUS_WARNING'];
  const HEAVY_PARTY = ['PARTY_REMOVAL_FROM_POST', 'PARTY_PROBATION'];
  const LIGHT_GOV = ['GOV_WARNING', 'GOV_DEMERIT', 'GOV_MAJOR_DEMERIT'];
  const HEAVY_GOV = ['GOV_DEMOTION', 'GOV_DISMISSAL_FROM_POST'];
  closed.forEach((c, i) => {
    const person = PERSONS.find((p) => p.id === c.personId)!;
    const heavy = c === serious || i % 5 === 0;
    let type: string;
    if (c === serious) type = person.partyMember ? 'PARTY_EXPULSION' : 'GOV_EXPULSION';
    else if (person.partyMember) type = heavy ? pick(HEAVY_PARTY) : pick(LIGHT_PARTY);
    else type = heavy ? pick(HEAVY_GOV) : pick(LIGHT_GOV);
    sanctions.push({
      id: demoId('sanction-2020', String(i)),
      caseId: c.id,
      personId: c.personId,
      type,
      fourForm: !heavy ? 2 : c === serious ? 4 : 3,
      decidedOn: c.closedOn!,
      announcedOn: addDays(c.closedOn!, i % 25 === 0 ? 45 : 7 + (i % 14)),
    });
  });

  // ¥4,408,700.00 recovered in 2020, over 38 cases; the amounts are in fen to keep the sum exact.
  const recoveries: { id: string; caseId: string; recoveredOn: string; amount: string }[] = [];
  const totalFen = 440_870_000;
  const withLosses = closed.filter((_, i) => i % 4 === 1).slice(0, 38);
  let remaining = totalFen;
  const weights = withLosses.map((_, i) => 1 + (i % 7));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  withLosses.forEach((c, i) => {
    const fen = i === withLosses.length - 1 ? remaining : Math.floor((totalFen * weights[i]!) / weightSum / 100) * 100;
    remaining -= fen;
    recoveries.push({
      id: demoId('recovery-2020', String(i)),
      caseId: c.id,
      recoveredOn: c.closedOn!,
      amount: `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`,
    });
  });
  if (remaining !== 0 || recoveries.some((r) => Number(r.amount) <= 0)) throw new Error('demo loss recoveries do not add up');

  return { petitions, reporters, clues, cases, sanctions, detention, recoveries };
}

export const CASEWORK_2020 = build();

/** 乱发津补贴专项整治: 16 staff from the commission, stationed groups, inspection and finance, in 4 teams. */
/**
 * 第九轮第一巡察组 (2020): who serves on it, by place on the team — the inspection office's team
 * leader, a cadre of 第二纪检监察室 as deputy, a cadre of 派驻第一纪检组 (lent), an inspection cadre and a
 * cadre of 区教育体育局.
 */
export const NINTH_ROUND_TEAM_ONE_STAFF = (() => {
  const inspectors = STAFF.filter((s) => s.homeBody === 'INSPECTION');
  const secondOffice = COMMISSION_DEPARTMENTS.find((d) => d.name === '第二纪检监察室')!;
  return {
    组长: inspectors.find((s) => s.title === '巡察组组长')!.id,
    副组长: STAFF.find((s) => s.departmentId === secondOffice.id && s.title === '干部')!.id,
    组员一: STAFF.find((s) => s.stationedGroupIndex === 0 && s.title === '干部')!.id,
    组员二: inspectors.find((s) => s.title === '巡察干部')!.id,
    组员三: STAFF.find((s) => s.homeBody === 'OTHER' && s.title === '区教育体育局干部')!.id,
  } as const;
})();

export const ALLOWANCE_INSPECTION = (() => {
  const from = (body: string, n: number) => STAFF.filter((s) => s.homeBody === body).slice(0, n);
  const staff = [...from('DISCIPLINE', 5), ...from('STATIONED', 4), ...from('INSPECTION', 4), ...from('FINANCE', 3)];
  const teams = [0, 1, 2, 3].map((t) => ({
    id: demoId('special-inspection-team', String(t)),
    name: `第${['一', '二', '三', '四'][t]}督查组`,
    staffIds: staff.filter((_, i) => i % 4 === t).map((s) => s.id),
  }));
  const units = DISTRICT_UNITS.filter((u) => u.kind !== 'VILLAGE');
  const returnedFen = 231_500_000;
  const checks = units.map((unit, i) => ({
    id: demoId('special-inspection-check', String(i)),
    teamId: teams[i % 4]!.id,
    unitCode: unit.code,
    checkedOn: addDays('2020-07-06', i),
    problemsFound: i % 3 === 0 ? 2 : i % 3 === 1 ? 1 : 0,
    fundsFen: 0,
  }));
  const paying = checks.filter((c) => c.problemsFound > 0);
  let left = returnedFen;
  paying.forEach((c, i) => {
    c.fundsFen = i === paying.length - 1 ? left : Math.round(returnedFen / paying.length / 100) * 100;
    left -= c.fundsFen;
  });
  // Its staff who join 第九轮第一巡察组 (from 1 September) finish the special inspection alongside: concurrent.
  const onTheRound = new Set(Object.values(NINTH_ROUND_TEAM_ONE_STAFF));
  const concurrent = staff.filter((s) => onTheRound.has(s.id)).map((s) => ({ staffId: s.id, reason: '9月起抽调参加第九轮第一巡察组，专项整治收尾阶段兼任' }));
  return {
    id: demoId('special-inspection', 'allowances-2020'),
    theme: '乱发津补贴专项整治',
    startedOn: '2020-07-01',
    endedOn: '2020-09-30',
    staffIds: staff.map((s) => s.id),
    teams,
    concurrent,
    checks: checks.map(({ fundsFen, ...c }) => ({ ...c, fundsReturned: `${Math.floor(fundsFen / 100)}.${String(fundsFen % 100).padStart(2, '0')}` })),
  };
})();

void COMMISSION_LEADERS;
