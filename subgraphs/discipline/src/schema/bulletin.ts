import {
  checkYear,
  DATE_ID_KEY,
  idOrRefuse,
  inTransaction,
  isUuid,
  notInFuture,
  optionalText,
  pageKey,
  paginate,
  payloadType,
  references,
  refuse,
  requireText,
  bilingual,
} from '@hub/core';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { caseFiguresInPeriod, countBulletins, countPetitionsInPeriod, findFirstDepartmentOfKind, insertBulletin, listBulletins } from '../db/bulletins.ts';
import type { BULLETIN_ISSUERS, BULLETIN_KINDS, BULLETIN_RECIPIENT_KINDS, Bulletin, BulletinFigure, BulletinKind, BulletinMaterial } from '../db/database.ts';
import { findDepartmentsByIds } from '../db/reference.ts';
import {
  BULLETIN_ISSUER,
  type BulletinRecipientRef,
  caseStatusFigures,
  fourWindsFigures,
  GENERATED_FIGURE_KINDS,
  INSPECTION_FIGURE_PREFIX,
  inspectionReportFigures,
  OWNER_GENERATED_FIGURE_KINDS,
  petitionAnalysisFigures,
  TARGETED_RECIPIENT_KINDS,
} from '../domain/bulletins.ts';
import { fetchInspectionPeriodFigures } from '../inspection-figures.ts';
import { issueBulletin, readBulletin, readBulletinList, readBulletinReceipts, viewerBulletinReach } from '../policy.ts';
import { DepartmentRef, StaffRef } from './reference.ts';

// ─── 定期通报 ───────────────────────────────────────────────────────────────────────────────────

export const BulletinKindEnum = builder.enumType('BulletinKind', {
  description: '通报类别 — Kind of periodic bulletin; each kind has one issuing body.',
  values: {
    PETITION_ANALYSIS: { description: '信访举报整体分析（信访室） — Analysis of petitions (petition office).' },
    FOUR_WINDS_ANALYSIS: { description: '纠治“四风”分析报告（党风政风监督室） — Analysis of four-winds problems (conduct supervision office).' },
    CASE_STATUS: { description: '案件查处情况（案件监督管理室） — Case status (case management office).' },
    INSPECTION_REPORT: {
      description:
        "巡察情况报备材料（巡察办，区委书记专题会听取巡察情况汇报） — Inspection report material of the party secretary's meeting (inspection office).",
    },
  } satisfies Record<(typeof BULLETIN_KINDS)[number], { description: string }>,
});

const BulletinIssuerEnum = builder.enumType('BulletinIssuer', {
  description: '印发机构 — The body that issued a bulletin.',
  values: {
    PETITION_OFFICE: { description: '信访室 — Petition office.' },
    CONDUCT_SUPERVISION: { description: '党风政风监督室 — Conduct supervision office.' },
    CASE_MANAGEMENT: { description: '案件监督管理室 — Case management office.' },
    INSPECTION_OFFICE: { description: '巡察办 — Inspection office.' },
  } satisfies Record<(typeof BULLETIN_ISSUERS)[number], { description: string }>,
});

const BulletinRecipientKindEnum = builder.enumType('BulletinRecipientKind', {
  description: '通报对象种类 — What a recipient names: one registry body, or a whole force.',
  values: {
    DEPARTMENT: { description: '区纪委监委某一部门（含镇街纪委） — One commission department (township commissions included).' },
    STATIONED_GROUP: { description: '某一派驻纪检组 — One stationed group (id in the stationed subgraph).' },
    INSPECTION_TEAM: { description: '某一巡察组 — One inspection team (id in the inspection subgraph).' },
    INSPECTION_OFFICE: { description: '巡察机构（巡察办及各巡察组） — The inspection office and all its teams.' },
    ALL_DEPARTMENTS: { description: '区纪委监委各部门 — Every commission department.' },
    ALL_STATIONED_GROUPS: { description: '各派驻纪检组 — Every stationed group.' },
  } satisfies Record<(typeof BULLETIN_RECIPIENT_KINDS)[number], { description: string }>,
});

