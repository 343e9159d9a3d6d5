// Static facts the demo estate is built from: regions (with the UTC offsets
// that drive the business-hours rhythm) and the models deployed on accounts.

import type { PROMPT_OPERATIONS } from '../queries.js';

export type PromptOperation = (typeof PROMPT_OPERATIONS)[number];

export interface Region {
  name: string;
  short: string;
  /** Fixed UTC offset used for the business-hours rhythm (no DST: close enough for a demo). */
  utcOffsetHours: number;
}

export const REGIONS: Record<string, Region> = {
  westeurope: { name: 'westeurope', short: 'weu', utcOffsetHours: 1 },
  northeurope: { name: 'northeurope', short: 'neu', utcOffsetHours: 0 },
  swedencentral: { name: 'swedencentral', short: 'sdc', utcOffsetHours: 1 },
  germanywestcentral: { name: 'germanywestcentral', short: 'gwc', utcOffsetHours: 1 },
  francecentral: { name: 'francecentral', short: 'frc', utcOffsetHours: 1 },
  uksouth: { name: 'uksouth', short: 'uks', utcOffsetHours: 0 },
  eastus: { name: 'eastus', short: 'eus', utcOffsetHours: -5 },
  eastus2: { name: 'eastus2', short: 'eus2', utcOffsetHours: -5 },
  canadaeast: { name: 'canadaeast', short: 'cae', utcOffsetHours: -5 },
  westus3: { name: 'westus3', short: 'wus3', utcOffsetHours: -7 },
  japaneast: { name: 'japaneast', short: 'jpe', utcOffsetHours: 9 },
  australiaeast: { name: 'australiaeast', short: 'aue', utcOffsetHours: 11 },
};

export function region(name: string): Region {
  const r = REGIONS[name];
  if (!r) throw new Error(`unknown demo region ${name}`);
  return r;
}

export interface ModelSpec {
  name: string;
  version: string;
  format: string;
  operation: PromptOperation;
}

export const MODELS: Record<string, ModelSpec> = {
  'gpt-4o': { name: 'gpt-4o', version: '2024-11-20', format: 'OpenAI', operation: 'ChatCompletions_Create' },
  'gpt-4o-mini': { name: 'gpt-4o-mini', version: '2024-07-18', format: 'OpenAI', operation: 'ChatCompletions_Create' },
  'gpt-4.1': { name: 'gpt-4.1', version: '2025-04-14', format: 'OpenAI', operation: 'ChatCompletions_Create' },
  'gpt-4.1-mini': {
    name: 'gpt-4.1-mini',
    version: '2025-04-14',
    format: 'OpenAI',
    operation: 'ChatCompletions_Create',
  },
  'gpt-4.1-nano': {
    name: 'gpt-4.1-nano',
    version: '2025-04-14',
    format: 'OpenAI',
    operation: 'ChatCompletions_Create',
  },
  'gpt-5': { name: 'gpt-5', version: '2025-08-07', format: 'OpenAI', operation: 'Responses_Create' },
  'gpt-5-mini': { name: 'gpt-5-mini', version: '2025-08-07', format: 'OpenAI', operation: 'Responses_Create' },
  'o4-mini': { name: 'o4-mini', version: '2025-04-16', format: 'OpenAI', operation: 'Responses_Create' },
  o3: { name: 'o3', version: '2025-04-16', format: 'OpenAI', operation: 'Responses_Create' },
  'gpt-35-turbo-instruct': {
    name: 'gpt-35-turbo-instruct',
    version: '0914',
    format: 'OpenAI',
    operation: 'Completions_Create',
  },
  'text-embedding-3-large': {
    name: 'text-embedding-3-large',
    version: '1',
    format: 'OpenAI',
    operation: 'Embeddings_Create',
  },
  'text-embedding-3-small': {
    name: 'text-embedding-3-small',
    version: '1',
    format: 'OpenAI',
    operation: 'Embeddings_Create',
  },
  'text-embedding-ada-002': {
    name: 'text-embedding-ada-002',
    version: '2',
    format: 'OpenAI',
    operation: 'Embeddings_Create',
  },
  'dall-e-3': { name: 'dall-e-3', version: '3.0', format: 'OpenAI', operation: 'ImageGenerations_Create' },
  'Phi-4': { name: 'Phi-4', version: '7', format: 'Microsoft', operation: 'ChatCompletions_Create' },
  'Mistral-Large-2411': {
    name: 'Mistral-Large-2411',
    version: '2',
    format: 'Mistral AI',
    operation: 'ChatCompletions_Create',
  },
  'Llama-3.3-70B-Instruct': {
    name: 'Llama-3.3-70B-Instruct',
    version: '9',
    format: 'Meta',
    operation: 'ChatCompletions_Create',
  },
  'DeepSeek-R1': { name: 'DeepSeek-R1', version: '1', format: 'DeepSeek', operation: 'ChatCompletions_Create' },
};

export function model(name: string): ModelSpec {
  const m = MODELS[name];
  if (!m) throw new Error(`unknown demo model ${name}`);
  return m;
}
