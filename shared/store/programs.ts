// Residency programs, one item each under the user (few: tens a season, never the history).
import type { Program } from '../domain/model.ts';
import { type Key, prefixQuery, type Table, userPk, type WriteAction } from './table.ts';

const PROGRAM_PREFIX = 'PROGRAM#';

export const programKeys = {
  program: (userId: string, programId: string): Key => ({
    pk: userPk(userId),
    sk: `${PROGRAM_PREFIX}${programId}`,
  }),
};

const programRow = (userId: string, program: Program) => ({
  ...programKeys.program(userId, program.programId),
  type: 'program',
  ...program,
});

export function programsRepository(table: Table) {
  return {
    get: (userId: string, programId: string) => table.get<Program>(programKeys.program(userId, programId)),
    list: (userId: string) => table.query<Program>(prefixQuery(userPk(userId), PROGRAM_PREFIX)),
    put: (userId: string, program: Program) => table.put(programRow(userId, program)),
    /** put as a write, for a unit of work. */
    putWrite: (userId: string, program: Program): WriteAction => ({ put: programRow(userId, program) }),
  };
}