const BulletinRecipientRefType = builder.objectRef<BulletinRecipientRef>('BulletinRecipient').implement({
  description: '通报对象 — A body a bulletin was sent to; its members read the bulletin.',
  fields: (t) => ({
    kind: t.expose('kind', { type: BulletinRecipientKindEnum, description: '种类 — Kind.' }),
    targetId: t.exposeID('targetId', {
      nullable: true,
      description: '对象编号（部门、派驻纪检组或巡察组） — Id of the department, stationed group or inspection team; null for a whole force.',
    }),
    department: t.field({
      type: DepartmentRef,
      nullable: true,
      description: '部门（种类为部门时） — The department, for a department recipient.',
      resolve: (r, _a, ctx) => (r.kind === 'DEPARTMENT' && r.targetId ? ctx.loaders.departmentById.load(r.targetId) : null),
    }),
  }),
});

const BulletinFigureRef = builder.objectRef<BulletinFigure>('BulletinFigure').implement({
  description: '通报数字 — One structured figure of a bulletin: a count or an amount in yuan.',
  fields: (t) => ({
    key: t.exposeString('key', { description: '指标代码（如 petitions.total） — Machine key of the figure (e.g. petitions.total).' }),
    label: t.exposeString('label', { description: '指标名称 — Label.' }),
    count: t.exposeInt('count', { nullable: true, description: '数量 — Count, for a counted figure.' }),
    amount: t.expose('amount', { type: 'Money', nullable: true, description: '金额（元） — Amount in yuan, for a money figure.' }),
    unit: t.exposeString('unit', { description: '单位（件、人、元…） — Unit of the figure.' }),
  }),
});

const BulletinMaterialRef = builder.objectRef<BulletinMaterial>('BulletinMaterial').implement({
  description: '通报材料 — A reference to material shared with a bulletin; the file itself is kept by its holder (files are not stored in the hub).',
  fields: (t) => ({
    title: t.exposeString('title', { description: '材料名称 — Title.' }),
    reference: t.exposeString('reference', { description: '文号或存档号 — Document or archive reference.' }),
    heldBy: t.exposeString('heldBy', { description: '保管单位 — Body holding the file.' }),
  }),
});

interface BulletinReadReceipt {
  staffId: string;
  roles: string[];
  firstReadAt: Date;
}

const BulletinReadReceiptRef = builder.objectRef<BulletinReadReceipt>('BulletinReadReceipt').implement({
  description: "阅知记录 — Who read a bulletin's content, and when first (from the audit log).",
  fields: (t) => ({
    staffId: t.exposeID('staffId', { description: '阅读人编号 — Staff id of the reader.' }),
    staff: t.field({
      type: StaffRef,
      nullable: true,
      description: '阅读人 — The reader, if in the staff pool.',
      resolve: (r, _a, ctx) => (isUuid(r.staffId) ? ctx.loaders.staffById.load(r.staffId) : null),
    }),
    roles: t.exposeStringList('roles', { description: '阅读时的角色 — Roles at the time of reading.' }),
    firstReadAt: t.expose('firstReadAt', { type: 'DateTime', description: '首次阅读时间 — First read at.' }),
  }),
});

/** Reading a bulletin's content is recorded: the audit log is its read receipt. */
function readContent<T>(bulletin: Bulletin, ctx: Context, value: T): T {
  ctx.audit.read('Bulletin', bulletin.id);
  return value;
}

