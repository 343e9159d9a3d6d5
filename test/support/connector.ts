// A local stand-in for the Bot Framework connector (what Teams' serviceUrl points at): a real HTTP server that
// speaks the Bot Connector REST API botbuilder's ConnectorClient calls, records every call, and can answer
// with the faults Teams gives (429 with Retry-After, 412, 5xx, 403 BotNotInConversationRoster).
//
// Plain http:// is enough: with auth off (no MicrosoftAppId) the ConnectorClient sends no token and allows an
// insecure endpoint (botbuilder-stdlib's ServiceClientContext sets allowInsecureConnection for http: URLs).
//
//   const connector = await startConnector();
//   await post(vigil.url, message({ text: 'subscribe findings', where: 'channel', serviceUrl: connector.url }));
//   connector.fail({ status: 429, retryAfter: 1, times: 2 });
//   await connector.waitFor((calls) => connector.sent().length === 3);

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a call did, by the route it took. */
export type CallOp = 'send' | 'reply' | 'update' | 'delete' | 'create' | 'member' | 'other';

export interface RecordedCall {
  /** 1, 2, 3… in arrival order. */
  seq: number;
  method: string;
  path: string;
  op: CallOp;
  /** The conversation id from the path, decoded (a thread keeps its `;messageid=…`). */
  conversationId: string | null;
  /** The conversation without any `;messageid=` suffix: the channel a thread belongs to. */
  baseConversationId: string | null;
  /** For a post into a thread (`…;messageid=<root>`): the root activity id. */
  threadRootId: string | null;
  /** The activity id in the path (reply: the one replied to; update/delete: the one changed). */
  activityId: string | null;
  /** For GET …/members/{id}: the member asked about. */
  memberId: string | null;
  /** Parsed JSON body (null when there was none). */
  body: unknown;
  /** When the request arrived (ms since epoch, from the stand-in's clock). */
  at: number;
  /** The status the stand-in answered. */
  status: number;
  /** The id the stand-in gave a created activity (2xx send/reply/create), else null. */
  responseId: string | null;
  /** Requests to the same base conversation open at the moment this one arrived, itself included. */
  concurrentInConversation: number;
  /** Headers as received (lower-case names). */
  headers: Record<string, string | string[] | undefined>;
}

export interface Fault {
  /** HTTP status to answer. 403 defaults to error code BotNotInConversationRoster. */
  status: number;
  /** Seconds, sent as `Retry-After` (429/503 usually). */
  retryAfter?: number;
  /** How many matching calls get this answer; default 1. `Infinity` = until clearFaults(). */
  times?: number;
  /** Only calls to this conversation; a thread (`…;messageid=`) matches its channel's id too. */
  conversationId?: string;
  /** Only this kind of call. */
  op?: CallOp;
  /** `error.code` in the body. */
  code?: string;
}

export interface RandomFaults {
  /** Probability (0–1) that an activity call (send/reply/update) fails. */
  rate: number;
  /** The faults to pick from, uniformly. */
  faults: readonly Omit<Fault, 'times'>[];
  /** Seed for a deterministic sequence (default 1). */
  seed?: number;
}

export interface Member {
  id: string;
  name?: string;
  aadObjectId?: string;
  userPrincipalName?: string;
  email?: string;
}

export interface ConnectorOptions {
  /** Milliseconds before each answer (default 0), or a function of the call. */
  latencyMs?: number | ((call: Pick<RecordedCall, 'op' | 'conversationId' | 'seq'>) => number);
  /** What `at` is measured with (default Date.now). */
  now?: () => number;
  /** Members GET /members/{id} can return, by user id (29:…) or Entra object id. */
  members?: readonly Member[];
  /** When true, updating/replying to an activity the stand-in never created answers 404. Default false. */
  strictActivities?: boolean;
}

