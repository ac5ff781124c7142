import { createHash } from 'node:crypto';
import { makeUscc } from '@hub/core';

/**
 * 云溪区 — a fictional district. Its records are spread over the subgraphs that own them; ids are
 * derived from stable names so that loading twice changes nothing.
 */
export const DISTRICT = { name: '云溪区', division: '340499' } as const;

/** Deterministic UUID (version 5 layout) for a demo record, from its kind and a stable name. */
export function demoId(kind: string, name: string): string {
  const hex = createHash('sha1').update(`yunxi-demo:${kind}:${name}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

const organ = (body: string) => makeUscc('11', DISTRICT.division, body);
const institution = (body: string) => makeUscc('12', DISTRICT.division, body);
const village = (body: string) => makeUscc('54', DISTRICT.division, body);

export type DemoUnitKind =
  | 'DEPARTMENT_PARTY_GROUP'
  | 'TOWNSHIP_PARTY_COMMITTEE'
  | 'STREET_PARTY_WORKING_COMMITTEE'
  | 'VILLAGE'
  | 'PUBLIC_INSTITUTION';

export interface DemoUnit {
  code: string;
  name: string;
  kind: DemoUnitKind;
  level: 'DISTRICT' | 'TOWNSHIP' | 'VILLAGE';
  township: string | null;
  parentCode: string | null;
}

export const UNITS = {
  civilAffairs: { code: organ('MB001000'), name: '云溪区民政局党组', kind: 'DEPARTMENT_PARTY_GROUP', level: 'DISTRICT', township: null, parentCode: null },
  education: { code: organ('MB001001'), name: '云溪区教育体育局党组', kind: 'DEPARTMENT_PARTY_GROUP', level: 'DISTRICT', township: null, parentCode: null },
  donghu: { code: organ('MB002000'), name: '中共云溪区东湖镇委员会', kind: 'TOWNSHIP_PARTY_COMMITTEE', level: 'TOWNSHIP', township: '东湖镇', parentCode: null },
  xiling: { code: organ('MB002002'), name: '中共云溪区西岭镇委员会', kind: 'TOWNSHIP_PARTY_COMMITTEE', level: 'TOWNSHIP', township: '西岭镇', parentCode: null },
  nantang: { code: organ('MB002003'), name: '中共云溪区南塘街道工作委员会', kind: 'STREET_PARTY_WORKING_COMMITTEE', level: 'TOWNSHIP', township: '南塘街道', parentCode: null },
} satisfies Record<string, DemoUnit>;

const sub = {
  donghuElderlyCare: { code: institution('MB103001'), name: '云溪区东湖镇养老服务中心', kind: 'PUBLIC_INSTITUTION', level: 'TOWNSHIP', township: '东湖镇', parentCode: UNITS.donghu.code },
  liuying: { code: village('MB204001'), name: '东湖镇柳营村党总支', kind: 'VILLAGE', level: 'VILLAGE', township: '东湖镇', parentCode: UNITS.donghu.code },
  taoyuan: { code: village('MB204002'), name: '西岭镇桃园村党支部', kind: 'VILLAGE', level: 'VILLAGE', township: '西岭镇', parentCode: UNITS.xiling.code },
} satisfies Record<string, DemoUnit>;

export const ALL_UNITS: DemoUnit[] = [...Object.values(UNITS), ...Object.values(sub)];
export const SUB_UNITS = sub;

export interface DemoPetition {
  id: string;
  receivedOn: string;
  channel: 'LETTER' | 'VISIT' | 'PHONE' | 'ONLINE';
  category: string;
  named: boolean;
  subjectUnitCode: string;
  summary: string;
}

const petition = (n: number, p: Omit<DemoPetition, 'id'>): DemoPetition => ({ id: demoId('petition', String(n)), ...p });

export const PETITIONS: DemoPetition[] = [
  petition(1, { receivedOn: '2020-03-12', channel: 'ONLINE', category: 'HEDONISM', named: false, subjectUnitCode: UNITS.donghu.code, summary: '反映镇干部工作日午间饮酒' }),
  petition(2, { receivedOn: '2020-06-02', channel: 'LETTER', category: 'INTEGRITY', named: true, subjectUnitCode: sub.donghuElderlyCare.code, summary: '反映养老服务中心资金管理混乱' }),
  petition(3, { receivedOn: '2020-09-21', channel: 'PHONE', category: 'FORMALISM', named: false, subjectUnitCode: UNITS.donghu.code, summary: '反映镇村重复填报表格、迎检材料过多' }),
  petition(4, { receivedOn: '2021-04-08', channel: 'VISIT', category: 'HEDONISM', named: true, subjectUnitCode: UNITS.donghu.code, summary: '反映公车私用' }),
  petition(5, { receivedOn: '2021-05-17', channel: 'ONLINE', category: 'MASS_DISCIPLINE', named: false, subjectUnitCode: sub.liuying.code, summary: '反映村干部优亲厚友分配低保' }),
  petition(6, { receivedOn: '2021-07-30', channel: 'LETTER', category: 'BUREAUCRATISM', named: true, subjectUnitCode: UNITS.civilAffairs.code, summary: '反映救助申请长期不予答复' }),
];

export interface DemoStationedGroup {
  id: string;
  name: string;
  coverage: { unitCode: string; startOn: string }[];
}

export const STATIONED_GROUPS: DemoStationedGroup[] = [
  {
    id: demoId('stationed-group', '1'),
    name: '区纪委监委派驻第一纪检组',
    coverage: [
      { unitCode: UNITS.civilAffairs.code, startOn: '2019-03-01' },
      { unitCode: UNITS.education.code, startOn: '2019-03-01' },
    ],
  },
];
