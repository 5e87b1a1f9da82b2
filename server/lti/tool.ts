// GenLab's LTI tool in one value: its keys, its calls to LMS services, its grade passback, its launch URL.
import type { Db } from "../db";
import { absentGradeSync, type GradeSync } from "./grades";
import { createToolKeys, type ToolKeys } from "./keys";
import { type FrameOrigins, watchFrameOrigins } from "./platforms";
import { createLtiServices, type LtiServices } from "./services";

export interface LtiTool {
  keys: ToolKeys;
  services: LtiServices;
  gradeSync: GradeSync;
  /** Where LMSs post launches (the redirect URI registered with them). */
  launchUrl: string;
  /** The registered LMSs' web origins, allowed to frame GenLab. */
  frameOrigins: FrameOrigins;
}

export const LAUNCH_PATH = "/lti/launch";

/** The tool of a server; `gradeSync` is set once the queue runs (server/index.ts), absent in tests that post no grades. */
export function createLtiTool(db: Db, publicOrigin: string, parts: { keys?: ToolKeys; gradeSync?: GradeSync } = {}): LtiTool {
  const keys = parts.keys ?? createToolKeys(db);
  return {
    keys,
    services: createLtiServices(keys),
    gradeSync: parts.gradeSync ?? absentGradeSync,
    launchUrl: `${publicOrigin}${LAUNCH_PATH}`,
    frameOrigins: watchFrameOrigins(db),
  };
}
