import { paginate } from '@hub/core';
import { builder } from '../builder.ts';
import type { Petition } from '../db/database.ts';
import { countPetitions, listPetitions, petitionKey, type PetitionCount } from '../db/petitions.ts';

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

export const PetitionCountRef = builder.objectRef<PetitionCount>('PetitionCount').implement({
  description: '信访举报统计（按年度、类别） — Number of petitions about a unit in one year and category; no reporter data.',
  fields: (t) => ({
    year: t.exposeInt('year', { description: '受理年度 — Year received.' }),
    category: t.expose('category', { type: PetitionCategoryEnum, description: '问题类别 — Category.' }),
    count: t.exposeInt('count', { description: '件数 — Number of petitions.' }),
  }),
});

export const PetitionChannelEnum = builder.enumType('PetitionChannel', {
  description: '信访渠道 — How a petition arrived.',
  values: {
    LETTER: { description: '来信 — Letter.' },
    VISIT: { description: '来访 — Visit in person.' },
    PHONE: { description: '电话 — Telephone.' },
    ONLINE: { description: '网络（12388） — Online (12388).' },
  } as const,
});

/** Who may read petition content (DESIGN §6): the petition office, case management, leaders. */
export const PETITION_READERS = ['petition_officer', 'case_manager', 'leader'] as const;

export const PetitionRef = builder.objectRef<Petition>('Petition').implement({
  description: '信访举报 — A petition or report received by the commission. Content is need-to-know; every read is audited.',
  authScopes: { role: [...PETITION_READERS] },
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    receivedOn: t.expose('receivedOn', { type: 'Date', description: '受理日期 — Date received.' }),
    channel: t.expose('channel', { type: PetitionChannelEnum, description: '渠道 — Channel.' }),
    category: t.expose('category', { type: PetitionCategoryEnum, description: '问题类别 — Category.' }),
    named: t.exposeBoolean('named', { description: '是否实名 — Whether the reporter gave their name.' }),
    subjectUnitCode: t.expose('subjectUnitCode', { type: 'UnitCode', nullable: true, description: '被反映单位代码 — Code of the unit reported on.' }),
    summary: t.string({
      description: '反映内容摘要 — Summary of what is reported (audited read).',
      resolve: (petition, _args, ctx) => {
        ctx.audit.read('Petition', petition.id);
        return petition.summary;
      },
    }),
  }),
});

const PetitionFilterInput = builder.inputType('PetitionFilter', {
  description: '信访举报筛选 — Filter for petitions; all given conditions must hold.',
  fields: (t) => ({
    unitCode: t.field({ type: 'UnitCode', required: false, description: '被反映单位 — Unit reported on.' }),
    category: t.field({ type: PetitionCategoryEnum, required: false, description: '问题类别 — Category.' }),
    receivedFrom: t.field({ type: 'Date', required: false, description: '受理日期起（含） — Received on or after.' }),
    receivedTo: t.field({ type: 'Date', required: false, description: '受理日期止（含） — Received on or before.' }),
  }),
});

builder.queryFields((t) => ({
  petitions: t.connection({
    type: PetitionRef,
    description: '信访举报（按受理日期倒序） — Petitions, newest first; petition office, case management and leaders only.',
    authScopes: { role: [...PETITION_READERS] },
    args: { filter: t.arg({ type: PetitionFilterInput, required: false, description: '筛选条件 — Filter.' }) },
    resolve: (_root, args, ctx) => {
      const filter = args.filter ?? {};
      return paginate<Petition>(args, {
        key: petitionKey,
        fetch: (window) => listPetitions(ctx.db, filter, window),
        count: () => countPetitions(ctx.db, filter),
      });
    },
  }),
}));
