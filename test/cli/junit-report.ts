/**
 * JUnit XML as CI systems meet it: checked against the JUnit schema in test/fixtures/junit.xsd (libxml2,
 * through xmllint-wasm) and read by an XML parser (fast-xml-parser) into suites, cases and outcomes.
 */
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';

const SCHEMA = readFileSync(new URL('../fixtures/junit.xsd', import.meta.url), 'utf8');

export interface JunitOutcome {
  message: string | undefined;
  type: string | undefined;
  text: string;
}

export interface JunitCase {
  classname: string;
  name: string;
  time: number;
  failure?: JunitOutcome;
  skipped?: JunitOutcome;
  systemOut?: string;
}

export interface JunitCounts {
  name: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  time: number;
}

export interface JunitSuite extends JunitCounts {
  timestamp: string | undefined;
  properties: Record<string, string>;
  cases: JunitCase[];
}

export interface JunitReport extends JunitCounts {
  suites: JunitSuite[];
}

/** What the schema says is wrong with each document (named `report-<index>.xml`); empty when every one is valid. */
export async function junitSchemaErrors(documents: readonly string[]): Promise<string[]> {
  if (documents.length === 0) return [];
  const result = await validateXML({
    xml: documents.map((contents, index) => ({ fileName: `report-${index}.xml`, contents })),
    schema: [{ fileName: 'junit.xsd', contents: SCHEMA }],
  });
  return result.valid ? [] : result.errors.map((error) => error.rawMessage);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  htmlEntities: true,
  alwaysCreateTextNode: true,
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});

type Node = Record<string, unknown>;

export function readJunit(xml: string): JunitReport {
  const root = (parser.parse(xml) as { testsuites: Node }).testsuites;
  return { ...counts(root), suites: ((root.testsuite as Node[] | undefined) ?? []).map(suite) };
}

function suite(node: Node): JunitSuite {
  const properties = ((node.properties as Node | undefined)?.property as Node[] | undefined) ?? [];
  return {
    ...counts(node),
    timestamp: attribute(node, 'timestamp'),
    properties: Object.fromEntries(properties.map((property) => [attribute(property, 'name') ?? '', attribute(property, 'value') ?? ''])),
    cases: ((node.testcase as Node[] | undefined) ?? []).map(testcase),
  };
}

function testcase(node: Node): JunitCase {
  const failure = node.failure as Node | undefined;
  const skipped = node.skipped as Node | undefined;
  const systemOut = node['system-out'] as Node | undefined;
  return {
    classname: attribute(node, 'classname') ?? '',
    name: attribute(node, 'name') ?? '',
    time: Number(attribute(node, 'time')),
    ...(failure === undefined ? {} : { failure: outcome(failure) }),
    ...(skipped === undefined ? {} : { skipped: outcome(skipped) }),
    ...(systemOut === undefined ? {} : { systemOut: text(systemOut) }),
  };
}

function counts(node: Node): JunitCounts {
  const number = (name: string) => Number(attribute(node, name) ?? 0);
  return { name: attribute(node, 'name') ?? '', tests: number('tests'), failures: number('failures'), errors: number('errors'), skipped: number('skipped'), time: number('time') };
}

function outcome(node: Node): JunitOutcome {
  return { message: attribute(node, 'message'), type: attribute(node, 'type'), text: text(node) };
}

function attribute(node: Node, name: string): string | undefined {
  const value = node[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

function text(node: Node): string {
  const value = node['#text'];
  return typeof value === 'string' ? value : '';
}
