import { WorkingCalendar } from '@hub/core';
import { describe, expect, it } from 'vitest';
import { isRegistrationOverdue, registrationDueOn, TRANSFER_REGISTRATION_WORKING_DAYS } from '../src/domain/signals.ts';

/** The working-day limit for registering a transferred clue, as plain functions: no server, no database. */
describe('a transferred clue not registered within the working-day limit', () => {
  it('counts 15 working days after the transfer on the official calendar (holidays skipped)', () => {
    expect(TRANSFER_REGISTRATION_WORKING_DAYS).toBe(15);
    // Friday 2025-03-28; 清明 2025-04-04 is a holiday: the 15th working day is Monday 04-21 (04-18 Monday–Friday).
    expect(registrationDueOn('2025-03-28')).toBe('2025-04-21');
    expect(registrationDueOn('2025-03-28', new WorkingCalendar([]))).toBe('2025-04-18');
  });

  it('signals only after the due day, and not once registered by asOf', () => {
    const unregistered = { transferredOn: '2025-03-28', registeredOn: null };
    expect(isRegistrationOverdue(unregistered, '2025-04-21')).toBe(false);
    expect(isRegistrationOverdue(unregistered, '2025-04-22')).toBe(true);
    // Registered late: overdue until the registration, not after it.
    const late = { transferredOn: '2025-03-28', registeredOn: '2025-04-25' };
    expect(isRegistrationOverdue(late, '2025-04-24')).toBe(true);
    expect(isRegistrationOverdue(late, '2025-04-25')).toBe(false);
    expect(isRegistrationOverdue({ transferredOn: '2025-03-28', registeredOn: '2025-03-31' }, '2025-12-31')).toBe(false);
    // Nothing after asOf counts: a transfer made later is no signal.
    expect(isRegistrationOverdue({ transferredOn: '2025-05-01', registeredOn: null }, '2025-04-30')).toBe(false);
  });
});
