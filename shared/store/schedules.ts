// Local schedules: the emulator's schedule group, kept in the table (in AWS, EventBridge
// Scheduler holds them). The same definitions either way (domain/schedules.ts).
import type { ScheduleDefinition } from '../domain/schedules.ts';
import type { Key, Table } from './table.ts';

const SCHEDULE_PK = 'SCHEDULE';

export const scheduleKeys = { schedule: (name: string): Key => ({ pk: SCHEDULE_PK, sk: name }) };

export function schedulesRepository(table: Table) {
  return {
    put: (definition: ScheduleDefinition): Promise<void> =>
      table.put({ ...scheduleKeys.schedule(definition.name), type: 'schedule', ...definition }),
    delete: (name: string): Promise<void> => table.delete(scheduleKeys.schedule(name)),
    list: (): Promise<ScheduleDefinition[]> =>
      table.query({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': SCHEDULE_PK } }),
  };
}
