import { Hono } from "hono";
import { recoveryCounts } from "../../data/recoveries";
import { findReport } from "../../data/reports";
import { isReportId } from "../../domain/report";
import { type AppContext, type AppEnv, pageOf, snapshotOf } from "../../http/context";
import { localName } from "../../i18n/locale";
import { recoverySince, recoverySinceAll, type StatusSnapshot, shownComponents } from "../../read-model";
import {
  provideRecoveryBox,
  type RecoveryCount,
  type RecoveryPanelData,
  type RecoveryThanks,
} from "../../views/recovery";

/**
 * "It works again" on the pages (issue 14). The status page loads its panel's
 * figures with `recoveryPanelData` next to its other counts (so they are
 * cached with the page, like the report chart); the verdict page gets its box
 * from the GET handler below, which runs in front of the verdict route and
 * hands the figures to the verdict view through its page context.
 */
export const recoveryPages = new Hono<AppEnv>();

/** The visitor's own answer after a form post without JavaScript (`?recovered=`, `&repeat=1`). */
function thanksOf(c: AppContext, componentId: string | undefined): RecoveryThanks {
  const recovered = c.req.query("recovered");
  if (!recovered || !componentId) return null;
  if (recovered !== "1" && recovered !== componentId) return null;
  return { componentId, counted: c.req.query("repeat") !== "1" };
}

/** The status page's panel: every shown component, with how many people say it works again. */
export async function recoveryPanelData(c: AppContext, snapshot: StatusSnapshot): Promise<RecoveryPanelData> {
  const ctx = pageOf(c);
  const now = c.get("now");
  const shown = shownComponents(snapshot.components);
  const ids = shown.map((row) => row.id);
  const counts = await recoveryCounts(c.get("db"), recoverySinceAll(snapshot, ids, now));
  const components: RecoveryCount[] = shown.map((row) => ({
    componentId: row.id,
    name: localName(ctx.locale, row),
    recoveries: counts.get(row.id) ?? 0,
    sinceIncident: recoverySince(snapshot, row.id, now).sinceIncident,
  }));
  const recovered = c.req.query("recovered");
  return {
    components,
    thanks: thanksOf(
      c,
      ids.find((id) => id === recovered),
    ),
  };
}

recoveryPages.get("/report/:id", async (c, next) => {
  const id = c.req.param("id");
  if (isReportId(id)) {
    const snapshot = await snapshotOf(c);
    const report = await findReport(c.get("db"), id);
    const row = report ? snapshot.componentsById.get(report.componentId) : undefined;
    if (report && row) {
      const now = c.get("now");
      const since = recoverySince(snapshot, row.id, now);
      const counts = await recoveryCounts(c.get("db"), { [row.id]: since.sinceMs });
      const ctx = pageOf(c);
      provideRecoveryBox(ctx, {
        component: {
          componentId: row.id,
          name: localName(ctx.locale, row),
          recoveries: counts.get(row.id) ?? 0,
          sinceIncident: since.sinceIncident,
        },
        reportId: report.id,
        thanks: thanksOf(c, row.id),
      });
    }
  }
  await next();
});
