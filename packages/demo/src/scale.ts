import { makeUscc } from '@hub/core';
import { ALLOWANCE_INSPECTION, CASEWORK_2020 } from './casework.ts';
import {
  COMMISSION_DEPARTMENTS,
  COMMISSION_LEADERS,
  DISTRICT_STATIONED_GROUPS,
  DISTRICT_UNITS,
  DIVISION,
  PERSONS,
  STAFF,
  TOWNSHIPS,
  ZONES,
  type CommissionDepartment,
  type DistrictPerson,
  type DistrictUnit,
  type HomeBody,
} from './district.ts';
import { demoId } from './ids.ts';
import { PETITIONS, UNITS } from './index.ts';

/**
 * Synthetic districts for benchmarks (`npm run seed -- --scale N`): copy 0 is the demo district itself,
 * copies 1 … N−1 are the demo with every id, unit code and name remapped, so that N copies are N times
 * the demo, each internally consistent (a clue's subject is a person of the same copy, a case's clue is
 * the copy's clue, …). Ids are deterministic: a second run writes the same rows again.
 *
 * Besides the demo's own records, every copy carries its staff pool's history: stationed-group
 * memberships, and (copies ≥ 1) an inspection team drawn from the copy's own staff, deployments of
 * inspection staff to stationed work after the round, and one deployment that overlaps the round.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Name of copy k: the demo's 云溪区 for copy 0, 云溪k区 for the others. */
export const districtName = (k: number) => (k === 0 ? '云溪区' : `云溪${k}区`);

/** Organisation-code body of unit j of copy k: "YX", k in base 31 (3 characters), j (3 digits). */
function copyCode(k: number, unit: DistrictUnit, j: number): string {
  let n = k;
  let tag = '';
  for (let i = 0; i < 3; i++) {
    tag = CODE_CHARS[n % 31]! + tag;
    n = Math.floor(n / 31);
  }
  return makeUscc(unit.code.slice(0, 2), DIVISION, `YX${tag}${String(j).padStart(3, '0')}`);
}

export const MAX_SCALE = 31 ** 3 - 1;

interface Remap {
  id(value: string): string;
  code(value: string): string;
  township(value: string): string;
  text(value: string): string;
}

function remapFor(k: number): Remap {
  if (k === 0) return { id: (v) => v, code: (v) => v, township: (v) => v, text: (v) => v };
  const codes = new Map(DISTRICT_UNITS.map((u, j) => [u.code, copyCode(k, u, j)]));
  const district = districtName(k);
  return {
    id: (v) => demoId(`scale-${k}`, v),
    code: (v) => {
      const code = codes.get(v);
      if (!code) throw new Error(`demo district has no unit ${v}`);
      return code;
    },
    township: (v) => `${district}${v}`,
    text: (v) => v.replaceAll('云溪区', district),
  };
}

/** Deep copy with every UUID, unit code and district name remapped (dates and enum values kept). */
function remapDeep<T>(value: T, r: Remap, codes: ReadonlySet<string>): T {
  if (typeof value === 'string') {
    if (UUID.test(value)) return r.id(value) as T;
    if (codes.has(value)) return r.code(value) as T;
    return r.text(value) as T;
  }
  if (Array.isArray(value)) return value.map((v) => remapDeep(v, r, codes)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, remapDeep(v, r, codes)])) as T;
  }
  return value;
}

const DEMO_CODES: ReadonlySet<string> = new Set(DISTRICT_UNITS.map((u) => u.code));

export interface CopyStaff {
  id: string;
  name: string;
  homeBody: HomeBody;
  departmentId: string | null;
  /** 委领导 — a member of the commission's leadership. */
  commissionLeader: boolean;
}

export interface CopyZone {
  id: string;
  name: string;
  leaderStaffId: string;
  memberStaffIds: string[];
  townships: string[];
}

export interface CopyGroup {
  id: string;
  name: string;
  coverage: { unitCode: string; startOn: string }[];
  members: { staffId: string; role: 'LEADER' | 'MEMBER'; startOn: string }[];
}

/** A staff deployment (stationed's 人员调配), end exclusive. */
export interface CopyAssignment {
  id: string;
  staffId: string;
  kind: 'STATIONED_WORK' | 'INSPECTION_TEAM';
  groupId: string | null;
  inspectionTeamId: string | null;
  startOn: string;
  endOn: string;
  note: string;
  /** Why it runs at the same time as another body's assignment (同期兼任); absent when it overlaps none. */
  concurrentReason?: string;
}

