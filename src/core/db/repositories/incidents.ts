import { and, asc, desc, eq, gte, max, ne, or } from 'drizzle-orm';
import type { WatchroomDb } from '../open';
import { incidentEvents, incidents, sopTemplates } from '../schema';

export type SopTemplateRow = typeof sopTemplates.$inferSelect;
export type IncidentRow = typeof incidents.$inferSelect;
export type IncidentEventRow = typeof incidentEvents.$inferSelect;

export interface IncidentsRepository {
  /** The latest version of every template, by name. */
  latestTemplates(): SopTemplateRow[];
  /** A template's latest version, or the one asked for. */
  getTemplate(slug: string, version?: number): SopTemplateRow | undefined;
  /** The newest version a YAML file added for this slug (to skip a file that did not change). */
  latestFileTemplate(slug: string): SopTemplateRow | undefined;
  insertTemplate(row: SopTemplateRow): void;

  /** Open incidents, and resolved ones since a time. */
  listIncidents(resolvedSince: number | null): IncidentRow[];
  openIncidents(): IncidentRow[];
  getIncident(id: string): IncidentRow | undefined;
  nextIncidentNumber(): number;
  /** Writes an incident whole: one statement per command. */
  saveIncident(row: IncidentRow): void;
  appendIncidentEvent(row: Omit<IncidentEventRow, 'id'>): void;
  incidentEvents(incidentId: string): IncidentEventRow[];
}

export function createIncidentsRepository(db: WatchroomDb): IncidentsRepository {
  return {
    latestTemplates: () => {
      // A few dozen templates with a few versions each: picking the newest in memory is simpler than SQL for it.
      const latest = new Map<string, SopTemplateRow>();
      for (const row of db.select().from(sopTemplates).orderBy(asc(sopTemplates.slug), desc(sopTemplates.version)).all()) {
        if (!latest.has(row.slug)) latest.set(row.slug, row);
      }
      return [...latest.values()].sort((a, b) => a.name.localeCompare(b.name));
    },
    getTemplate: (slug, version) =>
      version === undefined
        ? db.select().from(sopTemplates).where(eq(sopTemplates.slug, slug)).orderBy(desc(sopTemplates.version)).limit(1).get()
        : db
            .select()
            .from(sopTemplates)
            .where(and(eq(sopTemplates.slug, slug), eq(sopTemplates.version, version)))
            .get(),
    latestFileTemplate: (slug) =>
      db
        .select()
        .from(sopTemplates)
        .where(and(eq(sopTemplates.slug, slug), eq(sopTemplates.source, 'file')))
        .orderBy(desc(sopTemplates.version))
        .limit(1)
        .get(),
    insertTemplate: (row) => void db.insert(sopTemplates).values(row).run(),

    listIncidents: (resolvedSince) =>
      db
        .select()
        .from(incidents)
        .where(
          resolvedSince === null
            ? ne(incidents.state, 'resolved')
            : or(ne(incidents.state, 'resolved'), gte(incidents.resolvedAt, resolvedSince)),
        )
        .orderBy(desc(incidents.number))
        .all(),
    openIncidents: () => db.select().from(incidents).where(ne(incidents.state, 'resolved')).all(),
    getIncident: (id) => db.select().from(incidents).where(eq(incidents.id, id)).get(),
    nextIncidentNumber: () =>
      (db
        .select({ top: max(incidents.number) })
        .from(incidents)
        .get()?.top ?? 0) + 1,
    saveIncident: (row) =>
      void db
        .insert(incidents)
        .values(row)
        .onConflictDoUpdate({ target: incidents.id, set: { ...row } })
        .run(),
    appendIncidentEvent: (row) => void db.insert(incidentEvents).values(row).run(),
    incidentEvents: (incidentId) =>
      db
        .select()
        .from(incidentEvents)
        .where(eq(incidentEvents.incidentId, incidentId))
        .orderBy(asc(incidentEvents.at), asc(incidentEvents.id))
        .all(),
  };
}
