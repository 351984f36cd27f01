import { recordStatements } from '../../bench/statement-capture.js';

/**
 * Counts the SQL statements that reach PostgreSQL while `work` runs, at the
 * driver: every query of every pool client, whichever layer issued it.
 */
export async function countSqlStatements(work: () => Promise<unknown>): Promise<{ count: number; statements: string[] }> {
  const recorder = recordStatements();
  try {
    await work();
  } finally {
    recorder.stop();
  }
  const statements = recorder.take().map((statement) => statement.text);
  return { count: statements.length, statements };
}
