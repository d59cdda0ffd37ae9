/** The reporters of `flowhook test` and `send`, named apart from their code so that the CLI can list them without loading it. */
export const REPORTERS = ['pretty', 'summary', 'json', 'junit'] as const;
export type ReporterName = (typeof REPORTERS)[number];
/** The reporters that write one document at the end of a run, to standard output or an `--output` file. */
export const DOCUMENT_REPORTERS: readonly ReporterName[] = ['json', 'junit'];
