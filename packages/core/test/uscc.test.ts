import { describe, expect, it } from 'vitest';
import { isValidUscc, makeUscc, usccProblem } from '../src/uscc.ts';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts published codes of real organisations', () => {
    // Codes printed on public business licences.
    for (const code of ['91440300708461136T', '914403001922038216', '91330100716105852F', '91110108551385082Q']) {
      expect(usccProblem(code), code).toBeNull();
    }
  });

  it('builds codes whose both check characters verify', () => {
    const code = makeUscc('11', '340499', 'MB001000');
    expect(code).toHaveLength(18);
    expect(isValidUscc(code)).toBe(true);
  });

  it('names what is wrong', () => {
    const code = makeUscc('12', '340499', 'MB103001');
    const last = code[17] === '0' ? '1' : '0';
    expect(usccProblem(code.slice(0, 17) + last)).toBe('check-character');
    expect(usccProblem(code.slice(0, 17))).toBe('length');
    expect(usccProblem(`${code.slice(0, 10)}I${code.slice(11)}`)).toBe('characters');
    expect(usccProblem(code.toLowerCase())).toBe('characters');
    // Changing the organisation-code body breaks its own check character (position 17) first.
    const orgBroken = `${code.slice(0, 8)}${code[8] === 'A' ? 'B' : 'A'}${code.slice(9)}`;
    expect(usccProblem(orgBroken)).toBe('organisation-code-check');
  });
});
