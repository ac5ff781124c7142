import { ROLES } from '@hub/core';
import { randomUnitCode, seed } from '../../support/seed.ts';
import type { AuthzRow, AuthzSetup } from '../types.ts';

export const setup: AuthzSetup = async (hub) => {
  const code = randomUnitCode();
  await seed(hub).units([{ code, name: '矩阵测试单位' }]);
  return { unitCode: code };
};

export const rows: AuthzRow[] = [
  { name: 'unit registry (units)', query: `{ units(first: 1) { totalCount edges { node { code name kind } } } }`, allow: ROLES },
  { name: 'one unit (unit)', query: `query($code: UnitCode!) { unit(code: $code) { name subUnits { code } } }`, variables: (f) => ({ code: f.unitCode }), allow: ROLES },
  {
    name: 'registerUnit',
    query: `mutation($input: RegisterUnitInput!) { registerUnit(input: $input) { errors { code } } }`,
    variables: (f) => ({ input: { code: f.unitCode, name: '重复登记', kind: 'VILLAGE', level: 'VILLAGE' } }),
    allow: ['inspection_officer', 'leader'],
  },
  { name: 'inspection audit log', query: `{ inspectionAuditLog(first: 1) { totalCount } }`, allow: ['leader'] },
];
