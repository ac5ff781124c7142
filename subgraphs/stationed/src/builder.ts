import { createSubgraphBuilder } from '@hub/core';
import type { Context } from './context.ts';

export const builder = createSubgraphBuilder<Context>();
