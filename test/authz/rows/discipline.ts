import { randomUnitCode, seed } from '../../support/seed.ts';
import type { AuthzRow, AuthzSetup } from '../types.ts';

export const setup: AuthzSetup = async (hub) => {
  const code = randomUnitCode();
  await seed(hub).units([{ code }]).petitions(code, [{ receivedOn: '2021-05-01', category: 'FORMALISM' }]);
  return { unitCode: code };
};

export const rows: AuthzRow[] = [
  {
    name: 'petition summary of a unit (counts)',
    query: `query($code: UnitCode!) { unit(code: $code) { petitionSummary { year category count } } }`,
    variables: (f) => ({ code: f.unitCode }),
    allow: ['leader', 'petition_officer', 'case_manager', 'case_officer', 'trial_officer', 'conduct_officer', 'analyst'],
  },
  {
    name: 'petition content (petitions)',
    query: `query($code: UnitCode!) { petitions(first: 5, filter: { unitCode: $code }) { edges { node { summary category } } } }`,
    variables: (f) => ({ code: f.unitCode }),
    allow: ['leader', 'petition_officer', 'case_manager'],
  },
  { name: 'discipline audit log', query: `{ disciplineAuditLog(first: 1) { totalCount } }`, allow: ['leader'] },
];
