/**
 * Publishing the dashboard, whichever backend holds the team: one HTML page locally, QuickSight on
 * AWS (quicksight-publisher.ts, apart so that the page does not load the AWS SDK). Both render the
 * same definition from the same warehouse views.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HoldoutCheck } from '../clv/model.js';
import {
  CLV_VALIDATION_FILE,
  matchClvValidation,
  warehouseFitIdentity,
  type FitIdentity,
} from '../clv/validation-file.js';
import type { Clock } from '../wait.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { readDashboardData, type DashboardData } from './data.js';
import { rfmDashboard } from './definition.js';
import type { PublishReport, RefreshMode } from './quicksight.js';
import { screenshotDashboard } from './screenshot.js';
import { renderDashboardHtml } from './to-html.js';

/** What one publish is asked to do; each backend reads the fields that concern it. */
export interface PublishRequest {
  /** Page: the folder dashboard.html goes to (default: the backend's out folder). */
  readonly outDir?: string;
  /** Page: also write dashboard.png with headless Chromium. */
  readonly screenshot?: boolean;
  /**
   * Page: the lifetime-value fit of the warehouse's data, when the caller has just made it (a
   * holdout check beside the page is shown when it checks this fit); else read from the warehouse.
   */
  readonly clvFit?: FitIdentity;
  /** QuickSight: the active model version; a new one refreshes SPICE (`refresh: auto`). */
  readonly modelVersion?: number;
  readonly refresh?: RefreshMode;
  readonly waitForIngestions?: boolean;
  readonly timeoutMs?: number;
  /** QuickSight: makes ingestion ids unique, e.g. the workflow run id and attempt. */
  readonly runId?: string;
  readonly log?: (line: string) => void;
  /** QuickSight: the clock and jitter of the bounded waits (tests make them instant). */
  readonly clock?: Clock;
  readonly random?: () => number;
}

/** What a publish did. */
export interface PublishResult {
  /** The page's path or the dashboard's URL. */
  readonly location: string;
  /** Files written (page, screenshot); empty for QuickSight. */
  readonly files: readonly string[];
  readonly changed: boolean;
  /** Markdown for a job summary. */
  readonly summary: string;
  /** Page: the data it was rendered from. */
  readonly data?: DashboardData;
  /** Page: the holdout check it shows (clv-validation.json beside it, of the warehouse's data). */
  readonly clvValidation?: HoldoutCheck;
  /** QuickSight: every resource looked at and what was done to it. */
  readonly report?: PublishReport;
}

export interface Publisher {
  readonly kind: 'page' | 'quicksight';
  publish(request?: PublishRequest): Promise<PublishResult>;
}

/**
 * The self-contained HTML page, from the team's warehouse, money in `currency` (ISO 4217), with
 * the holdout check of `clv-validation.json` in its folder when it checks the warehouse's data.
 */
export function pagePublisher(
  wh: Warehouse,
  team: string,
  defaultOutDir: string,
  currency: string,
): Publisher {
  return {
    kind: 'page',
    async publish(request = {}) {
      const spec = rfmDashboard(currency);
      const data = await readDashboardData(wh, team, spec);
      const outDir = request.outDir ?? defaultOutDir;
      await mkdir(outDir, { recursive: true });
      const validation = await matchClvValidation(join(outDir, CLV_VALIDATION_FILE), async () =>
        request.clvFit === undefined ? warehouseFitIdentity(wh) : request.clvFit,
      );
      if (validation.note !== undefined) request.log?.(`clv: ${validation.note}`);
      const page = join(outDir, 'dashboard.html');
      await writeFile(
        page,
        await renderDashboardHtml(
          data,
          spec,
          validation.shown === undefined ? {} : { clvValidation: validation.shown },
        ),
      );
      const files = [page];
      if (request.screenshot === true) {
        const png = join(outDir, 'dashboard.png');
        await screenshotDashboard(page, png);
        files.push(png);
      }
      return {
        location: page,
        files,
        changed: true,
        summary: `### Dashboard for ${team}\n\n${files.map((f) => `- \`${f}\``).join('\n')}\n`,
        data,
        ...(validation.shown === undefined ? {} : { clvValidation: validation.shown }),
      };
    },
  };
}
