// ../../tmp/scratch/smoke2.ts
import pino from "pino";

// azure/demo/server.ts
import { createServer } from "node:https";

// azure/demo/faults.ts
var ROUTE_FAMILIES = ["resource-graph", "security", "log-analytics"];
var AZURE_GRAPH_QUOTA = { limit: 15, windowMs: 5e3 };
var DemoFaults = class {
  latencyMs = { "resource-graph": 0, security: 0, "log-analytics": 0 };
  partialWorkspaces = /* @__PURE__ */ new Set();
  truncatedQueries = /* @__PURE__ */ new Set();
  quota = { ...AZURE_GRAPH_QUOTA };
  queued = {
    "resource-graph": [],
    security: [],
    "log-analytics": []
  };
  constructor(initial = {}) {
    Object.assign(this.latencyMs, initial.latencyMs ?? {});
    for (const w of initial.partialWorkspaces ?? []) this.partialWorkspaces.add(w.toLowerCase());
    for (const q of initial.truncatedQueries ?? []) this.truncatedQueries.add(q);
    if (initial.quota) this.quota = { ...initial.quota };
  }
  /** The next `count` requests of `route` answer with `fault` instead of their result. */
  failNext(route, count2, fault) {
    for (let i = 0; i < count2; i++) this.queued[route].push({ ...fault });
  }
  /** How many injected faults are still waiting for `route`. */
  pending(route) {
    return this.queued[route].length;
  }
  /** Takes the fault the next request of `route` must answer with, if any. */
  take(route) {
    return this.queued[route].shift();
  }
  /** Back to a well-behaved tenant (the quota goes back to Azure's). */
  reset() {
    for (const r of ROUTE_FAMILIES) {
      this.queued[r] = [];
      this.latencyMs[r] = 0;
    }
    this.partialWorkspaces.clear();
    this.truncatedQueries.clear();
    this.quota = { ...AZURE_GRAPH_QUOTA };
  }
};

// azure/demo/tenant/graph.ts
import { createHash } from "node:crypto";
import { z } from "zod/v4";

// azure/queries.ts
var AI_ACCOUNT_TYPE = "microsoft.cognitiveservices/accounts";
var AI_ACCOUNT_KINDS = ["OpenAI", "AIServices"];
var FOUNDRY_PROJECT_TYPE = "microsoft.cognitiveservices/accounts/projects";
var ML_WORKSPACE_TYPE = "microsoft.machinelearningservices/workspaces";
var ML_WORKSPACE_KINDS = ["Hub", "Project", "Default"];
var AI_DEPLOYMENT_TYPE = "microsoft.cognitiveservices/accounts/deployments";
var ML_CONNECTION_TYPE = "microsoft.machinelearningservices/workspaces/connections";
var MULTICLOUD_AI_TYPES = {
  bedrock: "microsoft.awsconnector/bedrockagents",
  sagemaker: "microsoft.awsconnector/sagemakerendpoints",
  vertex: "microsoft.gcpconnector/vertexaiendpoints"
};
var LINKED_RESOURCE_TYPES = [
  "microsoft.storage/storageaccounts",
  "microsoft.search/searchservices",
  "microsoft.keyvault/vaults",
  "microsoft.containerregistry/registries",
  "microsoft.insights/components",
  "microsoft.network/privateendpoints",
  "microsoft.managedidentity/userassignedidentities"
];
var AI_PROVIDER_MARKERS = [
  "/providers/microsoft.cognitiveservices/",
  "/providers/microsoft.machinelearningservices/",
  "/providers/microsoft.awsconnector/",
  "/providers/microsoft.gcpconnector/"
];
var PROMPT_OPERATIONS = [
  "ChatCompletions_Create",
  "Completions_Create",
  "Embeddings_Create",
  "Responses_Create",
  "ImageGenerations_Create"
];
var list = (values) => values.map((v) => `'${v}'`).join(", ");
function kqlLiteral(p) {
  switch (p.kind) {
    case "datetime":
      return `datetime(${p.value.toISOString()})`;
    case "timespan":
      return `${p.minutes}m`;
    case "string":
      return `'${p.value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
    case "long":
      return String(Math.trunc(p.value));
  }
}
function named(name, params, body) {
  const lets = Object.entries(params).map(([k, v]) => `let ${k} = ${kqlLiteral(v)};`);
  return { name, params, text: [`// vigil:${name}`, ...lets, body.trim()].join("\n") };
}
var aiFilter = `(type =~ '${AI_ACCOUNT_TYPE}' and kind in~ (${list(AI_ACCOUNT_KINDS)}))
    or type =~ '${FOUNDRY_PROJECT_TYPE}'
    or (type =~ '${ML_WORKSPACE_TYPE}' and kind in~ (${list(ML_WORKSPACE_KINDS)}))
    or type in~ (${list(Object.values(MULTICLOUD_AI_TYPES))})`;
var aiMarkersFilter = (column) => `${column} has_any (${list(AI_PROVIDER_MARKERS)})`;
var graphQueries = {
  subscriptions: () => named(
    "subscriptions",
    {},
    `resourcecontainers
| where type =~ 'microsoft.resources/subscriptions'
| project subscriptionId, name, tags
| order by subscriptionId asc`
  ),
  aiInventory: () => named(
    "ai-inventory",
    {},
    `resources
| where ${aiFilter}
| project id, name, type, kind, location, subscriptionId, resourceGroup, tags, identity, properties
| order by id asc`
  ),
  aiDeployments: () => named(
    "ai-deployments",
    {},
    `resources
| where type =~ '${AI_DEPLOYMENT_TYPE}'
| project id, name, subscriptionId, sku,
    modelName = tostring(properties.model.name),
    modelVersion = tostring(properties.model.version),
    modelFormat = tostring(properties.model.format),
    raiPolicyName = tostring(properties.raiPolicyName)
| order by id asc`
  ),
  /** Linked resources referenced by AI workloads (storage, search, key vaults…), with their own exposure. */
  aiLinkedResources: () => named(
    "ai-linked-resources",
    {},
    `resources
| where ${aiFilter}
| extend refs = pack_array(properties.storageAccount, properties.keyVault, properties.applicationInsights,
    properties.containerRegistry, properties.hubResourceId)
| mv-expand ref = refs
| project aiId = tolower(id), linkedId = tolower(tostring(ref))
| where isnotempty(linkedId)
| union (
    resources
    | where type =~ '${ML_CONNECTION_TYPE}'
    | project aiId = tolower(tostring(split(id, '/connections/')[0])),
        linkedId = tolower(tostring(properties.metadata.ResourceId))
    | where isnotempty(linkedId))
| join kind=inner (
    resources
    | where type in~ (${list(LINKED_RESOURCE_TYPES)}) or ${aiFilter}
    | project linkedId = tolower(id), name, type, publicNetworkAccess = tostring(properties.publicNetworkAccess)
  ) on linkedId
| project aiId, linkedId, name, type, publicNetworkAccess
| order by aiId asc, linkedId asc`
  ),
  /** AI assessments whose status changed at or after `since` (a watermark; the epoch for a full load). */
  assessments: (since = /* @__PURE__ */ new Date(0)) => named(
    "assessments",
    { since: { kind: "datetime", value: since } },
    `securityresources
| where type == 'microsoft.security/assessments'
| extend resourceId = tolower(tostring(properties.resourceDetails.Id)),
    altResourceId = tolower(tostring(properties.resourceDetails.id))
| extend resourceId = iff(isempty(resourceId), altResourceId, resourceId)
| where ${aiMarkersFilter("resourceId")}
| extend statusChangeDate = todatetime(properties.status.statusChangeDate)
| where isnull(statusChangeDate) or statusChangeDate >= since
| project id, name, resourceId, properties
| order by id asc`
  ),
  governanceAssignments: () => named(
    "governance-assignments",
    {},
    `securityresources
| where type == 'microsoft.security/assessments/governanceassignments'
| extend assessmentId = tolower(tostring(split(id, '/governanceassignments/')[0]))
| where ${aiMarkersFilter("assessmentId")}
| project id, name, assessmentId, properties
| order by id asc`
  ),
  attackPaths: () => named(
    "attack-paths",
    {},
    `securityresources
| where type == 'microsoft.security/attackpaths'
| where ${aiMarkersFilter("tostring(properties)")}
| project id, name, subscriptionId, properties
| order by id asc`
  )
};
var logsQueries = {
  /** Prompt operations per resource in fixed bins over [start, end). */
  promptVolume: (start, end, binMinutes = 5) => named(
    "prompt-volume",
    {
      start: { kind: "datetime", value: start },
      end: { kind: "datetime", value: end },
      binSize: { kind: "timespan", minutes: binMinutes }
    },
    `AzureDiagnostics
| where TimeGenerated >= start and TimeGenerated < end
| where ResourceProvider == 'MICROSOFT.COGNITIVESERVICES' and Category == 'RequestResponse'
| where OperationName in (${list(PROMPT_OPERATIONS)})
| summarize Requests = count() by ResourceId = tolower(_ResourceId), Bin = bin(TimeGenerated, binSize)
| order by ResourceId asc, Bin asc`
  ),
  /** Who called one resource in a window: caller IP, Entra object id, operation and deployment. */
  promptCallers: (resource, start, end, top = 10) => named(
    "prompt-callers",
    {
      resource: { kind: "string", value: resource.toLowerCase() },
      start: { kind: "datetime", value: start },
      end: { kind: "datetime", value: end },
      topN: { kind: "long", value: top }
    },
    `AzureDiagnostics
| where TimeGenerated >= start and TimeGenerated < end
| where ResourceProvider == 'MICROSOFT.COGNITIVESERVICES' and Category == 'RequestResponse'
| where tolower(_ResourceId) == resource
| where OperationName in (${list(PROMPT_OPERATIONS)})
| extend props = parse_json(properties_s)
| extend ObjectId = tostring(props.objectid), Deployment = tostring(props.modelDeploymentName)
| summarize Requests = count() by CallerIPAddress, ObjectId, OperationName, Deployment
| top topN by Requests desc`
  )
};
function queryNameOf(text) {
  const m = /^\/\/ vigil:([a-z-]+)\s*$/m.exec(text.split("\n", 1)[0] ?? "");
  return m?.[1] ?? null;
}
function queryParamsOf(text) {
  const out = {};
  for (const m of text.matchAll(/^let (\w+) = (.+);$/gm)) {
    if (m[1] && m[2]) out[m[1]] = m[2];
  }
  return out;
}

// azure/demo/tenant/graph-queries.ts
var QueryParamError = class extends Error {
};
var lower = (s) => typeof s === "string" ? s.toLowerCase() : "";
var eqi = (a, b) => lower(a) === b.toLowerCase();
var inI = (a, values) => values.some((v) => eqi(a, v));
var tostring = (v) => v === null || v === void 0 ? "" : typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
function path(obj2, ...keys) {
  let cur = obj2;
  for (const k of keys) {
    if (cur === null || typeof cur !== "object") return void 0;
    cur = cur[k];
  }
  return cur;
}
var mentionsAi = (text) => AI_PROVIDER_MARKERS.some((m) => text.toLowerCase().includes(m));
function isAiResource(r) {
  return eqi(r.type, AI_ACCOUNT_TYPE) && inI(r.kind, AI_ACCOUNT_KINDS) || eqi(r.type, FOUNDRY_PROJECT_TYPE) || eqi(r.type, ML_WORKSPACE_TYPE) && inI(r.kind, ML_WORKSPACE_KINDS) || inI(r.type, Object.values(MULTICLOUD_AI_TYPES));
}
var byKeys = (...keys) => (a, b) => {
  for (const k of keys) {
    const x = tostring(a[k]);
    const y = tostring(b[k]);
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
};
function parseDatetimeParam(params, name) {
  const raw = params[name];
  const m = raw === void 0 ? null : /^datetime\((.+)\)$/.exec(raw);
  const ms = m?.[1] ? Date.parse(m[1]) : Number.NaN;
  if (Number.isNaN(ms)) throw new QueryParamError(`parameter '${name}' must be a datetime literal, got ${raw ?? "nothing"}`);
  return ms;
}
function inScope(rows, subs) {
  return rows.filter((r) => subs.has(r.subscriptionId.toLowerCase()));
}
function subscriptions({ view: view2, subscriptions: subs }) {
  return inScope(view2.resourceContainers, subs).filter((r) => eqi(r.type, "microsoft.resources/subscriptions")).map((r) => ({ subscriptionId: r.subscriptionId, name: r.name, tags: r.tags ?? {} })).sort(byKeys("subscriptionId"));
}
function aiInventory({ view: view2, subscriptions: subs }) {
  return inScope(view2.resources, subs).filter(isAiResource).map((r) => ({
    id: r.id,
    name: r.name,
    type: r.type,
    kind: r.kind ?? "",
    location: r.location ?? "",
    subscriptionId: r.subscriptionId,
    resourceGroup: r.resourceGroup ?? "",
    tags: r.tags ?? {},
    identity: r.identity ?? null,
    properties: r.properties
  })).sort(byKeys("id"));
}
function aiDeployments({ view: view2, subscriptions: subs }) {
  return inScope(view2.resources, subs).filter((r) => eqi(r.type, AI_DEPLOYMENT_TYPE)).map((r) => ({
    id: r.id,
    name: r.name,
    subscriptionId: r.subscriptionId,
    sku: r.sku ?? null,
    modelName: tostring(path(r.properties, "model", "name")),
    modelVersion: tostring(path(r.properties, "model", "version")),
    modelFormat: tostring(path(r.properties, "model", "format")),
    raiPolicyName: tostring(path(r.properties, "raiPolicyName"))
  })).sort(byKeys("id"));
}
var LINK_PROPERTIES = ["storageAccount", "keyVault", "applicationInsights", "containerRegistry", "hubResourceId"];
function aiLinkedResources({ view: view2, subscriptions: subs }) {
  const rows = inScope(view2.resources, subs);
  const refs = [];
  for (const r of rows) {
    if (isAiResource(r)) {
      for (const p of LINK_PROPERTIES) {
        const linkedId = tostring(path(r.properties, p)).toLowerCase();
        if (linkedId) refs.push({ aiId: r.id.toLowerCase(), linkedId });
      }
    } else if (eqi(r.type, ML_CONNECTION_TYPE)) {
      const linkedId = tostring(path(r.properties, "metadata", "ResourceId")).toLowerCase();
      const aiId = (r.id.split("/connections/")[0] ?? "").toLowerCase();
      if (linkedId) refs.push({ aiId, linkedId });
    }
  }
  const joinable = /* @__PURE__ */ new Map();
  for (const r of rows) {
    if (inI(r.type, LINKED_RESOURCE_TYPES) || isAiResource(r)) joinable.set(r.id.toLowerCase(), r);
  }
  const out = [];
  for (const { aiId, linkedId } of refs) {
    const target = joinable.get(linkedId);
    if (!target) continue;
    out.push({
      aiId,
      linkedId,
      name: target.name,
      type: target.type,
      publicNetworkAccess: tostring(path(target.properties, "publicNetworkAccess"))
    });
  }
  return out.sort(byKeys("aiId", "linkedId"));
}
function assessments({ view: view2, subscriptions: subs, params }) {
  const since = parseDatetimeParam(params, "since");
  const out = [];
  for (const r of inScope(view2.securityResources, subs)) {
    if (r.type !== "microsoft.security/assessments") continue;
    const details = path(r.properties, "resourceDetails");
    const resourceId2 = (tostring(path(details, "Id")) || tostring(path(details, "id"))).toLowerCase();
    if (!mentionsAi(resourceId2)) continue;
    const changed = path(r.properties, "status", "statusChangeDate");
    const changedMs = typeof changed === "string" ? Date.parse(changed) : Number.NaN;
    if (!Number.isNaN(changedMs) && changedMs < since) continue;
    out.push({ id: r.id, name: r.name, resourceId: resourceId2, properties: r.properties });
  }
  return out.sort(byKeys("id"));
}
function governanceAssignments({ view: view2, subscriptions: subs }) {
  return inScope(view2.securityResources, subs).filter((r) => r.type === "microsoft.security/assessments/governanceassignments").map((r) => ({
    id: r.id,
    name: r.name,
    // As the query does: split on the lower-case segment name, then lower-case.
    assessmentId: (r.id.split("/governanceassignments/")[0] ?? "").toLowerCase(),
    properties: r.properties
  })).filter((r) => mentionsAi(r.assessmentId)).sort(byKeys("id"));
}
function attackPaths({ view: view2, subscriptions: subs }) {
  return inScope(view2.securityResources, subs).filter((r) => r.type === "microsoft.security/attackpaths" && mentionsAi(JSON.stringify(r.properties))).map((r) => ({ id: r.id, name: r.name, subscriptionId: r.subscriptionId, properties: r.properties })).sort(byKeys("id"));
}
var GRAPH_QUERY_RESULTS = {
  subscriptions,
  "ai-inventory": aiInventory,
  "ai-deployments": aiDeployments,
  "ai-linked-resources": aiLinkedResources,
  assessments,
  "governance-assignments": governanceAssignments,
  "attack-paths": attackPaths
};
var isGraphQueryName = (name) => name !== null && Object.hasOwn(GRAPH_QUERY_RESULTS, name);
function subscriptionsUnderManagementGroup(view2, group) {
  const g = group.toLowerCase();
  const subs = view2.resourceContainers.filter((r) => eqi(r.type, "microsoft.resources/subscriptions"));
  if (g === view2.tenantId.toLowerCase()) return subs.map((r) => r.subscriptionId.toLowerCase());
  const groupKnown = view2.resourceContainers.some(
    (r) => eqi(r.type, "microsoft.management/managementgroups") && lower(r.name) === g
  );
  const members = subs.filter((r) => {
    const chain = path(r.properties, "managementGroupAncestorsChain");
    return Array.isArray(chain) && chain.some((link) => lower(path(link, "name")) === g);
  });
  return groupKnown || members.length > 0 ? members.map((r) => r.subscriptionId.toLowerCase()) : null;
}

// azure/demo/tenant/http.ts
var MAX_BODY_BYTES = 1 << 20;
var HttpError = class extends Error {
  constructor(status, body, headers = {}) {
    super(`HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
  status;
  body;
  headers;
};
function armError(status, code, message, details) {
  return new HttpError(status, { error: { code, message, ...details ? { details } : {} } });
}
async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw armError(413, "RequestEntityTooLarge", "The request body is too large.");
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return void 0;
  try {
    return JSON.parse(text);
  } catch {
    throw armError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
  }
}
function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers
  });
  res.end(text);
}

// azure/demo/tenant/graph.ts
var GRAPH_API_VERSIONS = ["2021-03-01", "2021-06-01-preview", "2022-10-01", "2024-04-01"];
var MAX_PAGE_ROWS = 1e3;
var requestSchema = z.object({
  subscriptions: z.array(z.string()).optional(),
  managementGroups: z.array(z.string()).optional(),
  query: z.string(),
  options: z.object({
    $top: z.number().int().min(1).max(MAX_PAGE_ROWS).optional(),
    $skip: z.number().int().min(0).optional(),
    $skipToken: z.string().optional(),
    resultFormat: z.enum(["table", "objectArray"]).optional()
  }).loose().optional()
});
var tokenSchema = z.object({ v: z.literal(1), o: z.number().int().min(0), h: z.string(), t: z.number() });
function badRequest(message, detailCode) {
  return armError(400, "BadRequest", message, [{ code: detailCode, message }]);
}
function encodeToken(offset, hash, viewMs) {
  return Buffer.from(JSON.stringify({ v: 1, o: offset, h: hash, t: viewMs })).toString("base64url");
}
function decodeToken(token) {
  try {
    return tokenSchema.parse(JSON.parse(Buffer.from(token, "base64url").toString("utf8")));
  } catch {
    return null;
  }
}
function asTable(rows, columns) {
  const typeOf = (v) => typeof v === "number" ? Number.isInteger(v) ? "integer" : "number" : typeof v === "boolean" ? "boolean" : typeof v === "string" ? "string" : "object";
  return {
    columns: columns.map((name) => ({ name, type: typeOf(rows[0]?.[name]) })),
    rows: rows.map((r) => columns.map((c) => r[c] ?? null))
  };
}
var GraphService = class {
  constructor(viewAt, clockMs, faults) {
    this.viewAt = viewAt;
    this.clockMs = clockMs;
    this.faults = faults;
  }
  viewAt;
  clockMs;
  faults;
  /** Full results of recent queries, so paging does not recompute them for every page. */
  cache = /* @__PURE__ */ new Map();
  answer(rawBody) {
    const parsed = requestSchema.safeParse(rawBody);
    if (!parsed.success) throw badRequest(`The request body is invalid: ${parsed.error.message}`, "InvalidRequestBody");
    const req = parsed.data;
    const name = queryNameOf(req.query);
    if (!isGraphQueryName(name)) {
      throw badRequest(
        `Query is invalid: the demo tenant only answers Vigil's named Resource Graph queries, not '${name ?? req.query.split("\n", 1)[0]}'.`,
        "InvalidQuery"
      );
    }
    const scopeKey = JSON.stringify([
      [...req.subscriptions ?? []].map((s) => s.toLowerCase()).sort(),
      [...req.managementGroups ?? []].map((s) => s.toLowerCase()).sort()
    ]);
    const hash = createHash("sha256").update(req.query).update("\n").update(scopeKey).digest("base64url").slice(0, 16);
    const opts = req.options ?? {};
    let offset = opts.$skip ?? 0;
    let viewMs = this.clockMs();
    if (opts.$skipToken !== void 0) {
      const token = decodeToken(opts.$skipToken);
      if (!token || token.h !== hash) {
        throw badRequest("The $skipToken is invalid or does not belong to this query and scope.", "InvalidSkipToken");
      }
      offset = token.o;
      viewMs = token.t;
    }
    const cacheKey = `${hash}@${viewMs}`;
    let rows = this.cache.get(cacheKey);
    if (!rows) {
      const view2 = this.viewAt(viewMs);
      const subscriptions2 = this.resolveScope(view2, req.subscriptions, req.managementGroups);
      try {
        rows = GRAPH_QUERY_RESULTS[name]({ view: view2, subscriptions: subscriptions2, params: queryParamsOf(req.query) });
      } catch (err) {
        if (err instanceof QueryParamError) throw badRequest(`Query is invalid: ${err.message}`, "InvalidQuery");
        throw err;
      }
      this.cache.set(cacheKey, rows);
      if (this.cache.size > 16) this.cache.delete(this.cache.keys().next().value);
    }
    const pageSize = Math.min(opts.$top ?? MAX_PAGE_ROWS, MAX_PAGE_ROWS);
    const page = rows.slice(offset, offset + pageSize);
    const truncated = this.faults.truncatedQueries.has(name);
    const more = !truncated && offset + page.length < rows.length;
    const columns = page[0] ? Object.keys(page[0]) : [];
    return {
      queryName: name,
      body: {
        totalRecords: rows.length,
        count: page.length,
        resultTruncated: truncated ? "true" : "false",
        ...more ? { $skipToken: encodeToken(offset + page.length, hash, viewMs) } : {},
        data: opts.resultFormat === "table" ? asTable(page, columns) : page,
        facets: []
      }
    };
  }
  resolveScope(view2, subs, groups) {
    const known = new Set(
      view2.resourceContainers.filter((r) => r.type.toLowerCase() === "microsoft.resources/subscriptions").map((r) => r.subscriptionId.toLowerCase())
    );
    if (subs && subs.length > 0) return new Set(subs.map((s) => s.toLowerCase()).filter((s) => known.has(s)));
    if (groups && groups.length > 0) {
      const out = /* @__PURE__ */ new Set();
      for (const g of groups) {
        const members = subscriptionsUnderManagementGroup(view2, g);
        if (members === null) {
          throw armError(403, "AuthorizationFailed", `The client does not have authorization over management group '${g}', or it does not exist.`);
        }
        for (const m of members) out.add(m);
      }
      return out;
    }
    return known;
  }
};

// azure/demo/tenant/logs.ts
import { z as z2 } from "zod/v4";
var LOG_BIN_MS = 5 * 60 * 1e3;
var ROUTE = /^\/v1\/workspaces\/([^/]+)\/query\/?$/i;
function matchLogsRoute(pathname) {
  const m = ROUTE.exec(pathname);
  return m?.[1] ? decodeURIComponent(m[1]).toLowerCase() : null;
}
var bodySchema = z2.object({
  query: z2.string(),
  timespan: z2.string().optional(),
  workspaces: z2.array(z2.string()).optional()
});
function logsError(status, code, message, inner) {
  return new HttpError(status, {
    error: {
      message,
      code,
      correlationId: "00000000-0000-0000-0000-000000000000",
      ...inner ? { innererror: inner } : {}
    }
  });
}
var badArgument = (message) => logsError(400, "BadArgumentError", "The request had some invalid properties", { code: "SemanticError", message });
function datetimeParam(params, name) {
  const m = /^datetime\((.+)\)$/.exec(params[name] ?? "");
  const ms = m?.[1] ? Date.parse(m[1]) : Number.NaN;
  if (Number.isNaN(ms)) throw badArgument(`'${name}' must be a datetime literal`);
  return ms;
}
var UNIT_MS = { m: 6e4, h: 36e5, d: 864e5 };
function timespanParam(params, name, fallbackMs) {
  const raw = params[name];
  if (raw === void 0) return fallbackMs;
  const m = /^(\d+)(m|h|d)$/.exec(raw);
  if (!m?.[1] || !m[2]) throw badArgument(`'${name}' must be a timespan literal such as 5m`);
  return Number(m[1]) * UNIT_MS[m[2]];
}
function stringParam(params, name) {
  const m = /^'((?:[^'\\]|\\.)*)'$/.exec(params[name] ?? "");
  if (m?.[1] === void 0) throw badArgument(`'${name}' must be a string literal`);
  return m[1].replace(/\\(.)/g, "$1");
}
function longParam(params, name) {
  const n = Number(params[name]);
  if (!Number.isInteger(n)) throw badArgument(`'${name}' must be a long literal`);
  return n;
}
function narrowToTimespan(start, end, timespan) {
  const [a, b] = (timespan ?? "").split("/");
  const s = a ? Date.parse(a) : Number.NaN;
  const e = b ? Date.parse(b) : Number.NaN;
  return [Number.isNaN(s) ? start : Math.max(start, s), Number.isNaN(e) ? end : Math.min(end, e)];
}
function promptVolume(view2, workspace, params, timespan) {
  const [start, end] = narrowToTimespan(datetimeParam(params, "start"), datetimeParam(params, "end"), timespan);
  const binMs = timespanParam(params, "binSize", LOG_BIN_MS);
  if (binMs % LOG_BIN_MS !== 0) throw badArgument("binSize must be a multiple of 5m in the demo tenant");
  const rows = [];
  const resources = [...view2.workspaceResources.get(workspace) ?? []].map((r) => r.toLowerCase()).sort();
  const first = Math.ceil(start / binMs) * binMs;
  for (const resourceId2 of resources) {
    for (let bin = first; bin < end; bin += binMs) {
      let count2 = 0;
      for (let sub = bin; sub < bin + binMs; sub += LOG_BIN_MS) count2 += view2.promptCount(resourceId2, sub);
      if (count2 > 0) rows.push([resourceId2, new Date(bin).toISOString(), count2]);
    }
  }
  return {
    columns: [
      { name: "ResourceId", type: "string" },
      { name: "Bin", type: "datetime" },
      { name: "Requests", type: "long" }
    ],
    rows
  };
}
function promptCallers(view2, workspace, params, timespan) {
  const [start, end] = narrowToTimespan(datetimeParam(params, "start"), datetimeParam(params, "end"), timespan);
  const resource = stringParam(params, "resource").toLowerCase();
  const top = longParam(params, "topN");
  const logged = (view2.workspaceResources.get(workspace) ?? []).some((r) => r.toLowerCase() === resource);
  const callers = logged ? view2.promptCallers(resource, start, end) : [];
  return {
    columns: [
      { name: "CallerIPAddress", type: "string" },
      { name: "ObjectId", type: "string" },
      { name: "OperationName", type: "string" },
      { name: "Deployment", type: "string" },
      { name: "Requests", type: "long" }
    ],
    rows: [...callers].sort((a, b) => b.requests - a.requests).slice(0, Math.max(0, top)).map((c) => [c.callerIp, c.objectId ?? "", c.operation, c.deployment, c.requests])
  };
}
function partialAnswer(table) {
  return {
    tables: [{ name: "PrimaryResult", columns: table.columns, rows: table.rows.slice(0, Math.ceil(table.rows.length / 2)) }],
    error: {
      code: "PartialError",
      message: "There were some errors when processing your query.",
      details: [
        {
          code: "EngineError",
          message: "Something went wrong processing your query on the server.",
          innererror: { code: "-2133196797", message: "Partial query failure: a storage shard did not answer in time." }
        }
      ]
    }
  };
}
function answerLogs(view2, workspace, rawBody, partial) {
  if (!view2.workspaces.some((w) => w.customerId.toLowerCase() === workspace)) {
    throw logsError(404, "WorkspaceNotFoundError", `The workspace could not be found: ${workspace}`);
  }
  const parsed = bodySchema.safeParse(rawBody);
  if (!parsed.success) throw badArgument(`invalid request body: ${parsed.error.message}`);
  const { query, timespan } = parsed.data;
  const name = queryNameOf(query);
  const params = queryParamsOf(query);
  let table;
  if (name === "prompt-volume") table = promptVolume(view2, workspace, params, timespan);
  else if (name === "prompt-callers") table = promptCallers(view2, workspace, params, timespan);
  else throw badArgument(`the demo tenant only answers Vigil's named log queries, not '${name ?? query.split("\n", 1)[0]}'`);
  return partial ? partialAnswer(table) : { tables: [{ name: "PrimaryResult", ...table }] };
}

