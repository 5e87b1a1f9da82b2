// The LMS's words in GenLab's terms: roles, line items' scores URLs, roster pages' Link headers.
import assert from "node:assert/strict";
import { test } from "node:test";
import { courseRoleFromLms, scoresUrlOf } from "@/lib/lti/claims";
import { nextPageUrl } from "@/server/lti/roster";

const LIS = "http://purl.imsglobal.org/vocab/lis/v2";

test("roles: assistants (often also sent as instructors) are assistants; context administrators teach; institution roles alone make no one staff", () => {
  const cases: [string[], string][] = [
    [[`${LIS}/membership#Learner`], "STUDENT"],
    [[`${LIS}/membership#Instructor`, `${LIS}/membership/Instructor#TeachingAssistant`], "TEACHING_ASSISTANT"],
    [[`${LIS}/membership#TeachingAssistant`], "TEACHING_ASSISTANT"],
    [[`${LIS}/membership#Instructor`, `${LIS}/institution/person#Student`], "INSTRUCTOR"],
    [[`${LIS}/membership#Administrator`], "INSTRUCTOR"],
    [[`${LIS}/membership#ContentDeveloper`], "INSTRUCTOR"],
    [[`${LIS}/institution/person#Administrator`, `${LIS}/system/person#SysAdmin`], "STUDENT"],
    [["Instructor"], "INSTRUCTOR"],
    [["Learner"], "STUDENT"],
    [["http://evil.example/membership#Instructor"], "STUDENT"],
    [[], "STUDENT"],
  ];
  for (const [roles, expected] of cases) assert.equal(courseRoleFromLms(roles), expected, roles.join(" "));
});

test("a line item's scores URL: /scores after the path, before the query (Moodle), and after a trailing slash only once", () => {
  assert.equal(scoresUrlOf("https://canvas.example/api/lti/courses/1/line_items/7"), "https://canvas.example/api/lti/courses/1/line_items/7/scores");
  assert.equal(
    scoresUrlOf("https://moodle.example/mod/lti/services.php/2/lineitems/5/lineitem?type_id=3"),
    "https://moodle.example/mod/lti/services.php/2/lineitems/5/lineitem/scores?type_id=3",
  );
  assert.equal(scoresUrlOf("https://lms.example/items/9/"), "https://lms.example/items/9/scores");
});

test("roster paging: the next page from a Link header, whatever else it lists", () => {
  assert.equal(nextPageUrl('<https://lms.example/members?page=2>; rel="next"'), "https://lms.example/members?page=2");
  assert.equal(
    nextPageUrl(
      '<https://lms.example/members?page=1>; rel="first", <https://lms.example/members?page=3>; rel="next", <https://lms.example/members?page=9>; rel="last"',
    ),
    "https://lms.example/members?page=3",
  );
  assert.equal(nextPageUrl('<https://lms.example/m?p=2>; title="x"; rel=next'), "https://lms.example/m?p=2");
  assert.equal(nextPageUrl('<https://lms.example/members?page=9>; rel="last"'), null);
  assert.equal(nextPageUrl(null), null);
});
