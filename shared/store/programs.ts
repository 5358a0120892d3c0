// Residency programs, one item each under the user (few: tens a season, never the history).
import type { Program } from '../domain/model.ts';
import { type Key, prefixQuery, type Table, userPk } from './table.ts';

const PROGRAM_PREFIX = 'PROGRAM#';

export const programKeys = {
  program: (userId: string, programId: string): Key => ({
    pk: userPk(userId),
    sk: `${PROGRAM_PREFIX}${programId}`,
  }),
};

export function programsRepository(table: Table) {
  return {
    get: (userId: string, programId: string) => table.get<Program>(programKeys.program(userId, programId)),
    list: (userId: string) => table.query<Program>(prefixQuery(userPk(userId), PROGRAM_PREFIX)),
    put: (userId: string, program: Program) =>
      table.put({ ...programKeys.program(userId, program.programId), type: 'program', ...program }),
  };
}
