import {
  type CalendarWarning,
  type CalendarYear,
  checkCalendarYear,
  dueDate,
  type DueItem,
  inTransaction,
  payloadType,
  todayInShanghai,
  UserInputRefusal,
  bilingual,
} from '@hub/core';
import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { findCalendarYearOrigins, replaceCalendarYear } from '../db/calendar.ts';
import { findDisposedCluesAwaitingReport, findOpenDetentions, findOpenTrials, findPetitionsWithOpenSteps, findUnannouncedSanctions } from '../db/deadlines.ts';
import { detentionDeadline, dueItem, petitionSteps } from '../domain/deadlines.ts';
import { handlerReach } from './common.ts';
import { DueItemRef } from './deadline-types.ts';
import { loadCalendar, readCalendar } from '../policy.ts';
import { PETITION_READERS } from './petition.ts';

// ─── The working calendar ─────────────────────────────────────────────────────────────────────────

const CalendarWarningRef = builder.objectRef<CalendarWarning>('CalendarWarning').implement({
  description: '工作日历预警 — The working-day calendar runs out within 60 days of the date asked (or already has): load the next holiday notice.',
  fields: (t) => ({
    lastKnownDay: t.expose('lastKnownDay', {
      type: 'Date',
      nullable: true,
      description: '日历最后已知日（空：日历为空） — Last day the calendar knows; null when it is empty.',
    }),
    daysLeft: t.exposeInt('daysLeft', { description: '剩余天数（已过为负） — Days from the date asked to the last known day; negative once past it.' }),
    message: t.exposeString('message', { description: '提示 — What to do.' }),
  }),
});

const CalendarYearRef = builder.objectRef<CalendarYear & { origin: string }>('CalendarYear').implement({
  description: '年度节假日安排 — One year of the official calendar and the State Council notice it comes from.',
  fields: (t) => ({
    year: t.exposeInt('year', { description: '年度 — Year.' }),
    notice: t.exposeString('notice', { description: '通知文号 — Notice number(s), e.g. 国办发明电〔2024〕12号.' }),
    origin: t.exposeString('origin', { description: '来源（BUILT_IN 随版本内置，LOADED 由领导载入） — BUILT_IN with the release, LOADED by a leader.' }),
    holidays: t.field({ type: ['Date'], description: '放假日 — Days off.', resolve: (y) => [...y.holidays] }),
    makeUpWorkdays: t.field({ type: ['Date'], description: '调休上班日 — Weekend days declared working days.', resolve: (y) => [...y.makeUpWorkdays] }),
  }),
});

interface CalendarStatus {
  asOf: string;
}

const CalendarStatusRef = builder.objectRef<CalendarStatus>('CalendarStatus').implement({
  description: '工作日历状态 — Which years the working-day calendar knows, and whether it is about to run out.',
  fields: (t) => ({
    asOf: t.expose('asOf', { type: 'Date', description: '查询日 — Date asked about.' }),
    lastKnownDay: t.field({
      type: 'Date',
      nullable: true,
      description: '日历最后已知日 — Last day the calendar knows; null when empty.',
      resolve: async (_s, _a, ctx) => (await ctx.loaders.calendar()).lastKnownDay,
    }),
    warning: t.field({
      type: CalendarWarningRef,
      nullable: true,
      description: '预警（距最后已知日 60 天内） — Warning from 60 days before the last known day; null otherwise.',
      resolve: async (s, _a, ctx) => (await ctx.loaders.calendar()).warning(s.asOf),
    }),
    years: t.field({
      type: [CalendarYearRef],
      description: '已载入年度 — Loaded years, oldest first.',
      resolve: async (_s, _a, ctx) => {
        const [calendar, origins] = await Promise.all([ctx.loaders.calendar(), findCalendarYearOrigins(ctx.db)]);
        return calendar.years.map((y) => ({ ...y, origin: origins.get(y.year) ?? 'BUILT_IN' }));
      },
    }),
  }),
});

const LoadCalendarYearInput = builder.inputType('LoadCalendarYearInput', {
  description: "载入年度节假日安排 — One year's State Council holiday notice: its days off and make-up working days.",
  fields: (t) => ({
    year: t.int({ description: '年度 — Year.' }),
    notice: t.string({ description: '通知文号 — Notice number, e.g. 国办发明电〔2026〕8号.' }),
    holidays: t.field({ type: ['Date'], description: '放假日（该年度内） — Days off, all in the year.' }),
    makeUpWorkdays: t.field({ type: ['Date'], description: '调休上班日（该年度内的周末） — Weekend days in the year declared working days.' }),
  }),
});