export const BulletinRef = builder.objectRef<Bulletin>('Bulletin').implement({
  description: '定期通报 — A periodic bulletin shared among the supervision bodies: readable by leaders, the issuing body and its recipients.',
  authScopes: readBulletin,
  fields: (t) => ({
    id: t.exposeID('id', { description: '编号 — Identifier.' }),
    kind: t.expose('kind', { type: BulletinKindEnum, description: '类别 — Kind.' }),
    title: t.exposeString('title', { description: '标题 — Title.' }),
    periodStart: t.expose('periodStart', { type: 'Date', description: '统计期起 — Period start.' }),
    periodEnd: t.expose('periodEnd', { type: 'Date', description: '统计期止 — Period end.' }),
    issuedOn: t.expose('issuedOn', { type: 'Date', description: '印发日期 — Date issued.' }),
    issuer: t.expose('issuerBody', { type: BulletinIssuerEnum, description: '印发机构 — Issuing body.' }),
    issuerDepartment: t.field({
      type: DepartmentRef,
      nullable: true,
      description: '印发部门（巡察办印发时为空） — Issuing department; null when 巡察办 issued it.',
      resolve: (b, _a, ctx) => (b.issuerDepartmentId ? ctx.loaders.departmentById.load(b.issuerDepartmentId) : null),
    }),
    issuedBy: t.field({
      type: StaffRef,
      nullable: true,
      description: '签发人 — Staff member who issued it (unknown for bulletins recorded before).',
      resolve: (b, _a, ctx) => (b.issuedByStaffId && isUuid(b.issuedByStaffId) ? ctx.loaders.staffById.load(b.issuedByStaffId) : null),
    }),
    recipients: t.field({
      type: [BulletinRecipientRefType],
      description: '通报对象（名录中的机构） — Recipients from the registry.',
      resolve: (b, _a, ctx) => ctx.loaders.bulletinRecipients.load(b.id),
    }),
    externalRecipients: t.exposeStringList('externalRecipients', {
      description: '委外通报对象（仅作记载，不授予阅读权限） — Recipients outside the commission, noted only (they grant no reading in the hub).',
    }),
    body: t.string({
      nullable: true,
      description: '正文（阅读即留痕） — Text of the bulletin; reading it is recorded. Null for bulletins recorded before bulletins carried their text.',
      resolve: (b, _a, ctx) => readContent(b, ctx, b.body),
    }),
    figures: t.field({
      type: [BulletinFigureRef],
      description: '通报数字（阅读即留痕） — Structured figures; reading them is recorded.',
      resolve: (b, _a, ctx) => readContent(b, ctx, b.figures),
    }),
    materials: t.field({
      type: [BulletinMaterialRef],
      description: '附送材料（材料引用，文件不入库） — Material shared with it, as references (files are not stored).',
      resolve: (b) => b.materials,
    }),
    readReceipts: t.field({
      type: [BulletinReadReceiptRef],
      nullable: true,
      description: '阅知记录（委领导和印发机构可见） — Who read the content and when first; for leaders and the issuing body.',
      authScopes: readBulletinReceipts,
      resolve: (b, _a, ctx) => ctx.loaders.bulletinReaders.load(b.id),
    }),
  }),
});

const BulletinFilterInput = builder.inputType('BulletinFilter', {
  description: '通报筛选 — Filter for bulletins; all given conditions must hold.',
  fields: (t) => ({
    kind: t.field({ type: BulletinKindEnum, required: false, description: '类别 — Kind.' }),
    year: t.int({ required: false, description: '统计期所在年度 — Year the period overlaps.' }),
  }),
});

builder.queryFields((t) => ({
  bulletins: t.connection({
    type: BulletinRef,
    description:
      '定期通报（按印发日期倒序；仅列出本人可阅的） — Periodic bulletins the caller may read (leaders, the issuing body, the recipients), newest first.',
    authScopes: readBulletinList,
    args: { filter: t.arg({ type: BulletinFilterInput, required: false, description: '筛选条件 — Filter.' }) },
    resolve: async (_r, args, ctx) => {
      const filter = args.filter ?? {};
      checkYear(filter.year, 'filter.year');
      const reach = await viewerBulletinReach(ctx);
      return paginate<Bulletin>(args, {
        keys: DATE_ID_KEY,
        key: (b) => pageKey(b.issuedOn, b.id),
        fetch: (window) => listBulletins(ctx.db, filter, reach, window),
        count: () => countBulletins(ctx.db, filter, reach),
      });
    },
  }),
}));

// ─── Issuing ────────────────────────────────────────────────────────────────────────────────────