// azure/throttle.ts
var QUOTA_REMAINING_HEADER = "x-ms-user-quota-remaining";
var QUOTA_RESETS_AFTER_HEADER = "x-ms-user-quota-resets-after";
function formatQuotaDuration(ms) {
  const total = Math.max(0, Math.ceil(ms / 1e3));
  const pad2 = (n) => String(n).padStart(2, "0");
  return `${pad2(Math.floor(total / 3600))}:${pad2(Math.floor(total % 3600 / 60))}:${pad2(total % 60)}`;
}
function parseQuotaDuration(text) {
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text?.trim() ?? "");
  if (!m) return null;
  const [, d, h, min, s] = m;
  return ((Number(d ?? 0) * 24 + Number(h)) * 3600 + Number(min) * 60 + Number(s)) * 1e3;
}
var realTimers = {
  now: () => performance.now(),
  sleep: (ms, signal) => new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  })
};
var QuotaGate = class {
  constructor(timers) {
    this.timers = timers;
  }
  timers;
  remaining = null;
  resetAt = 0;
  inFlight = 0;
  wake = [];
  /** Waits for a slot; resolves with the milliseconds spent waiting for a quota reset. */
  async acquire(signal) {
    let waitedMs = 0;
    for (; ; ) {
      signal?.throwIfAborted();
      if (this.remaining !== null && this.remaining <= 0) {
        const wait = this.resetAt - this.timers.now();
        if (wait > 0) {
          await this.timers.sleep(wait, signal);
          waitedMs += wait;
          continue;
        }
        this.remaining = null;
      }
      if (this.remaining === null) {
        if (this.inFlight > 0) {
          await new Promise((resolve) => this.wake.push(resolve));
          continue;
        }
      } else {
        this.remaining -= 1;
      }
      this.inFlight += 1;
      return waitedMs;
    }
  }
  /** Records the quota headers of an answer (or their absence) and lets waiting requests re-check. */
  settle(remaining, resetsAfterMs) {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (remaining !== null) {
      this.remaining = this.remaining === null ? remaining : Math.min(this.remaining, remaining);
      if (resetsAfterMs !== null) this.resetAt = Math.max(this.resetAt, this.timers.now() + resetsAfterMs);
    }
    const waiting = this.wake;
    this.wake = [];
    for (const w of waiting) w();
  }
};
function quotaGatePolicy(gate, onWait) {
  return {
    name: "vigilQuotaGate",
    async sendRequest(request, next) {
      const waited = await gate.acquire(request.abortSignal);
      if (waited > 0) onWait(waited);
      let response;
      try {
        response = await next(request);
        return response;
      } finally {
        const remainingText = response?.headers.get(QUOTA_REMAINING_HEADER);
        const remaining = remainingText === void 0 ? null : Number.parseInt(remainingText, 10);
        gate.settle(
          remaining === null || Number.isNaN(remaining) ? null : remaining,
          parseQuotaDuration(response?.headers.get(QUOTA_RESETS_AFTER_HEADER))
        );
      }
    }
  };
}

// azure/demo/tenant/quota.ts
var SlidingQuota = class {
  constructor(settings, nowMs) {
    this.settings = settings;
    this.nowMs = nowMs;
  }
  settings;
  nowMs;
  granted = [];
  tryTake() {
    const { limit, windowMs } = this.settings();
    const now2 = this.nowMs();
    this.granted = this.granted.filter((t) => t > now2 - windowMs);
    const allowed = this.granted.length < limit;
    if (allowed) this.granted.push(now2);
    const remaining = Math.max(0, limit - this.granted.length);
    const oldest = this.granted[0];
    const newest = this.granted[this.granted.length - 1];
    const resetsAfterMs = newest === void 0 ? 0 : newest + windowMs - now2;
    const nextSlotMs = oldest === void 0 ? 0 : oldest + windowMs - now2;
    return {
      allowed,
      headers: {
        "x-ms-user-quota-remaining": String(remaining),
        "x-ms-user-quota-resets-after": formatQuotaDuration(resetsAfterMs)
      },
      retryAfterSeconds: Math.max(1, Math.ceil(nextSlotMs / 1e3))
    };
  }
};

// azure/demo/tenant/security.ts
var PRICINGS_API_VERSIONS = ["2022-03-01", "2023-01-01", "2024-01-01"];
var SECURE_SCORES_API_VERSIONS = ["2020-01-01"];
var ROUTE2 = /^\/subscriptions\/([^/]+)\/providers\/microsoft\.security\/(pricings|securescores)\/?$/i;
function matchSecurityRoute(pathname) {
  const m = ROUTE2.exec(pathname);
  if (!m?.[1] || !m[2]) return null;
  return {
    subscriptionId: decodeURIComponent(m[1]).toLowerCase(),
    route: m[2].toLowerCase() === "pricings" ? "pricings" : "secure-scores"
  };
}
function checkApiVersion(apiVersion, supported, type) {
  if (apiVersion === null) {
    throw armError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
  }
  if (!supported.includes(apiVersion)) {
    throw armError(
      400,
      "NoRegisteredProviderFound",
      `No registered resource provider found for API version '${apiVersion}' and type '${type}'. The supported api-versions are '${supported.join(", ")}'.`
    );
  }
}
function pricingForVersion(p, apiVersion) {
  if (apiVersion >= "2023-01-01") return p;
  const { extensions: _e, enablementTime: _t, ...older } = p.properties;
  return { ...p, properties: older };
}
function answerSecurity(view2, match, apiVersion, method) {
  if (method !== "GET") throw armError(405, "MethodNotAllowed", `The demo tenant serves Microsoft.Security reads only, not ${method}.`);
  const exists = view2.resourceContainers.some(
    (r) => r.type.toLowerCase() === "microsoft.resources/subscriptions" && r.subscriptionId.toLowerCase() === match.subscriptionId
  );
  if (!exists) {
    throw armError(404, "SubscriptionNotFound", `The subscription '${match.subscriptionId}' could not be found.`);
  }
  if (match.route === "pricings") {
    checkApiVersion(apiVersion, PRICINGS_API_VERSIONS, "pricings");
    const list2 = view2.pricings.get(match.subscriptionId) ?? [];
    return { value: list2.map((p) => pricingForVersion(p, apiVersion ?? "")) };
  }
  checkApiVersion(apiVersion, SECURE_SCORES_API_VERSIONS, "secureScores");
  return { value: view2.secureScores.get(match.subscriptionId) ?? [] };
}

// azure/demo/tls.ts
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
var crypto2 = webcrypto;
var ecdsa = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
var DAY_MS = 24 * 60 * 60 * 1e3;
var randomSerial = () => {
  const bytes = crypto2.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 127;
  return Buffer.from(bytes).toString("hex");
};
async function generateDemoTls(now2) {
  const notBefore = new Date(Math.min(now2.getTime(), Date.now()) - DAY_MS);
  const notAfter = new Date(Math.max(now2.getTime(), Date.now()) + 365 * DAY_MS);
  const caKeys = await crypto2.subtle.generateKey(ecdsa, true, ["sign", "verify"]);
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: "CN=Vigil demo tenant CA",
      notBefore,
      notAfter,
      keys: caKeys,
      signingAlgorithm: ecdsa,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto2)
      ]
    },
    crypto2
  );
  const leafKeys = await crypto2.subtle.generateKey(ecdsa, true, ["sign", "verify"]);
  const leaf = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerial(),
      subject: "CN=127.0.0.1",
      issuer: ca.subject,
      notBefore,
      notAfter,
      publicKey: leafKeys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: ecdsa,
      extensions: [
        new x509.BasicConstraintsExtension(false, void 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension([
          { type: "ip", value: "127.0.0.1" },
          { type: "ip", value: "::1" },
          { type: "dns", value: "localhost" }
        ]),
        await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey, false, crypto2),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey, false, crypto2)
      ]
    },
    crypto2
  );
  const pkcs8 = await crypto2.subtle.exportKey("pkcs8", leafKeys.privateKey);
  return {
    caPem: ca.toString("pem"),
    certPem: leaf.toString("pem"),
    keyPem: x509.PemConverter.encode(pkcs8, "PRIVATE KEY")
  };
}