const CalendarYearPayload = payloadType(builder, 'CalendarYearPayload', {
  field: 'calendarYear',
  type: CalendarYearRef,
  description: '载入结果 — The loaded year, or why it was refused.',
  load: async (id: string, ctx: Context) => {
    const year = (await ctx.loaders.calendar()).years.find((y) => y.year === Number(id));
    return year ? { ...year, origin: 'LOADED' } : null;
  },
});

builder.queryField('calendarStatus', (t) =>
  t.field({
    type: CalendarStatusRef,
    description: '工作日历状态 — The working-day calendar: years loaded, last known day, and the warning when it runs out within 60 days of `asOf`.',
    authScopes: readCalendar,
    args: { asOf: t.arg({ type: 'Date', required: false, description: '查询日（默认今天，北京时间） — Date asked about (default today, Asia/Shanghai).' }) },
    resolve: (_r, args) => ({ asOf: args.asOf ?? todayInShanghai() }),
  }),
);

builder.mutationField('loadCalendarYear', (t) =>
  t.field({
    type: CalendarYearPayload,
    description: bilingual(
      '载入（或更正）一年的节假日安排',
      "Load or correct one year's holiday notice (leaders); replaces that year as a whole, audited.",
      'Every working-day deadline is computed from the calendar when read, so the change reaches them at once:',
      'provisional ones in that year become final.',
    ),
    authScopes: loadCalendar,
    args: { input: t.arg({ type: LoadCalendarYearInput, required: true, description: '通知内容 — The notice.' }) },
    resolve: async (_r, { input }, ctx) => {
      const year: CalendarYear = { year: input.year, notice: input.notice.trim(), holidays: input.holidays, makeUpWorkdays: input.makeUpWorkdays };
      const outcome = await inTransaction(ctx.db, async (tx) => {
        const problems = checkCalendarYear(year);
        if (problems.length > 0)
          throw new UserInputRefusal(problems.map((p) => ({ code: 'BAD_USER_INPUT' as const, field: ['input', ...p.field.split('.')], message: p.message })));
        await replaceCalendarYear(tx, year, 'LOADED', ctx.viewer.staffId);
        await ctx.audit.write(tx, { action: 'UPDATE', recordType: 'CalendarYear', recordId: String(year.year) });
        return String(year.year);
      });
      return { id: outcome.result, errors: outcome.errors };
    },
  }),
);

// ─── What is due ──────────────────────────────────────────────────────────────────────────────────

interface DueReport {
  asOf: string;
  dueBy: string;
}

/**
 * 到期事项 — one answer across the hub: discipline defines it (the working calendar that turns "the
 * next N working days" into `dueBy` lives here); inspection contributes its own items by the key.
 */
export const DueReportRef = builder.objectRef<DueReport>('DueReport');

const MAX_WORKING_DAYS = 250;

async function disciplineItems(report: DueReport, ctx: Context): Promise<DueItem[]> {
  const { asOf, dueBy } = report;
  const roles = ctx.viewer.roles as readonly string[];
  const reach = handlerReach(ctx);
  const caseReach = reach.all ? reach : { ...reach, trialStages: roles.includes('trial_officer') };
  const calendar = await ctx.loaders.calendar();
  const items: (DueItem | null)[] = [];
  if (PETITION_READERS.some((r) => roles.includes(r))) {
    for (const p of await findPetitionsWithOpenSteps(ctx.db, asOf)) {
      for (const step of petitionSteps(p, calendar))
        items.push(dueItem(step, asOf, dueBy, { recordType: 'Petition', recordId: p.id, unitCode: p.subjectUnitCode }));
    }
  }
  const [clues, detentions, trials, sanctions] = await Promise.all([
    findDisposedCluesAwaitingReport(ctx.db, asOf, caseReach),
    findOpenDetentions(ctx.db, asOf, caseReach),
    findOpenTrials(ctx.db, asOf, caseReach),
    findUnannouncedSanctions(ctx.db, asOf, caseReach),
  ]);
  for (const c of clues)
    items.push(
      dueItem({ deadline: dueDate('QUARTERLY_DISPOSAL_REPORT', c.disposedOn!, null), doneOn: c.resultReportedOn }, asOf, dueBy, {
        recordType: 'Clue',
        recordId: c.id,
        unitCode: c.subjectUnitCode,
        owner: c.departmentName,
      }),
    );
  for (const d of detentions)
    items.push(
      dueItem({ deadline: detentionDeadline(d, asOf), doneOn: d.endedOn }, asOf, dueBy, {
        recordType: 'Case',
        recordId: d.caseId,
        unitCode: d.subjectUnitCode,
        owner: d.departmentName,
      }),
    );
  for (const c of trials)
    items.push(
      dueItem({ deadline: dueDate('TRIAL', c.trialStartedOn!, null), doneOn: c.closedOn }, asOf, dueBy, {
        recordType: 'Case',
        recordId: c.id,
        unitCode: c.subjectUnitCode,
      }),
    );
  for (const s of sanctions)
    items.push(
      dueItem({ deadline: dueDate('SANCTION_ANNOUNCEMENT', s.decidedOn, null), doneOn: s.announcedOn }, asOf, dueBy, {
        recordType: 'Sanction',
        recordId: s.id,
        unitCode: s.subjectUnitCode,
      }),
    );
  return items
    .filter((i): i is DueItem => i !== null)
    .sort(
      (a, b) =>
        a.deadline.dueOn.localeCompare(b.deadline.dueOn) ||
        a.recordType.localeCompare(b.recordType) ||
        a.recordId.localeCompare(b.recordId) ||
        a.deadline.rule.localeCompare(b.deadline.rule),
    );
}