const RecipientInput = builder.inputType('BulletinRecipientInput', {
  description: '通报对象 — A recipient: a registry body by id, or a whole force.',
  fields: (t) => ({
    kind: t.field({ type: BulletinRecipientKindEnum, description: '种类 — Kind.' }),
    targetId: t.id({
      required: false,
      description: '部门、派驻纪检组或巡察组编号（整体对象不填） — Id of the department, stationed group or team; none for a whole force.',
    }),
  }),
});

const FigureInput = builder.inputType('BulletinFigureInput', {
  description: '通报数字 — A figure stated by the issuer (only for kinds whose figures are not generated from records).',
  fields: (t) => ({
    key: t.string({ description: '指标代码 — Machine key.' }),
    label: t.string({ description: '指标名称 — Label.' }),
    count: t.int({ required: false, description: '数量 — Count (give a count or an amount).' }),
    amount: t.field({ type: 'Money', required: false, description: '金额（元） — Amount in yuan (give a count or an amount).' }),
    unit: t.string({ description: '单位 — Unit.' }),
  }),
});

const MaterialInput = builder.inputType('BulletinMaterialInput', {
  description: '附送材料引用 — A reference to material shared with the bulletin.',
  fields: (t) => ({
    title: t.string({ description: '材料名称 — Title.' }),
    reference: t.string({ description: '文号或存档号 — Document or archive reference.' }),
    heldBy: t.string({ description: '保管单位 — Body holding the file.' }),
  }),
});

const IssueBulletinInput = builder.inputType('IssueBulletinInput', {
  description: '印发定期通报 — A bulletin to issue.',
  fields: (t) => ({
    kind: t.field({ type: BulletinKindEnum, description: '类别（决定印发机构和可印发的角色） — Kind; it decides the issuing body and who may issue.' }),
    title: t.string({ description: '标题 — Title.' }),
    periodStart: t.field({ type: 'Date', description: '统计期起 — Period start.' }),
    periodEnd: t.field({ type: 'Date', description: '统计期止 — Period end.' }),
    issuedOn: t.field({ type: 'Date', description: '印发日期 — Date issued.' }),
    issuerDepartmentId: t.id({
      required: false,
      description:
        "印发部门（缺省为本人所在的该类部门；巡察办印发不填） — Issuing department; default: the caller's department of the kind's office; none for 巡察办.",
    }),
    recipients: t.field({ type: [RecipientInput], description: '通报对象（名录中的机构，至少一个） — Recipients from the registry, at least one.' }),
    externalRecipients: t.stringList({ required: false, description: '委外通报对象（仅作记载） — Recipients outside the commission, noted only.' }),
    body: t.string({ description: '正文 — Text.' }),
    figures: t.field({
      type: [FigureInput],
      required: false,
      description: bilingual(
        '通报数字（巡察情况报备材料的巡察数字由巡察记录生成，巡察办可另填其他数字，指标代码不得以 inspection. 开头；其他类别全部由记录生成，不得填写）',
        'Figures:',
        'for 巡察办\'s report material the inspection figures are generated from inspection\'s records and 巡察办 may state others besides (keys not starting with "inspection.");',
        'for the other kinds all are generated from records (not to be given).',
      ),
    }),
    materials: t.field({ type: [MaterialInput], required: false, description: '附送材料引用 — Material references.' }),
  }),
});

const BulletinPayload = payloadType(builder, 'BulletinPayload', {
  field: 'bulletin',
  type: BulletinRef,
  description: '通报印发结果 — The bulletin, or why not.',
  load: (id, ctx) => ctx.loaders.bulletinById.load(id),
});

/** Figures generated from this body's records of the period, for the kinds that call for them. */
async function generatedFigures(tx: Context['db'], kind: BulletinKind, from: string, to: string): Promise<BulletinFigure[]> {
  if (kind === 'PETITION_ANALYSIS') return petitionAnalysisFigures(await countPetitionsInPeriod(tx, from, to));
  if (kind === 'FOUR_WINDS_ANALYSIS') return fourWindsFigures(await countPetitionsInPeriod(tx, from, to));
  if (kind === 'CASE_STATUS') return caseStatusFigures(await caseFiguresInPeriod(tx, from, to));
  return [];
}

