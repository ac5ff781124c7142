import { DISTRICT_STATIONED_GROUPS, DISTRICT_UNITS, type DistrictUnit, unitByName } from './district.ts';
import { demoId } from './ids.ts';

export * from './district.ts';
export { demoId } from './ids.ts';
export { DISTINCT_NAMES, personName } from './names.ts';

/** 云溪区 — the fictional demo district. */
export const DISTRICT = { name: '云溪区', division: '340499' } as const;

export type DemoUnit = DistrictUnit;
export const ALL_UNITS: DemoUnit[] = DISTRICT_UNITS;

/** Units the demo's stories are about. */
export const UNITS = {
  civilAffairs: unitByName('云溪区民政局党组'),
  education: unitByName('云溪区教育体育局党组'),
  donghu: unitByName('中共云溪区东湖镇委员会'),
  xiling: unitByName('中共云溪区西岭镇委员会'),
  nantang: unitByName('中共云溪区南塘街道工作委员会'),
  donghuElderlyCare: unitByName('云溪区东湖镇养老服务中心'),
  liuying: unitByName('东湖镇柳营村党总支'),
  taoyuan: unitByName('西岭镇桃园村党总支'),
};

export interface DemoPetition {
  id: string;
  receivedOn: string;
  channel: 'LETTER' | 'VISIT' | 'PHONE' | 'ONLINE';
  category: string;
  named: boolean;
  subjectUnitCode: string;
  summary: string;
  /** 告知实名举报人日期 — some late on purpose: the demo shows what is overdue. */
  acknowledgedOn?: string | null;
}

const petition = (n: number, p: Omit<DemoPetition, 'id'>): DemoPetition => ({ id: demoId('petition', String(n)), ...p });

export const PETITIONS: DemoPetition[] = [
  petition(1, {
    receivedOn: '2020-03-12',
    channel: 'ONLINE',
    category: 'HEDONISM',
    named: false,
    subjectUnitCode: UNITS.donghu.code,
    summary: '反映镇干部工作日午间饮酒',
  }),
  petition(2, {
    receivedOn: '2020-06-02',
    channel: 'LETTER',
    category: 'INTEGRITY',
    named: true,
    subjectUnitCode: UNITS.donghuElderlyCare.code,
    summary: '反映养老服务中心资金管理混乱',
    acknowledgedOn: '2020-07-10',
  }),
  petition(3, {
    receivedOn: '2020-09-21',
    channel: 'PHONE',
    category: 'FORMALISM',
    named: false,
    subjectUnitCode: UNITS.donghu.code,
    summary: '反映镇村重复填报表格、迎检材料过多',
  }),
  petition(4, {
    receivedOn: '2021-04-08',
    channel: 'VISIT',
    category: 'HEDONISM',
    named: true,
    subjectUnitCode: UNITS.donghu.code,
    summary: '反映公车私用',
    acknowledgedOn: '2021-05-12',
  }),
  petition(5, {
    receivedOn: '2021-05-17',
    channel: 'ONLINE',
    category: 'MASS_DISCIPLINE',
    named: false,
    subjectUnitCode: UNITS.liuying.code,
    summary: '反映村干部优亲厚友分配低保',
  }),
  petition(6, {
    receivedOn: '2021-07-30',
    channel: 'LETTER',
    category: 'BUREAUCRATISM',
    named: true,
    subjectUnitCode: UNITS.civilAffairs.code,
    summary: '反映救助申请长期不予答复',
    acknowledgedOn: '2021-08-13',
  }),
];

export interface DemoStationedGroup {
  id: string;
  name: string;
  coverage: { unitCode: string; startOn: string }[];
}

/** 综合派驻 since the reform of March 2019. */
export const STATIONED_GROUPS: DemoStationedGroup[] = DISTRICT_STATIONED_GROUPS.map((group) => ({
  id: group.id,
  name: group.name,
  coverage: group.unitCodes.map((unitCode) => ({ unitCode, startOn: '2019-03-01' })),
}));
export * from './casework.ts';
export * from './story.ts';
