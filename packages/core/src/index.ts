export * from './database.ts';
export * from './http.ts';
export * from './logger.ts';
export * from './process.ts';
export * from './scalars.ts';
export * from './uscc.ts';
export * from './builder.ts';
export * from './context.ts';
export * from './errors.ts';
export * from './ids.ts';
export * from './dates.ts';
export * from './text.ts';
export * from './pagination.ts';
export * from './parent-pages.ts';
export * from './mutations.ts';
export * from './loaders.ts';
export * from './audit-log-query.ts';
export * from './staff-engagement.ts';
export * from './staff-overlaps.ts';
export * from './subgraph.ts';
export * from './collections.ts';
export * from './auth.ts';
export * from './audit.ts';
export * from './service-identity.ts';
export * from './references.ts';
export * from './outbox.ts';
export * from './policy.ts';
export {
  WorkingCalendar,
  CALENDAR_WARNING_DAYS,
  checkCalendarYear,
  isCalendarDate,
  type CalendarYear,
  type CalendarWarning,
  type CountedDate,
} from './calendar.ts';
export { OFFICIAL_CALENDAR_YEARS } from './calendar-data.ts';
export * from './deadlines.ts';
export * from './deadline-schema.ts';
export * from './audit-chain.ts';
export * from './service-database.ts';
export * from './person-level.ts';
export * from './client-errors.ts';
export * from './revisions.ts';
export * from './observability/index.ts';
export * from './replay-store.ts';
