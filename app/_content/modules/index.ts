import type { ComponentType } from "react";
import { ganModule } from "./gan";

/** A module's reading text. Titles and order come from the course (lib/course/modules.ts). */
export interface ModuleContent {
  slug: string;
  /** Estimated reading time. */
  minutes: number;
  Body: ComponentType;
}

const MODULE_CONTENT: Record<string, ModuleContent> = {
  [ganModule.slug]: ganModule,
};

export function findModuleContent(slug: string): ModuleContent | undefined {
  return Object.hasOwn(MODULE_CONTENT, slug) ? MODULE_CONTENT[slug] : undefined;
}
