import { builder } from '../builder.ts';
import type { CASE_STATUSES, CLUE_SOURCES, DISPOSAL_METHODS, HANDLER_KINDS, SANCTION_TYPES } from '../db/database.ts';

/** Enums shared by clue, case, unit and statistics types (kept apart so those files need not import each other). */

export const ClueSourceEnum = builder.enumType('ClueSource', {
  description: '线索来源 — Where a problem clue came from.',
  values: {
    PETITION: { description: '信访举报 — A petition.' },
    INSPECTION_TRANSFER: { description: '巡察移交 — Transferred by an inspection team (priority handling).' },
    STATIONED_GROUP: { description: '派驻纪检组 — A stationed group.' },
    AUDIT: { description: '审计 — An audit.' },
    JUDICIAL: { description: '司法机关 — Judicial organs.' },
    OTHER: { description: '其他 — Other.' },
  } satisfies Record<(typeof CLUE_SOURCES)[number], { description: string }>,
});

export const HandlerKindEnum = builder.enumType('ClueHandlerKind', {
  description: '承办主体类别 — What kind of body handles a clue.',
  values: {
    DEPARTMENT: { description: '纪检监察室等内设机构 — A commission department.' },
    STATIONED_GROUP: { description: '派驻纪检组 — A stationed group.' },
    ZONE: { description: '办案协作区 — A collaboration zone.' },
  } satisfies Record<(typeof HANDLER_KINDS)[number], { description: string }>,
});

export const DisposalMethodEnum = builder.enumType('DisposalMethod', {
  description: '线索处置方式（四类） — The four ways of disposing of a clue.',
  values: {
    INQUIRY_BY_TALK_OR_LETTER: { description: '谈话函询 — Inquiry by talk or letter.' },
    PRELIMINARY_VERIFICATION: { description: '初步核实 — Preliminary verification (the way to a case).' },
    SHELVED_PENDING_CHECK: { description: '暂存待查 — Shelved pending further checks (may be disposed again).' },
    CLOSED: { description: '予以了结 — Closed.' },
  } satisfies Record<(typeof DISPOSAL_METHODS)[number], { description: string }>,
});

export const CaseStatusEnum = builder.enumType('CaseStatus', {
  description: '案件阶段 — Stage of a case.',
  values: {
    FILED: { description: '已立案 — Filed.' },
    UNDER_INVESTIGATION: { description: '审查调查 — Under examination and investigation.' },
    UNDER_TRIAL: { description: '审理 — At trial in the trial office.' },
    CLOSED: { description: '已结案 — Closed.' },
  } satisfies Record<(typeof CASE_STATUSES)[number], { description: string }>,
});

export const SanctionTypeEnum = builder.enumType('SanctionType', {
  description: '处分种类 — Kind of sanction: party (党纪) or government (政务).',
  values: {
    PARTY_WARNING: { description: '党内警告 — Party warning.' },
    PARTY_SERIOUS_WARNING: { description: '党内严重警告 — Serious party warning.' },
    PARTY_REMOVAL_FROM_POST: { description: '撤销党内职务 — Removal from party post.' },
    PARTY_PROBATION: { description: '留党察看 — Party probation.' },
    PARTY_EXPULSION: { description: '开除党籍 — Expulsion from the party.' },
    GOV_WARNING: { description: '政务警告 — Government warning.' },
    GOV_DEMERIT: { description: '记过 — Demerit.' },
    GOV_MAJOR_DEMERIT: { description: '记大过 — Major demerit.' },
    GOV_DEMOTION: { description: '降级 — Demotion.' },
    GOV_DISMISSAL_FROM_POST: { description: '撤职 — Dismissal from post.' },
    GOV_EXPULSION: { description: '开除 — Expulsion from public employment.' },
  } satisfies Record<(typeof SANCTION_TYPES)[number], { description: string }>,
});

export const SanctionKindEnum = builder.enumType('SanctionKind', {
  description: '处分类别 — Party or government sanction.',
  values: { PARTY: { description: '党纪处分 — Party sanction.' }, GOVERNMENT: { description: '政务处分 — Government sanction.' } } as const,
});

export const PetitionCategoryEnum = builder.enumType('PetitionCategory', {
  description: '信访举报问题类别 — Category of the conduct a petition reports.',
  values: {
    POLITICAL_DISCIPLINE: { description: '违反政治纪律 — Breach of political discipline.' },
    ORGANIZATIONAL_DISCIPLINE: { description: '违反组织纪律 — Breach of organisational discipline.' },
    INTEGRITY: { description: '违反廉洁纪律 — Breach of integrity discipline.' },
    MASS_DISCIPLINE: { description: '违反群众纪律 — Breach of discipline towards the public.' },
    WORK_DISCIPLINE: { description: '违反工作纪律 — Breach of work discipline.' },
    LIFE_DISCIPLINE: { description: '违反生活纪律 — Breach of personal-conduct discipline.' },
    EIGHT_PROVISIONS: { description: '违反中央八项规定精神（其他） — Other breach of the eight-point rules.' },
    FORMALISM: { description: '四风：形式主义 — Four winds: formalism.' },
    BUREAUCRATISM: { description: '四风：官僚主义 — Four winds: bureaucratism.' },
    HEDONISM: { description: '四风：享乐主义 — Four winds: hedonism.' },
    EXTRAVAGANCE: { description: '四风：奢靡之风 — Four winds: extravagance.' },
    OTHER: { description: '其他 — Other.' },
  } as const,
});
