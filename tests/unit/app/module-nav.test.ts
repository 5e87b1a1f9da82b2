// A module page links to the previous and next module (in the course's order) at its bottom, and a
// long reading starts with a table of contents of its h2 sections as in-page links.
import "./ignore-css";
import assert from "node:assert/strict";
import { test } from "node:test";
import { getQueryKey } from "@trpc/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { adjacentModules, renderedHeadings, tocEntries, wantsToc } from "@/app/_lib/module-nav";
import { COURSE_MODULES } from "@/lib/course/modules";
import { renderWithTrpc } from "./render-with-trpc";

const { findModuleContent } = await import("@/app/_content/modules");
const { ModulePager, ModuleToc } = await import("@/app/_components/course/ModuleNav");
const { api } = await import("@/app/_trpc/react");

const modules = [
  { slug: "a", title: "First" },
  { slug: "b", title: "Second" },
  { slug: "c", title: "Third" },
];

test("previous and next follow the course's order, with nothing past either end", () => {
  assert.deepEqual(adjacentModules(modules, "b"), { previous: modules[0], next: modules[2] });
  assert.deepEqual(adjacentModules(modules, "a"), { previous: null, next: modules[1] });
  assert.deepEqual(adjacentModules(modules, "c"), { previous: modules[1], next: null });
  // A module this reader's course does not list (hidden from students): no neighbours to guess.
  assert.deepEqual(adjacentModules(modules, "hidden"), { previous: null, next: null });
});

test("the pager links both neighbours, and is absent for a lone module", () => {
  const html = renderToStaticMarkup(createElement(ModulePager, { base: "/courses/c1", previous: modules[0], next: modules[2] }));
  const links = [...html.matchAll(/<a([^>]*)>(.*?)<\/a>/gs)].map((m) => ({ attributes: m[1], text: m[2].replace(/<[^>]+>/g, "") }));
  assert.equal(links.length, 2);
  assert.match(links[0].attributes, /href="\/courses\/c1\/modules\/a"/);
  assert.match(links[0].attributes, /rel="prev"/);
  assert.match(links[0].attributes, /data-testid="module-previous"/);
  assert.equal(links[0].text, "← Previous moduleFirst");
  assert.match(links[1].attributes, /href="\/courses\/c1\/modules\/c"/);
  assert.match(links[1].attributes, /rel="next"/);
  assert.equal(links[1].text, "Next module →Third");
  const last = renderToStaticMarkup(createElement(ModulePager, { base: "/courses/c1", previous: modules[1], next: null }));
  assert.doesNotMatch(last, /module-next/);
  assert.equal(renderToStaticMarkup(createElement(ModulePager, { base: "/courses/c1", previous: null, next: null })), "");
});

test("table of contents: headings with ids, in order, once each; only for long readings", () => {
  const entries = tocEntries([
    { id: "game", text: " The two-player\n game " },
    { id: "", text: "No anchor" },
    { id: "empty", text: "  " },
    { id: "game", text: "Repeated id" },
    { id: "references", text: "References" },
  ]);
  assert.deepEqual(entries, [
    { id: "game", text: "The two-player game" },
    { id: "references", text: "References" },
  ]);
  const fakeDom = {
    querySelectorAll: () => [
      { id: "a", textContent: "A" },
      { id: "b", textContent: "B" },
    ],
  } as unknown as ParentNode;
  assert.deepEqual(renderedHeadings(fakeDom), [
    { id: "a", text: "A" },
    { id: "b", text: "B" },
  ]);
  assert.equal(wantsToc(10, 6), true);
  assert.equal(wantsToc(6, 6), false, "a short reading");
  assert.equal(wantsToc(12, 2), false, "too few sections to list");
  const toc = renderToStaticMarkup(createElement(ModuleToc, { entries }));
  assert.match(toc, /data-testid="module-toc"/);
  assert.match(toc, /<a href="#game"[^>]*>The two-player game<\/a>.*<a href="#references"[^>]*>References<\/a>/s);
});

test("every module reading's h2 sections have unique ids, so the long ones get working contents", () => {
  let withToc = 0;
  for (const { slug } of COURSE_MODULES) {
    const content = findModuleContent(slug);
    if (!content) continue;
    // Some readings hold widgets that ask the server (tRPC).
    const html = renderWithTrpc(createElement(content.Body));
    const h2s = [...html.matchAll(/<h2([^>]*)>(.*?)<\/h2>/gs)].map((m) => ({ id: /\bid="([^"]*)"/.exec(m[1])?.[1] ?? "", text: m[2].replace(/<[^>]+>/g, "") }));
    for (const h of h2s) assert.ok(h.id, `${slug}: the section “${h.text}” has no id to link to`);
    assert.equal(new Set(h2s.map((h) => h.id)).size, h2s.length, `${slug}: two sections share an id`);
    for (const id of ["try-heading", "quiz-heading"]) assert.ok(!h2s.some((h) => h.id === id), `${slug}: "${id}" is the page's own section`);
    if (wantsToc(content.minutes, tocEntries(h2s).length)) withToc++;
  }
  assert.ok(withToc >= 10, `most readings are long enough for a table of contents (${withToc})`);
});

test("a module page ends with links to its neighbours in the course", async () => {
  const { ModuleView } = await import("@/app/courses/[courseId]/modules/[moduleSlug]/ModuleView");
  const module = (slug: string, position: number) => ({
    id: `m-${slug}`,
    slug,
    title: COURSE_MODULES.find((m) => m.slug === slug)!.title,
    position,
    hidden: false,
    releaseAt: null,
    visibleToStudents: true,
    exercises: [],
  });
  const course = {
    id: "c1",
    title: "GenAI",
    role: "STUDENT",
    timeZone: "UTC",
    modules: [module("autoencoders-vae", 0), module("gan", 1), module("normalizing-flows", 2)],
  };
  const html = renderWithTrpc(
    createElement(ModuleView, { courseId: "c1", moduleSlug: "gan", reading: { minutes: 12, body: createElement("p", null, "The reading.") } }),
    [[getQueryKey(api.course.get, { courseId: "c1" }, "query"), course]],
  );
  const hrefOf = (testId: string) => /href="([^"]*)"/.exec(new RegExp(`<a[^>]*data-testid="${testId}"[^>]*>`).exec(html)?.[0] ?? "")?.[1];
  assert.equal(hrefOf("module-previous"), "/courses/c1/modules/autoencoders-vae");
  assert.equal(hrefOf("module-next"), "/courses/c1/modules/normalizing-flows");
  assert.ok(html.indexOf("module-pager") > html.indexOf('id="quiz-heading"'), "at the bottom, after the quiz");
  assert.match(html, /About 12 minutes of reading/);
  assert.ok(html.indexOf("The reading.") < html.indexOf('id="try-heading"'), "the server's reading comes first");
});
