// The store: one repository per entity, all on the one table. createStore() is the only way
// use cases get one; the adapters hand it a Table (DynamoDB, or DynamoDB Local in tests).
import { contactsRepository } from './contacts.ts';
import { deliveryReader } from './delivery.ts';
import { digestsRepository } from './digests.ts';
import { heldRepository } from './held.ts';
import { interactionsRepository } from './interactions.ts';
import { meetingsRepository } from './meetings.ts';
import { messagesRepository } from './messages.ts';
import { milestonesRepository } from './milestones.ts';
import { noticesRepository } from './notices.ts';
import { programsRepository } from './programs.ts';
import { remindersRepository } from './reminders.ts';
import { schedulesRepository } from './schedules.ts';
import { sessionsRepository } from './sessions.ts';
import type { Table } from './table.ts';
import { WriteUnit } from './unit.ts';
import { usersRepository } from './users.ts';

export function createStore(table: Table) {
  return {
    tableName: table.name,
    ensureTable: () => table.ensure(),
    /** A unit of work: writes gathered and made in as few requests as possible (unit.ts). */
    unit: () => new WriteUnit(table),
    /** A delivery's user, whether its message was seen, and the reminder it replies to (delivery.ts). */
    delivery: deliveryReader(table),
    users: usersRepository(table),
    contacts: contactsRepository(table),
    interactions: interactionsRepository(table),
    reminders: remindersRepository(table),
    messages: messagesRepository(table),
    meetings: meetingsRepository(table),
    milestones: milestonesRepository(table),
    programs: programsRepository(table),
    digests: digestsRepository(table),
    notices: noticesRepository(table),
    schedules: schedulesRepository(table),
    held: heldRepository(table),
    sessions: sessionsRepository(table),
  };
}

export type Store = ReturnType<typeof createStore>;
export type { EndedState } from './reminders.ts';