// azure/demo/server.ts
var sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
function freshCounters() {
  return {
    byRoute: { "resource-graph": 0, pricings: 0, "secure-scores": 0, "log-analytics": 0, unknown: 0 },
    byStatus: {},
    byQuery: {},
    quotaRefusals: 0,
    injectedFaults: 0,
    unauthorized: 0
  };
}
function routeOf(pathname) {
  if (/^\/providers\/microsoft\.resourcegraph\/resources\/?$/i.test(pathname)) return { route: "resource-graph" };
  const sec = matchSecurityRoute(pathname);
  if (sec) return { route: sec.route, subscriptionId: sec.subscriptionId };
  const workspace = matchLogsRoute(pathname);
  if (workspace) return { route: "log-analytics", workspace };
  return { route: "unknown" };
}
var familyOf = (route) => route === "resource-graph" ? "resource-graph" : route === "log-analytics" ? "log-analytics" : route === "unknown" ? null : "security";
async function startDemoTenant(opts) {
  const { estate: estate2, clock: clock2, logger: logger2 } = opts;
  const tls = await generateDemoTls(clock2());
  const faults = new DemoFaults(opts.faults);
  const requests = freshCounters();
  const quota = new SlidingQuota(() => faults.quota, () => performance.now());
  const views = /* @__PURE__ */ new Map();
  const viewAt = (ms) => {
    let v = views.get(ms);
    if (!v) {
      v = estate2.at(new Date(ms));
      views.set(ms, v);
      if (views.size > 4) views.delete(views.keys().next().value);
    }
    return v;
  };
  const graph = new GraphService(viewAt, () => clock2().getTime(), faults);
  async function handle(req, res) {
    const url2 = new URL(req.url ?? "/", "https://demo.invalid");
    const routed = routeOf(url2.pathname);
    const family = familyOf(routed.route);
    const respond = (status, body, headers = {}) => {
      requests.byStatus[String(status)] = (requests.byStatus[String(status)] ?? 0) + 1;
      sendJson(res, status, body, { "x-ms-request-id": crypto.randomUUID(), ...headers });
    };
    if (!/^Bearer \S+/.test(req.headers.authorization ?? "")) {
      requests.unauthorized += 1;
      const body = family === "log-analytics" ? { error: { message: "Valid authentication was not provided", code: "AuthorizationRequiredError" } } : { error: { code: "AuthenticationFailed", message: "Authentication failed. The 'Authorization' header is missing." } };
      respond(401, body, {
        "www-authenticate": 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"'
      });
      return;
    }
    requests.byRoute[routed.route] += 1;
    try {
      if (family) {
        const latency = faults.latencyMs[family];
        if (latency > 0) await sleep(latency);
        const fault = faults.take(family);
        if (fault) {
          requests.injectedFaults += 1;
          const retryAfter = fault.retryAfterSeconds ?? (fault.status === 429 ? 1 : void 0);
          const headers = retryAfter === void 0 ? {} : { "retry-after": String(retryAfter) };
          const message = fault.status === 429 ? "Too many requests. Please retry." : "The service is temporarily unavailable (injected fault).";
          const code = fault.status === 429 ? "RateLimiting" : fault.status === 503 ? "ServiceUnavailable" : "InternalServerError";
          const err = family === "log-analytics" ? logsError(fault.status, code, message) : armError(fault.status, code, message);
          respond(fault.status, err.body, headers);
          return;
        }
      }
      switch (routed.route) {
        case "resource-graph": {
          if (req.method !== "POST") throw armError(405, "MethodNotAllowed", "Resource Graph queries are POSTed.");
          const apiVersion = url2.searchParams.get("api-version");
          if (!apiVersion || !GRAPH_API_VERSIONS.includes(apiVersion)) {
            throw armError(400, "InvalidApiVersionParameter", `The api-version '${apiVersion ?? ""}' is invalid. The supported versions are '${GRAPH_API_VERSIONS.join(",")}'.`);
          }
          const decision = quota.tryTake();
          if (!decision.allowed) {
            requests.quotaRefusals += 1;
            const err = armError(429, "RateLimiting", "Please provide below info when asking for support: the user quota was exceeded.");
            respond(429, err.body, { ...decision.headers, "retry-after": String(decision.retryAfterSeconds) });
            return;
          }
          try {
            const answer = graph.answer(await readJson(req));
            requests.byQuery[answer.queryName] = (requests.byQuery[answer.queryName] ?? 0) + 1;
            respond(200, answer.body, decision.headers);
          } catch (err) {
            if (err instanceof HttpError) respond(err.status, err.body, { ...decision.headers, ...err.headers });
            else throw err;
          }
          return;
        }
        case "pricings":
        case "secure-scores": {
          const body = answerSecurity(viewAt(clock2().getTime()), routed, url2.searchParams.get("api-version"), req.method ?? "GET");
          respond(200, body);
          return;
        }
        case "log-analytics": {
          if (req.method !== "POST") throw logsError(405, "MethodNotAllowed", "Queries are POSTed.");
          const body = await readJson(req);
          respond(200, answerLogs(viewAt(clock2().getTime()), routed.workspace, body, faults.partialWorkspaces.has(routed.workspace)));
          return;
        }
        case "unknown":
          throw armError(404, "NotFound", `The demo tenant does not serve ${req.method} ${url2.pathname}.`);
      }
    } catch (err) {
      if (err instanceof HttpError) {
        respond(err.status, err.body, err.headers);
        return;
      }
      logger2?.error({ err, path: url2.pathname }, "demo tenant failed to answer");
      respond(500, { error: { code: "InternalServerError", message: "The demo tenant failed to answer." } });
    }
  }
  const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    handle(req, res).catch((err) => {
      logger2?.error({ err }, "demo tenant request crashed");
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address();
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const url = `https://${urlHost}:${port}`;
  logger2?.info({ url }, "demo tenant listening");
  return {
    url,
    caPem: tls.caPem,
    faults,
    requests,
    close: () => new Promise((resolve, reject) => {
      server.close((err) => err ? reject(err) : resolve());
      server.closeAllConnections();
    })
  };
}

// azure/demo/catalog.ts
var REGIONS = {
  westeurope: { name: "westeurope", short: "weu", utcOffsetHours: 1 },
  northeurope: { name: "northeurope", short: "neu", utcOffsetHours: 0 },
  swedencentral: { name: "swedencentral", short: "sdc", utcOffsetHours: 1 },
  germanywestcentral: { name: "germanywestcentral", short: "gwc", utcOffsetHours: 1 },
  francecentral: { name: "francecentral", short: "frc", utcOffsetHours: 1 },
  uksouth: { name: "uksouth", short: "uks", utcOffsetHours: 0 },
  eastus: { name: "eastus", short: "eus", utcOffsetHours: -5 },
  eastus2: { name: "eastus2", short: "eus2", utcOffsetHours: -5 },
  canadaeast: { name: "canadaeast", short: "cae", utcOffsetHours: -5 },
  westus3: { name: "westus3", short: "wus3", utcOffsetHours: -7 },
  japaneast: { name: "japaneast", short: "jpe", utcOffsetHours: 9 },
  australiaeast: { name: "australiaeast", short: "aue", utcOffsetHours: 11 }
};
function region(name) {
  const r = REGIONS[name];
  if (!r) throw new Error(`unknown demo region ${name}`);
  return r;
}
var MODELS = {
  "gpt-4o": { name: "gpt-4o", version: "2024-11-20", format: "OpenAI", operation: "ChatCompletions_Create" },
  "gpt-4o-mini": { name: "gpt-4o-mini", version: "2024-07-18", format: "OpenAI", operation: "ChatCompletions_Create" },
  "gpt-4.1": { name: "gpt-4.1", version: "2025-04-14", format: "OpenAI", operation: "ChatCompletions_Create" },
  "gpt-4.1-mini": { name: "gpt-4.1-mini", version: "2025-04-14", format: "OpenAI", operation: "ChatCompletions_Create" },
  "gpt-4.1-nano": { name: "gpt-4.1-nano", version: "2025-04-14", format: "OpenAI", operation: "ChatCompletions_Create" },
  "gpt-5": { name: "gpt-5", version: "2025-08-07", format: "OpenAI", operation: "Responses_Create" },
  "gpt-5-mini": { name: "gpt-5-mini", version: "2025-08-07", format: "OpenAI", operation: "Responses_Create" },
  "o4-mini": { name: "o4-mini", version: "2025-04-16", format: "OpenAI", operation: "Responses_Create" },
  o3: { name: "o3", version: "2025-04-16", format: "OpenAI", operation: "Responses_Create" },
  "gpt-35-turbo-instruct": {
    name: "gpt-35-turbo-instruct",
    version: "0914",
    format: "OpenAI",
    operation: "Completions_Create"
  },
  "text-embedding-3-large": {
    name: "text-embedding-3-large",
    version: "1",
    format: "OpenAI",
    operation: "Embeddings_Create"
  },
  "text-embedding-3-small": {
    name: "text-embedding-3-small",
    version: "1",
    format: "OpenAI",
    operation: "Embeddings_Create"
  },
  "text-embedding-ada-002": {
    name: "text-embedding-ada-002",
    version: "2",
    format: "OpenAI",
    operation: "Embeddings_Create"
  },
  "dall-e-3": { name: "dall-e-3", version: "3.0", format: "OpenAI", operation: "ImageGenerations_Create" },
  "Phi-4": { name: "Phi-4", version: "7", format: "Microsoft", operation: "ChatCompletions_Create" },
  "Mistral-Large-2411": {
    name: "Mistral-Large-2411",
    version: "2",
    format: "Mistral AI",
    operation: "ChatCompletions_Create"
  },
  "Llama-3.3-70B-Instruct": {
    name: "Llama-3.3-70B-Instruct",
    version: "9",
    format: "Meta",
    operation: "ChatCompletions_Create"
  },
  "DeepSeek-R1": { name: "DeepSeek-R1", version: "1", format: "DeepSeek", operation: "ChatCompletions_Create" }
};
function model(name) {
  const m = MODELS[name];
  if (!m) throw new Error(`unknown demo model ${name}`);
  return m;
}
var REC = {
  localAuth: "13b10b36-aa99-4db6-b00c-dcf87c4761e6",
  networkAccess: "f738efb8-005f-680d-3d43-b3db762d6243",
  privateLink: "54f53ddf-6ebd-461e-a247-394c542bc5d1",
  cmk: "18bf29b3-a844-e170-2826-4e95d0ba4dc9",
  diagnostics: "dea5192e-1bb3-101b-b70c-4646546f5e1e",
  bedrockPrivateLink: "dd55620f-09f2-4d4b-9d6b-adcee7479a64",
  // Demo keys (made up): Defender has recommendations like these but their keys are not public.
  contentFilter: "7c1f3a52-9e4b-4d0a-8b21-5f6e2d9a0c13",
  agentGuardrails: "b4e8d2c1-6a3f-4f79-9c05-2e1d7a8b6f40",
  foundryNetwork: "3a9d6e27-1c84-4b5f-a0e2-8f4c1b7d9e65",
  entraAuth: "e2c7b9f4-5d13-4a86-9b0e-6f2a8c4d1e37",
  mlModelFindings: "9f5a1e83-2b6c-47d0-8e94-1c3b5a7f2d08",
  mlPublicAccess: "61d4c8a2-7e3b-4f15-a9c6-0b8e2d5f7a94",
  sagemakerNetwork: "c8b2e5d7-3f41-4a69-8d0c-7e9a1b4f6c25",
  vertexPublic: "4d7f0a9e-8c25-4b3e-b61a-2f9c5e8d0a73"
};
var RECOMMENDATIONS = [
  {
    key: REC.localAuth,
    displayName: "Azure AI Services resources should have key access disabled (disable local authentication)",
    severity: "Medium",
    categories: ["IdentityAndAccess"],
    threats: ["AccountBreach", "DataExfiltration"],
    description: "Key access (local authentication) should be disabled for security. Keys can be leaked or shared; Microsoft Entra ID authentication provides auditable, revocable access.",
    remediationDescription: "Set disableLocalAuth to true on the account and move callers to Microsoft Entra ID tokens.",
    userImpact: "Moderate",
    implementationEffort: "Moderate",
    target: "ai-account",
    source: "Azure",
    demoKey: false,
    requiresCspm: false
  },
  {
    key: REC.networkAccess,
    displayName: "Azure AI Services resources should restrict network access",
    severity: "Medium",
    categories: ["Networking"],
    threats: ["DataExfiltration", "MaliciousInsider"],
    description: "Restricting network access ensures that only allowed networks can reach the service, by configuring network rules or private endpoints.",
    remediationDescription: "Set the network ACL default action to Deny and allow only the required IP ranges or virtual networks.",
    userImpact: "Moderate",
    implementationEffort: "Low",
    target: "ai-account",
    source: "Azure",
    demoKey: false,
    requiresCspm: false
  },
  {
    key: REC.privateLink,
    displayName: "Azure AI Services resources should use Azure Private Link",
    severity: "Medium",
    categories: ["Networking"],
    threats: ["DataExfiltration"],
    description: "Azure Private Link lets virtual networks reach Azure AI Services without crossing the public internet, reducing the risk of data leakage.",
    remediationDescription: "Create a private endpoint for the account and disable public network access.",
    userImpact: "Moderate",
    implementationEffort: "Moderate",
    target: "ai-account",
    source: "Azure",
    demoKey: false,
    requiresCspm: false
  },
  {
    key: REC.cmk,
    displayName: "(Enable if required) Azure AI Services resources should encrypt data at rest with a customer-managed key (CMK)",
    severity: "Low",
    categories: ["Data"],
    threats: ["DataExfiltration"],
    description: "Customer-managed keys give full control over the key lifecycle for data at rest. Needed only where compliance requires it.",
    remediationDescription: "Configure encryption with a key in Azure Key Vault (keySource Microsoft.KeyVault).",
    userImpact: "Low",
    implementationEffort: "Moderate",
    target: "ai-account",
    source: "Azure",
    demoKey: false,
    requiresCspm: false
  },
  {
    key: REC.diagnostics,
    displayName: "Diagnostic logs in Azure AI services resources should be enabled",
    severity: "Low",
    categories: ["Data"],
    threats: ["DataExfiltration"],
    description: "Diagnostic logs recreate activity trails for investigations when a security incident occurs or the service is compromised.",
    remediationDescription: "Add a diagnostic setting that sends RequestResponse and Audit logs to a Log Analytics workspace.",
    userImpact: "Low",
    implementationEffort: "Low",
    target: "ai-account",
    source: "Azure",
    demoKey: false,
    requiresCspm: false
  },
  {
    key: REC.bedrockPrivateLink,
    displayName: "AWS Bedrock should use AWS PrivateLink",
    severity: "Medium",
    categories: ["Networking"],
    threats: ["DataExfiltration"],
    description: "AWS PrivateLink keeps traffic between your VPC and Amazon Bedrock on the AWS network instead of the public internet.",
    remediationDescription: "Create an interface VPC endpoint for bedrock-runtime and bedrock-agent-runtime and route callers through it.",
    userImpact: "Low",
    implementationEffort: "Moderate",
    target: "bedrock",
    source: "Aws",
    demoKey: false,
    requiresCspm: true
  },
  {
    key: REC.contentFilter,
    displayName: "Azure OpenAI model deployments should have content filtering enabled",
    severity: "High",
    categories: ["AI"],
    threats: ["DataExfiltration", "ThreatResistance"],
    description: "A model deployment without a content filter (RAI policy) does not screen prompts and completions for harmful content or jailbreak attempts.",
    remediationDescription: "Attach a content filter policy (for example Microsoft.DefaultV2) to every deployment.",
    userImpact: "Low",
    implementationEffort: "Low",
    target: "ai-account-deployments",
    source: "Azure",
    demoKey: true,
    requiresCspm: true
  },
  {
    key: REC.agentGuardrails,
    displayName: "Azure AI Foundry agents should have guardrails configured",
    severity: "Medium",
    categories: ["AI"],
    threats: ["ThreatResistance", "DataExfiltration"],
    description: "Agents without guardrails (prompt shields, tool-call restrictions) can be steered by indirect prompt injection to misuse their tools.",
    remediationDescription: "Enable prompt shields and a guardrail policy on every agent in the project.",
    userImpact: "Low",
    implementationEffort: "Low",
    target: "foundry-project",
    source: "Azure",
    demoKey: true,
    requiresCspm: true
  },
  {
    key: REC.foundryNetwork,
    displayName: "Network access to Azure AI Foundry projects should be limited",
    severity: "Medium",
    categories: ["Networking", "AI"],
    threats: ["DataExfiltration"],
    description: "Foundry projects reachable from any network expose agents, connections and data to the internet.",
    remediationDescription: "Disable public network access on the hub or account and use private endpoints or network isolation.",
    userImpact: "Moderate",
    implementationEffort: "Moderate",
    target: "foundry-project",
    source: "Azure",
    demoKey: true,
    requiresCspm: true
  },
  {
    key: REC.entraAuth,
    displayName: "Azure AI Foundry project connections should use Microsoft Entra ID authentication",
    severity: "Medium",
    categories: ["IdentityAndAccess", "AI"],
    threats: ["AccountBreach"],
    description: "Connections authenticated with stored API keys can be misused if the project is compromised.",
    remediationDescription: "Switch connections to Microsoft Entra ID (AAD) authentication with the project identity.",
    userImpact: "Low",
    implementationEffort: "Low",
    target: "foundry-project",
    source: "Azure",
    demoKey: true,
    requiresCspm: true
  },
  {
    key: REC.mlModelFindings,
    displayName: "Azure Machine Learning models should have security findings resolved",
    severity: "High",
    categories: ["AI"],
    threats: ["MaliciousInsider", "ThreatResistance"],
    description: "Model scanning found unsafe serialisation or embedded code in registered models that could run arbitrary code when loaded.",
    remediationDescription: "Review the flagged models, rebuild them from trusted sources and use safe formats (safetensors, ONNX).",
    userImpact: "Low",
    implementationEffort: "Moderate",
    target: "ml-models",
    source: "Azure",
    demoKey: true,
    requiresCspm: true
  },
  {
    key: REC.mlPublicAccess,
    displayName: "Azure Machine Learning workspaces should disable public network access",
    severity: "Medium",
    categories: ["Networking"],
    threats: ["DataExfiltration"],
    description: "Disabling public network access keeps workspaces reachable only from approved private networks.",
    remediationDescription: "Set publicNetworkAccess to Disabled and configure private endpoints or a managed network.",
    userImpact: "Moderate",
    implementationEffort: "Moderate",
    target: "ml",
    source: "Azure",
    demoKey: true,
    requiresCspm: false
  },
  {
    key: REC.sagemakerNetwork,
    displayName: "Amazon SageMaker endpoints should run inside a VPC",
    severity: "Medium",
    categories: ["Networking"],
    threats: ["DataExfiltration"],
    description: "Endpoints outside a VPC send inference traffic and model artifacts over the public internet.",
    remediationDescription: "Redeploy the endpoint with a VpcConfig and network isolation enabled.",
    userImpact: "Moderate",
    implementationEffort: "Moderate",
    target: "sagemaker",
    source: "Aws",
    demoKey: true,
    requiresCspm: true
  },
  {
    key: REC.vertexPublic,
    displayName: "GCP Vertex AI endpoints should not be publicly accessible",
    severity: "High",
    categories: ["Networking", "AI"],
    threats: ["DataExfiltration"],
    description: "A public Vertex AI endpoint can be called from anywhere by any identity holding a token for the project.",
    remediationDescription: "Use a private endpoint (Private Service Connect) and restrict IAM on the endpoint.",
    userImpact: "Moderate",
    implementationEffort: "Moderate",
    target: "vertex",
    source: "Gcp",
    demoKey: true,
    requiresCspm: true
  }
];
var RECOMMENDATION_BY_KEY = new Map(
  RECOMMENDATIONS.map((r) => [r.key, r])
);
var REAL_ASSESSMENT_KEYS = RECOMMENDATIONS.filter((r) => !r.demoKey).map((r) => r.key);
var ENVIRONMENT_TAG = {
  prod: "Production",
  reg: "Production",
  shared: "Production",
  dev: "Development",
  sbx: "Sandbox"
};
var BASE_SUBSCRIPTIONS = [
  { displayName: "Contoso Claims AI - Production", zone: 1, cspm: true, aiPlan: "extended", costCenter: "CC-1042", businessUnit: "claims" },
  { displayName: "Contoso Payments - Regulated", zone: 1, cspm: true, aiPlan: "extended", costCenter: "CC-2210", businessUnit: "payments" },
  { displayName: "Contoso Customer Care - Production", zone: 2, cspm: true, aiPlan: "standard", costCenter: "CC-3105", businessUnit: "care" },
  { displayName: "Contoso Data Science - Shared", zone: 2, cspm: true, aiPlan: "free", costCenter: "CC-4400", businessUnit: "datasci" },
  { displayName: "Contoso Multicloud Connectors", zone: 2, cspm: true, aiPlan: "free", costCenter: "CC-0900", businessUnit: "mcloud" },
  { displayName: "Contoso HR & Legal - Production", zone: 1, cspm: true, aiPlan: "standard", costCenter: "CC-5120", businessUnit: "hr" },
  { displayName: "Contoso Marketing GenAI - Dev", zone: 3, cspm: false, aiPlan: "free", costCenter: "CC-6031", businessUnit: "mktg" },
  { displayName: "Contoso Research Sandbox", zone: 3, cspm: false, aiPlan: "free", costCenter: "CC-7007", businessUnit: "rsch" },
  { displayName: "Contoso Platform - Shared Services", zone: 1, cspm: true, aiPlan: "standard", costCenter: "CC-0100", businessUnit: "platform" }
];
var BASE_APPS = [
  // Claims (zone 1)
  { sub: 0, bu: "claims", env: "prod", region: "westeurope", rg: "rg-claims-ai-prod", archetype: "openai", models: ["gpt-4o", "text-embedding-3-large", "gpt-4o-mini"], peak: 180 },
  { sub: 0, bu: "claims", env: "prod", region: "swedencentral", rg: "rg-claims-ai-prod", archetype: "openai", models: ["gpt-4.1", "o4-mini"], peak: 60 },
  { sub: 0, bu: "claims", env: "prod", region: "westeurope", rg: "rg-claims-ai-prod", archetype: "foundry", models: ["gpt-4.1-mini", "text-embedding-3-small", "Mistral-Large-2411"], projects: ["claims-triage", "claims-fraud-agent", "claims-docintel"], peak: 90 },
  { sub: 0, bu: "claims", env: "prod", region: "westeurope", rg: "rg-claims-ml-prod", archetype: "hub", models: ["gpt-4o-mini"], projects: ["claims-severity", "claims-subrogation"], peak: 8 },
  // Payments (zone 1, regulated)
  { sub: 1, bu: "payments", env: "reg", region: "westeurope", rg: "rg-payments-ai-regulated", archetype: "openai", models: ["gpt-4o", "text-embedding-3-large"], peak: 45 },
  { sub: 1, bu: "payments", env: "reg", region: "northeurope", rg: "rg-payments-ai-regulated", archetype: "foundry", models: ["gpt-4.1", "Phi-4"], projects: ["payments-disputes", "payments-kyc"], peak: 25 },
  { sub: 1, bu: "payments", env: "reg", region: "westeurope", rg: "rg-payments-ml-regulated", archetype: "mlw", projects: ["fraud-scoring"] },
  { sub: 1, bu: "payments", env: "reg", region: "germanywestcentral", rg: "rg-payments-ai-regulated", archetype: "openai", models: ["gpt-4o-mini"], peak: 3 },
  // Customer care (zone 2)
  { sub: 2, bu: "care", env: "prod", region: "eastus", rg: "rg-care-ai-prod", archetype: "openai", models: ["gpt-4o", "gpt-4o-mini", "text-embedding-3-small"], customerFacing: true, peak: 400 },
  { sub: 2, bu: "care", env: "prod", region: "eastus2", rg: "rg-care-ai-prod", archetype: "openai", models: ["gpt-4.1-mini"], customerFacing: true, peak: 120 },
  { sub: 2, bu: "care", env: "prod", region: "eastus", rg: "rg-care-ai-prod", archetype: "foundry", models: ["gpt-4o", "text-embedding-3-large", "Llama-3.3-70B-Instruct"], projects: ["care-copilot", "care-summaries", "care-voice-agent"], customerFacing: true, peak: 150 },
  { sub: 2, bu: "care", env: "prod", region: "canadaeast", rg: "rg-care-ai-prod", archetype: "openai", models: ["gpt-4o-mini", "gpt-35-turbo-instruct"], peak: 12 },
  // Data science (zone 2)
  { sub: 3, bu: "datasci", env: "shared", region: "eastus2", rg: "rg-datascience-ml-shared", archetype: "hub", models: ["gpt-4.1", "text-embedding-3-large"], projects: ["ds-forecasting", "ds-churn", "ds-genai-eval", "ds-pricing"], peak: 20 },
  { sub: 3, bu: "datasci", env: "shared", region: "eastus2", rg: "rg-datascience-ml-shared", archetype: "mlw", projects: ["demand-forecast"] },
  { sub: 3, bu: "datasci", env: "shared", region: "eastus", rg: "rg-datascience-ml-legacy", archetype: "mlw", projects: ["churn-legacy"] },
  { sub: 3, bu: "datasci", env: "shared", region: "swedencentral", rg: "rg-datascience-ai-shared", archetype: "foundry", models: ["gpt-5-mini", "DeepSeek-R1"], projects: ["ds-agents-lab"], peak: 6 },
  // Multi-cloud (zone 2)
  { sub: 4, bu: "mcloud", env: "prod", region: "eastus", rg: "rg-mdc-aws-connectors", archetype: "bedrock", items: [["claims-intake-agent", "us-east-1"], ["care-faq-agent", "us-east-1"], ["hr-policy-agent", "eu-west-1"]] },
  { sub: 4, bu: "mcloud", env: "prod", region: "eastus", rg: "rg-mdc-aws-connectors", archetype: "sagemaker", items: [["churn-xgb-prod", "eu-west-1"], ["fraud-gbm-prod", "us-east-1"], ["llama-ft-summarizer", "us-west-2"]] },
  { sub: 4, bu: "mcloud", env: "prod", region: "eastus", rg: "rg-mdc-gcp-connectors", archetype: "vertex", items: [["gemini-care-router", "us-central1"], ["contoso-rag-endpoint", "europe-west4"], ["forecast-tabular", "us-central1"]] },
  // HR & legal (zone 1)
  { sub: 5, bu: "hr", env: "prod", region: "uksouth", rg: "rg-hr-ai-prod", archetype: "openai", models: ["gpt-4o-mini", "text-embedding-3-small"], peak: 30 },
  { sub: 5, bu: "legal", env: "prod", region: "uksouth", rg: "rg-legal-ai-prod", archetype: "foundry", models: ["gpt-4.1", "o3"], projects: ["legal-contract-review", "legal-ediscovery"], peak: 14 },
  { sub: 5, bu: "legal", env: "prod", region: "francecentral", rg: "rg-legal-ai-prod", archetype: "openai", models: ["gpt-4o"], peak: 0.6 },
  // Marketing (zone 3, no CSPM)
  { sub: 6, bu: "mktg", env: "dev", region: "eastus", rg: "rg-marketing-genai-dev", archetype: "openai", models: ["dall-e-3", "gpt-4o"], peak: 10 },
  { sub: 6, bu: "mktg", env: "dev", region: "francecentral", rg: "rg-marketing-genai-dev", archetype: "openai", models: ["gpt-4o-mini"], peak: 2, zoneOverride: 1 },
  { sub: 6, bu: "mktg", env: "dev", region: "eastus", rg: "rg-marketing-genai-dev", archetype: "foundry", models: ["gpt-4.1-nano", "dall-e-3"], projects: ["mktg-campaign-writer", "mktg-image-studio"], peak: 5 },
  // Research (zone 3, no CSPM)
  { sub: 7, bu: "rsch", env: "sbx", region: "westus3", rg: "rg-research-ai-sandbox", archetype: "openai", models: ["gpt-5", "o3"], peak: 1.5 },
  { sub: 7, bu: "rsch", env: "sbx", region: "westus3", rg: "rg-research-ai-sandbox", archetype: "foundry", models: ["gpt-5-mini", "Phi-4", "DeepSeek-R1"], projects: ["rsch-agents", "rsch-multimodal", "rsch-eval"], peak: 3 },
  { sub: 7, bu: "rsch", env: "sbx", region: "eastus", rg: "rg-research-ml-sandbox", archetype: "hub", models: ["gpt-4o-mini"], projects: ["rsch-finetune", "rsch-rlhf"], peak: 0.3 },
  { sub: 7, bu: "rsch", env: "sbx", region: "japaneast", rg: "rg-research-ml-sandbox", archetype: "mlw", projects: ["jp-nlp"], zoneOverride: 2 },
  // Platform (zone 1)
  { sub: 8, bu: "platform", env: "prod", region: "westeurope", rg: "rg-platform-ai-gateway", archetype: "openai", models: ["gpt-4o", "gpt-4.1-mini", "text-embedding-3-large"], customerFacing: true, peak: 260 },
  { sub: 8, bu: "platform", env: "prod", region: "swedencentral", rg: "rg-platform-ai-prod", archetype: "foundry", models: ["gpt-4.1", "o4-mini"], projects: ["platform-agent-service"], peak: 35 }
];
var EXTRA_BUSINESS_UNITS = [
  "Underwriting",
  "Actuarial",
  "Treasury",
  "Supply Chain",
  "Retail Banking",
  "Wealth",
  "Procurement",
  "Field Services",
  "Telematics",
  "Digital Channels",
  "Risk Analytics",
  "Compliance"
];

// azure/demo/random.ts
function hashString(text, seed = 0) {
  let h1 = 3735928559 ^ seed;
  let h2 = 1103547991 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ h1 >>> 16, 2246822507) ^ Math.imul(h2 ^ h2 >>> 13, 3266489909);
  h2 = Math.imul(h2 ^ h2 >>> 16, 2246822507) ^ Math.imul(h1 ^ h1 >>> 13, 3266489909);
  return (h1 ^ h2) >>> 0;
}
function mix(a, b) {
  let h = (a ^ Math.imul(b | 0, 2654435761)) >>> 0;
  h = Math.imul(h ^ h >>> 16, 2246822507);
  h = Math.imul(h ^ h >>> 13, 3266489909);
  return (h ^ h >>> 16) >>> 0;
}
function unitHash(a, b, c = 0) {
  return mix(mix(a, b), c) / 4294967296;
}
function poisson(mean, u, v) {
  if (!(mean > 0)) return 0;
  if (mean < 40) {
    let k = 0;
    let p = Math.exp(-mean);
    let cdf = p;
    while (u > cdf && k < 400) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }
  const z4 = Math.sqrt(-2 * Math.log(Math.max(u, 1e-12))) * Math.cos(2 * Math.PI * v);
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * z4));
}
function hex32(n) {
  return (n >>> 0).toString(16).padStart(8, "0");
}
function guidFromWords(a, b, c, d) {
  const s = hex32(a) + hex32(b) + hex32(c) + hex32(d);
  const variant = (parseInt(s[16] ?? "0", 16) & 3 | 8).toString(16);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${variant}${s.slice(17, 20)}-${s.slice(20, 32)}`;
}
function stableGuid(label) {
  return guidFromWords(hashString(label, 1), hashString(label, 2), hashString(label, 3), hashString(label, 4));
}
var Rng = class _Rng {
  state;
  constructor(seed) {
    this.state = seed >>> 0;
  }
  /** An independent generator for a named part of the estate, so adding a part never shifts another. */
  static for(seed, label) {
    return new _Rng(mix(seed >>> 0, hashString(label)));
  }
  fork(label) {
    return new _Rng(mix(this.nextUint(), hashString(label)));
  }
  nextUint() {
    this.state = this.state + 1831565813 >>> 0;
    let t = this.state;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return (t ^ t >>> 14) >>> 0;
  }
  /** Uniform in [0, 1). */
  next() {
    return this.nextUint() / 4294967296;
  }
  /** Integer in [min, max], both inclusive. */
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  range(min, max) {
    return min + this.next() * (max - min);
  }
  chance(p) {
    return this.next() < p;
  }
  pick(items) {
    if (items.length === 0) throw new Error("Rng.pick: empty list");
    return items[Math.floor(this.next() * items.length)];
  }
  /** Pick by weight; weights need not sum to one. */
  weighted(items) {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    const last = items[items.length - 1];
    if (!last) throw new Error("Rng.weighted: empty list");
    return last[0];
  }
  /** A few distinct items, in a stable order. */
  sample(items, count2) {
    const copy = items.slice();
    const out = [];
    while (out.length < count2 && copy.length > 0) {
      const i = Math.floor(this.next() * copy.length);
      out.push(copy[i]);
      copy.splice(i, 1);
    }
    return out;
  }
  guid() {
    return guidFromWords(this.nextUint(), this.nextUint(), this.nextUint(), this.nextUint());
  }
  hex(length) {
    let s = "";
    while (s.length < length) s += hex32(this.nextUint());
    return s.slice(0, length);
  }
};

// azure/demo/people.ts
var DEMO_DOMAIN = "contoso.com";
var SPECS = [
  { alias: "dana.ortiz", displayName: "Dana Ortiz", persona: "soc", owns: [] },
  { alias: "malik.chen", displayName: "Malik Chen", persona: "soc", owns: [] },
  { alias: "priya.raman", displayName: "Priya Raman", persona: "owner", owns: ["claims"] },
  { alias: "tomas.alvarez", displayName: "Tom\xE1s \xC1lvarez", persona: "owner", owns: ["payments"] },
  { alias: "grace.okafor", displayName: "Grace Okafor", persona: "owner", owns: ["care"] },
  { alias: "yuki.tanaka", displayName: "Yuki Tanaka", persona: "owner", owns: ["datasci", "mcloud"] },
  { alias: "lars.nilsson", displayName: "Lars Nilsson", persona: "owner", owns: ["rsch"] },
  { alias: "amara.mensah", displayName: "Amara Mensah", persona: "owner", owns: ["mktg"] },
  { alias: "sofia.rossi", displayName: "Sofia Rossi", persona: "owner", owns: ["hr", "legal"] },
  { alias: "ben.carter", displayName: "Ben Carter", persona: "owner", owns: ["platform", "mcloud", "claims"] },
  { alias: "helen.park", displayName: "Helen Park", persona: "leader", owns: [] },
  { alias: "omar.haddad", displayName: "Omar Haddad", persona: "leader", owns: [] },
  { alias: "ivy.brooks", displayName: "Ivy Brooks", persona: "admin", owns: [] }
];
var DEMO_PEOPLE = SPECS.map((s) => ({
  objectId: stableGuid(`vigil-demo-person:${s.alias}`),
  upn: `${s.alias}@${DEMO_DOMAIN}`,
  displayName: s.displayName,
  persona: s.persona
}));
function ownersOf(businessUnit) {
  const out = [];
  SPECS.forEach((s, i) => {
    const person = DEMO_PEOPLE[i];
    if (person && s.owns.includes(businessUnit)) out.push(person);
  });
  return out;
}
var RESOURCE_OWNERS = DEMO_PEOPLE.filter((p) => p.persona === "owner");

// azure/demo/findings.ts
var DAY = 864e5;
var HOUR = 36e5;
function evaluate(node) {
  const out = [];
  const cspm = node.app.sub.cspm;
  for (const rec of RECOMMENDATIONS) {
    if (rec.requiresCspm && !cspm) continue;
    const unhealthy = unhealthyFor(node, rec);
    if (unhealthy !== null) out.push([rec, unhealthy]);
  }
  return out;
}
function unhealthyFor(node, rec) {
  const account = node.kind === "openai" || node.kind === "ai-services";
  switch (rec.key) {
    case REC.localAuth:
      return account ? node.localAuth : null;
    case REC.networkAccess:
      return account ? node.publicNetwork && node.aclAllow : null;
    case REC.privateLink:
      return account ? !node.privateEndpoint : null;
    case REC.cmk:
      return account ? !node.cmk : null;
    case REC.diagnostics:
      return account ? node.workspace === null : null;
    case REC.contentFilter:
      return account && node.deployments.length > 0 ? node.deployments.some((d) => d.raiPolicyName === null) : null;
    case REC.agentGuardrails:
      return node.kind === "foundry-project" ? !node.guardrails : null;
    case REC.foundryNetwork:
      return node.kind === "foundry-project" || node.kind === "ml-project" ? node.publicNetwork && node.aclAllow : null;
    case REC.entraAuth:
      return node.kind === "foundry-project" || node.kind === "ml-hub" ? node.apiKeyConnections : null;
    case REC.mlModelFindings:
      return node.kind === "ml-project" || node.kind === "ml-workspace" ? node.modelFindings : null;
    case REC.mlPublicAccess:
      return node.kind === "ml-hub" || node.kind === "ml-workspace" ? node.publicNetwork : null;
    case REC.bedrockPrivateLink:
      return node.kind === "bedrock" ? !node.nativePrivate : null;
    case REC.sagemakerNetwork:
      return node.kind === "sagemaker" ? !node.nativePrivate : null;
    case REC.vertexPublic:
      return node.kind === "vertex-ai" ? !node.nativePrivate : null;
    default:
      return null;
  }
}
var EVENTABLE_KEYS = /* @__PURE__ */ new Set([
  REC.localAuth,
  REC.networkAccess,
  REC.contentFilter,
  REC.agentGuardrails,
  REC.entraAuth,
  REC.mlModelFindings,
  REC.mlPublicAccess,
  REC.bedrockPrivateLink,
  REC.sagemakerNetwork,
  REC.vertexPublic
]);
function riskFactorsOf(node, rec) {
  const f = [];
  if (node.publicNetwork) f.push("Internet exposure");
  const tags2 = node.app.spec;
  if (tags2.env === "reg" || tags2.bu === "hr" || tags2.bu === "legal" || tags2.bu === "payments" || tags2.bu === "claims") {
    f.push("Sensitive data");
  }
  if (node.app.sub.zone === 1) f.push("Critical resource");
  if (rec.key === REC.localAuth || rec.key === REC.entraAuth) f.push("Lateral movement");
  if (rec.key === REC.mlModelFindings) f.push("Vulnerabilities");
  return f;
}
function riskLevelOf(rec, factors, onAttackPath) {
  if (onAttackPath) return rec.severity === "Low" ? "High" : "Critical";
  const weight = factors.length + (rec.severity === "High" ? 2 : rec.severity === "Medium" ? 1 : 0);
  if (weight >= 5) return "Critical";
  if (weight >= 3) return "High";
  if (weight >= 2) return "Medium";
  return "Low";
}
var DUE_DAYS = { High: 7, Medium: 30, Low: 90 };
var ETA_REASONS = [
  "Waiting for the quarterly change window (CHG0031245)",
  "Callers are being migrated to Entra ID first",
  "Vendor integration still uses API keys; replacement ships next sprint",
  "Private endpoint needs a new subnet from the network team"
];
var TICKET_STATUSES = ["New", "Active", "In Progress", "On Hold"];
function buildSlots(inv, seed, epochMs) {
  const slots = [];
  const root = Rng.for(seed, "assessments");
  for (const node of inv.ai) {
    const r = root.fork(node.lid);
    for (const [rec, unhealthy] of evaluate(node)) {
      const firstEvaluationMs = Math.max(node.createdMs + r.int(1, 8) * HOUR, epochMs - 380 * DAY) + r.int(0, 3599) * 1e3;
      let code = unhealthy ? "Unhealthy" : "Healthy";
      let cause = null;
      let description = null;
      let statusChangeMs = firstEvaluationMs;
      const span = epochMs - HOUR - firstEvaluationMs;
      if (unhealthy) {
        if (r.chance(0.5) && span > 0) statusChangeMs = firstEvaluationMs + Math.floor(span * r.next() ** 2.5);
        if (rec.key === REC.cmk && node.app.posture !== "strict" && r.chance(0.3)) {
          code = "NotApplicable";
          cause = "Exempt";
          description = "Exempted: risk accepted, no customer data at rest in this workload";
        } else if (rec.key === REC.cmk && node.app.posture === "loose" && r.chance(0.25)) {
          code = "NotApplicable";
          cause = "OffByPolicy";
          description = "The recommendation is disabled by policy for this subscription";
        }
      } else if (r.chance(0.3) && span > 0) {
        statusChangeMs = firstEvaluationMs + Math.floor(span * r.next());
      }
      if (code === "Unhealthy") description = rec.description.split(".")[0] ?? null;
      const factors = code === "Unhealthy" && node.app.sub.cspm ? riskFactorsOf(node, rec) : [];
      const slot = {
        index: slots.length,
        node,
        rec,
        id: `${node.id}/providers/Microsoft.Security/assessments/${rec.key}`,
        code,
        cause,
        description,
        firstEvaluationMs,
        statusChangeMs,
        riskFactors: factors,
        riskLevel: code === "Unhealthy" && node.app.sub.cspm ? riskLevelOf(rec, factors, false) : null,
        attackPathIds: [],
        governance: null,
        eventable: EVENTABLE_KEYS.has(rec.key) && code !== "NotApplicable"
      };
      if (code === "Unhealthy") slot.governance = governanceFor(slot, r, epochMs);
      slots.push(slot);
    }
  }
  return slots;
}
function governanceFor(slot, r, epochMs) {
  const app = slot.node.app;
  if (!app.owner || app.ownerMode === "none") return null;
  const share = app.ownerMode === "governance" ? 1 : app.sub.cspm ? 0.6 : 0.3;
  if (!r.chance(share)) return null;
  const assignedMs = Math.max(slot.statusChangeMs, epochMs - r.int(0, 50) * DAY - r.int(0, 86399) * 1e3);
  const dueMs = assignedMs + DUE_DAYS[slot.rec.severity] * DAY * (app.spec.env === "reg" ? 0.5 : 1);
  const hasEta = r.chance(0.25);
  const hasTicket = r.chance(0.35);
  const ticketNumber = r.int(1e4, 99999);
  return {
    id: r.guid(),
    owner: app.ownerMode === "governance" && r.chance(0.3) ? DEMO_PEOPLE[9]?.upn ?? app.owner.upn : app.owner.upn,
    dueMs: Math.floor(dueMs / 1e3) * 1e3,
    isGracePeriod: r.chance(0.5),
    eta: hasEta ? { etaMs: Math.max(dueMs, epochMs) + r.int(5, 40) * DAY, justification: r.pick(ETA_REASONS) } : null,
    ticket: hasTicket ? {
      ticketNumber,
      ticketLink: `https://contoso.service-now.com/nav_to.do?uri=incident.do?sysparm_query=number=INC00${ticketNumber}`,
      ticketStatus: r.pick(TICKET_STATUSES)
    } : null,
    disableManagerEmail: r.chance(0.3)
  };
}
var iso = (ms) => new Date(ms).toISOString();
function resourceDetails(node) {
  if (node.cloud === "Azure") {
    return {
      Source: "Azure",
      Id: node.id,
      ResourceName: node.name,
      ResourceType: node.armType,
      ResourceProvider: node.provider
    };
  }
  const aws = node.cloud === "AWS";
  return {
    Source: aws ? "Aws" : "Gcp",
    Id: node.id,
    ResourceName: node.name,
    ResourceType: node.armType.split("/")[1],
    ResourceProvider: aws ? "aws" : "gcp",
    NativeResourceId: node.nativeId,
    ConnectorId: node.connectorId,
    Region: node.location.replace(/^(aws|gcp)-/, "")
  };
}
function baseState(slot) {
  return {
    code: slot.code,
    cause: slot.cause,
    description: slot.description,
    statusChangeMs: slot.statusChangeMs,
    riskLevel: slot.riskLevel,
    riskFactors: slot.riskFactors
  };
}
function assessmentRow(slot, state, tenantId) {
  const { node, rec } = slot;
  const status = {
    code: state.code,
    firstEvaluationDate: iso(slot.firstEvaluationMs),
    statusChangeDate: iso(state.statusChangeMs)
  };
  if (state.cause) status.cause = state.cause;
  if (state.description) status.description = state.description;
  const properties = {
    displayName: rec.displayName,
    status,
    resourceDetails: resourceDetails(node),
    metadata: {
      displayName: rec.displayName,
      severity: rec.severity,
      assessmentType: "BuiltIn",
      categories: rec.categories,
      threats: rec.threats,
      userImpact: rec.userImpact,
      implementationEffort: rec.implementationEffort,
      remediationDescription: rec.remediationDescription,
      description: rec.description
    },
    links: {
      azurePortalUri: `https://portal.azure.com/#view/Microsoft_Azure_Security/GenericRecommendationDetailsWithRulesBlade/assessmentKey/${rec.key}/showSecurityCenterCommandBar~/false/assessedResourceId/${encodeURIComponent(node.id)}`
    }
  };
  if (state.code === "Unhealthy" && state.riskLevel) {
    properties.risk = {
      level: state.riskLevel,
      riskFactors: state.riskFactors,
      attackPathsReferences: slot.attackPathIds
    };
  }
  if (rec.key === REC.contentFilter && state.code === "Unhealthy") {
    const missing = node.deployments.filter((d) => d.raiPolicyName === null).map((d) => d.name);
    properties.additionalData = { deploymentsWithoutContentFilter: missing.join(",") || "new deployment" };
  }
  return {
    id: slot.id,
    name: rec.key,
    type: "microsoft.security/assessments",
    tenantId,
    subscriptionId: node.app.sub.subscriptionId,
    resourceGroup: node.rg,
    properties
  };
}
function governanceRow(slot, g, tenantId) {
  const properties = {
    owner: g.owner,
    remediationDueDate: iso(g.dueMs),
    isGracePeriod: g.isGracePeriod,
    governanceEmailNotification: { disableManagerEmailNotification: g.disableManagerEmail, disableOwnerEmailNotification: false },
    assignedResourceId: slot.node.id
  };
  if (g.eta) properties.remediationEta = { eta: iso(g.eta.etaMs), justification: g.eta.justification };
  if (g.ticket) properties.additionalData = { ...g.ticket };
  return {
    id: `${slot.id}/governanceAssignments/${g.id}`,
    name: g.id,
    type: "microsoft.security/assessments/governanceassignments",
    tenantId,
    subscriptionId: slot.node.app.sub.subscriptionId,
    resourceGroup: slot.node.rg,
    properties
  };
}

