/// <reference types="@kusto/language-service-next" />
// Every KQL query Vigil sends is parsed and analysed by the official Kusto
// language service against the schemas of the tables it reads, so a typo in a
// column or operator fails here instead of in a customer's tenant.
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { graphQueries, logsQueries, type NamedQuery } from '../azure/queries.js';

const require = createRequire(import.meta.url);

type ColumnType = 'string' | 'dynamic' | 'datetime' | 'real' | 'long';
type Schema = Record<string, ColumnType>;

/** Resource Graph's columns (the same for its three tables as far as Vigil's queries go). */
const RESOURCE_GRAPH: Schema = {
  id: 'string',
  name: 'string',
  type: 'string',
  tenantId: 'string',
  kind: 'string',
  location: 'string',
  resourceGroup: 'string',
  subscriptionId: 'string',
  managementGroup: 'string',
  skuName: 'string',
  sku: 'dynamic',
  plan: 'dynamic',
  properties: 'dynamic',
  tags: 'dynamic',
  identity: 'dynamic',
  zones: 'dynamic',
  extendedLocation: 'dynamic',
};

const AZURE_DIAGNOSTICS: Schema = {
  TimeGenerated: 'datetime',
  _ResourceId: 'string',
  ResourceId: 'string',
  ResourceProvider: 'string',
  Category: 'string',
  OperationName: 'string',
  CallerIPAddress: 'string',
  ResultSignature: 'string',
  DurationMs: 'real',
  properties_s: 'string',
  Resource: 'string',
};

let globals: Kusto.Language.GlobalState;

/** The bridge is a .NET library transpiled to JS: it needs its runtime (bridge.js) loaded first and exposes globals. */
function loadKusto(): typeof Kusto.Language {
  require('@kusto/language-service-next/bridge.js');
  require('@kusto/language-service-next');
  return (globalThis as unknown as { Kusto: typeof Kusto }).Kusto.Language;
}

function buildGlobals(K: typeof Kusto.Language): Kusto.Language.GlobalState {
  const S = K.Symbols;
  const types: Record<ColumnType, Kusto.Language.Symbols.ScalarSymbol | null> = {
    string: S.ScalarTypes.String,
    dynamic: S.ScalarTypes.Dynamic,
    datetime: S.ScalarTypes.DateTime,
    real: S.ScalarTypes.Real,
    long: S.ScalarTypes.Long,
  };
  // Columns are built one by one: the schema-string constructor stops at `kind`, a KQL keyword.
  const table = (name: string, schema: Schema) =>
    new S.TableSymbol.$ctor4(
      name,
      Object.entries(schema).map(([col, type]) => new S.ColumnSymbol(col, types[type], null, null, null, null)),
    );
  const db = new S.DatabaseSymbol.$ctor2('vigil', null, [
    table('resources', RESOURCE_GRAPH),
    table('resourcecontainers', RESOURCE_GRAPH),
    table('securityresources', RESOURCE_GRAPH),
    table('AzureDiagnostics', AZURE_DIAGNOSTICS),
  ]);
  const withDb = K.GlobalState.Default?.WithDatabase(db);
  if (!withDb) throw new Error('Kusto GlobalState could not be built');
  return withDb;
}

interface Diagnostic {
  severity: string;
  code: string;
  message: string;
  text: string;
}

function diagnose(K: typeof Kusto.Language, text: string): Diagnostic[] {
  const code = K.KustoCode.ParseAndAnalyze(text, globals);
  const list = code?.GetDiagnostics();
  const out: Diagnostic[] = [];
  for (let i = 0; i < (list?.Count ?? 0); i++) {
    const d = list?.getItem(i);
    if (!d) continue;
    out.push({
      severity: String(d.Severity),
      code: String(d.Code),
      message: String(d.Message),
      text: text.substr(d.Start, d.Length),
    });
  }
  return out;
}

const start = new Date('2025-06-01T00:00:00Z');
const end = new Date('2025-06-02T00:00:00Z');
const resource = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/o'ai";

const allQueries: NamedQuery[] = [
  graphQueries.subscriptions(),
  graphQueries.aiInventory(),
  graphQueries.aiDeployments(),
  graphQueries.aiLinkedResources(),
  graphQueries.assessments(start),
  graphQueries.assessments(),
  graphQueries.governanceAssignments(),
  graphQueries.attackPaths(),
  logsQueries.promptVolume(start, end),
  logsQueries.promptVolume(start, end, 60),
  logsQueries.promptCallers(resource, start, end, 5),
];

describe('KQL of every named query', () => {
  let K: typeof Kusto.Language;
  beforeAll(() => {
    K = loadKusto();
    globals = buildGlobals(K);
  });

  it('covers every query builder in azure/queries.ts', () => {
    const names = new Set(allQueries.map((q) => q.name));
    expect(names.size).toBe(Object.keys(graphQueries).length + Object.keys(logsQueries).length);
  });

  it.each(allQueries.map((q) => [q.name, q] as const))('%s parses and binds with no errors', (_name, query) => {
    const errors = diagnose(K, query.text).filter((d) => d.severity === 'Error');
    expect(errors).toEqual([]);
  });

  it('reports an unknown column, so the check can fail', () => {
    const errors = diagnose(K, 'resources | project id, nosuchcolumn').filter((d) => d.severity === 'Error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.text).toBe('nosuchcolumn');
  });

  it('reports a syntax error', () => {
    const errors = diagnose(K, "securityresources | where type == 'x' | summarize by").filter(
      (d) => d.severity === 'Error',
    );
    expect(errors.length).toBeGreaterThan(0);
  });
});
