import { makeUscc } from '@hub/core';
import { demoId } from './ids.ts';
import { personName } from './names.ts';

/**
 * 云溪区 — the fictional district of the demo: twelve townships and streets, district departments,
 * villages and communities, public institutions, the commission's departments and staff pool,
 * stationed groups covering the departments, and the east and west case-collaboration zones.
 * Everything here is plain data; each subgraph's demo loader writes the part it owns.
 */

export const DIVISION = '340499';

export type UnitKind = 'DEPARTMENT_PARTY_GROUP' | 'TOWNSHIP_PARTY_COMMITTEE' | 'STREET_PARTY_WORKING_COMMITTEE' | 'VILLAGE' | 'PUBLIC_INSTITUTION';
export type UnitLevel = 'DISTRICT' | 'TOWNSHIP' | 'VILLAGE';

export interface DistrictUnit {
  code: string;
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  township: string | null;
  parentCode: string | null;
}

/** Organisation-code bodies are derived from a tag and a number, so codes are stable and valid. */
function code(prefix: '11' | '12' | '54', tag: string, n: number): string {
  return makeUscc(prefix, DIVISION, `${tag}${String(n).padStart(8 - tag.length, '0')}`);
}

export const TOWNSHIPS = [
  { name: '东湖镇', street: false, zone: 'east', villages: ['柳营村', '湖滨村', '双桥村'], institution: '养老服务中心' },
  { name: '北山镇', street: false, zone: 'east', villages: ['石门村', '松岭村', '北坡村'], institution: '农业综合服务站' },
  { name: '青石镇', street: false, zone: 'east', villages: ['青石村', '下河村'], institution: '便民服务中心' },
  { name: '南塘街道', street: true, zone: 'east', villages: ['南塘社区', '新华社区'], institution: '社区卫生服务中心' },
  { name: '城关街道', street: true, zone: 'east', villages: ['府前社区', '鼓楼社区', '东门社区'], institution: '便民服务中心' },
  { name: '金桥街道', street: true, zone: 'east', villages: ['金桥社区', '滨江社区'], institution: '社区卫生服务中心' },
  { name: '西岭镇', street: false, zone: 'west', villages: ['桃园村', '西岭村', '杏花村'], institution: '养老服务中心' },
  { name: '柳河镇', street: false, zone: 'west', villages: ['柳河村', '河口村'], institution: '农业综合服务站' },
  { name: '桃源镇', street: false, zone: 'west', villages: ['桃源村', '竹林村', '高庄村'], institution: '便民服务中心' },
  { name: '白马镇', street: false, zone: 'west', villages: ['白马村', '马场村'], institution: '养老服务中心' },
  { name: '龙泉镇', street: false, zone: 'west', villages: ['龙泉村', '泉水村', '上湾村'], institution: '农业综合服务站' },
  { name: '新集镇', street: false, zone: 'west', villages: ['新集村', '集北村'], institution: '便民服务中心' },
] as const;

export const DEPARTMENTS = [
  '民政局',
  '教育体育局',
  '财政局',
  '人力资源和社会保障局',
  '自然资源和规划局',
  '住房和城乡建设局',
  '交通运输局',
  '农业农村局',
  '水利局',
  '卫生健康委员会',
  '市场监督管理局',
  '应急管理局',
  '医疗保障局',
  '文化旅游体育局',
  '城市管理局',
  '审计局',
  '统计局',
  '退役军人事务局',
] as const;

function buildUnits(): DistrictUnit[] {
  const units: DistrictUnit[] = [];
  DEPARTMENTS.forEach((dept, i) => {
    units.push({
      code: code('11', 'MB0', 1000 + i),
      name: `云溪区${dept}党组`,
      kind: 'DEPARTMENT_PARTY_GROUP',
      level: 'DISTRICT',
      township: null,
      parentCode: null,
    });
  });
  TOWNSHIPS.forEach((town, t) => {
    const townCode = code('11', 'MB0', 2000 + t);
    units.push({
      code: townCode,
      name: town.street ? `中共云溪区${town.name}工作委员会` : `中共云溪区${town.name}委员会`,
      kind: town.street ? 'STREET_PARTY_WORKING_COMMITTEE' : 'TOWNSHIP_PARTY_COMMITTEE',
      level: 'TOWNSHIP',
      township: town.name,
      parentCode: null,
    });
    units.push({
      code: code('12', 'MB1', 3000 + t),
      name: `云溪区${town.name}${town.institution}`,
      kind: 'PUBLIC_INSTITUTION',
      level: 'TOWNSHIP',
      township: town.name,
      parentCode: townCode,
    });
    town.villages.forEach((village, v) => {
      const isCommunity = village.endsWith('社区');
      units.push({
        code: code('54', 'MB2', 4000 + t * 10 + v),
        name: `${town.name}${village}${isCommunity ? '党委' : '党总支'}`,
        kind: 'VILLAGE',
        level: 'VILLAGE',
        township: town.name,
        parentCode: townCode,
      });
    });
  });
  return units;
}

