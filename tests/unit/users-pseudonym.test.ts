// Pseudonyms: stable per course and person, different across courses, never shared within a course.
import assert from "node:assert/strict";
import { test } from "node:test";
import { coursePseudonyms, pseudonym } from "@/lib/users/pseudonym";

test("a pseudonym reads like 'Blue Heron 17' and is the same every time", () => {
  const name = pseudonym("course-1", "user-1");
  assert.match(name, /^[A-Z][a-z]+ [A-Z][a-z]+ ([1-9]|[1-9][0-9])$/);
  assert.equal(pseudonym("course-1", "user-1"), name);
});

test("the same person has unrelated pseudonyms in two courses", () => {
  const differ = Array.from({ length: 50 }, (_, i) => pseudonym("course-a", `user-${i}`) !== pseudonym("course-b", `user-${i}`));
  assert.ok(differ.filter(Boolean).length >= 49);
});

test("within a course nobody shares a pseudonym, and earlier members keep theirs as others join", () => {
  const ids = Array.from({ length: 3000 }, (_, i) => `user-${i}`);
  const all = coursePseudonyms("big-course", ids);
  assert.equal(new Set(all.values()).size, ids.length);
  const first = coursePseudonyms("big-course", ids.slice(0, 1000));
  for (const [id, name] of first) assert.equal(all.get(id), name);
});