// azure/demo/attackpaths.ts
var subPath = (app, provider, rest) => `/subscriptions/${app.sub.subscriptionId}/resourceGroups/${app.rg}/providers/${provider}/${rest}`;
function buildAttackPaths(inv, slots, seed) {
  const r = Rng.for(seed, "attack-paths");
  const entryResources = [];
  const specs = [];
  const tenantId = inv.tenantId;
  const slotsByNode = /* @__PURE__ */ new Map();
  for (const s of slots) {
    const list2 = slotsByNode.get(s.node.lid) ?? [];
    list2.push(s);
    slotsByNode.set(s.node.lid, list2);
  }
  const uaiHop = (app, node) => {
    const id = node.linked.uai;
    if (!id) return null;
    return { id, name: id.split("/").pop() ?? id, entityType: "managedidentity", principalOid: app.callerPrincipalId };
  };
  const linkedHop = (id, entityType) => id ? { id, name: id.split("/").pop() ?? id, entityType } : null;
  const aiHop = (node, entityType) => ({ id: node.id, name: node.name, entityType, nativeId: node.nativeId, node });
  const vmEntry = (app, uai) => {
    const name = `vm-${app.spec.bu}-jump-${String(app.copy).padStart(2, "0")}${app.spec.archetype === "openai" ? "" : `-${app.spec.archetype}`}-${app.region.short}`;
    const id = subPath(app, "Microsoft.Compute", `virtualMachines/${name}`);
    entryResources.push({
      id,
      name,
      type: "microsoft.compute/virtualmachines",
      tenantId,
      subscriptionId: app.sub.subscriptionId,
      resourceGroup: app.rg,
      location: app.region.name,
      tags: { environment: "Production", role: "jumpbox" },
      identity: { type: "UserAssigned", userAssignedIdentities: { [uai.id]: { principalId: uai.principalOid } } },
      properties: {
        provisioningState: "Succeeded",
        vmId: r.guid(),
        hardwareProfile: { vmSize: "Standard_D2s_v5" },
        storageProfile: {
          osDisk: { osType: "Linux" },
          imageReference: { publisher: "Canonical", offer: "0001-com-ubuntu-server-jammy", sku: "22_04-lts-gen2", version: "latest" }
        },
        networkProfile: { networkInterfaces: [{ id: subPath(app, "Microsoft.Network", `networkInterfaces/${name}-nic`) }] }
      }
    });
    return { id, name, entityType: "virtualmachine" };
  };
  const webEntry = (app, uai) => {
    const name = `app-${app.spec.bu}-assistant-${app.spec.env}-${app.region.short}${app.copy === 1 ? "" : `-${String(app.copy).padStart(2, "0")}`}`;
    const id = subPath(app, "Microsoft.Web", `sites/${name}`);
    entryResources.push({
      id,
      name,
      type: "microsoft.web/sites",
      kind: "app,linux",
      tenantId,
      subscriptionId: app.sub.subscriptionId,
      resourceGroup: app.rg,
      location: app.region.name,
      tags: { environment: "Production" },
      identity: { type: "UserAssigned", userAssignedIdentities: { [uai.id]: { principalId: uai.principalOid } } },
      properties: { state: "Running", defaultHostName: `${name}.azurewebsites.net`, httpsOnly: true, publicNetworkAccess: "Enabled" }
    });
    return { id, name, entityType: "appservice" };
  };
  const cloudEntry = (app, target, aws) => {
    const instance = aws ? `i-0${r.hex(16)}` : `gce-${app.spec.bu}-batch-${r.hex(4)}`;
    const provider = aws ? "Microsoft.AwsConnector" : "Microsoft.GcpConnector";
    const id = subPath(app, provider, `${aws ? "ec2Instances" : "computeInstances"}/${instance}`);
    const nativeRegion = target.location.replace(/^(aws|gcp)-/, "");
    const nativeId = aws ? `arn:aws:ec2:${nativeRegion}:${target.nativeId?.split(":")[4] ?? "000000000000"}:instance/${instance}` : `projects/contoso-ml-prod/zones/${nativeRegion}-a/instances/${instance}`;
    entryResources.push({
      id,
      name: instance,
      type: aws ? "microsoft.awsconnector/ec2instances" : "microsoft.gcpconnector/computeinstances",
      tenantId,
      subscriptionId: app.sub.subscriptionId,
      resourceGroup: app.rg,
      location: target.location,
      tags: {},
      properties: { [aws ? "arn" : "resourceName"]: nativeId, connectorId: target.connectorId, publicIpAddress: `${r.int(3, 54)}.${r.int(1, 254)}.${r.int(1, 254)}.${r.int(1, 254)}` }
    });
    return { id, name: instance, entityType: aws ? "awsec2instance" : "gcpcomputeinstance", nativeId };
  };
  const accountOf = (app) => app.nodes.find((n) => n.kind === "openai" || n.kind === "ai-services");
  for (const app of inv.apps) {
    if (!app.sub.cspm) continue;
    const acc = accountOf(app);
    switch (app.spec.archetype) {
      case "openai": {
        if (!acc) break;
        const search = linkedHop(acc.linked.search, "searchservice");
        if (acc.publicNetwork && acc.aclAllow && acc.localAuth && search && r.chance(0.85)) {
          specs.push({
            app,
            template: "ExposedOpenAIKeyAccessToGroundingData",
            displayName: "Internet exposed Azure OpenAI account with key access enabled can read sensitive grounding data",
            description: `${acc.name} accepts API keys from any network and is connected to the search index ${search.name}, which holds sensitive documents used for grounding.`,
            potentialImpact: "An attacker holding a leaked key can query the model and pull sensitive grounding documents out through it.",
            riskCategories: ["Data exposure"],
            riskFactors: ["Internet exposure", "Sensitive data", "Key-based access"],
            mitre: ["Initial Access (T1078)", "Credential Access (T1552)", "Collection (T1213)", "Exfiltration (T1567)"],
            remediation: [`Disable local authentication on ${acc.name}.`, `Set the network default action of ${acc.name} to Deny.`, `Rotate the keys of ${acc.name}.`],
            hops: [aiHop(acc, "cognitiveservicesaccount"), search],
            links: ["can read data from"],
            insights: [
              { hop: 0, name: "Exposed to the internet" },
              { hop: 0, name: "Key-based authentication enabled" },
              { hop: 1, name: "Contains sensitive data" }
            ]
          });
        } else if ((acc.localAuth || r.chance(0.3)) && r.chance(0.6)) {
          const uai = uaiHop(app, acc);
          if (!uai) break;
          specs.push(vmPath(app, acc, uai, vmEntry(app, uai)));
        }
        break;
      }
      case "foundry": {
        const project = app.nodes.find((n) => n.kind === "foundry-project" && (n.apiKeyConnections || !n.guardrails));
        if (acc && project && r.chance(0.75)) {
          const uai = uaiHop(app, acc);
          const data = linkedHop(project.linked.search, "searchservice") ?? linkedHop(project.linked.storage, "storageaccount");
          if (!uai || !data) break;
          specs.push({
            app,
            template: "ExposedWebAppToFoundryProjectData",
            displayName: "Internet exposed App Service with a managed identity can run agents in an Azure AI Foundry project with access to sensitive data",
            description: `The web app's identity ${uai.name} holds the Azure AI User role on ${project.name}, whose connection to ${data.name} ${project.apiKeyConnections ? "uses a stored API key" : "exposes grounding data"}.`,
            potentialImpact: "A compromised web app can drive the project\u2019s agents and read or exfiltrate the connected data.",
            riskCategories: ["Data exposure", "Lateral movement"],
            riskFactors: ["Internet exposure", "Sensitive data", "Lateral movement"],
            mitre: ["Initial Access (T1190)", "Privilege Escalation (T1078.004)", "Collection (T1530)", "Exfiltration (T1567)"],
            remediation: [
              `Restrict inbound traffic to the web app.`,
              `Scope the role of ${uai.name} on ${project.name} to what the app needs.`,
              project.guardrails ? `Switch the project's connections to Entra ID authentication.` : `Configure guardrails on the agents of ${project.name}.`
            ],
            hops: [webEntry(app, uai), uai, aiHop(project, "foundryproject"), data],
            links: ["runs as", "has permissions to", "can read data from"],
            insights: [
              { hop: 0, name: "Exposed to the internet" },
              { hop: 2, name: project.guardrails ? "Connections use API keys" : "Agents without guardrails" },
              { hop: 3, name: "Contains sensitive data" }
            ]
          });
        } else if (acc?.localAuth && r.chance(0.4)) {
          const uai = uaiHop(app, acc);
          if (uai) specs.push(vmPath(app, acc, uai, vmEntry(app, uai)));
        }
        break;
      }
      case "hub":
      case "mlw": {
        const ml = app.nodes.find((n) => (n.kind === "ml-project" || n.kind === "ml-workspace") && n.publicNetwork);
        const storage = ml ? linkedHop(ml.linked.storage, "storageaccount") : null;
        if (ml && storage && r.chance(0.6)) {
          specs.push({
            app,
            template: "ExposedMLWorkspaceToTrainingData",
            displayName: "Internet exposed Azure Machine Learning workspace with vulnerable models can access training data",
            description: `${ml.name} is reachable from the internet${ml.modelFindings ? ", hosts models with unsafe serialisation," : ""} and its identity can read the training data in ${storage.name}.`,
            potentialImpact: "Training data and registered models can be read or tampered with (data poisoning).",
            riskCategories: ["Data exposure"],
            riskFactors: ml.modelFindings ? ["Internet exposure", "Vulnerabilities", "Sensitive data"] : ["Internet exposure", "Sensitive data"],
            mitre: ["Initial Access (T1190)", "Execution (T1059)", "Collection (T1530)", "Impact (T1565)"],
            remediation: [`Disable public network access on ${ml.name}.`, `Remove or rebuild the flagged models.`, `Limit the workspace identity on ${storage.name} to the containers it needs.`],
            hops: [aiHop(ml, "machinelearningworkspace"), storage],
            links: ["can read data from"],
            insights: [
              { hop: 0, name: "Exposed to the internet" },
              ...ml.modelFindings ? [{ hop: 0, name: "Model with security findings" }] : [],
              { hop: 1, name: "Contains sensitive data" }
            ]
          });
        }
        break;
      }
      case "bedrock":
      case "vertex": {
        const aws = app.spec.archetype === "bedrock";
        const target = app.nodes[0];
        if (!target) break;
        const entry = cloudEntry(app, target, aws);
        const role = aws ? { id: "", name: `${target.name}-invoker-role`, entityType: "awsiamrole", nativeId: `arn:aws:iam::${target.nativeId?.split(":")[4] ?? ""}:role/${target.name}-invoker-role` } : { id: "", name: `sa-${target.name}@contoso-ml-prod.iam.gserviceaccount.com`, entityType: "gcpserviceaccount" };
        specs.push({
          app,
          template: aws ? "ExposedEC2ToBedrockAgent" : "ExposedGCEToVertexEndpoint",
          displayName: aws ? "Internet exposed EC2 instance with high severity vulnerabilities can invoke an Amazon Bedrock agent with access to sensitive data" : "Internet exposed GCE VM instance with high severity vulnerabilities can call a Vertex AI endpoint serving sensitive data",
          description: aws ? `${entry.name} is reachable from the internet, has exploitable vulnerabilities and an instance role that can invoke ${target.name}, whose knowledge base holds customer documents.` : `${entry.name} is reachable from the internet and runs as a service account allowed to call ${target.name}.`,
          potentialImpact: "An attacker on the instance can use the AI workload to reach sensitive data.",
          riskCategories: ["Data exposure", "Lateral movement"],
          riskFactors: ["Internet exposure", "Vulnerabilities", "Sensitive data"],
          mitre: ["Initial Access (T1190)", "Credential Access (T1552.005)", "Collection (T1530)"],
          remediation: [`Patch and restrict inbound access to ${entry.name}.`, `Narrow the permissions of ${role.name}.`, aws ? "Use AWS PrivateLink for Bedrock." : "Use a private endpoint for Vertex AI."],
          hops: [entry, role, aiHop(target, aws ? "bedrockagent" : "vertexaiendpoint")],
          links: ["runs as", "can invoke"],
          insights: [
            { hop: 0, name: "Exposed to the internet" },
            { hop: 0, name: "Has high severity vulnerabilities" },
            { hop: 2, name: "Contains sensitive data" }
          ]
        });
        break;
      }
      default:
        break;
    }
  }
  if (!specs.some((s) => s.template === "VMToAIAccountKeys")) {
    const acc = inv.ai.find((n) => n.kind === "openai" && n.app.sub.cspm && n.linked.uai && n.app.copy === 1);
    if (acc) {
      const uai = uaiHop(acc.app, acc);
      if (uai) specs.push(vmPath(acc.app, acc, uai, vmEntry(acc.app, uai)));
    }
  }
  const rows = specs.map((spec) => pathRow(spec, r, tenantId, slotsByNode));
  return { rows, entryResources };
}
function vmPath(app, acc, uai, vm) {
  return {
    app,
    template: "VMToAIAccountKeys",
    displayName: "Internet exposed VM with high severity vulnerabilities has permissions to list the keys of an Azure AI Services account",
    description: `${vm.name} is reachable from the internet, has high severity vulnerabilities, and runs as ${uai.name}, which holds the Cognitive Services Contributor role on ${acc.name}${acc.localAuth ? " where key access is enabled" : ""}.`,
    potentialImpact: "An attacker who compromises the VM can list the account keys and use the models and their connected data from anywhere.",
    riskCategories: ["Lateral movement", "Data exposure"],
    riskFactors: ["Internet exposure", "Vulnerabilities", "High permissions"],
    mitre: ["Initial Access (T1190)", "Credential Access (T1552.005)", "Lateral Movement (T1550.001)", "Exfiltration (T1567)"],
    remediation: [
      `Remediate the vulnerabilities on ${vm.name} and close its public management ports.`,
      `Replace the Cognitive Services Contributor assignment of ${uai.name} with Cognitive Services OpenAI User.`,
      `Disable local authentication on ${acc.name}.`
    ],
    hops: [vm, uai, { id: acc.id, name: acc.name, entityType: "cognitiveservicesaccount", node: acc }],
    links: ["runs as", "has permissions to"],
    insights: [
      { hop: 0, name: "Exposed to the internet" },
      { hop: 0, name: "Has high severity vulnerabilities" },
      { hop: 1, name: "Has permissions to list keys" },
      { hop: 2, name: acc.localAuth ? "Key-based authentication enabled" : "Contains sensitive data" }
    ]
  };
}
function pathRow(spec, r, tenantId, slotsByNode) {
  const pathId = r.guid();
  const subId = spec.app.sub.subscriptionId;
  const internal = spec.hops.map((h) => `${h.entityType}:${r.hex(24)}`);
  const entities = spec.hops.map((h, i) => {
    const identifiers = {};
    if (h.id) identifiers.azureResourceId = h.id;
    if (h.principalOid) identifiers.principalOid = h.principalOid;
    if (h.nativeId) identifiers[h.nativeId.startsWith("arn:") ? "awsResourceArn" : "gcpResourceName"] = h.nativeId;
    return { entityInternalID: internal[i], entityName: h.name, entityType: h.entityType, entityIdentifiers: identifiers };
  });
  const connections = spec.links.map((title, i) => ({
    sourceEntityInternalID: internal[i],
    targetEntityInternalID: internal[i + 1],
    title
  }));
  const insights = spec.insights.map((ins) => ({
    id: `insight:${r.hex(16)}`,
    name: ins.name,
    entityInternalID: internal[ins.hop]
  }));
  const assessments2 = [];
  spec.hops.forEach((h, i) => {
    if (!h.node) return;
    const open = (slotsByNode.get(h.node.lid) ?? []).filter((s) => s.code === "Unhealthy");
    if (open.length === 0) return;
    assessments2.push({ entityInternalID: internal[i], assessmentKeys: open.map((s) => s.rec.key), assessmentIds: open.map((s) => s.id) });
    for (const s of open) {
      s.attackPathIds.push(pathId);
      if (s.riskLevel !== null || s.node.app.sub.cspm) {
        for (const f of spec.riskFactors) if (!s.riskFactors.includes(f)) s.riskFactors = [...s.riskFactors, f];
        s.riskLevel = riskLevelOf(s.rec, s.riskFactors, true);
      }
    }
  });
  const first = spec.hops[0];
  const last = spec.hops[spec.hops.length - 1];
  const riskLevel = spec.riskFactors.length >= 3 ? "Critical" : "High";
  const steps = spec.hops.slice(1).map((h, i) => `${spec.hops[i]?.name} ${spec.links[i]} ${h.name}`);
  return {
    id: `/subscriptions/${subId}/providers/Microsoft.Security/attackPaths/${pathId}`,
    name: pathId,
    type: "microsoft.security/attackpaths",
    tenantId,
    subscriptionId: subId,
    properties: {
      // Documented shape
      displayName: spec.displayName,
      description: spec.description,
      attackPathType: spec.template,
      manualRemediationSteps: spec.remediation.map((s, i) => `${i + 1}. ${s}`).join("\n"),
      refreshInterval: "P1D",
      potentialImpact: spec.potentialImpact,
      riskCategories: spec.riskCategories,
      entryPointEntityInternalID: internal[0],
      targetEntityInternalID: internal[internal.length - 1],
      assessments: assessments2,
      graphComponent: { insights, entities, connections },
      AttackPathID: pathId,
      // Shape seen on live tenants (Exposure Management)
      riskLevel,
      riskFactors: spec.riskFactors,
      entryPoint: first.name,
      target: last.name,
      attackPathSteps: steps,
      mITRETacticsAndTechniques: spec.mitre,
      attackStory: `${spec.description} ${spec.potentialImpact}`,
      isPartialAttackPath: false
    }
  };
}

