/**
 * 统一社会信用代码 (GB 32100-2015) — the 18-character unified social credit code.
 *
 * Layout: [1] registration authority, [2] organisation category, [3-8] administrative division,
 * [9-17] organisation code (GB 11714, its own check character at 17), [18] check character.
 * Letters I, O, S, V and Z are never used.
 */

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const SHAPE = /^[0-9A-HJ-NP-RTUWXY]{2}\d{6}[0-9A-HJ-NP-RTUWXY]{10}$/;

/** Check character of GB 11714 organisation code body (8 characters). */
function orgCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body[i]!;
    const value = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55;
    sum += value * ORG_WEIGHTS[i]!;
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** Check character of the whole code, computed over its first 17 characters. */
function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return CHARSET[(31 - (sum % 31)) % 31]!;
}

export type UsccProblem = 'length' | 'characters' | 'organisation-code-check' | 'check-character';

/** Returns why `code` is not a valid USCC, or null when it is. */
export function usccProblem(code: string): UsccProblem | null {
  if (code.length !== 18) return 'length';
  if (!SHAPE.test(code)) return 'characters';
  if (orgCheckChar(code.slice(8, 16)) !== code[16]) return 'organisation-code-check';
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return 'check-character';
  return null;
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}

/**
 * Builds a valid code from the registration prefix (2 characters), a 6-digit division code and
 * an 8-character organisation code body: both check characters are computed. Used for demo and
 * synthetic data.
 */
export function makeUscc(prefix: string, division: string, orgBody: string): string {
  const first17 = `${prefix}${division}${orgBody}${orgCheckChar(orgBody)}`;
  const code = first17 + usccCheckChar(first17);
  const problem = usccProblem(code);
  if (problem) throw new Error(`cannot build a USCC from ${prefix}/${division}/${orgBody}: ${problem}`);
  return code;
}
