import { describe, expect, it } from 'vitest';
import { pathIsInAnswer } from '../src/requested-errors.ts';

describe('errors of fields the client asked for', () => {
  const data = { unit: { code: 'X', inspections: [{ findings: null }], petitionSummary: null, subUnits: [{ code: 'Y' }] } };

  it('keeps an error whose field is in the answer, null or not', () => {
    expect(pathIsInAnswer(data, ['unit', 'petitionSummary'])).toBe(true);
    expect(pathIsInAnswer(data, ['unit', 'inspections', 0, 'findings'])).toBe(true);
    expect(pathIsInAnswer(data, ['unit', 'inspections', 0, 'findings', 0, 'description'])).toBe(true);
  });

  it('drops an error whose field the operation did not ask for', () => {
    expect(pathIsInAnswer(data, ['unit', 'inspectionFindings'])).toBe(false);
    expect(pathIsInAnswer(data, ['unit', 'subUnits', 0, 'inspectionFindings'])).toBe(false);
  });

  it('keeps errors under a null parent (the field was asked for and nulled)', () => {
    expect(pathIsInAnswer({ unit: null }, ['unit', 'inspectionFindings'])).toBe(true);
  });
});
