/**
 * The capture and admin API under `/__admin` (camelCase JSON, described in `openapi/mock-okta.yaml`):
 * flows are created, read and deleted; executions are listed, awaited, verified and cleared; reset restores
 * the flows the mock started with.
 */
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import { FlowhookError } from '../src/errors.js';
import type { ExecutionFilter, ExecutionRecord } from './execution.js';
import type { FlowRegistry, MockFlow } from './flows.js';
import type { Journal } from './journal.js';
import type { ExecutionList, WaitTimeout } from './types.js';
import { readVerification, verify } from './verify.js';

/** Largest admin request body. */
const ADMIN_BODY_LIMIT = '1mb';
/** Longest wait the wait endpoint accepts. */
export const MAX_WAIT_MS = 120_000;
/** Wait used when the request gives none. */
export const DEFAULT_WAIT_MS = 5_000;

export interface AdminState {
  readonly flows: FlowRegistry;
  readonly journal: Journal;
  /** Restores the flows the mock started with and empties the journal. */
  reset(): void;
}

export function createAdminRouter(state: AdminState): Router {
  const { flows, journal } = state;
  const router = express.Router();
  router.use(express.json({ limit: ADMIN_BODY_LIMIT }));

  router.get('/flows', (req, res) => {
    res.json({ flows: flows.list().map((flow) => flow.view(baseUrl(req))) });
  });

  router.get('/flows/:alias', (req, res) => {
    res.json(existingFlow(flows, req.params.alias).view(baseUrl(req)));
  });

  router.put('/flows/:alias', (req, res) => {
    const { flow, created } = flows.put(req.params.alias, req.body);
    res.status(created ? 201 : 200).json(flow.view(baseUrl(req)));
  });

  router.delete('/flows/:alias', (req, res) => {
    existingFlow(flows, req.params.alias);
    flows.delete(req.params.alias);
    res.status(204).end();
  });

  router.get('/executions', (req, res) => {
    checkKnownParams(req, ['alias', 'status', 'limit']);
    const limit = integerParam(req, 'limit', 1, journal.limit);
    sendExecutions(res, 200, journal.records(readFilter(req), limit), { dropped: journal.dropped });
  });

  router.get('/executions/wait', async (req, res) => {
    checkKnownParams(req, ['alias', 'status', 'count', 'timeoutMs']);
    const filter = readFilter(req);
    const count = integerParam(req, 'count', 1, journal.limit) ?? 1;
    const timeoutMs = integerParam(req, 'timeoutMs', 0, MAX_WAIT_MS) ?? DEFAULT_WAIT_MS;
    const { met, records } = await journal.wait(filter, count, timeoutMs);
    if (met) {
      sendExecutions(res, 200, records, { dropped: journal.dropped });
      return;
    }
    const error = new FlowhookError(
      'FLOWHOOK_MOCK_WAIT_TIMEOUT',
      `expected ${count} execution${count === 1 ? '' : 's'}${describeFilter(filter)} within ${timeoutMs} ms, got ${records.length}`,
      { hint: 'Check that the sender called the flow\'s invoke URL; "executions" lists what did match, GET /__admin/executions lists everything.' },
    );
    sendExecutions(res, error.status, records, error.toJSON());
  });

  router.post('/executions/verify', (req, res) => {
    const verification = readVerification(req.body);
    res.json(verify(verification, journal.records().map((record) => record.view())));
  });

  router.delete('/executions', (_req, res) => {
    journal.clear();
    res.status(204).end();
  });

  router.post('/reset', (_req, res) => {
    state.reset();
    res.status(204).end();
  });

  router.use(unreadableBody);
  return router;
}

/** Bytes of JSON gathered before they are written, when a listing is sent. */
const WRITE_BATCH_CHARS = 262_144;

/**
 * Answers `{ ...fields, executions: [...] }` (an ExecutionList, or a WaitTimeout) one execution at a
 * time, in batches: a full journal's listing never has to fit in one string, and each view lives only
 * while it is serialised.
 */
function sendExecutions(
  res: Response,
  status: number,
  records: readonly ExecutionRecord[],
  fields: Omit<ExecutionList, 'executions'> | Omit<WaitTimeout, 'executions'>,
): void {
  res.status(status).type('application/json');
  const head = JSON.stringify(fields);
  let batch = `${head.slice(0, -1)},"executions":[`;
  for (let i = 0; i < records.length; i += 1) {
    batch += `${i === 0 ? '' : ','}${JSON.stringify((records[i] as ExecutionRecord).view())}`;
    if (batch.length >= WRITE_BATCH_CHARS) {
      res.write(batch);
      batch = '';
    }
  }
  res.end(`${batch}]}`);
}

/** express.json()'s failures as the admin API's error body. */
const unreadableBody: ErrorRequestHandler = (err: unknown, _req, _res, next) => {
  const type = err instanceof Error ? (err as { type?: unknown }).type : undefined;
  if (type === 'entity.parse.failed') {
    next(new FlowhookError('FLOWHOOK_BAD_REQUEST', `request body is not valid JSON: ${(err as Error).message}`, {
      hint: 'Send a JSON object with content-type application/json.',
    }));
  } else if (type === 'entity.too.large') {
    next(new FlowhookError('FLOWHOOK_BAD_REQUEST', `request body is larger than ${ADMIN_BODY_LIMIT}`, {
      hint: 'Send a smaller flow definition.',
    }));
  } else {
    next(err);
  }
};

/** The URL the caller reached the mock at, so `invokeUrl` works from wherever the admin API was called. */
function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

function existingFlow(flows: FlowRegistry, alias: string): MockFlow {
  const flow = flows.byAlias(alias);
  if (flow === undefined) {
    throw new FlowhookError('FLOWHOOK_NOT_FOUND', `no flow has the alias "${alias}"`, {
      hint: 'GET /__admin/flows lists the flows; PUT /__admin/flows/{alias} creates one.',
    });
  }
  return flow;
}

function readFilter(req: Request): ExecutionFilter {
  const alias = req.query.alias;
  const status = integerParam(req, 'status', 100, 599);
  return {
    ...(typeof alias === 'string' ? { alias } : {}),
    ...(status === undefined ? {} : { status }),
  };
}

function describeFilter(filter: ExecutionFilter): string {
  const parts = [
    ...(filter.alias === undefined ? [] : [`of flow "${filter.alias}"`]),
    ...(filter.status === undefined ? [] : [`answered ${filter.status}`]),
  ];
  return parts.length === 0 ? '' : ` ${parts.join(' ')}`;
}

function checkKnownParams(req: Request, known: readonly string[]): void {
  for (const [name, value] of Object.entries(req.query)) {
    if (!known.includes(name)) {
      throw badQuery(`query parameter "${name}" is not known here`, `Use only ${known.map((k) => `"${k}"`).join(', ')}.`);
    }
    if (typeof value !== 'string') {
      throw badQuery(`query parameter "${name}" must be given once`, `Give "${name}" a single value.`);
    }
  }
}

function integerParam(req: Request, name: string, min: number, max: number): number | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || value < min || value > max) {
    throw badQuery(
      `query parameter "${name}" must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`,
      `Give "${name}" a whole number from ${min} to ${max}.`,
    );
  }
  return value;
}

function badQuery(message: string, hint: string): FlowhookError {
  return new FlowhookError('FLOWHOOK_BAD_REQUEST', message, { hint });
}