export const DISTRICT_UNITS: DistrictUnit[] = buildUnits();

export const unitByName = (name: string): DistrictUnit => {
  const unit = DISTRICT_UNITS.find((u) => u.name === name);
  if (!unit) throw new Error(`demo district has no unit named ${name}`);
  return unit;
};

// ─── The commission ─────────────────────────────────────────────────────────────────────────────

export type CommissionDepartmentKind =
  | 'PETITION_OFFICE'
  | 'CONDUCT_SUPERVISION'
  | 'CASE_MANAGEMENT'
  | 'CASE_TRIAL'
  | 'SUPERVISION_OFFICE'
  | 'TOWNSHIP_COMMISSION'
  | 'OTHER';

export interface CommissionDepartment {
  id: string;
  name: string;
  kind: CommissionDepartmentKind;
}

const dept = (name: string, kind: CommissionDepartmentKind): CommissionDepartment => ({ id: demoId('department', name), name, kind });

export const COMMISSION_DEPARTMENTS: CommissionDepartment[] = [
  dept('办公室', 'OTHER'),
  dept('信访室', 'PETITION_OFFICE'),
  dept('党风政风监督室', 'CONDUCT_SUPERVISION'),
  dept('案件监督管理室', 'CASE_MANAGEMENT'),
  dept('案件审理室', 'CASE_TRIAL'),
  dept('第一纪检监察室', 'SUPERVISION_OFFICE'),
  dept('第二纪检监察室', 'SUPERVISION_OFFICE'),
  dept('第三纪检监察室', 'SUPERVISION_OFFICE'),
  dept('第四纪检监察室', 'SUPERVISION_OFFICE'),
  ...TOWNSHIPS.map((t) => dept(`${t.name}纪${t.street ? '工委' : '委'}`, 'TOWNSHIP_COMMISSION')),
];

export type HomeBody = 'DISCIPLINE' | 'INSPECTION' | 'STATIONED' | 'FINANCE' | 'OTHER';

export interface StaffMember {
  id: string;
  name: string;
  homeBody: HomeBody;
  /** Commission department (for DISCIPLINE staff), or null. */
  departmentId: string | null;
  /** Stationed group (for STATIONED staff), or null. */
  stationedGroupIndex: number | null;
  title: string;
}

export const STATIONED_GROUP_COUNT = 6;

function buildStaff(): StaffMember[] {
  const staff: StaffMember[] = [];
  let n = 0;
  const add = (homeBody: HomeBody, title: string, departmentId: string | null = null, stationedGroupIndex: number | null = null) => {
    const index = n++;
    staff.push({ id: demoId('staff', String(index)), name: personName(1000 + index), homeBody, departmentId, stationedGroupIndex, title });
  };
  for (const d of COMMISSION_DEPARTMENTS) {
    const size = d.kind === 'TOWNSHIP_COMMISSION' ? 2 : d.kind === 'SUPERVISION_OFFICE' ? 4 : 3;
    for (let i = 0; i < size; i++)
      add(
        'DISCIPLINE',
        i === 0 ? (d.kind === 'TOWNSHIP_COMMISSION' ? '纪委书记' : '主任') : i === 1 && d.kind === 'TOWNSHIP_COMMISSION' ? '纪委副书记' : '干部',
        d.id,
      );
  }
  for (let i = 0; i < 12; i++) add('INSPECTION', i === 0 ? '巡察办主任' : i < 4 ? '巡察组组长' : '巡察干部');
  for (let g = 0; g < STATIONED_GROUP_COUNT; g++) for (let i = 0; i < 3; i++) add('STATIONED', i === 0 ? '组长' : '干部', null, g);
  for (let i = 0; i < 3; i++) add('FINANCE', '财政局干部');
  // 抽调参加巡察的区教育体育局干部 (第一巡察组组员三): in the staff pool like every team member.
  add('OTHER', '区教育体育局干部');
  return staff;
}

export const STAFF: StaffMember[] = buildStaff();

export const COMMISSION_LEADERS = [
  { id: demoId('leader', 'secretary'), name: personName(3), title: '区委常委、区纪委书记、区监委主任' },
  { id: demoId('leader', 'deputy-1'), name: personName(4), title: '区纪委副书记、区监委副主任' },
  { id: demoId('leader', 'standing-east'), name: personName(5), title: '区纪委常委（东区协作区组长）' },
  { id: demoId('leader', 'standing-west'), name: personName(6), title: '区纪委常委（西区协作区组长）' },
] as const;