builder.mutationFields((t) => ({
  issueBulletin: t.field({
    type: BulletinPayload,
    description: bilingual(
      '印发定期通报',
      'Issue a periodic bulletin: 信访举报分析 by the petition office, 四风 analyses by conduct supervision,',
      'case status by case management, report material by the inspection office; leaders any kind.',
    ),
    authScopes: issueBulletin,
    args: { input: t.arg({ type: IssueBulletinInput, required: true, description: '通报 — Bulletin.' }) },
    resolve: async (_r, { input }, ctx) => {
      const issuer = BULLETIN_ISSUER[input.kind];
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const title = requireText(input.title, ['input', 'title'], '标题');
        const body = requireText(input.body, ['input', 'body'], '正文', 50_000);
        if (input.periodEnd < input.periodStart) refuse('BAD_USER_INPUT', ['input', 'periodEnd'], '统计期止早于统计期起 — period ends before it starts');
        if (input.issuedOn < input.periodEnd) refuse('BAD_USER_INPUT', ['input', 'issuedOn'], '印发日期早于统计期结束 — issued before the period ended');
        notInFuture(input.issuedOn, ['input', 'issuedOn']);

        let issuerDepartmentId: string | null = null;
        if (issuer.departmentKind === null) {
          if (input.issuerDepartmentId != null)
            refuse('BAD_USER_INPUT', ['input', 'issuerDepartmentId'], '巡察办印发的通报不填印发部门 — an inspection-office bulletin names no department');
        } else {
          const own = ctx.viewer.scopes.departmentIds.filter(isUuid);
          const wanted = input.issuerDepartmentId == null ? null : idOrRefuse(input.issuerDepartmentId, ['input', 'issuerDepartmentId'], '印发部门');
          const leader = ctx.viewer.roles.includes('leader');
          if (wanted && !leader && !own.includes(wanted))
            refuse('BAD_USER_INPUT', ['input', 'issuerDepartmentId'], '只能以本人所在部门印发 — only for a department the caller works in');
          const candidates = wanted ? await findDepartmentsByIds(tx, [wanted]) : await findDepartmentsByIds(tx, own);
          // A leader issuing without naming a department issues in the name of the kind's office.
          const match =
            candidates.find((d) => d.kind === issuer.departmentKind) ??
            (leader && !wanted ? await findFirstDepartmentOfKind(tx, issuer.departmentKind) : undefined);
          if (wanted && !match)
            refuse('NOT_FOUND', ['input', 'issuerDepartmentId'], '印发部门不存在或不是该类通报的印发部门 — no such department issuing this kind');
          if (!match) refuse('BAD_USER_INPUT', ['input', 'issuerDepartmentId'], '须指定印发部门 — name the issuing department');
          issuerDepartmentId = match.id;
        }

        const seen = new Set<string>();
        const recipients: BulletinRecipientRef[] = [];
        for (const [i, r] of input.recipients.entries()) {
          const path = ['input', 'recipients', String(i), 'targetId'];
          const targeted = TARGETED_RECIPIENT_KINDS.includes(r.kind);
          if (targeted && r.targetId == null) refuse('BAD_USER_INPUT', path, '须指定对象编号 — give the id of the body');
          if (!targeted && r.targetId != null) refuse('BAD_USER_INPUT', path, '整体对象不填编号 — a whole force takes no id');
          const targetId = targeted ? idOrRefuse(r.targetId!, path, '通报对象') : null;
          const key = `${r.kind}|${targetId ?? ''}`;
          if (seen.has(key)) continue;
          seen.add(key);
          recipients.push({ kind: r.kind, targetId });
        }
        if (recipients.length === 0) refuse('BAD_USER_INPUT', ['input', 'recipients'], '须指定至少一个通报对象 — name at least one recipient');
        // Groups and teams are the owners' records: each must exist, as stationed and inspection tell it.
        const owners = references(ctx);
        recipients.forEach((r, i) => {
          const path = ['input', 'recipients', String(i), 'targetId'];
          if (r.kind === 'STATIONED_GROUP') owners.add('stationedGroup', path, r.targetId);
          if (r.kind === 'INSPECTION_TEAM') owners.add('inspectionTeam', path, r.targetId);
        });
        await owners.run('issueBulletin');
        const departmentIds = recipients.filter((r) => r.kind === 'DEPARTMENT').map((r) => r.targetId!);
        const known = new Set((await findDepartmentsByIds(tx, departmentIds)).map((d) => d.id));
        recipients.forEach((r, i) => {
          if (r.kind === 'DEPARTMENT' && !known.has(r.targetId!))
            refuse('NOT_FOUND', ['input', 'recipients', String(i), 'targetId'], '部门不存在 — no such department');
        });

        let figures: BulletinFigure[];
        if (GENERATED_FIGURE_KINDS.includes(input.kind)) {
          if (input.figures != null && input.figures.length > 0)
            refuse('BAD_USER_INPUT', ['input', 'figures'], "该类通报的数字由记录生成，不得填写 — this kind's figures are generated from the records");
          figures = await generatedFigures(tx, input.kind, input.periodStart, input.periodEnd);
        } else {
          const keys = new Set<string>();
          const fromOwner = OWNER_GENERATED_FIGURE_KINDS.includes(input.kind);
          const stated = (input.figures ?? []).map((f, i) => {
            const at = (field: string) => ['input', 'figures', String(i), field];
            const key = requireText(f.key, at('key'), '指标代码', 100);
            if (keys.has(key)) refuse('ALREADY_EXISTS', at('key'), '指标代码重复 — duplicate key');
            if (fromOwner && key.startsWith(INSPECTION_FIGURE_PREFIX))
              refuse(
                'BAD_USER_INPUT',
                at('key'),
                `以“${INSPECTION_FIGURE_PREFIX}”开头的数字由巡察记录生成，不得填写 — figures keyed "${INSPECTION_FIGURE_PREFIX}…" are generated from inspection's records`,
              );
            keys.add(key);
            if ((f.count == null) === (f.amount == null))
              refuse('BAD_USER_INPUT', at('count'), '数量和金额须填且只填一项 — give a count or an amount, not both');
            if (f.count != null && f.count < 0) refuse('BAD_USER_INPUT', at('count'), '数量不能为负 — must not be negative');
            if (f.amount?.startsWith('-')) refuse('BAD_USER_INPUT', at('amount'), '金额不能为负 — must not be negative');
            return {
              key,
              label: requireText(f.label, at('label'), '指标名称', 200),
              count: f.count ?? null,
              amount: f.amount ?? null,
              unit: requireText(f.unit, at('unit'), '单位', 20),
            };
          });
          // 巡察办's material: the period's figures from inspection's records, then what the issuer states besides.
          figures = fromOwner ? [...inspectionReportFigures(await fetchInspectionPeriodFigures(ctx, input.periodStart, input.periodEnd)), ...stated] : stated;
        }
        const materials = (input.materials ?? []).map((m, i) => {
          const at = (field: string) => ['input', 'materials', String(i), field];
          return {
            title: requireText(m.title, at('title'), '材料名称', 200),
            reference: requireText(m.reference, at('reference'), '文号或存档号', 200),
            heldBy: requireText(m.heldBy, at('heldBy'), '保管单位', 100),
          };
        });
        const externalRecipients = [
          ...new Set(
            (input.externalRecipients ?? [])
              .map((r, i) => optionalText(r, ['input', 'externalRecipients', String(i)], '委外通报对象', 100))
              .filter((r): r is string => r != null),
          ),
        ];

        const row = await insertBulletin(
          tx,
          {
            kind: input.kind,
            title,
            periodStart: input.periodStart,
            periodEnd: input.periodEnd,
            issuedOn: input.issuedOn,
            issuerBody: issuer.body,
            issuerDepartmentId,
            issuedByStaffId: ctx.viewer.staffId,
            body,
            figures,
            materials,
            externalRecipients,
          },
          recipients,
        );
        await ctx.audit.write(tx, { action: 'CREATE', recordType: 'Bulletin', recordId: row.id });
        return row.id;
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
}));
