// PLACEHOLDER until its question is built: never matches, so help lists it as coming soon.
import type { Command } from './types.js';

export const recommendationsCommand: Command = {
  name: 'recommendations',
  description: '',
  example: '',
  match: () => null,
  handle: async () => ({ text: '' }),
};
