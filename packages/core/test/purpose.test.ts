import { describe, expect, it } from 'vitest';
import { readPurpose } from '../src/auth.ts';

describe('the stated purpose header', () => {
  it('reads percent-encoded UTF-8, the documented form', () => {
    expect(readPurpose(encodeURIComponent('巡前通报准备（第九轮）'))).toBe('巡前通报准备（第九轮）');
  });
  it('recovers raw UTF-8 bytes that Node read as Latin-1', () => {
    expect(readPurpose(Buffer.from('线索处置', 'utf8').toString('latin1'))).toBe('线索处置');
  });
  it('keeps Latin-1 text that is not UTF-8, plain ASCII and a stray percent sign', () => {
    expect(readPurpose('caf\u00e9')).toBe('caf\u00e9');
    expect(readPurpose('review 100%')).toBe('review 100%');
  });
  it('drops control characters, bounds the length and treats blank as none', () => {
    expect(readPurpose('a%00b%0Ac')).toBe('a b c');
    expect(readPurpose('x'.repeat(500))).toHaveLength(200);
    expect(readPurpose('  ')).toBeNull();
    expect(readPurpose(undefined)).toBeNull();
  });
});