// ─── Stationed groups and collaboration zones ───────────────────────────────────────────────────

export interface DistrictStationedGroup {
  id: string;
  name: string;
  leaderStaffId: string;
  memberStaffIds: string[];
  unitCodes: string[];
}

const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 综合派驻: six groups, each overseeing three district departments. */
export const DISTRICT_STATIONED_GROUPS: DistrictStationedGroup[] = Array.from({ length: STATIONED_GROUP_COUNT }, (_, g) => {
  const members = STAFF.filter((s) => s.stationedGroupIndex === g);
  return {
    id: g === 0 ? demoId('stationed-group', '1') : demoId('stationed-group', String(g + 1)),
    name: `区纪委监委派驻第${CHINESE_ORDINALS[g]}纪检组`,
    leaderStaffId: members[0]!.id,
    memberStaffIds: members.map((m) => m.id),
    unitCodes: DISTRICT_UNITS.filter((u) => u.kind === 'DEPARTMENT_PARTY_GROUP')
      .slice(g * 3, g * 3 + 3)
      .map((u) => u.code),
  };
});

export interface DistrictZone {
  id: string;
  name: string;
  leaderName: string;
  townships: string[];
  memberStaffIds: string[];
}

function zone(key: 'east' | 'west', name: string, leaderName: string): DistrictZone {
  const townships: string[] = TOWNSHIPS.filter((t) => t.zone === key).map((t) => t.name);
  const townshipCommissions = COMMISSION_DEPARTMENTS.filter((d) => d.kind === 'TOWNSHIP_COMMISSION' && townships.some((t) => d.name.startsWith(t)));
  const offices = COMMISSION_DEPARTMENTS.filter((d) => d.kind === 'SUPERVISION_OFFICE').slice(key === 'east' ? 0 : 2, key === 'east' ? 2 : 4);
  // Supervision-office staff and each township commission's deputy secretary work in the zone.
  const members = [
    ...STAFF.filter((s) => offices.some((o) => o.id === s.departmentId) && s.title === '干部').slice(0, 4),
    ...STAFF.filter((s) => townshipCommissions.some((c) => c.id === s.departmentId) && s.title === '纪委副书记'),
  ];
  return { id: demoId('zone', key), name, leaderName, townships, memberStaffIds: members.map((m) => m.id) };
}

export const ZONES: DistrictZone[] = [zone('east', '东区办案协作区', COMMISSION_LEADERS[2].name), zone('west', '西区办案协作区', COMMISSION_LEADERS[3].name)];

// ─── Cadres (subjects) ──────────────────────────────────────────────────────────────────────────

export type RankLevel = 'VILLAGE' | 'STOCK' | 'SECTION' | 'DIVISION' | 'OTHER';

export interface DistrictPerson {
  id: string;
  name: string;
  unitCode: string;
  post: string;
  rankLevel: RankLevel;
  partyMember: boolean;
}

function buildPersons(): DistrictPerson[] {
  const persons: DistrictPerson[] = [];
  let n = 0;
  const add = (unit: DistrictUnit, post: string, rankLevel: RankLevel, partyMember = true) => {
    const index = n++;
    persons.push({ id: demoId('person', String(index)), name: personName(5000 + index), unitCode: unit.code, post, rankLevel, partyMember });
  };
  for (const unit of DISTRICT_UNITS) {
    switch (unit.kind) {
      case 'DEPARTMENT_PARTY_GROUP':
        add(unit, '党组书记、局长', 'SECTION');
        add(unit, '党组成员、副局长', 'SECTION');
        add(unit, '财务股股长', 'STOCK');
        add(unit, '办公室主任', 'STOCK', false);
        break;
      case 'TOWNSHIP_PARTY_COMMITTEE':
      case 'STREET_PARTY_WORKING_COMMITTEE':
        add(unit, '党委书记', 'SECTION');
        add(unit, unit.kind === 'TOWNSHIP_PARTY_COMMITTEE' ? '党委副书记、镇长' : '党工委副书记、办事处主任', 'SECTION');
        add(unit, '党委委员、副镇长', 'SECTION');
        add(unit, '财政所所长', 'STOCK');
        break;
      case 'PUBLIC_INSTITUTION':
        add(unit, '主任', 'STOCK');
        add(unit, '会计', 'OTHER', false);
        break;
      case 'VILLAGE':
        add(unit, '党组织书记、村（居）委会主任', 'VILLAGE');
        add(unit, '村（居）委会委员、报账员', 'VILLAGE');
        break;
    }
  }
  return persons;
}

export const PERSONS: DistrictPerson[] = buildPersons();