DueReportRef.implement({
  // An entity: `_entities` reaches it without `whatIsDue`, so the type carries the rule.
  authScopes: readCalendar,
  description: bilingual(
    '到期事项汇总',
    'What is due: every step owed in the next working days and every overdue one, as of a date, across the hub.',
    'Each subgraph lists only the items the caller may read.',
  ),
  fields: (t) => ({
    asOf: t.expose('asOf', { type: 'Date', description: '截至日期（键） — Date asked about (key).' }),
    dueBy: t.expose('dueBy', {
      type: 'Date',
      description: '到期截止日（键；查询日后第 N 个工作日） — Last day counted as due soon: the Nth working day after `asOf` (key).',
    }),
    dueByProvisional: t.boolean({
      description: '到期截止日是否暂定 — Whether `dueBy` counted through a year whose holiday notice is not loaded.',
      resolve: async (r, _a, ctx) => {
        const calendar = await ctx.loaders.calendar();
        return !calendar.knows(r.asOf) || !calendar.knows(r.dueBy);
      },
    }),
    calendarWarning: t.field({
      type: CalendarWarningRef,
      nullable: true,
      description: '工作日历预警 — Warning when the working-day calendar runs out within 60 days of `asOf`; null otherwise.',
      resolve: async (r, _a, ctx) => (await ctx.loaders.calendar()).warning(r.asOf),
    }),
    discipline: t.field({
      type: [DueItemRef],
      description: bilingual(
        '纪律监察事项（信访举报转办与告知、线索季度反馈、留置、审理、处分宣布），按到期日',
        'Discipline items (petition forwarding and acknowledgement, quarterly clue reports, detention, trial,',
        'sanction announcement) the caller may read, earliest due first.',
      ),
      resolve: (r, _a, ctx) => disciplineItems(r, ctx),
    }),
  }),
});

builder.asEntity(DueReportRef, { key: builder.selection<DueReport>('asOf dueBy'), resolveReference: (ref) => ({ asOf: ref.asOf, dueBy: ref.dueBy }) });

builder.queryField('whatIsDue', (t) =>
  t.field({
    type: DueReportRef,
    description: bilingual(
      '到期与逾期事项',
      'Everything due in the next `withinWorkingDays` working days and everything overdue, as of `asOf`,',
      'across petitions, clues, detentions, trials, sanctions, clue transfers and rectification reports;',
      'each part lists only what the caller may read.',
    ),
    authScopes: readCalendar,
    args: {
      asOf: t.arg({ type: 'Date', required: false, description: '截至日期（默认今天，北京时间） — Date asked about (default today, Asia/Shanghai).' }),
      withinWorkingDays: t.arg.int({
        required: false,
        defaultValue: 10,
        description: '未来工作日数（0–250，默认 10） — How many working days ahead count as due soon (0–250, default 10).',
      }),
    },
    resolve: async (_r, args, ctx) => {
      const n = args.withinWorkingDays ?? 10;
      if (n < 0 || n > MAX_WORKING_DAYS)
        throw new GraphQLError(`withinWorkingDays 须在 0–${MAX_WORKING_DAYS} 之间 — withinWorkingDays must be between 0 and ${MAX_WORKING_DAYS}`, {
          extensions: { code: 'BAD_USER_INPUT', argumentName: 'withinWorkingDays' },
        });
      const asOf = args.asOf ?? todayInShanghai();
      return { asOf, dueBy: (await ctx.loaders.calendar()).addWorkingDays(asOf, n).date };
    },
  }),
);
