import { describe, expect, it } from 'vitest';
import { inspectionReportFigures, isInspectionOfficeStaff } from '../src/domain/bulletins.ts';

/** The bulletin rules as plain functions: no server, no database. */
describe('巡察办 bulletins', () => {
  it('counts as 巡察办 only a cadre whose staff record is the inspection office', () => {
    expect(isInspectionOfficeStaff({ homeBody: 'INSPECTION' })).toBe(true);
    // Borrowed onto a team from the commission, a stationed group or a bureau: an inspection officer, not 巡察办.
    for (const homeBody of ['DISCIPLINE', 'STATIONED', 'FINANCE', 'OTHER']) expect(isInspectionOfficeStaff({ homeBody })).toBe(false);
    expect(isInspectionOfficeStaff(null)).toBe(false);
    expect(isInspectionOfficeStaff(undefined)).toBe(false);
  });

  it("turns inspection's period counts into the report material's figures", () => {
    const figures = inspectionReportFigures({
      roundsStarted: 1,
      unitsInspected: 6,
      findings: 9,
      findingsByCategory: [
        { category: 'FUNDS_MANAGEMENT', count: 5 },
        { category: 'MASS_INTERESTS', count: 4 },
      ],
      amountInvolved: '326400.00',
      cluesTransferred: 3,
      cluesTransferredEscalated: 1,
      rectificationItemsCompleted: 2,
    });
    expect(Object.fromEntries(figures.map((f) => [f.key, f.count ?? f.amount]))).toEqual({
      'inspection.rounds': 1,
      'inspection.units': 6,
      'inspection.findings': 9,
      'inspection.findings.category.FUNDS_MANAGEMENT': 5,
      'inspection.findings.category.MASS_INTERESTS': 4,
      'inspection.findings.amount': '326400.00',
      'inspection.transfers': 3,
      'inspection.transfers.escalated': 1,
      'inspection.rectification.completed': 2,
    });
    expect(figures.every((f) => f.key.startsWith('inspection.') && f.label.length > 0)).toBe(true);
  });
});
