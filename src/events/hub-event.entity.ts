import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Opt, Ref } from '@mikro-orm/core';
import { WorkingGroup } from '../groups/working-group.entity.js';

/**
 * A durable, ordered event (a webinar scheduled, rescheduled, cancelled,
 * held), written in the same transaction as the change it announces. The
 * sequence number is the cursor live subscribers resume from.
 *
 * The trigger announces each new row on the `hub_events` channel.
 * PostgreSQL delivers a NOTIFY only when its transaction commits, never for
 * one that rolls back, so every instance hears of committed events only. The
 * payload is the sequence number alone (NOTIFY payloads are limited to 8000
 * bytes): listeners read the rows.
 */
@Entity({
  tableName: 'hub_event',
  triggers: [
    {
      name: 'hub_event_notify',
      timing: 'after',
      events: ['insert'],
      forEach: 'row',
      body: "perform pg_notify('hub_events', new.sequence::text); return new;",
    },
  ],
})
@Index({ properties: ['workingGroup', 'sequence'] })
export class HubEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  sequence!: Opt<string>;

  /** e.g. `webinar.scheduled`. */
  @Property({ type: 'text' })
  type!: string;

  @ManyToOne({ entity: () => WorkingGroup, ref: true, nullable: true, deleteRule: 'cascade' })
  workingGroup?: Ref<WorkingGroup> | null;

  @Property({ type: 'text' })
  subjectType!: string;

  @Property({ type: 'text' })
  subjectKey!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}
