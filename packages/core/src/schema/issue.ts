/** What went wrong, in zod's words, so code that switches on `code` reads the same. */
export type IssueCode =
  | 'invalid_type'
  | 'invalid_value'
  | 'invalid_format'
  | 'unrecognized_keys'
  | 'too_big'
  | 'too_small'
  | 'custom';

/** One problem with a value: where (`['alerts', 0, 'type']`), what to fix, and its kind. */
export interface Issue {
  path: (string | number)[];
  message: string;
  code: IssueCode;
}

/**
 * Thrown by `schema.parse` (and carried by a failed `safeParse`). Its message lists every issue
 * as `path: message`, e.g. `interval: expected one of month, year`.
 */
export class SchemaError extends Error {
  readonly issues: Issue[];

  constructor(issues: Issue[]) {
    super(
      issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; '),
    );
    this.name = 'SchemaError';
    this.issues = issues;
  }
}
