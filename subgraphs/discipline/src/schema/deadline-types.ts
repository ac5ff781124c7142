import { addDeadlineTypes } from '@hub/core';
import { builder } from '../builder.ts';

/** The shared `Deadline`, `DueItem` and rule types (registered once, used by petitions and what is due). */
export const { DeadlineRef, DueItemRef } = addDeadlineTypes(builder);
