export { inspectionRecordScopes, PLAN_READERS, RECORD_READERS, WRITERS } from '../policy.ts';
