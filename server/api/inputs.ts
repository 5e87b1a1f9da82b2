// Input schemas several routers share.
import { z } from "zod";

export const courseId = z.string().min(1).max(64);

/**
 * An instant a course can mean: years 2000–2100. Further out, calendar arithmetic (late windows,
 * copies shifted by years) leaves the range of Date, and one such date would break every page
 * that grades the assignment.
 */
export const courseDate = z
  .date()
  .min(new Date(Date.UTC(2000, 0, 1)), "Dates start in the year 2000.")
  .max(new Date(Date.UTC(2100, 0, 1)), "Dates end in the year 2100.");

/** An instant, or wall-clock time in the course's time zone ("2026-12-11T23:59"), years 2000–2099. */
export const courseDateInput = z.union([
  courseDate,
  z.string().regex(/^20\d{2}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "Write a date and time like 2026-12-11T23:59."),
]);
