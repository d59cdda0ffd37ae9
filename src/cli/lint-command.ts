/**
 * `flowhook lint --webhook FILE`: checks a webhook config without sending anything and reports every
 * problem at once: the config's fields, its OAuth settings and response validators, the body template's
 * syntax, whether the template renders JSON for each of the six sample events, and every template path
 * that the event schema does not have (Handlebars renders a misspelt path as an empty string, silently).
 * With `--contract FILE` (a flow's contract, as a mock flow takes it), it also renders the sample event of
 * every trigger the webhook selects, and each `--event FILE`, and holds each body, the headers and the URL's
 * query against what the flow reads, naming the template line that left a field wrong.
 */
import { compileContract, type CompiledContract } from '../../mock-okta/contract.js';
import { mockOktaSchemas } from '../../mock-okta/schemas.js';
import { bodyOrigins, type ValueOrigin } from '../core/body-origins.js';
import { parseEvent } from '../core/event.js';
import { describeOAuth, readOAuthSettings } from '../core/oauth-settings.js';
import { secretsOf } from '../core/redact.js';
import { compileTemplate, type CompiledTemplate } from '../core/render.js';
import { compileResponseValidators } from '../core/response-validators.js';
import { SAMPLE_EVENTS, sampleEvent } from '../core/samples.js';
import { unknownTemplatePaths } from '../core/template-lint.js';
import { TRIGGERS } from '../core/triggers.js';
import type { LocalTargetOptions } from '../core/url-policy.js';
import { validateWebhookConfig } from '../core/webhook-config.js';
import { compileWebhook } from '../deliver.js';
import { FlowhookError, isFlowhookError, type Problem } from '../errors.js';
import type { AccessRequestEvent, Trigger, WebhookConfig } from '../types.js';
import { localTargetsFrom } from './allow-local.js';
import { describeTarget } from './describe-target.js';
import { RedactingIO, processIO, type CommandIO } from './io.js';
import { readWebhookFile } from './load-webhook.js';
import { readJsonFile } from './read-json-file.js';
import { EXIT, runCommand } from './run-command.js';

export interface LintCommandOptions {
  webhook: string;
  allowLocal?: boolean;
  /** `--allow-net`: comma-separated networks. */
  allowNet?: string;
  json?: boolean;
  /** `--contract`: a flow's contract (FlowContract of openapi/mock-okta.yaml) to hold each rendered body against. */
  contract?: string;
  /** `--event`: access-request events to render besides the samples (repeatable). */
  event?: string[];
}

/** What `--contract` and `--event` add to a lint: the flow's contract, and events to render. */
export interface ContractLint {
  /** Undefined when only `--event` files were given. */
  readonly contract?: CompiledContract;
  /** Events to render besides the samples of the webhook's triggers, each named by its file. */
  readonly events: readonly NamedEvent[];
}

export interface NamedEvent {
  /** How problems name it: `the sample event of RequestGranted`, `event.json`. */
  readonly name: string;
  readonly event: AccessRequestEvent;
}

export interface LintReport {
  /** The webhook's name, when the config has one. */
  webhook: string | null;
  /** What okta-url recognised in the URL and where the credential sits; absent when the URL does not parse. */
  target?: string;
  /** Which client gets OAuth tokens, how and where; absent without OAuth or when its settings have problems. */
  oauth?: string;
  /** The triggers whose sample event the template renders to JSON. */
  renders: Trigger[];
  /** Every problem, each at its JSON path; empty when the config is ready to send. */
  problems: Problem[];
  /** With `--contract` or `--event`: the events whose rendering was checked, by name. */
  checked?: string[];
}

const TEMPLATE_PATH = '$.body_template';

/** Lints a config read from a file; a problem of the config is reported, never thrown. It never connects anywhere. */
export function lintWebhook(value: unknown, targets: LocalTargetOptions = {}, contractLint?: ContractLint): LintReport {
  const problems = validateWebhookConfig(value, targets);
  const config = isRecord(value) ? value : {};
  const describable =
    typeof config.url === 'string' &&
    URL.canParse(config.url) &&
    !hasProblemAt(problems, '$.headers') &&
    !hasProblemAt(problems, '$.authentication_config');
  const report: LintReport = {
    webhook: typeof config.name === 'string' ? config.name : null,
    ...(describable ? { target: describeTarget(config as Pick<WebhookConfig, 'url' | 'headers' | 'authentication_config'>) } : {}),
    renders: [],
    problems,
  };
  if (problems.length > 0) {
    // Only a template that is a string can be checked further; the schema problems say what else is wrong.
    if (typeof config.body_template === 'string') lintTemplate(config.body_template, report);
    return report;
  }
  const webhook = value as WebhookConfig;
  const oauth = webhook.authentication_config?.oauth;
  if (oauth) report.oauth = describeOAuth(readOAuthSettings(oauth, webhook.url, targets));
  problems.push(...thrownProblems(() => compileResponseValidators(webhook.response_validators)));
  const template = lintTemplate(webhook.body_template, report);
  if (template !== undefined && contractLint !== undefined) lintRenderings(webhook, template, contractLint, report);
  // Whatever the checks above missed would still stop a delivery.
  if (problems.length === 0) problems.push(...thrownProblems(() => compileWebhook(webhook, targets)));
  return report;
}