// azure/demo/inventory.ts
var AI_ACCOUNT_CONNECTION_TYPE = "microsoft.cognitiveservices/accounts/connections";
var FOUNDRY_PROJECT_CONNECTION_TYPE = "microsoft.cognitiveservices/accounts/projects/connections";
var DAY2 = 864e5;
var pad = (n, width = 2) => String(n).padStart(width, "0");
var alnum = (s) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
function providerPath(subId, rg, provider, rest) {
  return `/subscriptions/${subId}/resourceGroups/${rg}/providers/${provider}/${rest}`;
}
var POSTURE_OF = {
  reg: "strict",
  prod: "typical",
  shared: "typical",
  dev: "loose",
  sbx: "loose"
};
var KNOBS = {
  strict: { publicNetwork: 0.1, aclAllow: 0.2, localAuth: 0.15, privateEndpoint: 0.95, cmk: 0.85, diagnostics: 1, noFilter: 0.03 },
  typical: { publicNetwork: 0.6, aclAllow: 0.55, localAuth: 0.45, privateEndpoint: 0.5, cmk: 0.15, diagnostics: 0.88, noFilter: 0.12 },
  loose: { publicNetwork: 0.95, aclAllow: 0.85, localAuth: 0.85, privateEndpoint: 0.1, cmk: 0.02, diagnostics: 0.6, noFilter: 0.3 }
};
function buildInventory(opts) {
  const { seed, epochMs } = opts;
  const copies = Math.max(1, Math.round(opts.scale));
  const root = Rng.for(seed, "inventory");
  const tenantId = Rng.for(seed, "tenant").guid();
  const containers = [];
  const resources = [];
  const push = (row) => resources.push(row) - 1;
  const subs = [];
  const subRng = root.fork("subscriptions");
  const subCount = Math.max(BASE_SUBSCRIPTIONS.length, Math.round(BASE_SUBSCRIPTIONS.length * Math.sqrt(copies)));
  for (let i = 0; i < subCount; i++) {
    const template = i < BASE_SUBSCRIPTIONS.length ? i : (i - BASE_SUBSCRIPTIONS.length) % BASE_SUBSCRIPTIONS.length;
    const base = BASE_SUBSCRIPTIONS[template];
    const extra = i >= BASE_SUBSCRIPTIONS.length;
    const r = subRng.fork(`sub:${i}`);
    const subscriptionId2 = r.guid();
    const unit = extra ? EXTRA_BUSINESS_UNITS[(i - BASE_SUBSCRIPTIONS.length) % EXTRA_BUSINESS_UNITS.length] : void 0;
    const displayName = extra ? `${base.displayName} ${pad(Math.floor(i / BASE_SUBSCRIPTIONS.length) + 1)} (${unit})` : base.displayName;
    const cspm = extra ? base.cspm && !r.chance(0.15) : base.cspm;
    const spec = { ...base, displayName, cspm, aiPlan: cspm ? base.aiPlan : "free" };
    const tags2 = {
      "ai-zone": String(base.zone),
      costCenter: base.costCenter,
      "business-unit": base.businessUnit
    };
    if (base.businessUnit === "platform" || base.businessUnit === "mcloud") tags2.owner = "ben.carter@contoso.com";
    const row = {
      id: `/subscriptions/${subscriptionId2}`,
      name: displayName,
      type: "microsoft.resources/subscriptions",
      tenantId,
      subscriptionId: subscriptionId2,
      tags: tags2,
      properties: {
        state: "Enabled",
        subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: "EnterpriseAgreement_2014-09-01", spendingLimit: "Off" },
        managementGroupAncestorsChain: [
          { name: `mg-ai-zone-${base.zone}`, displayName: `AI Zone ${base.zone}` },
          { name: "mg-contoso", displayName: "Contoso" },
          { name: tenantId, displayName: "Tenant Root Group" }
        ]
      }
    };
    containers.push(row);
    subs.push({ subscriptionId: subscriptionId2, displayName, zone: base.zone, cspm, index: i, template, spec, row });
  }
  const subsByTemplate = /* @__PURE__ */ new Map();
  for (const s of subs.slice(BASE_SUBSCRIPTIONS.length)) {
    const list2 = subsByTemplate.get(s.template) ?? [];
    list2.push(s);
    subsByTemplate.set(s.template, list2);
  }
  const platformSub = subs[8] ?? subs[0];
  const workspaces = [];
  const wsRng = root.fork("workspaces");
  const wsPerKind = Math.max(1, Math.round(Math.sqrt(copies)));
  const wsKinds = [
    { base: "log-secops-prod-weu", location: "westeurope", nonProd: false, europe: true },
    { base: "log-ai-prod-eus", location: "eastus", nonProd: false, europe: false },
    { base: "log-ai-nonprod-weu", location: "westeurope", nonProd: true, europe: true }
  ];
  for (let k = 0; k < wsPerKind; k++) {
    for (const w of wsKinds) {
      const name = k === 0 ? w.base : `${w.base}-${pad(k + 1)}`;
      const resourceId2 = providerPath(
        platformSub.subscriptionId,
        "rg-platform-monitoring",
        "Microsoft.OperationalInsights",
        `workspaces/${name}`
      );
      const customerId = wsRng.guid();
      workspaces.push({ customerId, resourceId: resourceId2, name, subscriptionId: platformSub.subscriptionId, nonProd: w.nonProd, europe: w.europe });
      push({
        id: resourceId2,
        name,
        type: "microsoft.operationalinsights/workspaces",
        tenantId,
        subscriptionId: platformSub.subscriptionId,
        resourceGroup: "rg-platform-monitoring",
        location: w.location,
        tags: { environment: "Production", costCenter: "CC-0100", owner: "ben.carter@contoso.com" },
        properties: {
          customerId,
          provisioningState: "Succeeded",
          sku: { name: "PerGB2018" },
          retentionInDays: w.nonProd ? 30 : 90,
          publicNetworkAccessForIngestion: "Enabled",
          publicNetworkAccessForQuery: "Enabled"
        }
      });
    }
  }
  const rgRows = /* @__PURE__ */ new Map();
  const ensureRg = (sub, rg, location, tags2) => {
    const id = `/subscriptions/${sub.subscriptionId}/resourceGroups/${rg}`;
    const key = id.toLowerCase();
    const existing = rgRows.get(key);
    if (existing) {
      if (tags2.owner && existing.tags && !existing.tags.owner) existing.tags.owner = tags2.owner;
      return;
    }
    const row = {
      id,
      name: rg,
      type: "microsoft.resources/subscriptions/resourcegroups",
      tenantId,
      subscriptionId: sub.subscriptionId,
      resourceGroup: rg,
      location,
      tags: { ...tags2 },
      properties: { provisioningState: "Succeeded" }
    };
    rgRows.set(key, row);
    containers.push(row);
  };
  ensureRg(platformSub, "rg-platform-monitoring", "westeurope", {
    environment: "Production",
    costCenter: "CC-0100",
    owner: "ben.carter@contoso.com"
  });
  const connectorSub = subs[4] ?? subs[0];
  const connectorRng = root.fork("connectors");
  const connectors = [];
  const addConnector = (cloud, name, rg, hierarchyId) => {
    const id = providerPath(connectorSub.subscriptionId, rg, "Microsoft.Security", `securityConnectors/${name}`);
    ensureRg(connectorSub, rg, "eastus", { environment: "Production", costCenter: "CC-0900", owner: "ben.carter@contoso.com" });
    push({
      id,
      name,
      type: "microsoft.security/securityconnectors",
      tenantId,
      subscriptionId: connectorSub.subscriptionId,
      resourceGroup: rg,
      location: "eastus",
      tags: { environment: "Production" },
      properties: {
        environmentName: cloud,
        hierarchyIdentifier: hierarchyId,
        offerings: cloud === "AWS" ? [{ offeringType: "CspmMonitorAws" }, { offeringType: "DefenderCspmAws" }, { offeringType: "DefenderForAiAws" }] : [{ offeringType: "CspmMonitorGcp" }, { offeringType: "DefenderCspmGcp" }]
      }
    });
    const c = { id, cloud, sub: connectorSub, hierarchyId };
    connectors.push(c);
    return c;
  };
  const awsConnector = addConnector("AWS", "aws-contoso-ai-prod", "rg-mdc-aws-connectors", String(connectorRng.int(1e11, 999999999999)));
  const gcpConnector = addConnector("GCP", "gcp-contoso-ml-prod", "rg-mdc-gcp-connectors", "contoso-ml-prod");
  const apps = [];
  const ai = [];
  const appRng = root.fork("apps");
  for (let copy = 1; copy <= copies; copy++) {
    BASE_APPS.forEach((spec, appIndex) => {
      const r = appRng.fork(`app:${copy}:${appIndex}`);
      const pool = subsByTemplate.get(spec.sub);
      const sub = copy === 1 || !pool || pool.length === 0 ? subs[spec.sub] : pool[(copy - 2) % pool.length];
      const sfx = copy === 1 ? "" : `-${pad(copy, copies >= 100 ? 3 : 2)}`;
      const rg = `${spec.rg}${sfx}`;
      const reg = region(spec.region);
      const posture = POSTURE_OF[spec.env];
      const owners = ownersOf(spec.bu);
      const ownerMode = r.weighted([
        ["tag", 0.55],
        ["rg", 0.17],
        ["governance", 0.15],
        ["none", 0.13]
      ]);
      const owner = ownerMode === "none" ? null : owners.length > 0 ? r.pick(owners) : r.pick(RESOURCE_OWNERS);
      const createdMs = epochMs - r.int(25, 420) * DAY2 - r.int(0, 86399) * 1e3;
      const app = {
        key: `${spec.bu}:${spec.archetype}:${spec.region}:${appIndex}${sfx}`,
        spec,
        copy,
        sub,
        rg,
        region: reg,
        posture,
        owner,
        ownerMode,
        nodes: [],
        callerPrincipalId: r.guid(),
        createdMs
      };
      apps.push(app);
      const baseTags = {
        environment: ENVIRONMENT_TAG[spec.env],
        costCenter: sub.spec.costCenter
      };
      ensureRg(sub, rg, reg.name, { ...baseTags, ...owner && ownerMode !== "none" && ownerMode !== "governance" ? { owner: owner.upn } : {} });
      const ctx = { tenantId, app, r, sfx, baseTags, push, resources, ai, workspaces, epochMs, awsConnector, gcpConnector };
      buildApp(ctx);
    });
  }
  ensureVariety(ai, resources);
  return { tenantId, subs, workspaces, apps, ai, connectors, containers, resources };
}
function resourceTags(ctx, extra = {}) {
  const { app } = ctx;
  const tags2 = { ...ctx.baseTags, app: `${app.spec.bu}-${app.spec.archetype}`, ...extra };
  if (app.ownerMode === "tag" && app.owner) tags2.owner = app.owner.upn;
  if (app.spec.env === "reg" || app.spec.bu === "hr" || app.spec.bu === "legal") tags2["data-classification"] = "Confidential";
  return tags2;
}
function pickWorkspace(ctx) {
  const { app, r, workspaces } = ctx;
  const knobs = KNOBS[app.posture];
  if (!r.chance(knobs.diagnostics)) return null;
  const nonProd = app.spec.env === "dev" || app.spec.env === "sbx";
  const europe = app.region.utcOffsetHours >= -1 && app.region.utcOffsetHours <= 3;
  const fitting = workspaces.filter((w) => w.nonProd === nonProd && (nonProd || w.europe === europe));
  const list2 = fitting.length > 0 ? fitting : workspaces;
  return r.pick(list2);
}
function newNode(ctx, partial) {
  const node = {
    ...partial,
    lid: partial.id.toLowerCase(),
    app: ctx.app,
    utcOffsetHours: ctx.app.region.utcOffsetHours,
    createdMs: ctx.app.createdMs,
    deployments: [],
    linked: partial.linked ?? {}
  };
  ctx.app.nodes.push(node);
  ctx.ai.push(node);
  return node;
}
function buildApp(ctx) {
  switch (ctx.app.spec.archetype) {
    case "openai":
      buildAccount(ctx, "OpenAI", `oai-${ctx.app.spec.bu}-${ctx.app.spec.env}-${ctx.app.region.short}${ctx.sfx}`, ctx.app.spec.models ?? [], ctx.app.spec.peak ?? 1, true);
      return;
    case "foundry":
      buildFoundry(ctx);
      return;
    case "hub":
      buildHub(ctx);
      return;
    case "mlw":
      buildMlWorkspace(ctx);
      return;
    case "bedrock":
    case "sagemaker":
    case "vertex":
      buildMultiCloud(ctx);
      return;
  }
}
function buildShared(ctx, wants) {
  const { app, r, push, tenantId } = ctx;
  const subId = app.sub.subscriptionId;
  const bu = alnum(app.spec.bu).slice(0, 8);
  const env = app.spec.env;
  const knobs = KNOBS[app.posture];
  const loc = app.region.name;
  const tags2 = () => r.chance(0.6) ? resourceTags(ctx) : { ...ctx.baseTags };
  const stName = `st${bu}${env}${r.hex(6)}`.slice(0, 24);
  const stPublic = r.chance(knobs.publicNetwork * 0.8);
  const stId = providerPath(subId, app.rg, "Microsoft.Storage", `storageAccounts/${stName}`);
  push({
    id: stId,
    name: stName,
    type: "microsoft.storage/storageaccounts",
    kind: "StorageV2",
    tenantId,
    subscriptionId: subId,
    resourceGroup: app.rg,
    location: loc,
    tags: tags2(),
    sku: { name: app.posture === "strict" ? "Standard_ZRS" : "Standard_LRS", tier: "Standard" },
    properties: {
      provisioningState: "Succeeded",
      publicNetworkAccess: stPublic ? "Enabled" : "Disabled",
      allowBlobPublicAccess: stPublic && r.chance(0.25),
      allowSharedKeyAccess: app.posture !== "strict",
      minimumTlsVersion: "TLS1_2",
      supportsHttpsTrafficOnly: true,
      networkAcls: { defaultAction: stPublic ? "Allow" : "Deny", bypass: "AzureServices", ipRules: [], virtualNetworkRules: [] },
      primaryEndpoints: { blob: `https://${stName}.blob.core.windows.net/`, dfs: `https://${stName}.dfs.core.windows.net/` },
      encryption: { keySource: app.posture === "strict" ? "Microsoft.Keyvault" : "Microsoft.Storage" }
    }
  });
  const kvName = `kv-${bu}-${env}-${r.hex(4)}`.slice(0, 24);
  const kvPublic = r.chance(knobs.publicNetwork * 0.7);
  const kvId = providerPath(subId, app.rg, "Microsoft.KeyVault", `vaults/${kvName}`);
  push({
    id: kvId,
    name: kvName,
    type: "microsoft.keyvault/vaults",
    tenantId,
    subscriptionId: subId,
    resourceGroup: app.rg,
    location: loc,
    tags: tags2(),
    properties: {
      provisioningState: "Succeeded",
      tenantId,
      sku: { family: "A", name: app.posture === "strict" ? "premium" : "standard" },
      vaultUri: `https://${kvName}.vault.azure.net/`,
      publicNetworkAccess: kvPublic ? "Enabled" : "Disabled",
      enableRbacAuthorization: app.posture !== "loose" || r.chance(0.5),
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enablePurgeProtection: app.posture === "strict",
      networkAcls: { defaultAction: kvPublic ? "Allow" : "Deny", bypass: "AzureServices", ipRules: [], virtualNetworkRules: [] }
    }
  });
  let search = null;
  if (wants.search) {
    const name = `srch-${app.spec.bu}-${env}-${app.region.short}${ctx.sfx}`;
    const pub = r.chance(knobs.publicNetwork);
    const id = providerPath(subId, app.rg, "Microsoft.Search", `searchServices/${name}`);
    push({
      id,
      name,
      type: "microsoft.search/searchservices",
      tenantId,
      subscriptionId: subId,
      resourceGroup: app.rg,
      location: loc,
      tags: tags2(),
      sku: { name: app.posture === "loose" ? "basic" : "standard" },
      identity: { type: "SystemAssigned", principalId: r.guid(), tenantId },
      properties: {
        provisioningState: "succeeded",
        status: "running",
        replicaCount: app.posture === "loose" ? 1 : 2,
        partitionCount: 1,
        hostingMode: "default",
        // Microsoft.Search reports these in lower case.
        publicNetworkAccess: pub ? "enabled" : "disabled",
        disableLocalAuth: app.posture === "strict",
        semanticSearch: "standard",
        networkRuleSet: { ipRules: [], bypass: "AzureServices" }
      }
    });
    search = { id, name, public: pub };
  }
  let acr = null;
  if (wants.acr) {
    const name = `cr${bu}${env}${r.hex(6)}`.slice(0, 50);
    const pub = r.chance(knobs.publicNetwork);
    const id = providerPath(subId, app.rg, "Microsoft.ContainerRegistry", `registries/${name}`);
    push({
      id,
      name,
      type: "microsoft.containerregistry/registries",
      tenantId,
      subscriptionId: subId,
      resourceGroup: app.rg,
      location: loc,
      tags: tags2(),
      sku: { name: app.posture === "strict" ? "Premium" : "Standard", tier: app.posture === "strict" ? "Premium" : "Standard" },
      properties: {
        provisioningState: "Succeeded",
        loginServer: `${name}.azurecr.io`,
        adminUserEnabled: app.posture === "loose",
        publicNetworkAccess: pub ? "Enabled" : "Disabled",
        networkRuleBypassOptions: "AzureServices"
      }
    });
    acr = { id, name, public: pub };
  }
  let appInsights = null;
  if (wants.appInsights) {
    const name = `appi-${app.spec.bu}-${env}-${app.region.short}${ctx.sfx}`;
    const id = providerPath(subId, app.rg, "Microsoft.Insights", `components/${name}`);
    push({
      id,
      name,
      type: "microsoft.insights/components",
      kind: "web",
      tenantId,
      subscriptionId: subId,
      resourceGroup: app.rg,
      location: loc,
      tags: tags2(),
      properties: {
        provisioningState: "Succeeded",
        Application_Type: "web",
        IngestionMode: "LogAnalytics",
        // App Insights has separate ingestion/query switches; publicNetworkAccess mirrors ingestion for BOM readers.
        publicNetworkAccess: "Enabled",
        publicNetworkAccessForIngestion: "Enabled",
        publicNetworkAccessForQuery: "Enabled"
      }
    });
    appInsights = { id, name };
  }
  const uaiName = `id-${app.spec.bu}-${app.spec.archetype}-${env}-${app.region.short}${ctx.sfx}`;
  const uaiId = providerPath(subId, app.rg, "Microsoft.ManagedIdentity", `userAssignedIdentities/${uaiName}`);
  const clientId = r.guid();
  push({
    id: uaiId,
    name: uaiName,
    type: "microsoft.managedidentity/userassignedidentities",
    tenantId,
    subscriptionId: subId,
    resourceGroup: app.rg,
    location: loc,
    tags: { ...ctx.baseTags },
    properties: { principalId: app.callerPrincipalId, clientId, tenantId }
  });
  return {
    storage: { id: stId, name: stName, public: stPublic },
    keyVault: { id: kvId, name: kvName, public: kvPublic },
    search,
    acr,
    appInsights,
    uai: { id: uaiId, name: uaiName, principalId: app.callerPrincipalId, clientId }
  };
}
var IP_RANGES = ["203.0.113.0/24", "198.51.100.16/28", "192.0.2.64/26", "20.54.110.0/24", "52.166.12.0/23"];
function buildAccount(ctx, kind, name, models, peak, withShared, shared) {
  const { app, r, push, tenantId } = ctx;
  const subId = app.sub.subscriptionId;
  const knobs = KNOBS[app.posture];
  const sh = shared ?? buildShared(ctx, { search: withShared && r.chance(0.75), acr: false, appInsights: false });
  const id = providerPath(subId, app.rg, "Microsoft.CognitiveServices", `accounts/${name}`);
  const publicNetwork = r.chance(knobs.publicNetwork);
  const aclAllow = publicNetwork && r.chance(knobs.aclAllow);
  const localAuth = r.chance(knobs.localAuth);
  const privateEndpoint = r.chance(knobs.privateEndpoint);
  const cmk = r.chance(knobs.cmk);
  const workspace = pickWorkspace(ctx);
  const copyPeak = peak * (app.copy === 1 ? 1 : r.range(0.4, 1.6));
  const node = newNode(ctx, {
    id,
    name,
    kind: kind === "OpenAI" ? "openai" : "ai-services",
    type: AI_ACCOUNT_TYPE,
    armType: "Microsoft.CognitiveServices/accounts",
    provider: "Microsoft.CognitiveServices",
    cloud: "Azure",
    parent: null,
    rg: app.rg,
    location: app.region.name,
    rowIndex: -1,
    publicNetwork,
    aclAllow,
    localAuth,
    privateEndpoint,
    cmk,
    workspace,
    guardrails: true,
    apiKeyConnections: false,
    modelFindings: false,
    nativePrivate: false,
    ownerTag: app.ownerMode === "tag" ? app.owner : null,
    peak: workspace ? copyPeak : 0,
    nativeId: null,
    connectorId: null,
    linked: { storage: sh.storage.id, keyVault: sh.keyVault.id, uai: sh.uai.id, ...sh.search ? { search: sh.search.id } : {} }
  });
  let peId = null;
  const peConnections = [];
  if (privateEndpoint) {
    const peName = `pe-${name}`;
    peId = providerPath(subId, app.rg, "Microsoft.Network", `privateEndpoints/${peName}`);
    node.linked.pe = peId;
    const octet = r.int(1, 250);
    push({
      id: peId,
      name: peName,
      type: "microsoft.network/privateendpoints",
      tenantId,
      subscriptionId: subId,
      resourceGroup: app.rg,
      location: app.region.name,
      tags: { ...ctx.baseTags },
      properties: {
        provisioningState: "Succeeded",
        subnet: {
          id: providerPath(subId, `rg-network-${app.spec.bu}`, "Microsoft.Network", `virtualNetworks/vnet-${app.spec.bu}-${app.region.short}/subnets/snet-private-endpoints`)
        },
        privateLinkServiceConnections: [
          {
            name: peName,
            properties: {
              privateLinkServiceId: id,
              groupIds: ["account"],
              privateLinkServiceConnectionState: { status: "Approved", description: "Auto-Approved", actionsRequired: "None" }
            }
          }
        ],
        customDnsConfigs: [
          {
            fqdn: kind === "OpenAI" ? `${name}.openai.azure.com` : `${name}.cognitiveservices.azure.com`,
            ipAddresses: [`10.${20 + app.sub.index % 30}.${r.int(0, 15)}.${octet}`]
          }
        ]
      }
    });
    peConnections.push({
      id: `${id}/privateEndpointConnections/${peName}.${r.guid()}`,
      name: `${peName}.${r.hex(8)}`,
      type: "Microsoft.CognitiveServices/accounts/privateEndpointConnections",
      properties: {
        provisioningState: "Succeeded",
        privateEndpoint: { id: peId },
        groupIds: ["account"],
        privateLinkServiceConnectionState: { status: "Approved", description: "Auto-Approved", actionsRequired: "None" }
      }
    });
  }
  const identityRoll = r.next();
  let identity;
  if (cmk) {
    identity = {
      type: "SystemAssigned, UserAssigned",
      principalId: r.guid(),
      tenantId,
      userAssignedIdentities: { [sh.uai.id]: { principalId: sh.uai.principalId, clientId: sh.uai.clientId } }
    };
  } else if (identityRoll < 0.82) {
    identity = { type: "SystemAssigned", principalId: r.guid(), tenantId };
  } else {
    identity = null;
  }
  const ipRules = publicNetwork && !aclAllow ? r.sample(IP_RANGES, r.int(1, 3)).map((value) => ({ value })) : [];
  const host = kind === "OpenAI" ? "openai.azure.com" : "cognitiveservices.azure.com";
  const projects = kind === "AIServices" && app.spec.archetype === "foundry" ? (app.spec.projects ?? []).map((p) => `${p}${ctx.sfx}`) : [];
  const props = {
    provisioningState: "Succeeded",
    customSubDomainName: name,
    endpoint: `https://${name}.${host}/`,
    endpoints: kind === "OpenAI" ? { "OpenAI Language Model Instance API": `https://${name}.openai.azure.com/` } : {
      "AI Foundry API": `https://${name}.services.ai.azure.com/`,
      "OpenAI Language Model Instance API": `https://${name}.openai.azure.com/`,
      "Azure AI Model Inference API": `https://${name}.services.ai.azure.com/`
    },
    publicNetworkAccess: publicNetwork ? "Enabled" : "Disabled",
    disableLocalAuth: !localAuth,
    networkAcls: { defaultAction: aclAllow ? "Allow" : "Deny", ipRules, virtualNetworkRules: [] },
    privateEndpointConnections: peConnections,
    encryption: cmk ? {
      keySource: "Microsoft.KeyVault",
      keyVaultProperties: {
        keyName: `cmk-${app.spec.bu}-ai`,
        keyVersion: r.hex(32),
        keyVaultUri: `https://${sh.keyVault.name}.vault.azure.net/`,
        identityClientId: sh.uai.clientId
      }
    } : { keySource: "Microsoft.CognitiveServices" },
    restrictOutboundNetworkAccess: app.posture === "strict",
    dateCreated: new Date(app.createdMs).toISOString(),
    internalId: r.hex(32),
    isMigrated: false
  };
  if (projects.length > 0) {
    props.allowProjectManagement = true;
    props.associatedProjects = projects;
    props.defaultProject = projects[0];
  }
  node.rowIndex = push({
    id,
    name,
    type: AI_ACCOUNT_TYPE,
    kind,
    tenantId,
    subscriptionId: subId,
    resourceGroup: app.rg,
    location: app.region.name,
    tags: resourceTags(ctx, app.spec.zoneOverride && app.copy === 1 ? { "ai-zone": String(app.spec.zoneOverride) } : {}),
    identity,
    sku: { name: "S0" },
    properties: props
  });
  const knobs2 = KNOBS[app.posture];
  for (const m of models) {
    const spec = model(m);
    const depName = r.chance(0.7) ? spec.name : `${app.spec.bu}-${spec.name.replace(/[^a-z0-9]+/gi, "").toLowerCase().slice(0, 12)}`;
    const raiPolicyName = r.chance(knobs2.noFilter) ? null : app.posture === "strict" && r.chance(0.6) ? `${app.spec.bu}-strict-filter` : "Microsoft.DefaultV2";
    addDeployment(ctx, node, depName, spec, raiPolicyName, copyPeak);
  }
  const conns = [[`${sh.storage.name}`, "AzureBlob", sh.storage.id]];
  if (sh.search) conns.push([sh.search.name, "CognitiveSearch", sh.search.id]);
  for (const [cname, category, target] of conns) {
    push({
      id: `${id}/connections/${cname}`,
      name: cname,
      type: AI_ACCOUNT_CONNECTION_TYPE,
      tenantId,
      subscriptionId: subId,
      resourceGroup: app.rg,
      properties: {
        category,
        authType: localAuth && r.chance(0.5) ? "ApiKey" : "AAD",
        target: category === "AzureBlob" ? `https://${cname}.blob.core.windows.net/` : `https://${cname}.search.windows.net/`,
        isSharedToAll: true,
        metadata: { ResourceId: target, ApiType: "Azure", Location: app.region.name }
      }
    });
  }
  return { node, shared: sh };
}
function addDeployment(ctx, node, name, spec, raiPolicyName, peak) {
  const { app, r, push, tenantId } = ctx;
  const id = `${node.id}/deployments/${name}`;
  const skuName = app.spec.env === "reg" ? "DataZoneStandard" : peak > 200 && spec.operation === "ChatCompletions_Create" ? "ProvisionedManaged" : spec.format === "OpenAI" ? r.weighted([
    ["GlobalStandard", 0.7],
    ["Standard", 0.3]
  ]) : "GlobalStandard";
  const capacity = skuName === "ProvisionedManaged" ? 100 : Math.max(1, Math.round(peak * r.range(0.6, 1.5) / 5) * 10);
  const properties = {
    provisioningState: "Succeeded",
    model: { format: spec.format, name: spec.name, version: spec.version },
    versionUpgradeOption: spec.format === "OpenAI" ? "OnceNewDefaultVersionAvailable" : "NoAutoUpgrade",
    currentCapacity: capacity
  };
  if (raiPolicyName) properties.raiPolicyName = raiPolicyName;
  const rowIndex = push({
    id,
    name,
    type: AI_DEPLOYMENT_TYPE,
    tenantId,
    subscriptionId: app.sub.subscriptionId,
    resourceGroup: app.rg,
    location: node.location,
    sku: { name: skuName, capacity },
    properties
  });
  const dep = { id, name, model: spec, raiPolicyName, rowIndex };
  node.deployments.push(dep);
  return dep;
}
function buildFoundry(ctx) {
  const { app, r, push, tenantId } = ctx;
  const name = `ais-${app.spec.bu}-${app.spec.env}-${app.region.short}${ctx.sfx}`;
  const { node: account, shared } = buildAccount(ctx, "AIServices", name, app.spec.models ?? [], app.spec.peak ?? 1, true);
  const strict = app.posture === "strict";
  for (const p of app.spec.projects ?? []) {
    const pname = `${p}${ctx.sfx}`;
    const id = `${account.id}/projects/${pname}`;
    const apiKeyConnections = r.chance(strict ? 0.1 : account.localAuth ? 0.6 : 0.2);
    const node = newNode(ctx, {
      id,
      name: pname,
      kind: "foundry-project",
      type: FOUNDRY_PROJECT_TYPE,
      armType: "Microsoft.CognitiveServices/accounts/projects",
      provider: "Microsoft.CognitiveServices",
      cloud: "Azure",
      parent: account,
      rg: app.rg,
      location: app.region.name,
      rowIndex: -1,
      publicNetwork: account.publicNetwork,
      aclAllow: account.aclAllow,
      localAuth: account.localAuth,
      privateEndpoint: account.privateEndpoint,
      cmk: account.cmk,
      workspace: null,
      guardrails: r.chance(strict ? 0.9 : app.posture === "typical" ? 0.6 : 0.3),
      apiKeyConnections,
      modelFindings: false,
      nativePrivate: false,
      ownerTag: app.ownerMode === "tag" ? app.owner : null,
      peak: 0,
      nativeId: null,
      connectorId: null,
      linked: { storage: shared.storage.id, keyVault: shared.keyVault.id, ...shared.search ? { search: shared.search.id } : {} }
    });
    node.rowIndex = push({
      id,
      name: pname,
      type: FOUNDRY_PROJECT_TYPE,
      kind: "AIServices",
      tenantId,
      subscriptionId: app.sub.subscriptionId,
      resourceGroup: app.rg,
      location: app.region.name,
      tags: resourceTags(ctx, { project: p }),
      identity: { type: "SystemAssigned", principalId: r.guid(), tenantId },
      properties: {
        provisioningState: "Succeeded",
        displayName: p.replace(/-/g, " "),
        description: `${p} project on ${account.name}`,
        isDefault: p === app.spec.projects?.[0],
        endpoints: { "AI Foundry API": `https://${account.name}.services.ai.azure.com/api/projects/${pname}` }
      }
    });
    const targets = [];
    if (shared.search) targets.push([`${shared.search.name}-conn`, "CognitiveSearch", shared.search.id]);
    targets.push([`${shared.storage.name}-conn`, "AzureStorageAccount", shared.storage.id]);
    for (const [cname, category, target] of targets) {
      push({
        id: `${id}/connections/${cname}`,
        name: cname,
        type: FOUNDRY_PROJECT_CONNECTION_TYPE,
        tenantId,
        subscriptionId: app.sub.subscriptionId,
        resourceGroup: app.rg,
        properties: {
          category,
          authType: apiKeyConnections ? "ApiKey" : "AAD",
          target,
          isSharedToAll: false,
          metadata: { ResourceId: target, ApiType: "Azure", Location: app.region.name }
        }
      });
    }
  }
}
function mlWorkspaceNode(ctx, kind, name, shared, hub, connections) {
  const { app, r, push, tenantId } = ctx;
  const knobs = KNOBS[app.posture];
  const id = providerPath(app.sub.subscriptionId, app.rg, "Microsoft.MachineLearningServices", `workspaces/${name}`);
  const publicNetwork = hub ? hub.publicNetwork : r.chance(knobs.publicNetwork);
  const node = newNode(ctx, {
    id,
    name,
    kind: kind === "Hub" ? "ml-hub" : kind === "Project" ? "ml-project" : "ml-workspace",
    type: ML_WORKSPACE_TYPE,
    armType: "Microsoft.MachineLearningServices/workspaces",
    provider: "Microsoft.MachineLearningServices",
    cloud: "Azure",
    parent: hub,
    rg: app.rg,
    location: app.region.name,
    rowIndex: -1,
    publicNetwork,
    aclAllow: publicNetwork,
    localAuth: false,
    privateEndpoint: !publicNetwork && r.chance(0.8),
    cmk: app.posture === "strict",
    workspace: null,
    guardrails: true,
    apiKeyConnections: connections.length > 0 && r.chance(app.posture === "strict" ? 0.1 : 0.4),
    modelFindings: kind !== "Hub" && r.chance(app.posture === "strict" ? 0.15 : 0.35),
    nativePrivate: false,
    ownerTag: app.ownerMode === "tag" ? app.owner : null,
    peak: 0,
    nativeId: null,
    connectorId: null,
    linked: {
      storage: shared.storage.id,
      keyVault: shared.keyVault.id,
      ...shared.appInsights ? { appInsights: shared.appInsights.id } : {},
      ...shared.acr ? { acr: shared.acr.id } : {}
    }
  });
  const props = {
    provisioningState: "Succeeded",
    friendlyName: name,
    workspaceId: r.guid(),
    storageAccount: shared.storage.id,
    keyVault: shared.keyVault.id,
    publicNetworkAccess: publicNetwork ? "Enabled" : "Disabled",
    discoveryUrl: `https://${app.region.name}.api.azureml.ms/discovery`,
    mlFlowTrackingUri: `azureml://${app.region.name}.api.azureml.ms/mlflow/v1.0${id}`,
    managedNetwork: { isolationMode: publicNetwork ? "Disabled" : "AllowOnlyApprovedOutbound" },
    hbiWorkspace: app.posture === "strict",
    v1LegacyMode: false,
    creationTime: new Date(app.createdMs).toISOString()
  };
  if (shared.appInsights) props.applicationInsights = shared.appInsights.id;
  if (shared.acr) props.containerRegistry = shared.acr.id;
  if (hub) props.hubResourceId = hub.id;
  if (kind === "Hub") props.workspaceHubConfig = { defaultWorkspaceResourceGroup: app.rg };
  if (node.privateEndpoint) {
    const peName = `pe-${name}`;
    const peId = providerPath(app.sub.subscriptionId, app.rg, "Microsoft.Network", `privateEndpoints/${peName}`);
    node.linked.pe = peId;
    push({
      id: peId,
      name: peName,
      type: "microsoft.network/privateendpoints",
      tenantId,
      subscriptionId: app.sub.subscriptionId,
      resourceGroup: app.rg,
      location: app.region.name,
      tags: { ...ctx.baseTags },
      properties: {
        provisioningState: "Succeeded",
        privateLinkServiceConnections: [
          { name: peName, properties: { privateLinkServiceId: id, groupIds: ["amlworkspace"], privateLinkServiceConnectionState: { status: "Approved" } } }
        ]
      }
    });
    props.privateEndpointConnections = [
      { id: `${id}/privateEndpointConnections/${peName}`, properties: { privateEndpoint: { id: peId }, privateLinkServiceConnectionState: { status: "Approved" } } }
    ];
  }
  node.rowIndex = push({
    id,
    name,
    type: ML_WORKSPACE_TYPE,
    kind,
    tenantId,
    subscriptionId: app.sub.subscriptionId,
    resourceGroup: app.rg,
    location: app.region.name,
    tags: resourceTags(ctx, app.spec.zoneOverride && app.copy === 1 ? { "ai-zone": String(app.spec.zoneOverride) } : {}),
    identity: { type: "SystemAssigned", principalId: r.guid(), tenantId },
    sku: { name: "Basic", tier: "Basic" },
    properties: props
  });
  for (const [cname, category, target] of connections) {
    push({
      id: `${id}/connections/${cname}`,
      name: cname,
      type: ML_CONNECTION_TYPE,
      tenantId,
      subscriptionId: app.sub.subscriptionId,
      resourceGroup: app.rg,
      properties: {
        category,
        authType: node.apiKeyConnections ? "ApiKey" : "AAD",
        target: category === "CognitiveSearch" ? `https://${cname}.search.windows.net/` : `https://${cname}.cognitiveservices.azure.com/`,
        isSharedToAll: kind === "Hub",
        metadata: { ResourceId: target, ApiType: "Azure", ApiVersion: "2024-10-21" }
      }
    });
  }
  return node;
}
function buildHub(ctx) {
  const { app } = ctx;
  const shared = buildShared(ctx, { search: true, acr: true, appInsights: true });
  const aisName = `ais-${app.spec.bu}-hub-${app.spec.env}-${app.region.short}${ctx.sfx}`;
  const { node: ais } = buildAccount(ctx, "AIServices", aisName, app.spec.models ?? [], app.spec.peak ?? 1, false, shared);
  const conns = [[ais.name, "AIServices", ais.id]];
  if (shared.search) conns.push([shared.search.name, "CognitiveSearch", shared.search.id]);
  const hubName = `hub-${app.spec.bu}-${app.spec.env}-${app.region.short}${ctx.sfx}`;
  const hub = mlWorkspaceNode(ctx, "Hub", hubName, shared, null, conns);
  for (const p of app.spec.projects ?? []) {
    const projectConns = ctx.r.chance(0.5) && shared.search ? [[`${p}-search`, "CognitiveSearch", shared.search.id]] : [];
    mlWorkspaceNode(ctx, "Project", `mlp-${p}${ctx.sfx}`, shared, hub, projectConns);
  }
}
function buildMlWorkspace(ctx) {
  const { app } = ctx;
  const shared = buildShared(ctx, { search: false, acr: true, appInsights: true });
  const purpose = app.spec.projects?.[0] ?? "models";
  mlWorkspaceNode(ctx, "Default", `mlw-${purpose}-${app.spec.env}${ctx.sfx}`, shared, null, []);
}
var FOUNDATION_MODELS = [
  "anthropic.claude-3-5-sonnet-20240620-v1:0",
  "anthropic.claude-3-haiku-20240307-v1:0",
  "amazon.nova-pro-v1:0",
  "meta.llama3-1-70b-instruct-v1:0"
];
function buildMultiCloud(ctx) {
  const { app, r, push, tenantId } = ctx;
  const archetype = app.spec.archetype;
  const aws = archetype !== "vertex";
  const connector = aws ? ctx.awsConnector : ctx.gcpConnector;
  const rows = app.spec.items ?? [];
  for (const [base, nativeRegion] of rows) {
    const name = `${base}${ctx.sfx}`;
    const kind = archetype === "bedrock" ? "bedrock" : archetype === "sagemaker" ? "sagemaker" : "vertex-ai";
    const type = archetype === "bedrock" ? MULTICLOUD_AI_TYPES.bedrock : archetype === "sagemaker" ? MULTICLOUD_AI_TYPES.sagemaker : MULTICLOUD_AI_TYPES.vertex;
    const armType = archetype === "bedrock" ? "Microsoft.AwsConnector/bedrockAgents" : archetype === "sagemaker" ? "Microsoft.AwsConnector/sageMakerEndpoints" : "Microsoft.GcpConnector/vertexAiEndpoints";
    const provider = aws ? "Microsoft.AwsConnector" : "Microsoft.GcpConnector";
    const id = providerPath(app.sub.subscriptionId, app.rg, provider, `${armType.split("/")[1]}/${name}`);
    const location = `${aws ? "aws" : "gcp"}-${nativeRegion}`;
    let nativeId;
    let props;
    const nativePrivate = r.chance(0.45);
    if (archetype === "bedrock") {
      const agentId = r.hex(10).toUpperCase();
      nativeId = `arn:aws:bedrock:${nativeRegion}:${connector.hierarchyId}:agent/${agentId}`;
      props = {
        arn: nativeId,
        agentId,
        agentName: name,
        agentStatus: "PREPARED",
        foundationModel: r.pick(FOUNDATION_MODELS),
        guardrailConfiguration: r.chance(0.6) ? { guardrailIdentifier: r.hex(12), guardrailVersion: "1" } : null,
        knowledgeBases: [{ knowledgeBaseArn: `arn:aws:bedrock:${nativeRegion}:${connector.hierarchyId}:knowledge-base/${r.hex(10).toUpperCase()}` }],
        vpcEndpointConfigured: nativePrivate
      };
    } else if (archetype === "sagemaker") {
      nativeId = `arn:aws:sagemaker:${nativeRegion}:${connector.hierarchyId}:endpoint/${name}`;
      props = {
        arn: nativeId,
        endpointName: name,
        endpointStatus: "InService",
        productionVariants: [{ variantName: "AllTraffic", modelName: `${base}-model`, instanceType: r.pick(["ml.m5.xlarge", "ml.g5.2xlarge", "ml.c5.2xlarge"]) }],
        vpcConfig: nativePrivate ? { subnets: [`subnet-${r.hex(8)}`], securityGroupIds: [`sg-${r.hex(8)}`] } : null
      };
    } else {
      const endpointNumber = String(r.int(1e9, 9999999999));
      nativeId = `projects/${connector.hierarchyId}/locations/${nativeRegion}/endpoints/${endpointNumber}`;
      props = {
        resourceName: nativeId,
        displayName: name,
        deployedModels: [{ model: r.pick(["gemini-2.0-flash", "gemini-1.5-pro", "text-embedding-005", "custom-tabular-v3"]), displayName: `${base}-model` }],
        privateServiceConnectConfig: nativePrivate ? { enablePrivateServiceConnect: true } : null
      };
    }
    props.connectorId = connector.id;
    props.provisioningState = "Succeeded";
    const node = newNode(ctx, {
      id,
      name,
      kind,
      type,
      armType,
      provider,
      cloud: aws ? "AWS" : "GCP",
      parent: null,
      rg: app.rg,
      location,
      rowIndex: -1,
      publicNetwork: !nativePrivate,
      aclAllow: !nativePrivate,
      localAuth: false,
      privateEndpoint: nativePrivate,
      cmk: false,
      workspace: null,
      guardrails: archetype !== "bedrock" || props.guardrailConfiguration !== null,
      apiKeyConnections: false,
      modelFindings: false,
      nativePrivate,
      ownerTag: app.ownerMode === "tag" ? app.owner : null,
      peak: 0,
      nativeId,
      connectorId: connector.id
    });
    node.rowIndex = push({
      id,
      name,
      type,
      tenantId,
      subscriptionId: app.sub.subscriptionId,
      resourceGroup: app.rg,
      location,
      tags: resourceTags(ctx, { [aws ? "aws-account" : "gcp-project"]: connector.hierarchyId }),
      properties: props
    });
  }
}
function ensureVariety(ai, resources) {
  const accounts = ai.filter((n) => n.kind === "openai" || n.kind === "ai-services");
  const cspmAccounts = accounts.filter((n) => n.app.sub.cspm && n.deployments.length > 0);
  if (!cspmAccounts.some((n) => n.deployments.some((d) => d.raiPolicyName === null))) {
    const n = cspmAccounts.find((a) => a.app.posture !== "strict") ?? cspmAccounts[0];
    const d = n?.deployments[n.deployments.length - 1];
    if (d) {
      d.raiPolicyName = null;
      const row = resources[d.rowIndex];
      if (row) delete row.properties.raiPolicyName;
    }
  }
  if (!accounts.some((n) => n.workspace === null)) {
    const n = accounts.find((a) => a.app.posture === "loose") ?? accounts[0];
    if (n) {
      n.workspace = null;
      n.peak = 0;
    }
  }
}

