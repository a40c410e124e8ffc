/** Turns a zod validation failure into one readable line for an error message. */
import type { z } from 'zod';

export function describeSchemaIssues(error: z.ZodError, maxIssues = 5): string {
  const described = error.issues.slice(0, maxIssues).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length - described.length;
  return described.join('; ') + (more > 0 ? `; and ${more} more` : '');
}