/** Checks the template; returns it compiled, unless it does not compile. */
function lintTemplate(source: string | null | undefined, report: LintReport): CompiledTemplate | undefined {
  let template: CompiledTemplate;
  try {
    template = compileTemplate(source);
  } catch (err) {
    report.problems.push(...problemsOf(err));
    return undefined;
  }
  const failures = new Map<string, Trigger[]>();
  for (const trigger of TRIGGERS) {
    try {
      template.render(SAMPLE_EVENTS[trigger]);
      report.renders.push(trigger);
    } catch (err) {
      for (const problem of problemsOf(err)) {
        const key = `${problem.path}\n${problem.message}`;
        failures.set(key, [...(failures.get(key) ?? []), trigger]);
      }
    }
  }
  for (const [key, triggers] of failures) {
    const [path = TEMPLATE_PATH, message = ''] = key.split('\n');
    const which = triggers.length === TRIGGERS.length ? 'every sample event' : `the sample event of ${triggers.join(', ')}`;
    report.problems.push({ path, message: `${message} (rendering ${which})` });
  }
  if (source === null || source === undefined || source.trim() === '') return template;
  for (const unknown of unknownTemplatePaths(source)) {
    const suggestion = unknown.suggestion === undefined ? '' : `; did you mean "${unknown.suggestion}"?`;
    report.problems.push({
      path: TEMPLATE_PATH,
      message: `line ${unknown.line}: "${unknown.path}" is not in the event schema, so it renders empty${suggestion}`,
    });
  }
  return template;
}

/**
 * Renders the sample event of each trigger the webhook selects and each given event, and holds what the
 * webhook would send against the contract: every body, the headers and the URL's query parameters. A
 * problem says which template line wrote the field, and which renderings had it.
 */
function lintRenderings(webhook: WebhookConfig, template: CompiledTemplate, lint: ContractLint, report: LintReport): void {
  const events: NamedEvent[] = [
    ...webhook.triggers.map((trigger) => ({ name: `the ${trigger} sample`, event: sampleEvent(trigger) })),
    ...lint.events,
  ];
  report.checked = events.map(({ name }) => name);
  const found = new Map<string, string[]>();
  const add = (message: string, name: string): void => {
    found.set(message, [...(found.get(message) ?? []), name]);
  };
  for (const { name, event } of events) {
    let rendered: string;
    try {
      rendered = template.render(event);
    } catch (err) {
      for (const problem of problemsOf(err)) add(problem.message, name);
      continue;
    }
    if (lint.contract === undefined) continue;
    const body = webhook.method === 'GET' ? null : (JSON.parse(rendered) as unknown);
    const problems = lint.contract.checkBody(body);
    if (problems.length === 0) continue;
    const origins = webhook.method === 'GET' ? undefined : bodyOrigins(webhook.body_template ?? '', event, rendered);
    for (const problem of problems) add(contractProblem(problem, origins?.get(problem.path)), name);
  }
  for (const [message, names] of found) {
    const which = names.length === events.length && events.length > 1 ? 'every event checked' : names.join(', ');
    report.problems.push({ path: TEMPLATE_PATH, message: `${message} (rendering ${which})` });
  }
  if (lint.contract !== undefined) report.problems.push(...missingParts(webhook, lint.contract));
}

/** `line 5: $.fields["requestor email"] must NOT have fewer than 1 characters (the flow's contract): {{…}} renders empty, …` */
function contractProblem(problem: Problem, origins: readonly ValueOrigin[] | undefined): string {
  const broken = `${problem.path} ${problem.message} (the flow's contract)`;
  if (origins === undefined || origins.length === 0) {
    return problem.message === 'is required' ? `${problem.path} is required by the flow's contract, and the template renders no such field` : broken;
  }
  const lines = [...new Set(origins.map((origin) => origin.line))];
  const written = origins.map((origin) => {
    const what = origin.rendered === '' ? 'renders empty' : `renders ${JSON.stringify(origin.rendered)}`;
    return `${origin.tag} ${what}${origin.absent === undefined ? '' : `: ${origin.absent}`}`;
  });
  return `line ${lines.join(', ')}: ${broken}: ${written.join('; ')}`;
}

