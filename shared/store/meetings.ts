// Meetings: what Rounds remembers of a calendar event (by a hash of its UID), so an update or
// a cancellation finds the interaction and the reminders it set.
import type { Meeting } from '../domain/model.ts';
import { type Key, type Table, userPk, type WriteAction } from './table.ts';

export const meetingKeys = {
  meeting: (userId: string, uidHash: string): Key => ({ pk: userPk(userId), sk: `MEETING#${uidHash}` }),
};

export function meetingsRepository(table: Table) {
  return {
    get(userId: string, uidHash: string): Promise<Meeting | undefined> {
      return table.get(meetingKeys.meeting(userId, uidHash));
    },
    /** Several meetings in one BatchGet, in order (undefined for one never logged). */
    getEach(userId: string, uidHashes: string[]): Promise<(Meeting | undefined)[]> {
      return uidHashes.length === 0
        ? Promise.resolve([])
        : table.getEach(uidHashes.map((h) => meetingKeys.meeting(userId, h)));
    },
    putWrite(userId: string, uidHash: string, meeting: Meeting): WriteAction {
      return { put: { ...meetingKeys.meeting(userId, uidHash), type: 'meeting', ...meeting } };
    },
    put(userId: string, uidHash: string, meeting: Meeting): Promise<void> {
      return table.put({ ...meetingKeys.meeting(userId, uidHash), type: 'meeting', ...meeting });
    },
  };
}