/** The copy's inspection round (copies ≥ 1; copy 0's is the demo's own round). */
export interface CopyRound {
  roundId: string;
  teamId: string;
  members: {
    staffId: string;
    role: 'LEADER' | 'DEPUTY_LEADER' | 'MEMBER';
    homeBodyKind: 'INSPECTION_OFFICE' | 'COMMISSION_DEPARTMENT' | 'STATIONED_GROUP';
    homeBodyId: string | null;
    homeBodyName: string;
  }[];
  /** Inspected units: the copies of 东湖镇 and 柳营村. */
  donghuCode: string;
  liuyingCode: string;
  /** Persons named by the funds finding and responsible for rectification: 柳营村's secretary and clerk. */
  liuyingSecretaryId: string;
  liuyingClerkId: string;
  /** The office the clue is transferred to, and the commission leader at the feedback meetings. */
  receiverDepartmentId: string;
  leaderStaffId: string;
  briefingStaffIds: Record<'PETITION_OFFICE' | 'CONDUCT_OFFICE' | 'CASE_MANAGEMENT_OFFICE', string>;
}

export interface DistrictCopy {
  index: number;
  name: string;
  units: DistrictUnit[];
  departments: CommissionDepartment[];
  staff: CopyStaff[];
  zones: CopyZone[];
  persons: DistrictPerson[];
  petitions: (typeof PETITIONS)[number][];
  casework: typeof CASEWORK_2020;
  specialInspection: typeof ALLOWANCE_INSPECTION;
  groups: CopyGroup[];
  round: CopyRound | null;
  assignments: CopyAssignment[];
}

/**
 * The copy's special inspection: its staff who also serve on the copy's round (from 1 September, the
 * inspection's last month) are marked concurrent, as in the demo.
 */
function copySpecialInspection(special: typeof ALLOWANCE_INSPECTION, round: CopyRound | null): typeof ALLOWANCE_INSPECTION {
  const base = { ...special, theme: ALLOWANCE_INSPECTION.theme };
  if (!round) return base;
  const onTheRound = new Set(round.members.map((m) => m.staffId));
  const reason = ALLOWANCE_INSPECTION.concurrent[0]?.reason ?? '同期参加巡察组，专项整治收尾阶段兼任';
  return { ...base, concurrent: special.staffIds.filter((id) => onTheRound.has(id)).map((staffId) => ({ staffId, reason })) };
}

