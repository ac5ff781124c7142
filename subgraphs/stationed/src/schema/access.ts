export { groupRecordScopes, groupWriterScopes, recordVisibility, stationedRecordScopes, visibleRecords } from '../policy.ts';
