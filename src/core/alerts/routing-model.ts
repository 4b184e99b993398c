import type { OnCallSchedule } from '../../shared/contract';
import type { OnCallScheduleRow } from '../db';

export function toSchedule(row: OnCallScheduleRow): OnCallSchedule {
  return {
    id: row.id,
    name: row.name,
    people: row.people,
    handoffWeekday: row.handoffWeekday,
    handoffTime: row.handoffTime,
    rotationWeeks: row.rotationWeeks,
    startsOn: row.startsOn,
    overrides: row.overrides,
    updatedAt: row.updatedAt,
  };
}
