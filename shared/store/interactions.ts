// Interactions: the record itself, one timeline entry per contact (newest last, so a contact's
// history is one Query), and an activity entry by time for the digest's "last week".
import type { ActivityEntry, Interaction } from '../domain/model.ts';
import {
  expiresInDays,
  type Key,
  prefixQuery,
  TABLE_SCHEMA,
  type Table,
  userPk,
  type WriteAction,
} from './table.ts';
import { WriteUnit } from './unit.ts';

/** The digest reads last week's activity; the timeline keeps the history. */
const ACTIVITY_DAYS = 60;

export const interactionKeys = {
  interaction: (userId: string, interactionId: string): Key => ({
    pk: userPk(userId),
    sk: `IX#${interactionId}`,
  }),
  timelineEntry: (userId: string, contactId: string, occurredAt: string, interactionId: string): Key => ({
    pk: userPk(userId),
    sk: `TL#${contactId}#${occurredAt}#${interactionId}`,
  }),
  timelinePrefix: (contactId: string) => `TL#${contactId}#`,
  activity: (userId: string, occurredAt: string, interactionId: string): Key => ({
    pk: userPk(userId),
    sk: `ACT#${occurredAt}#${interactionId}`,
  }),
};

/** The rows of one interaction: its activity entry, the record, a timeline entry per contact. */
function interactionWrites(userId: string, interaction: Interaction): WriteAction[] {
  return [
    {
      put: {
        ...interactionKeys.activity(userId, interaction.occurredAt, interaction.interactionId),
        type: 'activity',
        [TABLE_SCHEMA.ttlAttribute]: expiresInDays(ACTIVITY_DAYS),
        interactionId: interaction.interactionId,
        kind: interaction.kind,
        direction: interaction.direction,
        occurredAt: interaction.occurredAt,
      },
    },
    {
      put: {
        ...interactionKeys.interaction(userId, interaction.interactionId),
        type: 'interaction',
        ...interaction,
      },
    },
    ...interaction.contactIds.map((contactId) => ({
      put: {
        ...interactionKeys.timelineEntry(
          userId,
          contactId,
          interaction.occurredAt,
          interaction.interactionId,
        ),
        type: 'timeline',
        ...interaction,
      },
    })),
  ];
}

export function interactionsRepository(table: Table) {
  return {
    /** Idempotent: ids are deterministic, so writing the same interaction twice changes nothing. */
    putWrites: interactionWrites,

    async put(userId: string, interaction: Interaction): Promise<void> {
      const unit = new WriteUnit(table);
      unit.add(...interactionWrites(userId, interaction));
      await unit.commit();
    },

    get(userId: string, interactionId: string): Promise<Interaction | undefined> {
      return table.get(interactionKeys.interaction(userId, interactionId));
    },

    /** Removes an interaction and its timeline entries (a cancelled or moved meeting). */
    async delete(userId: string, interaction: Interaction): Promise<void> {
      for (const contactId of interaction.contactIds)
        await table.delete(
          interactionKeys.timelineEntry(userId, contactId, interaction.occurredAt, interaction.interactionId),
        );
      await table.delete(interactionKeys.activity(userId, interaction.occurredAt, interaction.interactionId));
      await table.delete(interactionKeys.interaction(userId, interaction.interactionId));
    },

    /** A contact's interactions, newest first. */
    timeline(userId: string, contactId: string): Promise<Interaction[]> {
      return table.query(prefixQuery(userPk(userId), interactionKeys.timelinePrefix(contactId), true));
    },

    /** What happened in [from, to): one range Query on the user's activity entries. */
    activityBetween(userId: string, from: string, to: string): Promise<ActivityEntry[]> {
      return table.query({
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': userPk(userId), ':from': `ACT#${from}`, ':to': `ACT#${to}` },
      });
    },
  };
}