/** Copy k of the demo district (k = 0: the demo itself, with its staff pool history). */
export function districtCopy(k: number): DistrictCopy {
  if (!Number.isInteger(k) || k < 0 || k > MAX_SCALE) throw new Error(`copy index must be an integer from 0 to ${MAX_SCALE}`);
  const r = remapFor(k);
  const deep = <T>(value: T): T => remapDeep(value, r, DEMO_CODES);
  const district = districtName(k);
  const prefixed = (name: string) => (k === 0 ? name : `${district}${name}`);

  const units = DISTRICT_UNITS.map((u) => ({
    ...u,
    code: r.code(u.code),
    parentCode: u.parentCode ? r.code(u.parentCode) : null,
    township: u.township ? r.township(u.township) : null,
    name: u.name.includes('云溪区') ? r.text(u.name) : prefixed(u.name),
  }));
  const departments = COMMISSION_DEPARTMENTS.map((d) => ({ ...d, id: r.id(d.id), name: prefixed(d.name) }));
  const office = departments.find((d) => d.kind === 'OTHER')!;
  const staff: CopyStaff[] = [
    ...COMMISSION_LEADERS.map((l) => ({ id: r.id(l.id), name: l.name, homeBody: 'DISCIPLINE' as const, departmentId: office.id, commissionLeader: true })),
    ...STAFF.map((s) => ({
      id: r.id(s.id),
      name: s.name,
      homeBody: s.homeBody,
      departmentId: s.departmentId ? r.id(s.departmentId) : null,
      commissionLeader: false,
    })),
  ];
  const zones = ZONES.map((z) => ({
    id: r.id(z.id),
    name: prefixed(z.name),
    leaderStaffId: r.id(COMMISSION_LEADERS.find((l) => l.name === z.leaderName)!.id),
    memberStaffIds: z.memberStaffIds.map(r.id),
    townships: z.townships.map(r.township),
  }));
  const persons = PERSONS.map((p) => ({ ...p, id: r.id(p.id), unitCode: r.code(p.unitCode) }));
  const groups: CopyGroup[] = DISTRICT_STATIONED_GROUPS.map((g) => ({
    id: r.id(g.id),
    name: prefixed(g.name),
    coverage: g.unitCodes.map((code) => ({ unitCode: r.code(code), startOn: '2019-03-01' })),
    members: g.memberStaffIds.map((staffId, i) => ({
      staffId: r.id(staffId),
      role: i === 0 ? ('LEADER' as const) : ('MEMBER' as const),
      startOn: '2019-03-01',
    })),
  }));

  const inspectionStaff = STAFF.filter((s) => s.homeBody === 'INSPECTION');
  const officeStaff = (name: string, index = 0) => STAFF.filter((s) => s.departmentId === demoId('department', name))[index]!;
  const round: CopyRound | null =
    k === 0
      ? null
      : {
          roundId: r.id(demoId('inspection-round', '2020-9')),
          teamId: r.id(demoId('inspection-team', '2020-9-1')),
          members: [
            { staffId: r.id(inspectionStaff[1]!.id), role: 'LEADER', homeBodyKind: 'INSPECTION_OFFICE', homeBodyId: null, homeBodyName: `${district}委巡察办` },
            {
              staffId: r.id(officeStaff('第二纪检监察室', 1).id),
              role: 'DEPUTY_LEADER',
              homeBodyKind: 'COMMISSION_DEPARTMENT',
              homeBodyId: r.id(demoId('department', '第二纪检监察室')),
              homeBodyName: prefixed('第二纪检监察室'),
            },
            {
              staffId: r.id(DISTRICT_STATIONED_GROUPS[0]!.memberStaffIds[1]!),
              role: 'MEMBER',
              homeBodyKind: 'STATIONED_GROUP',
              homeBodyId: groups[0]!.id,
              homeBodyName: groups[0]!.name,
            },
            { staffId: r.id(inspectionStaff[4]!.id), role: 'MEMBER', homeBodyKind: 'INSPECTION_OFFICE', homeBodyId: null, homeBodyName: `${district}委巡察办` },
            { staffId: r.id(inspectionStaff[5]!.id), role: 'MEMBER', homeBodyKind: 'INSPECTION_OFFICE', homeBodyId: null, homeBodyName: `${district}委巡察办` },
          ],
          donghuCode: r.code(UNITS.donghu.code),
          liuyingCode: r.code(UNITS.liuying.code),
          liuyingSecretaryId: r.id(PERSONS.find((p) => p.unitCode === UNITS.liuying.code)!.id),
          liuyingClerkId: r.id(PERSONS.filter((p) => p.unitCode === UNITS.liuying.code)[1]!.id),
          receiverDepartmentId: r.id(demoId('department', '第二纪检监察室')),
          leaderStaffId: r.id(COMMISSION_LEADERS[1].id),
          briefingStaffIds: {
            PETITION_OFFICE: r.id(officeStaff('信访室').id),
            CONDUCT_OFFICE: r.id(officeStaff('党风政风监督室').id),
            CASE_MANAGEMENT_OFFICE: r.id(officeStaff('案件监督管理室').id),
          },
        };

  // Inspection staff without an inspection task work for the stationed groups (2021, after the round).
  const assignments: CopyAssignment[] = inspectionStaff.slice(6).map((s, i) => ({
    id: r.id(demoId('staff-assignment', `stationed-work-2021-${i}`)),
    staffId: r.id(s.id),
    kind: 'STATIONED_WORK',
    groupId: groups[i % groups.length]!.id,
    inspectionTeamId: null,
    startOn: '2021-01-04',
    endOn: '2021-07-01',
    note: '无巡察任务期间参加派驻监督',
  }));
  if (round) {
    // The stationed member on the team is lent for the round; a team member is also put on stationed
    // work before the round ends (an overlap the staff pool shows).
    assignments.push({
      id: r.id(demoId('staff-assignment', 'team-loan-2020')),
      staffId: round.members[2]!.staffId,
      kind: 'INSPECTION_TEAM',
      groupId: groups[0]!.id,
      inspectionTeamId: round.teamId,
      startOn: '2020-09-01',
      endOn: '2021-01-01',
      note: '抽调参加第九轮巡察',
    });
    assignments.push({
      id: r.id(demoId('staff-assignment', 'stationed-work-2020-12')),
      staffId: round.members[4]!.staffId,
      kind: 'STATIONED_WORK',
      groupId: groups[1]!.id,
      inspectionTeamId: null,
      startOn: '2020-12-01',
      endOn: '2021-03-01',
      note: '参加派驻监督',
      concurrentReason: '巡察报告阶段兼顾派驻监督工作',
    });
  }

  return {
    index: k,
    name: district,
    units,
    departments,
    staff,
    zones,
    persons,
    petitions: deep(PETITIONS),
    casework: deep(CASEWORK_2020),
    specialInspection: copySpecialInspection(deep(ALLOWANCE_INSPECTION), round),
    groups,
    round,
    assignments,
  };
}

/** Sizes of one copy, for progress reporting and tests. */
export const DEMO_SIZE = {
  units: DISTRICT_UNITS.length,
  townships: TOWNSHIPS.length,
  staff: STAFF.length + COMMISSION_LEADERS.length,
  persons: PERSONS.length,
} as const;