// azure/demo/logs.ts
var BIN_MS = 5 * 6e4;
var HOUR2 = 36e5;
var DAY3 = 864e5;
var HISTORY_DAYS = 8;
var LISTED_BURST_DAYS = 7;
var smoothstep = (a, b, x) => {
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
};
function privateIp(r) {
  return `10.${r.int(20, 60)}.${r.int(0, 15)}.${r.int(4, 250)}`;
}
function azureIp(r) {
  return `${r.pick([20, 40, 52, 4])}.${r.int(40, 250)}.${r.int(0, 255)}.${r.int(1, 254)}`;
}
var CORPORATE_EGRESS = ["198.51.100.23", "198.51.100.24", "203.0.113.77"];
var UNUSUAL_IPS = ["185.220.101.47", "45.133.1.92", "91.219.236.18", "193.32.162.71", "104.244.76.13"];
function deploymentsOf(node) {
  if (node.deployments.length > 0) return node.deployments.map((d) => ({ name: d.name, operation: d.model.operation }));
  return [{ name: "default", operation: model("gpt-4o-mini").operation }];
}
function buildCallers(node, r) {
  const deps = deploymentsOf(node);
  const chat = deps.filter((d) => d.operation !== "Embeddings_Create");
  const embeddings = deps.filter((d) => d.operation === "Embeddings_Create");
  const main = chat[0] ?? deps[0];
  const callers = [];
  const appIp = node.privateEndpoint ? privateIp(r) : azureIp(r);
  const appId = node.localAuth && r.chance(0.4) ? null : node.app.callerPrincipalId;
  for (const d of chat.length > 0 ? chat : [main]) {
    callers.push({ callerIp: appIp, objectId: appId, operation: d.operation, deployment: d.name, weight: d === main ? 0.5 : 0.15 });
  }
  const batchId = r.guid();
  for (const d of embeddings) {
    callers.push({ callerIp: node.privateEndpoint ? privateIp(r) : azureIp(r), objectId: batchId, operation: d.operation, deployment: d.name, weight: 0.2 });
  }
  const devs = r.sample(DEMO_PEOPLE.filter((p) => p.persona === "owner"), r.int(1, 2));
  if (node.app.owner && !devs.includes(node.app.owner)) devs[0] = node.app.owner;
  for (const p of devs) {
    callers.push({ callerIp: r.pick(CORPORATE_EGRESS), objectId: p.objectId, operation: main.operation, deployment: main.name, weight: 0.03 });
  }
  if (node.localAuth) {
    callers.push({ callerIp: azureIp(r), objectId: null, operation: main.operation, deployment: main.name, weight: 0.12 });
  }
  const unusual = () => ({
    callerIp: r.pick(UNUSUAL_IPS),
    objectId: node.localAuth ? null : r.guid(),
    operation: main.operation,
    deployment: main.name
  });
  return { callers, unusual };
}
function localTime(epochMs, offsetMs, daysBefore, hour, minute = 0) {
  const localDayStart = Math.floor((epochMs + offsetMs) / DAY3) * DAY3;
  return localDayStart - daysBefore * DAY3 + hour * HOUR2 + minute * 6e4 - offsetMs;
}
function buildPromptModel(nodes, seed, epochMs) {
  const historyStartMs = epochMs - HISTORY_DAYS * DAY3;
  const profiles = /* @__PURE__ */ new Map();
  const logged = nodes.filter((n) => n.workspace !== null && n.peak > 0);
  const root = Rng.for(seed, "prompt-volume");
  for (const node of logged) {
    const r = root.fork(node.lid);
    const customerFacing = node.app.spec.customerFacing === true;
    const { callers } = buildCallers(node, r);
    profiles.set(node.lid, {
      node,
      key: hashString(node.lid, seed),
      peak: node.peak,
      offsetMs: node.utcOffsetHours * HOUR2,
      night: customerFacing ? r.range(0.2, 0.32) : r.range(0.04, 0.14),
      weekend: customerFacing ? r.range(0.55, 0.75) : r.range(0.12, 0.3),
      callers,
      windows: [],
      burst: null
    });
  }
  const anomalies = [];
  const byCopy = /* @__PURE__ */ new Map();
  for (const p of profiles.values()) {
    const list2 = byCopy.get(p.node.app.copy) ?? [];
    list2.push(p);
    byCopy.set(p.node.app.copy, list2);
  }
  const plantRng = root.fork("anomalies");
  for (const copy of [...byCopy.keys()].sort((a, b) => a - b)) {
    const list2 = (byCopy.get(copy) ?? []).slice().sort((a, b) => b.peak - a.peak || (a.node.lid < b.node.lid ? -1 : 1));
    const r = plantRng.fork(`copy:${copy}`);
    const used = /* @__PURE__ */ new Set();
    const choose = (min, max) => {
      const fits = list2.filter((p2) => !used.has(p2) && p2.peak >= min && p2.peak < max);
      const pool = fits.length > 0 ? fits : list2.filter((p2) => !used.has(p2));
      if (pool.length === 0) return null;
      const p = r.pick(pool);
      used.add(p);
      return p;
    };
    const plant = (p, kind, daysBefore, hour, minutes, amount) => {
      if (!p) return;
      const startMs = localTime(epochMs, p.offsetMs, daysBefore, hour, r.pick([0, 5, 10, 15, 20, 25, 30]));
      const endMs = startMs + minutes * 6e4;
      const { unusual } = buildCallers(p.node, r.fork(p.node.lid));
      const caller = kind === "level-shift" ? { ...unusual(), callerIp: privateIp(r), objectId: r.guid() } : unusual();
      p.windows.push({ startMs, endMs, kind, amount: amount(p), caller });
      anomalies.push({
        resourceId: p.node.lid,
        start: new Date(startMs).toISOString(),
        end: new Date(kind === "level-shift" ? startMs + 6 * HOUR2 : endMs).toISOString(),
        kind
      });
    };
    const level = r.range(2.2, 2.8);
    plant(choose(5, 200), "spike", 5, r.int(1, 3), r.int(35, 50), (p) => p.peak * 2.5);
    plant(choose(50, Number.POSITIVE_INFINITY), "spike", 3, 14, 30, (p) => p.peak * 3);
    plant(choose(10, 200), "ramp", 2, 9, r.int(240, 300), (p) => p.peak * 4);
    plant(choose(5, 200), "level-shift", 4, 10, 0, () => level);
    plant(choose(50, Number.POSITIVE_INFINITY), "outage", 1, 11, r.int(60, 90), () => 0);
    plant(choose(0, 3), "spike", 6, 3, r.int(40, 55), () => 40);
    const burstTargets = [choose(5, 100), copy === 1 ? choose(0.5, 20) : null];
    burstTargets.forEach((p, i) => {
      if (!p) return;
      const { unusual } = buildCallers(p.node, r.fork(`burst:${p.node.lid}`));
      p.burst = {
        periodMs: (i === 0 ? 3 : 5) * HOUR2,
        extra: Math.max(30, p.peak * 3),
        caller: { ...unusual(), callerIp: privateIp(r), objectId: r.guid() },
        salt: r.nextUint()
      };
      for (let k = 0; ; k++) {
        const w = burstWindow(p.burst, epochMs, k);
        if (w.startMs >= epochMs + LISTED_BURST_DAYS * DAY3) break;
        anomalies.push({ resourceId: p.node.lid, start: new Date(w.startMs).toISOString(), end: new Date(w.endMs).toISOString(), kind: "spike" });
      }
    });
  }
  anomalies.sort((a, b) => a.start < b.start ? -1 : a.start > b.start ? 1 : a.resourceId < b.resourceId ? -1 : 1);
  const sample = (p, bin, nowMs) => {
    const t = bin * BIN_MS;
    const local = t + p.offsetMs;
    const hour = local % DAY3 / HOUR2;
    const dow = (Math.floor(local / DAY3) + 4) % 7;
    let shape = smoothstep(6.5, 9.5, hour) * (1 - smoothstep(17, 20.5, hour));
    if (hour >= 12 && hour < 13.5) shape *= 0.85;
    let lambda = p.peak * (p.night + (1 - p.night) * shape);
    if (dow === 0 || dow === 6) lambda *= p.weekend;
    else if (dow === 5 && hour >= 14) lambda *= 0.85;
    lambda *= 0.88 + 0.24 * unitHash(p.key, Math.floor(t / HOUR2), 11);
    let extra = 0;
    let extraCaller = null;
    for (const w of p.windows) {
      if (t < w.startMs) continue;
      if (w.kind === "level-shift") {
        extra += lambda * (w.amount - 1);
        extraCaller = w.caller;
        continue;
      }
      if (t >= w.endMs) continue;
      if (w.kind === "outage") return { count: 0, extra: 0, extraCaller: null };
      extra += w.kind === "ramp" ? w.amount * ((t - w.startMs) / (w.endMs - w.startMs)) : w.amount;
      extraCaller = w.caller;
    }
    if (p.burst && t >= epochMs) {
      const k = Math.floor((t - epochMs) / p.burst.periodMs);
      const w = burstWindow(p.burst, epochMs, k);
      if (t >= w.startMs && t < w.endMs) {
        extra += p.burst.extra;
        extraCaller = p.burst.caller;
      }
    }
    if (!extraCaller && unitHash(p.key, Math.floor(bin / 3), 7) < 15e-4) return { count: 0, extra: 0, extraCaller: null };
    const fraction = Math.min(1, (nowMs - t) / BIN_MS);
    const mean = (lambda + extra) * fraction;
    const count2 = poisson(mean, unitHash(p.key, bin, 1), unitHash(p.key, bin, 2));
    const extraCount = extra > 0 ? Math.round(count2 * extra / (lambda + extra)) : 0;
    return { count: count2, extra: extraCount, extraCaller };
  };
  const inHistory = (bin, nowMs) => {
    const t = bin * BIN_MS;
    return t >= historyStartMs && t < nowMs;
  };
  return {
    anomalies,
    historyStartMs,
    count(resourceId2, binStartMs, nowMs) {
      const p = profiles.get(resourceId2.toLowerCase());
      if (!p) return 0;
      const bin = Math.floor(binStartMs / BIN_MS);
      if (!inHistory(bin, nowMs)) return 0;
      return sample(p, bin, nowMs).count;
    },
    callers(resourceId2, startMs, endMs, nowMs) {
      const p = profiles.get(resourceId2.toLowerCase());
      if (!p) return [];
      let normal = 0;
      const extras = /* @__PURE__ */ new Map();
      const first = Math.ceil(Math.max(startMs, historyStartMs) / BIN_MS);
      const last = Math.ceil(Math.min(endMs, nowMs) / BIN_MS);
      for (let bin = first; bin < last; bin++) {
        const s = sample(p, bin, nowMs);
        normal += s.count - s.extra;
        if (s.extraCaller && s.extra > 0) extras.set(s.extraCaller, (extras.get(s.extraCaller) ?? 0) + s.extra);
      }
      const rows = /* @__PURE__ */ new Map();
      const add = (c, n) => {
        if (n <= 0) return;
        const k = `${c.callerIp}|${c.objectId ?? ""}|${c.operation}|${c.deployment}`;
        const row = rows.get(k);
        if (row) row.requests += n;
        else rows.set(k, { callerIp: c.callerIp, objectId: c.objectId, operation: c.operation, deployment: c.deployment, requests: n });
      };
      split(normal, p.callers).forEach((n, i) => add(p.callers[i], n));
      for (const [c, n] of extras) add(c, n);
      return [...rows.values()].sort(
        (a, b) => b.requests - a.requests || (a.callerIp < b.callerIp ? -1 : a.callerIp > b.callerIp ? 1 : a.deployment < b.deployment ? -1 : 1)
      );
    }
  };
}
function burstWindow(b, epochMs, k) {
  const periodStart = epochMs + k * b.periodMs;
  const jitter = unitHash(b.salt, k, 3);
  const durationMs = (15 + Math.floor(unitHash(b.salt, k, 4) * 4) * 5) * 6e4;
  const latest = b.periodMs - durationMs - 20 * 6e4;
  const offset = 20 * 6e4 + Math.floor(jitter * latest / BIN_MS) * BIN_MS;
  return { startMs: periodStart + offset, endMs: periodStart + offset + durationMs };
}
function split(total, weighted) {
  const sum = weighted.reduce((s, w) => s + w.weight, 0);
  if (total <= 0 || sum <= 0) return weighted.map(() => 0);
  const exact = weighted.map((w) => total * w.weight / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((s, n) => s + n, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}

// azure/demo/plans.ts
var DAY4 = 864e5;
function pricing(sub, name, tier, enabledMs, extra = {}) {
  const properties = { pricingTier: tier };
  if (extra.subPlan) properties.subPlan = extra.subPlan;
  if (tier === "Standard") {
    properties.enablementTime = new Date(enabledMs).toISOString();
    properties.freeTrialRemainingTime = "PT0S";
  } else {
    properties.freeTrialRemainingTime = "P30D";
  }
  if (extra.extensions) properties.extensions = extra.extensions;
  return {
    id: `/subscriptions/${sub.subscriptionId}/providers/Microsoft.Security/pricings/${name}`,
    name,
    type: "Microsoft.Security/pricings",
    properties
  };
}
function buildPricings(inv, seed, epochMs) {
  const out = /* @__PURE__ */ new Map();
  const root = Rng.for(seed, "pricings");
  for (const sub of inv.subs) {
    const r = root.fork(sub.subscriptionId);
    const since = () => epochMs - r.int(30, 500) * DAY4 - r.int(0, 86399) * 1e3;
    const list2 = [];
    list2.push(
      sub.cspm ? pricing(sub, "CloudPosture", "Standard", since(), {
        extensions: [
          { name: "SensitiveDataDiscovery", isEnabled: "True" },
          { name: "ContainerRegistriesVulnerabilityAssessments", isEnabled: "True" },
          { name: "AgentlessVmScanning", isEnabled: "True" },
          { name: "AgentlessDiscoveryForKubernetes", isEnabled: "True" },
          { name: "EntraPermissionsManagement", isEnabled: r.chance(0.5) ? "True" : "False" }
        ]
      }) : pricing(sub, "CloudPosture", "Free", 0)
    );
    const ai = sub.spec.aiPlan;
    list2.push(
      ai === "free" ? pricing(sub, "AI", "Free", 0) : pricing(sub, "AI", "Standard", since(), {
        extensions: [
          { name: "AIPromptEvidence", isEnabled: ai === "extended" ? "True" : "False" },
          { name: "AIModelScanner", isEnabled: "True" },
          { name: "AIPromptSharingWithPurview", isEnabled: ai === "extended" && r.chance(0.5) ? "True" : "False" }
        ]
      })
    );
    list2.push(sub.zone === 3 ? pricing(sub, "VirtualMachines", "Free", 0) : pricing(sub, "VirtualMachines", "Standard", since(), { subPlan: "P2" }));
    list2.push(
      sub.cspm ? pricing(sub, "StorageAccounts", "Standard", since(), {
        subPlan: "DefenderForStorageV2",
        extensions: [
          { name: "OnUploadMalwareScanning", isEnabled: "True" },
          { name: "SensitiveDataDiscovery", isEnabled: "True" }
        ]
      }) : pricing(sub, "StorageAccounts", "Free", 0)
    );
    list2.push(pricing(sub, "KeyVaults", sub.zone === 1 ? "Standard" : "Free", since(), sub.zone === 1 ? { subPlan: "PerKeyVault" } : {}));
    out.set(sub.subscriptionId.toLowerCase(), list2);
  }
  return out;
}
var SEVERITY_POINTS = { High: 10, Medium: 6, Low: 2 };
function buildSecureScores(inv, inputs) {
  const perSub = /* @__PURE__ */ new Map();
  for (const a of inputs) {
    if (a.code === "NotApplicable") continue;
    const sub = a.subscriptionId.toLowerCase();
    const controls = perSub.get(sub) ?? /* @__PURE__ */ new Map();
    perSub.set(sub, controls);
    const c = controls.get(a.key) ?? { points: SEVERITY_POINTS[a.severity], healthy: 0, total: 0 };
    c.total++;
    if (a.code === "Healthy") c.healthy++;
    controls.set(a.key, c);
  }
  const aiCount = /* @__PURE__ */ new Map();
  for (const n of inv.ai) aiCount.set(n.app.sub.subscriptionId.toLowerCase(), (aiCount.get(n.app.sub.subscriptionId.toLowerCase()) ?? 0) + 1);
  const out = /* @__PURE__ */ new Map();
  for (const sub of inv.subs) {
    const key = sub.subscriptionId.toLowerCase();
    let max = 0;
    let current = 0;
    for (const c of perSub.get(key)?.values() ?? []) {
      max += c.points;
      current += c.points * c.healthy / c.total;
    }
    current = Math.round(current * 100) / 100;
    out.set(key, [
      {
        id: `/subscriptions/${sub.subscriptionId}/providers/Microsoft.Security/secureScores/ascScore`,
        name: "ascScore",
        type: "Microsoft.Security/secureScores",
        properties: {
          displayName: "ASC score",
          score: { max, current, percentage: max > 0 ? Math.round(current / max * 1e4) / 1e4 : 0 },
          weight: aiCount.get(key) ?? 0
        }
      }
    ]);
  }
  return out;
}

// azure/demo/timeline.ts
var MINUTE = 6e4;
var HOUR3 = 60 * MINUTE;
var PATTERN = ["new-high", "resolve", "new", "new", "resolve", "recur", "new", "resolve"];
var RECUR_AFTER_MS = 2 * HOUR3;
var IndexSet = class {
  items = [];
  pos = /* @__PURE__ */ new Map();
  get size() {
    return this.items.length;
  }
  has(i) {
    return this.pos.has(i);
  }
  add(i) {
    if (this.pos.has(i)) return;
    this.pos.set(i, this.items.length);
    this.items.push(i);
  }
  delete(i) {
    const p = this.pos.get(i);
    if (p === void 0) return;
    const last = this.items.pop();
    if (last !== i) {
      this.items[p] = last;
      this.pos.set(last, p);
    }
    this.pos.delete(i);
  }
  pick(r) {
    if (this.items.length === 0) return void 0;
    return this.items[Math.floor(r.next() * this.items.length)];
  }
};
var Timeline = class {
  constructor(slots, seed, epochMs, changesPerTick) {
    this.slots = slots;
    this.changesPerTick = changesPerTick;
    this.r = Rng.for(seed, "timeline");
    this.cursorMs = epochMs;
    const base = [];
    for (const s of slots) {
      if (!s.eventable) continue;
      if (s.code === "Unhealthy") this.unhealthy.add(s.index);
      else if (s.code === "Healthy") {
        (s.rec.severity === "High" ? this.healthyHigh : this.healthyOther).add(s.index);
        if (s.statusChangeMs > s.firstEvaluationMs) base.push(s.index);
      }
    }
    this.baseResolved = base;
  }
  slots;
  changesPerTick;
  events = [];
  r;
  healthyHigh = new IndexSet();
  healthyOther = new IndexSet();
  unhealthy = new IndexSet();
  /** Slots resolved by the clock, oldest first, with when. */
  resolved = [];
  /** Slots that were already fixed before the epoch: candidates to regress. */
  baseResolved;
  cursorMs;
  step = 0;
  /** Number of events at or before `ms` (generating the schedule that far if needed). */
  countUntil(ms) {
    while (this.cursorMs <= ms) this.tick();
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = lo + hi >> 1;
      if (this.events[mid].atMs <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  tick() {
    this.cursorMs += this.r.int(10, 30) * MINUTE + this.r.int(0, 59) * 1e3;
    const at2 = this.cursorMs;
    const n = 1 + Math.floor(this.r.next() * this.changesPerTick);
    for (let i = 0; i < n; i++) {
      const kind = PATTERN[this.step++ % PATTERN.length];
      this.apply(kind, at2);
    }
  }
  apply(kind, at2) {
    if (kind === "resolve") {
      const i2 = this.unhealthy.pick(this.r);
      if (i2 === void 0) return this.apply("new", at2);
      this.markHealthy(i2);
      this.resolved.push({ slot: i2, atMs: at2 });
      this.events.push({ atMs: at2, slot: i2, kind, code: "Healthy", riskLevel: null, riskFactors: [] });
      return;
    }
    if (kind === "recur") {
      const i2 = this.takeRecurCandidate(at2);
      if (i2 === void 0) return this.apply("new", at2);
      return this.open(i2, at2, "recur");
    }
    const first = kind === "new-high" ? this.healthyHigh : this.r.chance(0.8) ? this.healthyOther : this.healthyHigh;
    const second = first === this.healthyHigh ? this.healthyOther : this.healthyHigh;
    const i = first.pick(this.r) ?? second.pick(this.r);
    if (i === void 0) return;
    this.open(i, at2, kind);
  }
  takeRecurCandidate(at2) {
    const k = this.resolved.findIndex((e) => e.atMs <= at2 - RECUR_AFTER_MS && !this.unhealthy.has(e.slot));
    if (k >= 0) {
      const [e] = this.resolved.splice(k, 1);
      return e?.slot;
    }
    while (this.baseResolved.length > 0) {
      const i = this.baseResolved.splice(Math.floor(this.r.next() * this.baseResolved.length), 1)[0];
      if (i !== void 0 && !this.unhealthy.has(i)) return i;
    }
    return void 0;
  }
  open(i, at2, kind) {
    const slot = this.slots[i];
    this.healthyHigh.delete(i);
    this.healthyOther.delete(i);
    this.unhealthy.add(i);
    let riskLevel = null;
    let riskFactors = [];
    if (slot.node.app.sub.cspm) {
      riskFactors = riskFactorsOf(slot.node, slot.rec);
      riskLevel = riskLevelOf(slot.rec, riskFactors, slot.attackPathIds.length > 0);
      if (kind === "new-high" && riskLevel !== "Critical") riskLevel = "High";
    }
    this.events.push({ atMs: at2, slot: i, kind, code: "Unhealthy", riskLevel, riskFactors });
  }
  markHealthy(i) {
    const slot = this.slots[i];
    this.unhealthy.delete(i);
    (slot.rec.severity === "High" ? this.healthyHigh : this.healthyOther).add(i);
  }
};

// azure/demo/estate.ts
var DEFAULT_SEED = 42;
var DEFAULT_EPOCH = new Date(Date.UTC(2026, 10, 23, 9, 0));
function createDemoEstate(opts = {}) {
  const seed = (opts.seed ?? DEFAULT_SEED) >>> 0;
  const scale2 = opts.scale ?? 1;
  if (!Number.isFinite(scale2) || scale2 <= 0) throw new RangeError(`demo estate scale must be a positive number, got ${scale2}`);
  const epoch = new Date(opts.epoch ?? DEFAULT_EPOCH);
  const epochMs = epoch.getTime();
  if (!Number.isFinite(epochMs)) throw new RangeError("demo estate epoch is not a valid date");
  const inv = buildInventory({ seed, scale: scale2, epochMs });
  const slots = buildSlots(inv, seed, epochMs);
  const paths = buildAttackPaths(inv, slots, seed);
  const baseResources = [...inv.resources, ...paths.entryResources];
  const baseSecurity = slots.map((s) => assessmentRow(s, baseState(s), inv.tenantId));
  for (const s of slots) if (s.governance) baseSecurity.push(governanceRow(s, s.governance, inv.tenantId));
  baseSecurity.push(...paths.rows);
  const prompt = buildPromptModel(inv.ai, seed, epochMs);
  const timeline = new Timeline(slots, seed, epochMs, Math.max(1, Math.round(Math.sqrt(Math.max(1, Math.round(scale2))))));
  const pricings = buildPricings(inv, seed, epochMs);
  const workspaceResources = /* @__PURE__ */ new Map();
  for (const w of inv.workspaces) workspaceResources.set(w.customerId.toLowerCase(), []);
  for (const n of inv.ai) {
    if (n.workspace && n.peak > 0) workspaceResources.get(n.workspace.customerId.toLowerCase())?.push(n.lid);
  }
  for (const list2 of workspaceResources.values()) list2.sort();
  const baseScores = buildSecureScores(inv, slots.map((s) => scoreInput(s, s.code)));
  const cache = /* @__PURE__ */ new Map();
  const partsFor = (count2) => {
    const hit = cache.get(count2);
    if (hit) {
      cache.delete(count2);
      cache.set(count2, hit);
      return hit;
    }
    const parts = count2 === 0 ? { resources: baseResources, securityResources: baseSecurity, secureScores: baseScores } : evolve(inv, slots, baseResources, baseSecurity, timeline.events.slice(0, count2));
    cache.set(count2, parts);
    if (cache.size > 16) cache.delete(cache.keys().next().value);
    return parts;
  };
  const containers = inv.containers;
  const workspaces = inv.workspaces.map((w) => ({ customerId: w.customerId, resourceId: w.resourceId, name: w.name, subscriptionId: w.subscriptionId }));
  const tenantId = inv.tenantId;
  return {
    seed,
    scale: scale2,
    epoch,
    tenantId,
    people: DEMO_PEOPLE,
    subscriptions: inv.subs.map((s) => ({ subscriptionId: s.subscriptionId, displayName: s.displayName, zone: s.zone, cspm: s.cspm })),
    anomalies: prompt.anomalies,
    at(now2) {
      const nowMs = now2.getTime();
      if (!Number.isFinite(nowMs)) throw new RangeError("demo estate: at() needs a valid date");
      const parts = partsFor(nowMs <= epochMs ? 0 : timeline.countUntil(nowMs));
      return {
        now: new Date(nowMs),
        tenantId,
        resourceContainers: containers,
        resources: parts.resources,
        securityResources: parts.securityResources,
        pricings,
        secureScores: parts.secureScores,
        workspaces,
        workspaceResources,
        promptCount: (resourceId2, binStartMs) => prompt.count(resourceId2, binStartMs, nowMs),
        promptCallers: (resourceId2, startMs, endMs) => prompt.callers(resourceId2, startMs, endMs, nowMs)
      };
    }
  };
}
function scoreInput(s, code) {
  return { subscriptionId: s.node.app.sub.subscriptionId, key: s.rec.key, severity: s.rec.severity, code };
}
function evolve(inv, slots, baseResources, baseSecurity, events) {
  const states = /* @__PURE__ */ new Map();
  for (const e of events) {
    const slot = slots[e.slot];
    states.set(e.slot, {
      code: e.code,
      cause: null,
      description: e.code === "Unhealthy" ? slot.rec.description.split(".")[0] ?? null : null,
      statusChangeMs: e.atMs,
      riskLevel: e.riskLevel,
      riskFactors: e.riskFactors
    });
  }
  const security = baseSecurity.slice();
  const resources = baseResources.slice();
  const added = [];
  const firstChange = /* @__PURE__ */ new Map();
  for (const e of events) if (!firstChange.has(e.slot)) firstChange.set(e.slot, e.atMs);
  for (const [i, state] of states) {
    const slot = slots[i];
    security[i] = assessmentRow(slot, state, inv.tenantId);
    patchResource(slot, state, resources, added, firstChange.get(i) ?? state.statusChangeMs);
  }
  const scores = buildSecureScores(
    inv,
    slots.map((s) => scoreInput(s, states.get(s.index)?.code ?? s.code))
  );
  return { resources: added.length > 0 ? [...resources, ...added] : resources, securityResources: security, secureScores: scores };
}
function copyRow(row) {
  return { ...row, properties: { ...row.properties } };
}
function patchResource(slot, state, resources, added, firstChangeMs) {
  const node = slot.node;
  const base = resources[node.rowIndex];
  if (!base) return;
  const bad = state.code === "Unhealthy";
  switch (slot.rec.key) {
    case REC.localAuth: {
      const row = copyRow(base);
      row.properties.disableLocalAuth = !bad;
      resources[node.rowIndex] = row;
      return;
    }
    case REC.networkAccess: {
      const row = copyRow(base);
      row.properties.publicNetworkAccess = "Enabled";
      row.properties.networkAcls = bad ? { defaultAction: "Allow", ipRules: [], virtualNetworkRules: [] } : { defaultAction: "Deny", ipRules: [{ value: "203.0.113.0/24" }], virtualNetworkRules: [] };
      resources[node.rowIndex] = row;
      return;
    }
    case REC.mlPublicAccess: {
      const row = copyRow(base);
      row.properties.publicNetworkAccess = bad ? "Enabled" : "Disabled";
      resources[node.rowIndex] = row;
      return;
    }
    case REC.contentFilter: {
      if (slot.code === "Unhealthy") {
        if (bad) return;
        for (const d of node.deployments) {
          const row = resources[d.rowIndex];
          if (!row || d.raiPolicyName !== null) continue;
          const fixed = copyRow(row);
          fixed.properties.raiPolicyName = "Microsoft.DefaultV2";
          resources[d.rowIndex] = fixed;
        }
        return;
      }
      const template = node.deployments[0];
      if (!template) return;
      const taken = new Set(node.deployments.map((d) => d.name));
      let name = `${template.model.name}-canary`;
      for (let k = 2; taken.has(name); k++) name = `${template.model.name}-canary-${k}`;
      const properties = {
        provisioningState: "Succeeded",
        model: { format: template.model.format, name: template.model.name, version: template.model.version },
        versionUpgradeOption: "OnceNewDefaultVersionAvailable",
        currentCapacity: 10,
        createdAt: new Date(firstChangeMs).toISOString()
      };
      if (!bad) properties.raiPolicyName = "Microsoft.DefaultV2";
      added.push({
        id: `${node.id}/deployments/${name}`,
        name,
        type: AI_DEPLOYMENT_TYPE,
        tenantId: base.tenantId,
        subscriptionId: base.subscriptionId,
        resourceGroup: base.resourceGroup,
        location: base.location,
        sku: { name: "GlobalStandard", capacity: 10 },
        properties
      });
      return;
    }
    default:
      return;
  }
}
function aiKindOfRow(row) {
  const type = row.type.toLowerCase();
  const kind = (row.kind ?? "").toLowerCase();
  if (type === AI_ACCOUNT_TYPE) return kind === "openai" ? "openai" : kind === "aiservices" ? "ai-services" : null;
  if (type === FOUNDRY_PROJECT_TYPE) return "foundry-project";
  if (type === ML_WORKSPACE_TYPE) return kind === "hub" ? "ml-hub" : kind === "project" ? "ml-project" : "ml-workspace";
  if (type === MULTICLOUD_AI_TYPES.bedrock) return "bedrock";
  if (type === MULTICLOUD_AI_TYPES.sagemaker) return "sagemaker";
  if (type === MULTICLOUD_AI_TYPES.vertex) return "vertex-ai";
  return null;
}
var inc = (m, k) => {
  m[k] = (m[k] ?? 0) + 1;
};
function summarizeEstate(view2) {
  const subscriptionsByZone = {};
  let subscriptions2 = 0;
  for (const c of view2.resourceContainers) {
    if (c.type !== "microsoft.resources/subscriptions") continue;
    subscriptions2++;
    inc(subscriptionsByZone, c.tags?.["ai-zone"] ?? "none");
  }
  let subscriptionsWithoutCspm = 0;
  for (const list2 of view2.pricings.values()) {
    if (!list2.some((p) => p.name === "CloudPosture" && p.properties.pricingTier === "Standard")) subscriptionsWithoutCspm++;
  }
  const aiByKind = {};
  const aiByCloud = {};
  let aiResources = 0;
  let deployments = 0;
  let deploymentsWithoutContentFilter = 0;
  for (const r of view2.resources) {
    const kind = aiKindOfRow(r);
    if (kind) {
      aiResources++;
      inc(aiByKind, kind);
      inc(aiByCloud, kind === "bedrock" || kind === "sagemaker" ? "AWS" : kind === "vertex-ai" ? "GCP" : "Azure");
    } else if (r.type === AI_DEPLOYMENT_TYPE) {
      deployments++;
      if (!r.properties.raiPolicyName) deploymentsWithoutContentFilter++;
    }
  }
  const findingsByStatus = {};
  const unhealthyBySeverity = {};
  let assessments2 = 0;
  let governanceAssignments2 = 0;
  let attackPaths2 = 0;
  for (const r of view2.securityResources) {
    if (r.type === "microsoft.security/assessments") {
      assessments2++;
      const status = r.properties.status;
      const code = status?.code ?? "Unknown";
      inc(findingsByStatus, code);
      if (code === "Unhealthy") {
        const meta = r.properties.metadata;
        inc(unhealthyBySeverity, meta?.severity ?? "Unknown");
      }
    } else if (r.type === "microsoft.security/assessments/governanceassignments") governanceAssignments2++;
    else if (r.type === "microsoft.security/attackpaths") attackPaths2++;
  }
  let loggedResources = 0;
  for (const list2 of view2.workspaceResources.values()) loggedResources += list2.length;
  return {
    subscriptions: subscriptions2,
    subscriptionsByZone,
    subscriptionsWithoutCspm,
    aiResources,
    aiByKind,
    aiByCloud,
    deployments,
    deploymentsWithoutContentFilter,
    assessments: assessments2,
    findingsByStatus,
    unhealthyBySeverity,
    governanceAssignments: governanceAssignments2,
    attackPaths: attackPaths2,
    workspaces: view2.workspaces.length,
    loggedResources
  };
}

// azure/demo/credential.ts
var DEMO_TOKEN = "vigil-demo-token";
function createDemoCredential(token = DEMO_TOKEN) {
  const far = Date.UTC(2999, 0, 1);
  return {
    async getToken() {
      return { token, expiresOnTimestamp: far, tokenType: "Bearer" };
    }
  };
}

// posture/model.ts
var resourceId = (id) => id.toLowerCase();
var assessmentKey = (key) => key.toLowerCase();
var subscriptionId = (id) => id.toLowerCase();
var workspaceId = (id) => id.toLowerCase();

// azure/clients.ts
import { ResourceGraphClient } from "@azure/arm-resourcegraph";
import { SecurityCenter } from "@azure/arm-security";
import { LogsQueryClient } from "@azure/monitor-query-logs";
var PRICINGS_API_VERSION = "2024-01-01";
var StatsRecorder = class {
  constructor(maxRetries) {
    this.maxRetries = maxRetries;
  }
  maxRetries;
  stats = {
    requests: { "resource-graph": 0, security: 0, "log-analytics": 0 },
    pages: 0,
    retries: 0,
    throttledWaitsMs: 0
  };
  /** Attempts per request object: the retry policy sends the same request object again. */
  attempts = /* @__PURE__ */ new WeakMap();
  addThrottledWait(ms) {
    this.stats.throttledWaitsMs += Math.round(ms);
  }
  policy(source) {
    return {
      name: `vigilStats-${source}`,
      sendRequest: async (request, next) => {
        const attempt = this.attempts.get(request) ?? 0;
        this.attempts.set(request, attempt + 1);
        this.stats.requests[source] += 1;
        if (attempt > 0) this.stats.retries += 1;
        const response = await next(request);
        const wait = retryAfterMs(response);
        if (wait !== null && attempt < this.maxRetries) this.addThrottledWait(wait);
        return response;
      }
    };
  }
};
function retryAfterMs(response) {
  if (response.status !== 429 && response.status !== 503) return null;
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const ms = Number(response.headers.get(name) ?? Number.NaN);
    if (Number.isFinite(ms)) return ms;
  }
  const header = response.headers.get("retry-after");
  if (header === void 0) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds * 1e3;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}
function commonOptions(settings, recorder, source, extra = []) {
  return {
    ...settings.tlsOptions ? { tlsOptions: settings.tlsOptions } : {},
    retryOptions: {
      maxRetries: settings.maxRetries,
      retryDelayInMs: settings.retryDelayMs,
      maxRetryDelayInMs: settings.maxRetryDelayMs
    },
    additionalPolicies: [
      ...extra.map((policy) => ({ policy, position: "perRetry" })),
      { policy: recorder.policy(source), position: "perRetry" }
    ]
  };
}
function createGraphClient(settings, recorder, gate) {
  return new ResourceGraphClient(settings.credential, {
    endpoint: settings.endpoints.resourceManager,
    credentialScopes: [settings.audiences.resourceManager],
    ...commonOptions(settings, recorder, "resource-graph", [quotaGatePolicy(gate, (ms) => recorder.addThrottledWait(ms))])
  });
}
var pricingsApiVersionPolicy = {
  name: "vigilPricingsApiVersion",
  sendRequest(request, next) {
    const url = new URL(request.url);
    if (/\/providers\/microsoft\.security\/pricings\/?$/i.test(url.pathname)) {
      url.searchParams.set("api-version", PRICINGS_API_VERSION);
      request.url = url.toString();
    }
    return next(request);
  }
};
function createSecurityClient(settings, recorder, subscription) {
  const options = commonOptions(settings, recorder, "security");
  return new SecurityCenter(settings.credential, subscription, {
    endpoint: settings.endpoints.resourceManager,
    credentialScopes: [settings.audiences.resourceManager],
    ...options,
    additionalPolicies: [{ policy: pricingsApiVersionPolicy, position: "perCall" }, ...options.additionalPolicies]
  });
}
function createLogsClient(settings, recorder) {
  return new LogsQueryClient(settings.credential, {
    // Used as given: pass the versioned base, e.g. https://api.loganalytics.io/v1.
    endpoint: settings.endpoints.logAnalytics,
    // monitor-query-logs 1.0.0 ignores its `audience` option; the scopes are what reach the credential.
    credentials: { scopes: [settings.audiences.logAnalytics] },
    ...commonOptions(settings, recorder, "log-analytics")
  });
}

// azure/errors.ts
var AzureSourcesError = class extends Error {
  constructor(code, message, issues = []) {
    super(message);
    this.code = code;
    this.issues = issues;
    this.name = "AzureSourcesError";
  }
  code;
  issues;
};
var SourcesUnavailableError = class extends AzureSourcesError {
  constructor(issues) {
    const first = issues[0];
    super("SOURCES_UNAVAILABLE", `Nothing could be loaded from Azure${first ? `: ${first.message}` : ""}`, issues);
    this.name = "SourcesUnavailableError";
  }
};
function describeError(err) {
  if (err instanceof Error) {
    const e = err;
    const status = typeof e.statusCode === "number" ? e.statusCode : null;
    const code = typeof e.code === "string" ? e.code : null;
    const prefix = [status !== null ? `HTTP ${status}` : null, code].filter(Boolean).join(" ");
    return { message: prefix ? `${prefix}: ${err.message}` : err.message, status, code };
  }
  return { message: String(err), status: null, code: null };
}

// azure/log-analytics.ts
import { LogsQueryResultStatus } from "@azure/monitor-query-logs";

// azure/map-logs.ts
function mapPromptVolume(workspace, start, end, binMs, rows) {
  const startMs = start.getTime();
  const length = Math.max(0, Math.ceil((end.getTime() - startMs) / binMs));
  const byResource = /* @__PURE__ */ new Map();
  for (const row of rows) {
    const binStart = (row.Bin instanceof Date ? row.Bin : new Date(row.Bin)).getTime();
    const offset = binStart - startMs;
    if (offset < 0 || offset % binMs !== 0) continue;
    const index = offset / binMs;
    if (index >= length) continue;
    const id = row.ResourceId.toLowerCase();
    let counts = byResource.get(id);
    if (!counts) {
      counts = new Array(length).fill(0);
      byResource.set(id, counts);
    }
    counts[index] = (counts[index] ?? 0) + row.Requests;
  }
  return [...byResource.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, counts]) => ({
    resourceId: resourceId(id),
    workspaceId: workspaceId(workspace),
    start: start.toISOString(),
    binMs,
    counts
  }));
}
function mapPromptCallers(rows) {
  return rows.map((r) => ({
    callerIp: r.CallerIPAddress ?? "",
    objectId: r.ObjectId?.trim() ? r.ObjectId : null,
    operation: r.OperationName ?? "",
    deployment: r.Deployment ?? "",
    requests: r.Requests
  }));
}

// azure/wire.ts
import { z as z3 } from "zod/v4";
var bag = z3.record(z3.string(), z3.unknown());
var tags = z3.record(z3.string(), z3.unknown()).nullish().transform((t) => Object.fromEntries(Object.entries(t ?? {}).map(([k, v]) => [k, String(v ?? "")])));
var subscriptionRow = z3.object({ subscriptionId: z3.string(), name: z3.string().nullish(), tags, tenantId: z3.string().nullish() }).loose();
var inventoryRow = z3.object({
  id: z3.string(),
  name: z3.string(),
  type: z3.string(),
  kind: z3.string().nullish(),
  location: z3.string().nullish(),
  subscriptionId: z3.string(),
  resourceGroup: z3.string().nullish(),
  tags,
  identity: bag.nullish(),
  properties: bag.nullish()
}).loose();
var deploymentRow = z3.object({
  id: z3.string(),
  name: z3.string(),
  subscriptionId: z3.string().nullish(),
  sku: bag.nullish(),
  modelName: z3.string().nullish(),
  modelVersion: z3.string().nullish(),
  modelFormat: z3.string().nullish(),
  raiPolicyName: z3.string().nullish()
}).loose();
var linkedRow = z3.object({
  aiId: z3.string(),
  linkedId: z3.string(),
  name: z3.string().nullish(),
  type: z3.string().nullish(),
  publicNetworkAccess: z3.string().nullish()
}).loose();
var assessmentRow2 = z3.object({ id: z3.string(), name: z3.string(), resourceId: z3.string().nullish(), properties: bag }).loose();
var governanceRow2 = z3.object({ id: z3.string(), name: z3.string(), assessmentId: z3.string().nullish(), properties: bag.nullish() }).loose();
var attackPathRow = z3.object({ id: z3.string(), name: z3.string(), subscriptionId: z3.string().nullish(), properties: bag.nullish() }).loose();
var pricingList = z3.object({
  value: z3.array(
    z3.object({
      name: z3.string(),
      properties: z3.object({
        pricingTier: z3.string(),
        subPlan: z3.string().nullish(),
        enablementTime: z3.string().nullish(),
        extensions: z3.array(z3.object({ name: z3.string(), isEnabled: z3.union([z3.string(), z3.boolean()]) }).loose()).nullish()
      }).loose()
    }).loose()
  )
});
var secureScoreItem = z3.object({
  name: z3.string().nullish(),
  max: z3.number().nullish(),
  current: z3.number().nullish(),
  percentage: z3.number().nullish()
}).loose();
var count = z3.union([z3.number(), z3.string().regex(/^\d+$/).transform(Number)]);
var promptVolumeRow = z3.object({ ResourceId: z3.string(), Bin: z3.union([z3.date(), z3.iso.datetime({ offset: true })]), Requests: count }).loose();
var promptCallerRow = z3.object({
  CallerIPAddress: z3.string().nullish(),
  ObjectId: z3.string().nullish(),
  OperationName: z3.string().nullish(),
  Deployment: z3.string().nullish(),
  Requests: count
}).loose();

// azure/log-analytics.ts
var PROMPT_BIN_MINUTES = 5;
function readTable(table, schema, operation, workspace) {
  const rows = [];
  let unreadable = 0;
  const names = (table?.columnDescriptors ?? []).map((c) => c.name ?? "");
  for (const cells of table?.rows ?? []) {
    const parsed = schema.safeParse(Object.fromEntries(names.map((n, i) => [n, cells[i]])));
    if (parsed.success) rows.push(parsed.data);
    else unreadable += 1;
  }
  const issues = unreadable > 0 ? [{ source: "log-analytics", operation, kind: "partial", message: `${unreadable} row(s) of '${operation}' had an unexpected shape and were left out.`, scope: workspace }] : [];
  return { rows, issues };
}
async function runLogsQuery(client, workspace, query, start, end, schema) {
  try {
    const result = await client.queryWorkspace(workspace, query.text, { startTime: start, endTime: end });
    if (result.status === LogsQueryResultStatus.Success) return readTable(result.tables[0], schema, query.name, workspace);
    const read = readTable(result.partialTables[0], schema, query.name, workspace);
    const details = (result.partialError.details ?? []).map((d) => d.message).filter(Boolean);
    read.issues.unshift({
      source: "log-analytics",
      operation: query.name,
      kind: "partial",
      message: `Log Analytics returned a partial result for '${query.name}' (${read.rows.length} rows): ${result.partialError.message}${details.length ? ` \u2014 ${details.join("; ")}` : ""}`,
      scope: workspace
    });
    return read;
  } catch (err) {
    const { message, status } = describeError(err);
    return {
      rows: [],
      issues: [
        {
          source: "log-analytics",
          operation: query.name,
          kind: status === 429 ? "throttled" : "failed",
          message: `Log Analytics query '${query.name}' failed on workspace ${workspace}: ${message}`,
          scope: workspace
        }
      ]
    };
  }
}
async function queryPromptVolume(client, workspace, start, end) {
  const query = logsQueries.promptVolume(start, end, PROMPT_BIN_MINUTES);
  const { rows, issues } = await runLogsQuery(client, workspace, query, start, end, promptVolumeRow);
  return { series: mapPromptVolume(workspace, start, end, PROMPT_BIN_MINUTES * 6e4, rows), issues };
}
async function queryPromptCallers(client, workspace, resource, start, end) {
  const query = logsQueries.promptCallers(resource, start, end);
  const { rows, issues } = await runLogsQuery(client, workspace, query, start, end, promptCallerRow);
  return { callers: mapPromptCallers(rows), issues };
}

// azure/bag.ts
function at(obj2, ...keys) {
  let cur = obj2;
  for (const k of keys) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return void 0;
    cur = cur[k];
  }
  return cur;
}
function atAny(obj2, ...keys) {
  for (const k of keys) {
    const v = at(obj2, k);
    if (v !== void 0 && v !== null) return v;
  }
  return void 0;
}
function str(v) {
  return typeof v === "string" && v.trim() !== "" ? v : null;
}
function num(v) {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return null;
}
function bool(v) {
  if (typeof v === "boolean") return v;
  if (typeof v === "string" && /^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
  return null;
}
function arr(v) {
  return Array.isArray(v) ? v : [];
}
function obj(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? v : null;
}
function strings(v) {
  return arr(v).filter((x) => typeof x === "string" && x.trim() !== "");
}
function lastSegment(id) {
  const parts = id.split("/").filter(Boolean);
  return parts[parts.length - 1] ?? id;
}
function isArmId(s) {
  return /^\/subscriptions\/[^/]+\/(resourcegroups\/[^/]+\/)?providers\//i.test(s);
}

// azure/map-findings.ts
var SEVERITIES = ["High", "Medium", "Low"];
var RISK_LEVELS = ["Critical", "High", "Medium", "Low"];
var STATUSES = ["Healthy", "Unhealthy", "NotApplicable"];
function oneOf(values, v) {
  const s = typeof v === "string" ? v.toLowerCase() : "";
  return values.find((x) => x.toLowerCase() === s) ?? null;
}
var normaliseRiskLevel = (v) => oneOf(RISK_LEVELS, v);
function assessmentIdOfAssignment(assignmentId) {
  const id = assignmentId.toLowerCase();
  const cut = id.indexOf("/governanceassignments/");
  return cut >= 0 ? id.slice(0, cut) : id;
}
function mapGovernance(row) {
  const p = row.properties ?? {};
  const etaDate = str(at(p, "remediationEta", "eta"));
  const data = at(p, "additionalData");
  const ticketNumber = at(data, "ticketNumber");
  const ticket = {
    number: typeof ticketNumber === "number" ? String(ticketNumber) : str(ticketNumber),
    link: str(at(data, "ticketLink")),
    status: str(at(data, "ticketStatus"))
  };
  return {
    id: row.id,
    owner: str(at(p, "owner")),
    remediationDueDate: str(at(p, "remediationDueDate")),
    eta: etaDate ? { eta: etaDate, justification: str(at(p, "remediationEta", "justification")) } : null,
    isGracePeriod: bool(at(p, "isGracePeriod")) ?? false,
    ticket: ticket.number || ticket.link || ticket.status ? ticket : null
  };
}
function mapFindings(assessments2, governance) {
  const byAssessment = /* @__PURE__ */ new Map();
  for (const row of governance) {
    const g = mapGovernance(row);
    const key = assessmentIdOfAssignment(row.id);
    const prev = byAssessment.get(key);
    if (!prev || (g.remediationDueDate ?? "") > (prev.remediationDueDate ?? "")) byAssessment.set(key, g);
  }
  const findings = [];
  const unreadable = [];
  for (const row of assessments2) {
    const p = row.properties;
    const status = oneOf(STATUSES, at(p, "status", "code"));
    const details = at(p, "resourceDetails");
    const rid = str(row.resourceId) ?? str(atAny(details, "Id", "id", "ResourceId", "AzureResourceId"));
    if (!status || !rid) {
      unreadable.push(row);
      continue;
    }
    const metadata = at(p, "metadata");
    findings.push({
      id: row.id,
      key: assessmentKey(row.name),
      displayName: str(at(p, "displayName")) ?? str(at(metadata, "displayName")) ?? row.name,
      resourceId: resourceId(rid),
      resourceName: str(atAny(details, "ResourceName", "resourceName")) ?? lastSegment(rid),
      status,
      cause: str(at(p, "status", "cause")),
      description: str(at(p, "status", "description")) ?? str(at(metadata, "description")),
      // Defender always rates an assessment; a missing rating is read as Medium rather than hidden.
      severity: oneOf(SEVERITIES, at(metadata, "severity")) ?? "Medium",
      firstEvaluationDate: str(at(p, "status", "firstEvaluationDate")),
      statusChangeDate: str(at(p, "status", "statusChangeDate")),
      risk: {
        level: normaliseRiskLevel(at(p, "risk", "level")),
        factors: strings(at(p, "risk", "riskFactors")),
        attackPathIds: strings(at(p, "risk", "attackPathsReferences"))
      },
      categories: strings(at(metadata, "categories")),
      remediation: str(at(metadata, "remediationDescription")) ?? str(at(p, "remediationDescription")),
      portalUri: str(at(p, "links", "azurePortalUri")),
      governance: byAssessment.get(row.id.toLowerCase()) ?? null
    });
  }
  return { findings, unreadable };
}

// azure/map-attack-paths.ts
var GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
var entityKey = (e) => str(atAny(e, "entityInternalID", "entityInternalId", "internalId", "id"));
var entityResource = (e) => str(atAny(at(e, "entityIdentifiers"), "azureResourceId", "AzureResourceId", "azureResourceID")) ?? str(atAny(e, "azureResourceId", "resourceId"));
var entityLabel = (e) => str(atAny(e, "entityName", "name", "displayName")) ?? entityResource(e) ?? entityKey(e);
function endpointLabel(v) {
  if (typeof v === "string") return str(v);
  return str(atAny(v, "name", "entityName", "displayName", "azureResourceId", "resourceId", "id"));
}
function textOf(v) {
  if (typeof v === "string") return str(v);
  return str(atAny(v, "description", "title", "name", "displayName", "text"));
}
function collectResourceIds(v, out, depth = 0) {
  if (depth > 12) return;
  if (typeof v === "string") {
    if (isArmId(v) && !/\/providers\/microsoft\.security\//i.test(v)) out.add(v.toLowerCase());
    return;
  }
  if (Array.isArray(v)) {
    for (const x of v) collectResourceIds(x, out, depth + 1);
    return;
  }
  const o = obj(v);
  if (o) for (const x of Object.values(o)) collectResourceIds(x, out, depth + 1);
}
function assessmentKeysOf(v) {
  const keys = /* @__PURE__ */ new Set();
  const visit = (x, depth) => {
    if (depth > 6) return;
    if (typeof x === "string") {
      const afterSegment = /\/assessments\/([^/]+)/i.exec(x)?.[1];
      const guid = GUID.exec(afterSegment ?? x)?.[0];
      if (guid) keys.add(guid.toLowerCase());
    } else if (Array.isArray(x)) {
      for (const y of x) visit(y, depth + 1);
    } else {
      const o = obj(x);
      if (o) for (const y of Object.values(o)) visit(y, depth + 1);
    }
  };
  visit(v, 0);
  return [...keys].sort().map(assessmentKey);
}
function mitreOf(v) {
  const out = [];
  for (const item of arr(v)) {
    if (typeof item === "string") {
      if (item.trim()) out.push(item);
      continue;
    }
    const tactic = str(atAny(item, "tactic", "name"));
    const techniques = arr(atAny(item, "techniques", "Techniques")).map(textOf).filter((t) => t !== null);
    if (tactic) out.push(techniques.length > 0 ? `${tactic}: ${techniques.join(", ")}` : tactic);
  }
  return out;
}
function mapAttackPath(row) {
  const p = row.properties ?? {};
  const graph = at(p, "graphComponent");
  const entities = arr(at(graph, "entities"));
  const entityById = /* @__PURE__ */ new Map();
  for (const e of entities) {
    const k = entityKey(e);
    if (k) entityById.set(k, e);
  }
  const entityLabelById = (id) => {
    if (!id) return null;
    const e = entityById.get(id);
    return e === void 0 ? id : entityLabel(e);
  };
  const liveSteps = arr(at(p, "attackPathSteps")).map(textOf).filter((s) => s !== null);
  const documentedSteps = arr(at(graph, "connections")).map((c) => {
    const from = entityLabelById(str(atAny(c, "sourceEntityInternalID", "sourceEntityInternalId", "source")));
    const to = entityLabelById(str(atAny(c, "targetEntityInternalID", "targetEntityInternalId", "target")));
    const title = str(atAny(c, "title", "name"));
    if (!from && !to) return title;
    return `${from ?? "?"} \u2192 ${to ?? "?"}${title ? ` (${title})` : ""}`;
  }).filter((s) => s !== null);
  const ids = /* @__PURE__ */ new Set();
  for (const e of entities) {
    const rid = entityResource(e);
    if (rid) ids.add(rid.toLowerCase());
  }
  collectResourceIds(p, ids);
  const remediation = at(p, "manualRemediationSteps");
  return {
    id: str(atAny(p, "AttackPathID", "attackPathId", "attackPathID")) ?? row.name,
    displayName: str(atAny(p, "displayName", "attackPathDisplayName")) ?? row.name,
    description: str(at(p, "description")) ?? str(at(p, "attackStory")),
    riskLevel: normaliseRiskLevel(atAny(p, "riskLevel", "RiskLevel") ?? at(p, "risk", "level")),
    riskFactors: strings(atAny(p, "riskFactors", "RiskFactors")),
    entryPoint: endpointLabel(at(p, "entryPoint")) ?? entityLabelById(str(atAny(p, "entryPointEntityInternalID", "entryPointEntityInternalId"))),
    target: endpointLabel(at(p, "target")) ?? entityLabelById(str(atAny(p, "targetEntityInternalID", "targetEntityInternalId"))),
    steps: liveSteps.length > 0 ? liveSteps : documentedSteps,
    resourceIds: [...ids].sort().map((id) => resourceId(id)),
    assessmentKeys: assessmentKeysOf(at(p, "assessments")),
    remediation: Array.isArray(remediation) ? strings(remediation).join("\n") || null : str(remediation),
    potentialImpact: str(at(p, "potentialImpact")),
    mitre: mitreOf(atAny(p, "mITRETacticsAndTechniques", "mitreTacticsAndTechniques", "MITRETacticsAndTechniques"))
  };
}

// azure/map.ts
function mapSubscription(row) {
  return { id: subscriptionId(row.subscriptionId), name: row.name ?? row.subscriptionId, tags: row.tags };
}
function aiKindOf(type, kind) {
  const t = type.toLowerCase();
  const k = (kind ?? "").toLowerCase();
  if (t === AI_ACCOUNT_TYPE) return k === "openai" ? "openai" : k === "aiservices" ? "ai-services" : null;
  if (t === FOUNDRY_PROJECT_TYPE) return "foundry-project";
  if (t === ML_WORKSPACE_TYPE) return k === "hub" ? "ml-hub" : k === "project" ? "ml-project" : k === "default" ? "ml-workspace" : null;
  if (t === MULTICLOUD_AI_TYPES.bedrock) return "bedrock";
  if (t === MULTICLOUD_AI_TYPES.sagemaker) return "sagemaker";
  if (t === MULTICLOUD_AI_TYPES.vertex) return "vertex-ai";
  return null;
}
function cloudOf(type, source) {
  const s = (source ?? "").toLowerCase();
  if (s === "aws") return "AWS";
  if (s === "gcp") return "GCP";
  const t = type.toLowerCase();
  if (t.startsWith("microsoft.awsconnector/")) return "AWS";
  if (t.startsWith("microsoft.gcpconnector/")) return "GCP";
  return "Azure";
}
function exposureOf(type, props) {
  const acls = at(props, "networkAcls");
  const disableLocalAuth = bool(at(props, "disableLocalAuth"));
  const isCognitive = type.toLowerCase().startsWith("microsoft.cognitiveservices/");
  return {
    publicNetworkAccess: str(at(props, "publicNetworkAccess")),
    defaultAction: str(at(acls, "defaultAction")),
    ipRuleCount: arr(at(acls, "ipRules")).length,
    privateEndpointCount: arr(at(props, "privateEndpointConnections")).length,
    // Keys work on Cognitive Services accounts unless disableLocalAuth is true; elsewhere only the property says.
    localAuthEnabled: disableLocalAuth !== null ? !disableLocalAuth : isCognitive ? true : null
  };
}
function identitiesOf(identity) {
  const type = (str(at(identity, "type")) ?? "").toLowerCase();
  const out = [];
  if (type.includes("systemassigned")) {
    out.push({ kind: "SystemAssigned", principalId: str(at(identity, "principalId")), resourceId: null });
  }
  const assigned = obj(at(identity, "userAssignedIdentities")) ?? {};
  for (const [id, value] of Object.entries(assigned)) {
    out.push({ kind: "UserAssigned", principalId: str(at(value, "principalId")), resourceId: resourceId(id) });
  }
  return out;
}
var ROLE_BY_TYPE = {
  "microsoft.storage/storageaccounts": "storage",
  "microsoft.search/searchservices": "search",
  "microsoft.keyvault/vaults": "key-vault",
  "microsoft.containerregistry/registries": "container-registry",
  "microsoft.insights/components": "app-insights",
  "microsoft.machinelearningservices/workspaces": "hub",
  "microsoft.cognitiveservices/accounts": "ai-services",
  "microsoft.network/privateendpoints": "private-endpoint",
  "microsoft.managedidentity/userassignedidentities": "identity"
};
function bomRoleOf(type) {
  return ROLE_BY_TYPE[type.toLowerCase()] ?? null;
}
function ownLinks(row) {
  const links = [];
  for (const conn of arr(at(row.properties, "privateEndpointConnections"))) {
    const id = str(atAny(at(conn, "properties", "privateEndpoint"), "id", "Id"));
    if (id) {
      links.push({ id: resourceId(id), name: lastSegment(id), type: "microsoft.network/privateendpoints", role: "private-endpoint", publicNetworkAccess: null });
    }
  }
  for (const id of Object.keys(obj(at(row.identity, "userAssignedIdentities")) ?? {})) {
    links.push({ id: resourceId(id), name: lastSegment(id), type: "microsoft.managedidentity/userassignedidentities", role: "identity", publicNetworkAccess: null });
  }
  return links;
}
function mapDeployment(row) {
  const id = row.id.toLowerCase();
  const cut = id.lastIndexOf("/deployments/");
  return {
    parentId: cut >= 0 ? id.slice(0, cut) : id,
    deployment: {
      name: lastSegment(row.id),
      model: str(row.modelName) ?? "unknown",
      modelVersion: str(row.modelVersion),
      modelFormat: str(row.modelFormat),
      sku: str(at(row.sku, "name")),
      capacity: num(at(row.sku, "capacity")),
      contentFilter: str(row.raiPolicyName)
    }
  };
}
function mapLinked(row) {
  const type = (row.type ?? "").toLowerCase();
  const role = bomRoleOf(type);
  if (!role) return null;
  return {
    aiId: row.aiId.toLowerCase(),
    link: {
      id: resourceId(row.linkedId),
      name: str(row.name) ?? lastSegment(row.linkedId),
      type,
      role,
      publicNetworkAccess: str(row.publicNetworkAccess)
    }
  };
}
function multiCloudIds(cloud, props) {
  if (cloud === "Azure") return { connectorId: null, nativeId: null };
  return {
    connectorId: str(atAny(props, "connectorId", "ConnectorId", "publicCloudConnectorsResourceId")),
    nativeId: str(atAny(props, "arn", "nativeResourceId", "NativeResourceId", "resourceName", "publicCloudResourceName"))
  };
}
function pushTo(map, key, value) {
  const list2 = map.get(key);
  if (list2) list2.push(value);
  else map.set(key, [value]);
}
function mapInventory({ inventory, deployments, linked }) {
  const deploymentsByParent = /* @__PURE__ */ new Map();
  for (const row of deployments) {
    const { parentId, deployment } = mapDeployment(row);
    pushTo(deploymentsByParent, parentId, deployment);
  }
  const linksByAi = /* @__PURE__ */ new Map();
  for (const row of linked) {
    const mapped = mapLinked(row);
    if (mapped) pushTo(linksByAi, mapped.aiId, mapped.link);
  }
  const resources = [];
  const unrecognised = [];
  for (const row of inventory) {
    const kind = aiKindOf(row.type, row.kind);
    if (!kind) {
      unrecognised.push(row);
      continue;
    }
    const id = resourceId(row.id);
    const links = /* @__PURE__ */ new Map();
    for (const link of [...linksByAi.get(id) ?? [], ...ownLinks(row)]) {
      if (link.id !== id && !links.has(link.id)) links.set(link.id, link);
    }
    const props = row.properties ?? {};
    const cloud = cloudOf(row.type);
    resources.push({
      id,
      name: row.name,
      kind,
      armType: row.type.toLowerCase(),
      cloud,
      location: row.location ?? "",
      subscriptionId: subscriptionId(row.subscriptionId),
      resourceGroup: row.resourceGroup ?? "",
      tags: row.tags,
      exposure: exposureOf(row.type, props),
      identities: identitiesOf(row.identity),
      deployments: (deploymentsByParent.get(id) ?? []).sort((a, b) => a.name.localeCompare(b.name)),
      links: [...links.values()].sort((a, b) => a.id.localeCompare(b.id)),
      ...multiCloudIds(cloud, props)
    });
  }
  return { resources, unrecognised };
}
function mapPricings(sub, list2) {
  return list2.value.map((p) => ({
    subscriptionId: subscriptionId(sub),
    plan: p.name,
    tier: p.properties.pricingTier.toLowerCase() === "standard" ? "Standard" : "Free",
    subPlan: str(p.properties.subPlan),
    enabledSince: str(p.properties.enablementTime),
    extensions: (p.properties.extensions ?? []).map((e) => ({
      name: e.name,
      enabled: e.isEnabled === true || typeof e.isEnabled === "string" && e.isEnabled.toLowerCase() === "true"
    }))
  }));
}
function mapSecureScore(sub, items) {
  const item = items.find((i) => i.name === "ascScore") ?? items[0];
  const current = num(item?.current);
  const max = num(item?.max);
  if (!item || current === null || max === null) return null;
  const percentage = num(item.percentage) ?? (max > 0 ? current / max : 0);
  return { subscriptionId: subscriptionId(sub), current, max, percentage };
}

// azure/resource-graph.ts
var SUBSCRIPTION_BATCH = 300;
var PAGE_ROWS = 1e3;
function batches(scope) {
  if (scope.kind === "management-group") return [{ managementGroups: [scope.managementGroup], label: null }];
  if (scope.kind === "tenant") return [{ label: null }];
  const out = [];
  for (let i = 0; i < scope.subscriptions.length; i += SUBSCRIPTION_BATCH) {
    const subscriptions2 = scope.subscriptions.slice(i, i + SUBSCRIPTION_BATCH);
    const label = scope.subscriptions.length <= SUBSCRIPTION_BATCH ? null : `subscriptions ${i + 1}\u2013${i + subscriptions2.length}`;
    out.push({ subscriptions: subscriptions2, label });
  }
  return out;
}
function rowsOf(data) {
  if (Array.isArray(data)) return data;
  if (data && typeof data === "object") return Object.values(data);
  return [];
}
async function runGraphQuery(client, query, scope, schema, recorder, signal) {
  const rows = [];
  const issues = [];
  let answered = false;
  let unreadable = 0;
  const issue = (kind, message, label) => issues.push({ source: "resource-graph", operation: query.name, kind, message, scope: label });
  if (scope.kind === "subscriptions" && scope.subscriptions.length === 0) return { rows, issues, answered: true };
  for (const batch of batches(scope)) {
    let skipToken;
    let batchRows = 0;
    const seenTokens = /* @__PURE__ */ new Set();
    do {
      try {
        const page = await client.resources(
          {
            query: query.text,
            ...batch.subscriptions ? { subscriptions: batch.subscriptions } : {},
            ...batch.managementGroups ? { managementGroups: batch.managementGroups } : {},
            options: { top: PAGE_ROWS, resultFormat: "objectArray", ...skipToken ? { skipToken } : {} }
          },
          { abortSignal: signal }
        );
        answered = true;
        recorder.stats.pages += 1;
        for (const raw of rowsOf(page.data)) {
          const parsed = schema.safeParse(raw);
          if (parsed.success) rows.push(parsed.data);
          else unreadable += 1;
        }
        batchRows += page.count;
        skipToken = page.skipToken || void 0;
        if (skipToken && seenTokens.has(skipToken)) {
          issue("partial", `Resource Graph repeated a $skipToken for '${query.name}'; paging stopped.`, batch.label);
          skipToken = void 0;
        }
        if (skipToken) seenTokens.add(skipToken);
        if (page.resultTruncated === "true") {
          issue("truncated", `Resource Graph truncated the result of '${query.name}' after ${batchRows} rows.`, batch.label);
        }
      } catch (err) {
        if (signal?.aborted) throw err;
        const { message, status } = describeError(err);
        const kind = status === 429 ? "throttled" : batchRows > 0 ? "partial" : "failed";
        issue(kind, `Resource Graph query '${query.name}' failed${batchRows > 0 ? ` after ${batchRows} rows` : ""}: ${message}`, batch.label);
        skipToken = void 0;
      }
    } while (skipToken);
  }
  if (unreadable > 0) {
    issue("partial", `${unreadable} row(s) of '${query.name}' did not have the expected shape and were left out.`, null);
  }
  return { rows, issues, answered };
}

// azure/security-calls.ts
var SECURITY_CONCURRENCY = 8;
async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
async function loadSecurity(settings, recorder, subscriptions2, signal) {
  const result = { plans: [], secureScores: [], issues: [], succeeded: 0 };
  const fail = (operation, sub, err) => {
    if (signal?.aborted) throw err;
    const { message, status } = describeError(err);
    result.issues.push({
      source: "security",
      operation,
      kind: status === 429 ? "throttled" : "failed",
      message: `Microsoft.Security ${operation} failed for subscription ${sub}: ${message}`,
      scope: sub
    });
  };
  const perSubscription = await mapLimit(subscriptions2, SECURITY_CONCURRENCY, async (sub) => {
    const client = createSecurityClient(settings, recorder, sub);
    const pricings = (async () => {
      let body;
      await client.pricings.list({
        abortSignal: signal,
        onResponse: (raw) => {
          body = raw.bodyAsText ?? void 0;
        }
      });
      const parsed = pricingList.safeParse(JSON.parse(body ?? "null"));
      if (!parsed.success) throw new Error(`unexpected pricings body: ${parsed.error.message}`);
      return mapPricings(sub, parsed.data);
    })();
    const scores = (async () => {
      const items = [];
      for await (const item of client.secureScores.list({ abortSignal: signal })) {
        items.push(secureScoreItem.parse(item));
      }
      return mapSecureScore(sub, items);
    })();
    const [p, s] = await Promise.allSettled([pricings, scores]);
    return { sub, p, s };
  });
  for (const { sub, p, s } of perSubscription) {
    if (p.status === "fulfilled") {
      result.plans.push(...p.value);
      result.succeeded += 1;
    } else fail("pricings", sub, p.reason);
    if (s.status === "fulfilled") {
      if (s.value) result.secureScores.push(s.value);
      result.succeeded += 1;
    } else fail("secureScores", sub, s.reason);
  }
  return result;
}

// azure/sources.ts
var DEFAULT_LOGS_AUDIENCE = "https://api.loganalytics.io/.default";
function createAzureSources(opts) {
  const log = opts.logger.child({ module: "azure-sources" });
  const timers = opts.timers ?? realTimers;
  const maxRetries = opts.maxRetries ?? 4;
  const settings = {
    credential: opts.credential,
    endpoints: opts.endpoints,
    audiences: {
      resourceManager: opts.audiences?.resourceManager ?? `${new URL(opts.endpoints.resourceManager).origin}/.default`,
      logAnalytics: opts.audiences?.logAnalytics ?? DEFAULT_LOGS_AUDIENCE
    },
    tlsOptions: opts.tlsCa ? { ca: opts.tlsCa } : void 0,
    maxRetries,
    retryDelayMs: opts.retryDelayMs ?? 1e3,
    maxRetryDelayMs: opts.maxRetryDelayMs ?? 64e3
  };
  const gate = new QuotaGate(timers);
  const explicit = opts.subscriptions?.map((s) => subscriptionId(s)) ?? null;
  const scope = explicit ? { kind: "subscriptions", subscriptions: explicit } : opts.managementGroup ? { kind: "management-group", managementGroup: opts.managementGroup } : { kind: "tenant" };
  const report = (issues) => {
    for (const issue of issues) log.warn({ issue }, `azure source issue: ${issue.message}`);
  };
  async function loadSnapshot({ signal } = {}) {
    const takenAt = opts.clock().toISOString();
    const started = timers.now();
    const recorder = new StatsRecorder(maxRetries);
    const graph = createGraphClient(settings, recorder, gate);
    const run = (query, schema) => runGraphQuery(graph, query, scope, schema, recorder, signal);
    const subscriptionsP = run(graphQueries.subscriptions(), subscriptionRow);
    const securityP = (async () => {
      const subs2 = explicit ?? (await subscriptionsP).rows.map((r) => subscriptionId(r.subscriptionId));
      return loadSecurity(settings, recorder, subs2, signal);
    })();
    const [subs, inventory, deployments, linked, assessments2, governance, paths, security] = await Promise.all([
      subscriptionsP,
      run(graphQueries.aiInventory(), inventoryRow),
      run(graphQueries.aiDeployments(), deploymentRow),
      run(graphQueries.aiLinkedResources(), linkedRow),
      run(graphQueries.assessments(), assessmentRow2),
      run(graphQueries.governanceAssignments(), governanceRow2),
      run(graphQueries.attackPaths(), attackPathRow),
      securityP
    ]);
    const graphResults = [subs, inventory, deployments, linked, assessments2, governance, paths];
    const issues = [...graphResults.flatMap((r) => r.issues), ...security.issues];
    if (!graphResults.some((r) => r.answered) && security.succeeded === 0) {
      report(issues);
      throw new SourcesUnavailableError(issues);
    }
    const subscriptions2 = subs.rows.map(mapSubscription);
    if (explicit && subs.answered) {
      const seen = new Set(subscriptions2.map((s) => s.id));
      for (const id of explicit.filter((s) => !seen.has(s))) {
        issues.push({
          source: "resource-graph",
          operation: "subscriptions",
          kind: "failed",
          message: `Subscription ${id} is configured but not visible to Vigil (missing, or no Reader role).`,
          scope: id
        });
      }
    } else if (explicit) {
      subscriptions2.push(...explicit.map((id) => ({ id, name: id, tags: {} })));
    }
    const { resources, unrecognised } = mapInventory({
      inventory: inventory.rows,
      deployments: deployments.rows,
      linked: linked.rows
    });
    if (unrecognised.length > 0) {
      issues.push({
        source: "resource-graph",
        operation: "ai-inventory",
        kind: "partial",
        message: `${unrecognised.length} resource(s) matched the AI inventory query but are of no AI kind Vigil knows (e.g. ${unrecognised[0]?.type}/${unrecognised[0]?.kind ?? ""}).`,
        scope: null
      });
    }
    const { findings, unreadable } = mapFindings(assessments2.rows, governance.rows);
    if (unreadable.length > 0) {
      issues.push({
        source: "resource-graph",
        operation: "assessments",
        kind: "partial",
        message: `${unreadable.length} assessment(s) had no readable status or resource and were left out.`,
        scope: null
      });
    }
    const tenantId = subs.rows.find((r) => r.tenantId)?.tenantId ?? null;
    const snapshot = {
      takenAt,
      tenantId,
      subscriptions: subscriptions2,
      resources,
      findings,
      attackPaths: paths.rows.map(mapAttackPath),
      plans: security.plans,
      secureScores: security.secureScores,
      issues,
      stats: recorder.stats
    };
    report(issues);
    log.info(
      {
        ms: Math.round(timers.now() - started),
        subscriptions: subscriptions2.length,
        resources: resources.length,
        findings: findings.length,
        attackPaths: snapshot.attackPaths.length,
        plans: snapshot.plans.length,
        issues: issues.length,
        stats: snapshot.stats
      },
      "snapshot loaded"
    );
    return snapshot;
  }
  async function loadAssessments(since, { signal } = {}) {
    const recorder = new StatsRecorder(maxRetries);
    const graph = createGraphClient(settings, recorder, gate);
    const [assessments2, governance] = await Promise.all([
      runGraphQuery(graph, graphQueries.assessments(since), scope, assessmentRow2, recorder, signal),
      runGraphQuery(graph, graphQueries.governanceAssignments(), scope, governanceRow2, recorder, signal)
    ]);
    const issues = [...assessments2.issues, ...governance.issues];
    report(issues);
    if (!assessments2.answered) throw new SourcesUnavailableError(issues);
    const { findings, unreadable } = mapFindings(assessments2.rows, governance.rows);
    if (unreadable.length > 0) {
      issues.push({
        source: "resource-graph",
        operation: "assessments",
        kind: "partial",
        message: `${unreadable.length} assessment(s) had no readable status or resource and were left out.`,
        scope: null
      });
    }
    log.debug({ since: since.toISOString(), findings: findings.length, stats: recorder.stats }, "assessments polled");
    return { findings, issues };
  }
  async function loadPromptVolume(workspace, start, end) {
    const recorder = new StatsRecorder(maxRetries);
    const result = await queryPromptVolume(createLogsClient(settings, recorder), workspace, start, end);
    report(result.issues);
    log.debug({ workspace, series: result.series.length, stats: recorder.stats }, "prompt volume loaded");
    return result;
  }
  async function loadPromptCallers(workspace, resource, start, end) {
    const recorder = new StatsRecorder(maxRetries);
    const result = await queryPromptCallers(createLogsClient(settings, recorder), workspace, resource, start, end);
    report(result.issues);
    return result;
  }
  async function ping({ signal } = {}) {
    const recorder = new StatsRecorder(0);
    const graph = createGraphClient({ ...settings, maxRetries: 0 }, recorder, gate);
    const first = scope.kind === "subscriptions" ? scope.subscriptions.slice(0, 300) : [];
    try {
      const page = await graph.resources(
        {
          query: graphQueries.subscriptions().text,
          ...scope.kind === "subscriptions" ? { subscriptions: first } : {},
          ...scope.kind === "management-group" ? { managementGroups: [scope.managementGroup] } : {},
          options: { top: 1, resultFormat: "objectArray" }
        },
        { abortSignal: signal }
      );
      return { ok: true, detail: `Resource Graph answered: ${page.totalRecords} subscription(s) in scope` };
    } catch (err) {
      return { ok: false, detail: `Resource Graph unreachable: ${describeError(err).message}` };
    }
  }
  return {
    workspaces: opts.workspaces.map(workspaceId),
    loadSnapshot,
    loadAssessments,
    loadPromptVolume,
    loadPromptCallers,
    ping
  };
}

// ../../tmp/scratch/smoke2.ts
var scale = Number(process.argv[2] ?? 1);
var estate = createDemoEstate({ seed: 7, scale });
var now = new Date(estate.epoch.getTime() + 36e5);
var clock = () => now;
var logger = pino({ level: "warn" });
var t0 = performance.now();
var view = estate.at(now);
console.log("view ms", performance.now() - t0, JSON.stringify(summarizeEstate(view)));
var tenant = await startDemoTenant({ estate, clock, logger, faults: { quota: { limit: 1e3, windowMs: 5e3 } } });
var sources = createAzureSources({ credential: createDemoCredential(), endpoints: { resourceManager: tenant.url, logAnalytics: `${tenant.url}/v1` }, tlsCa: tenant.caPem, subscriptions: estate.subscriptions.map((s) => s.subscriptionId), managementGroup: null, workspaces: view.workspaces.map((w) => w.customerId), logger, clock, retryDelayMs: 10 });
t0 = performance.now();
var snap = await sources.loadSnapshot();
console.log("snapshot ms", performance.now() - t0);
var byKind = {};
for (const r of snap.resources) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
var byStatus = {};
for (const f of snap.findings) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
console.log(JSON.stringify({ subs: snap.subscriptions.length, byKind, byStatus, gov: snap.findings.filter((f) => f.governance).length, paths: snap.attackPaths.length, plans: snap.plans.length, scores: snap.secureScores.length, issues: snap.issues, stats: snap.stats, tenantId: snap.tenantId }));
var withLinks = snap.resources.filter((r) => r.links.length > 0).length;
console.log("with links", withLinks, "with deployments", snap.resources.filter((r) => r.deployments.length).length);
console.log(JSON.stringify(snap.resources.find((r) => r.kind === "ml-project"), null, 1));
console.log(JSON.stringify(snap.resources.find((r) => r.kind === "bedrock"), null, 1));
console.log(JSON.stringify(snap.attackPaths[0], null, 1));
console.log(JSON.stringify(snap.findings.find((f) => f.governance && f.risk.attackPathIds.length), null, 1));
var ws = view.workspaces[0].customerId;
t0 = performance.now();
var pv = await sources.loadPromptVolume(ws, new Date(now.getTime() - 864e5), now);
console.log("pv ms", performance.now() - t0, pv.series.length, pv.issues, pv.series[0]?.counts.slice(0, 20));
var r0 = pv.series[0].resourceId;
console.log(JSON.stringify(await sources.loadPromptCallers(ws, r0, new Date(now.getTime() - 864e5), now)));
await tenant.close();