export interface Connector {
  /** Base URL to use as the conversation's serviceUrl (ends with `/`). */
  url: string;
  /** Every call, in arrival order. */
  readonly calls: readonly RecordedCall[];
  /** Successful new posts (send, thread post, or reply), optionally for one base conversation. */
  sent(conversationId?: string): RecordedCall[];
  /** Successful updates, optionally for one base conversation. */
  updates(conversationId?: string): RecordedCall[];
  /** Answer the next matching call(s) with a fault. Faults queue in the order added. */
  fail(fault: Fault): void;
  /** Fail a share of activity calls at random (deterministic with a seed). */
  failRandomly(spec: RandomFaults | null): void;
  clearFaults(): void;
  setLatency(latency: ConnectorOptions['latencyMs']): void;
  addMember(member: Member): void;
  /** Forget recorded calls (faults and members stay). */
  reset(): void;
  /** Resolves when `predicate(calls)` holds; rejects after `timeoutMs` (default 10 s) with what was seen. */
  waitFor(predicate: (calls: readonly RecordedCall[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_CODES: Record<number, string> = {
  400: 'BadArgument',
  403: 'BotNotInConversationRoster',
  404: 'ConversationNotFound',
  412: 'PreconditionFailed',
  429: 'Throttled',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

const DEFAULT_MESSAGES: Record<string, string> = {
  BotNotInConversationRoster: 'The bot is not part of the conversation roster.',
  Throttled: 'Too many requests.',
};

export async function startConnector(options: ConnectorOptions = {}): Promise<Connector> {
  const now = options.now ?? Date.now;
  let latency = options.latencyMs ?? 0;
  const calls: RecordedCall[] = [];
  const faults: (Fault & { left: number })[] = [];
  let random: { spec: RandomFaults; next: () => number } | null = null;
  const members = new Map<string, Member>();
  for (const m of options.members ?? []) addMember(m);
  /** Activity ids the stand-in created, per base conversation. */
  const created = new Map<string, Set<string>>();
  const open = new Map<string, number>();
  let seq = 0;
  let nextActivity = 1_700_000_000_000;
  let nextConversation = 1;

  function addMember(m: Member): void {
    members.set(m.id, m);
    if (m.aadObjectId) members.set(m.aadObjectId, m);
  }

  const server = createServer((req, res) => {
    const arrivedAt = now();
    const callSeq = ++seq;
    readBody(req)
      .then((raw) => handle(req, res, raw, arrivedAt, callSeq))
      .catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'StandInFailure', message: String(err) } }));
      });
  });

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    raw: string,
    arrivedAt: number,
    callSeq: number,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
    const route = parseRoute(method, path);
    const base = route.conversationId?.split(';messageid=')[0] ?? null;
    const threadRootId = route.conversationId?.includes(';messageid=')
      ? (route.conversationId.split(';messageid=')[1] ?? null)
      : null;
    const key = base ?? '';
    open.set(key, (open.get(key) ?? 0) + 1);
    const call: RecordedCall = {
      seq: callSeq,
      method,
      path,
      op: route.op,
      conversationId: route.conversationId,
      baseConversationId: base,
      threadRootId,
      activityId: route.op === 'member' ? null : route.activityId,
      memberId: route.op === 'member' ? route.activityId : null,
      body: parseJson(raw),
      at: arrivedAt,
      status: 0,
      responseId: null,
      concurrentInConversation: open.get(key) ?? 1,
      headers: req.headers,
    };
    calls.push(call);
    try {
      const delay = typeof latency === 'function' ? latency(call) : latency;
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      const fault = pickFault(call);
      if (fault) {
        const code = fault.code ?? DEFAULT_CODES[fault.status] ?? 'Error';
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
        answer(res, call, fault.status, { error: { code, message: DEFAULT_MESSAGES[code] ?? code } }, headers);
        return;
      }
      const normal = respond(call);
      answer(res, call, normal.status, normal.body);
    } finally {
      open.set(key, (open.get(key) ?? 1) - 1);
    }
  }

  /** The normal answer to a call that drew no fault. */
  function respond(call: RecordedCall): { status: number; body: unknown } {
    const base = call.baseConversationId ?? '';
    const known = (id: string | null) => id !== null && (created.get(base)?.has(id) ?? false);
    const notFound = { status: 404, body: { error: { code: 'NotFound', message: `no such activity: ${call.path}` } } };
    switch (call.op) {
      case 'send':
      case 'reply': {
        if (call.op === 'reply' && options.strictActivities && !known(call.activityId)) return notFound;
        const id = String(nextActivity++);
        const set = created.get(base) ?? new Set<string>();
        created.set(base, set.add(id));
        call.responseId = id;
        return { status: 201, body: { id } };
      }
      case 'update':
        if (options.strictActivities && !known(call.activityId)) return notFound;
        return { status: 200, body: { id: call.activityId } };
      case 'delete':
        return { status: 200, body: {} };
      case 'create': {
        const id = `a:stand-in-${nextConversation++}`;
        const body = (call.body ?? {}) as { activity?: unknown };
        const activityId = body.activity ? String(nextActivity++) : undefined;
        call.responseId = id;
        return { status: 201, body: { id, activityId, serviceUrl: url } };
      }
      case 'member': {
        const member = members.get(call.memberId ?? '');
        if (member) return { status: 200, body: member };
        return {
          status: 404,
          body: { error: { code: 'MemberNotFoundInConversation', message: 'The member was not found.' } },
        };
      }
      default:
        return { status: 404, body: { error: { code: 'NotFound', message: `no such route: ${call.path}` } } };
    }
  }

  function answer(
    res: ServerResponse,
    call: RecordedCall,
    status: number,
    body: unknown,
    headers: Record<string, string> = { 'content-type': 'application/json' },
  ): void {
    call.status = status;
    res.writeHead(status, headers);
    res.end(JSON.stringify(body));
  }

  function pickFault(call: RecordedCall): Fault | null {
    const index = faults.findIndex((f) => matches(f, call));
    if (index >= 0) {
      const fault = faults[index]!;
      fault.left -= 1;
      if (fault.left <= 0) faults.splice(index, 1);
      return fault;
    }
    if (random && (call.op === 'send' || call.op === 'reply' || call.op === 'update')) {
      if (random.next() < random.spec.rate) {
        const i = Math.floor(random.next() * random.spec.faults.length);
        return random.spec.faults[i] ?? null;
      }
    }
    return null;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const ok = (c: RecordedCall) => c.status >= 200 && c.status < 300;
  const inConversation = (c: RecordedCall, id?: string) =>
    id === undefined || c.baseConversationId === id.split(';messageid=')[0];

  return {
    url,
    calls,
    sent: (id) => calls.filter((c) => (c.op === 'send' || c.op === 'reply') && ok(c) && inConversation(c, id)),
    updates: (id) => calls.filter((c) => c.op === 'update' && ok(c) && inConversation(c, id)),
    fail(fault) {
      faults.push({ ...fault, left: fault.times ?? 1 });
    },
    failRandomly(spec) {
      random = spec === null ? null : { spec, next: mulberry32(spec.seed ?? 1) };
    },
    clearFaults() {
      faults.length = 0;
      random = null;
    },
    setLatency(next) {
      latency = next ?? 0;
    },
    addMember,
    reset() {
      calls.length = 0;
    },
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(calls)) {
        if (Date.now() > deadline) {
          const seen = calls.map((c) => `${c.method} ${c.path} → ${c.status}`).join('\n  ');
          throw new Error(`connector stand-in: condition not met within ${timeoutMs} ms; calls:\n  ${seen}`);
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function matches(fault: Fault, call: RecordedCall): boolean {
  if (fault.op !== undefined && fault.op !== call.op) return false;
  if (fault.conversationId !== undefined) {
    const want = fault.conversationId;
    if (call.conversationId !== want && call.baseConversationId !== want) return false;
  }
  return true;
}

/** Bot Connector v3 routes, as the ConnectorClient builds them. */
function parseRoute(
  method: string,
  path: string,
): { op: CallOp; conversationId: string | null; activityId: string | null } {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'v3' || parts[1] !== 'conversations') return { op: 'other', conversationId: null, activityId: null };
  if (parts.length === 2 && method === 'POST') return { op: 'create', conversationId: null, activityId: null };
  const conversationId = parts[2] ?? null;
  const sub = parts[3];
  const id = parts[4] ?? null;
  if (sub === 'activities' && parts.length === 4 && method === 'POST')
    return { op: 'send', conversationId, activityId: null };
  if (sub === 'activities' && parts.length === 5) {
    if (method === 'POST') return { op: 'reply', conversationId, activityId: id };
    if (method === 'PUT') return { op: 'update', conversationId, activityId: id };
    if (method === 'DELETE') return { op: 'delete', conversationId, activityId: id };
  }
  if (sub === 'members' && parts.length === 5 && method === 'GET')
    return { op: 'member', conversationId, activityId: id };
  return { op: 'other', conversationId, activityId: id };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  if (raw === '') return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    // Not JSON: keep the text so a test can see what was sent.
    return raw;
  }
}

/** Small seeded PRNG so fault sequences repeat run to run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
