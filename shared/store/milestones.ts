// Milestones: conferences, rotations and letters the user added by hand. (Stored under ITEM#,
// their first name; renaming stored keys would need a migration for no gain.)
import type { Milestone } from '../domain/model.ts';
import { type Key, prefixQuery, type Table, userPk } from './table.ts';

const MILESTONE_PREFIX = 'ITEM#';

export const milestoneKeys = {
  milestone: (userId: string, id: string): Key => ({ pk: userPk(userId), sk: `${MILESTONE_PREFIX}${id}` }),
};

export function milestonesRepository(table: Table) {
  return {
    put(userId: string, milestone: Milestone): Promise<void> {
      return table.put({ ...milestoneKeys.milestone(userId, milestone.itemId), type: 'item', ...milestone });
    },
    list(userId: string): Promise<Milestone[]> {
      return table.query(prefixQuery(userPk(userId), MILESTONE_PREFIX));
    },
    get(userId: string, itemId: string): Promise<Milestone | undefined> {
      return table.get<Milestone>(milestoneKeys.milestone(userId, itemId));
    },
    delete(userId: string, itemId: string): Promise<void> {
      return table.delete(milestoneKeys.milestone(userId, itemId));
    },
  };
}