/** Headers and query parameters the contract requires that the webhook never sends. */
function missingParts(webhook: WebhookConfig, contract: CompiledContract): Problem[] {
  const sent = new Set(Object.keys(webhook.headers ?? {}).map((name) => name.toLowerCase()));
  for (const name of ['user-agent', 'webhook-id', 'webhook-timestamp']) sent.add(name);
  if (webhook.method !== 'GET') sent.add('content-type');
  if (webhook.authentication_config !== undefined) sent.add('authorization');
  const query = new URL(webhook.url).searchParams;
  const problems: Problem[] = [];
  for (const name of contract.contract.headers ?? []) {
    if (!sent.has(name.toLowerCase())) problems.push({ path: '$.headers', message: `has no "${name}" header, which the flow's contract requires` });
  }
  for (const name of contract.contract.query ?? []) {
    if (!query.has(name)) problems.push({ path: '$.url', message: `has no "${name}" query parameter, which the flow's contract requires` });
  }
  return problems;
}

const validateContract = mockOktaSchemas.validator('FlowContract');

/** The contract in `file`, compiled; throws FLOWHOOK_CONFIG_INVALID naming each field that breaks a rule. */
export function readContractFile(file: string): CompiledContract {
  const value = readJsonFile(file, { what: 'flow contract', option: '--contract' });
  const schemaProblems = validateContract(value);
  const compiled = schemaProblems.length > 0 ? schemaProblems : compileContract(value as never, '$');
  if (!Array.isArray(compiled)) return compiled;
  const [first] = compiled;
  const more = compiled.length > 1 ? ` (and ${compiled.length - 1} more, see details)` : '';
  throw new FlowhookError('FLOWHOOK_CONFIG_INVALID', `flow contract (${file}) is invalid: "${first?.path ?? '$'}" ${first?.message ?? ''}${more}`, {
    hint: 'the file holds a flow\'s "contract" object: { "body": { a JSON Schema }, "headers": [...], "query": [...] } (FlowContract in openapi/mock-okta.yaml)',
    details: compiled,
  });
}

function readEventFile(file: string): NamedEvent {
  return { name: file, event: parseEvent(readJsonFile(file, { what: 'access-request event', option: '--event' })) };
}

export async function lintCommand(options: LintCommandOptions, io: CommandIO): Promise<number> {
  const output = new RedactingIO(io);
  return runCommand(output, async () => {
    const targets = localTargetsFrom(options, io.env);
    const value = readWebhookFile(options.webhook, io.env, output);
    const events = (options.event ?? []).map(readEventFile);
    const contractLint =
      options.contract === undefined && events.length === 0
        ? undefined
        : { ...(options.contract === undefined ? {} : { contract: readContractFile(options.contract) }), events };
    const report = lintWebhook(value, targets, contractLint);
    if (report.problems.length === 0) output.addSecrets(secretsOf(value as WebhookConfig));
    if (options.json === true) {
      output.out(JSON.stringify(report, null, 2));
      return report.problems.length === 0 ? EXIT.ok : EXIT.badInput;
    }
    output.out(humanReport(report, options.webhook).join('\n'));
    if (report.problems.length === 0) return EXIT.ok;
    const count = report.problems.length === 1 ? '1 problem' : `${report.problems.length} problems`;
    const name = report.webhook === null ? '' : ` "${report.webhook}"`;
    throw new FlowhookError('FLOWHOOK_CONFIG_INVALID', `webhook config${name} (${options.webhook}) has ${count}`, {
      hint: 'fix each problem at its JSON path, then run flowhook lint again',
      details: report.problems,
    });
  });
}

function humanReport(report: LintReport, file: string): string[] {
  const lines = [report.webhook === null ? `webhook config ${file}` : `webhook "${report.webhook}" (${file})`];
  if (report.target !== undefined) lines.push(`  target: ${report.target}`);
  if (report.oauth !== undefined) lines.push(`  oauth: ${report.oauth}`);
  const rendered = report.renders.length === TRIGGERS.length ? 'all 6 triggers' : `${report.renders.length} of 6 triggers`;
  lines.push(`  template: renders JSON for ${rendered}`);
  if (report.checked !== undefined) lines.push(`  checked: ${report.checked.join(', ')}`);
  if (report.problems.length === 0) lines.push('no problems found');
  return lines;
}

/** `flowhook lint`: runs the command. */
export async function runLint(options: LintCommandOptions): Promise<void> {
  process.exitCode = await lintCommand(options, processIO);
}

function thrownProblems(check: () => unknown): Problem[] {
  try {
    check();
    return [];
  } catch (err) {
    return problemsOf(err);
  }
}

function problemsOf(err: unknown): Problem[] {
  if (!isFlowhookError(err)) throw err;
  return err.details ?? [{ path: '$', message: err.message }];
}

function hasProblemAt(problems: readonly Problem[], prefix: string): boolean {
  return problems.some((problem) => problem.path.startsWith(prefix));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
