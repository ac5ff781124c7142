import { builder } from '../builder.ts';
import type { PetitionCount } from '../db/petitions.ts';

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
