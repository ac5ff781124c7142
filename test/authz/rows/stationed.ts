import { ROLES } from '@hub/core';
import { randomUnitCode, seed } from '../../support/seed.ts';
import type { AuthzRow, AuthzSetup } from '../types.ts';

export const setup: AuthzSetup = async (hub) => {
  const code = randomUnitCode();
  await seed(hub).units([{ code }]).stationedGroup(`矩阵测试派驻组-${code}`, [code]);
  return { unitCode: code };
};

export const rows: AuthzRow[] = [
  {
    name: 'overseeing group of a unit',
    query: `query($code: UnitCode!) { unit(code: $code) { stationedGroup { name units { code } } } }`,
    variables: (f) => ({ code: f.unitCode }),
    allow: ROLES,
  },
  { name: 'stationed group list', query: `{ stationedGroups { name } }`, allow: ROLES },
  { name: 'stationed audit log', query: `{ stationedAuditLog(first: 1) { totalCount } }`, allow: ['leader'] },
];
