// What a lecturer sees at start: loopback unless told otherwise, the demo password only when it works,
// a warning when the class's join links would point at localhost.
import assert from "node:assert/strict";
import { test } from "node:test";
import { readEnv } from "@/server/env";
import { startBanner } from "@/server/start-banner";

test("the server listens on loopback unless HOST says otherwise; empty variables count as unset", () => {
  assert.equal(readEnv({}).HOST, "127.0.0.1");
  assert.equal(readEnv({ HOST: "0.0.0.0" }).HOST, "0.0.0.0");
  assert.equal(readEnv({ DATABASE_URL: "", GENLAB_DEMO_PASSWORD: "" }).DATABASE_URL, undefined);
  assert.deepEqual(readEnv({ GENLAB_TRUSTED_PROXIES: " 10.0.0.1, 10.1.0.0/16 ," }).GENLAB_TRUSTED_PROXIES, ["10.0.0.1", "10.1.0.0/16"]);
  assert.throws(() => readEnv({ GENLAB_DEMO_PASSWORD: "short" }), /GENLAB_DEMO_PASSWORD: must be at least 8 characters/);
  assert.throws(() => readEnv({ GENLAB_EXTRA_ORIGINS: "not a url" }), /GENLAB_EXTRA_ORIGINS/);
});

const demo = { courseId: "c1", created: [], passwordWorks: true, password: "kq7m-x2vh-tn9c-pw4e", passwordFrom: ".genlab/demo-password" };

test("the start banner: demo password when it works, how to serve a class, and a localhost join-link warning", () => {
  const local = startBanner({ url: "http://localhost:3000", host: "127.0.0.1", port: 3000, embedded: true, demo });
  assert.match(local, /GenLab is ready at http:\/\/localhost:3000 \(embedded PostgreSQL\)/);
  assert.match(local, /Demo password: kq7m-x2vh-tn9c-pw4e {3}\(from \.genlab\/demo-password\)/);
  assert.match(local, /join code GENAI1/);
  assert.match(local, /HOST=0\.0\.0\.0 GENLAB_URL=http:\/\/<this computer's address>:3000 npm start/);
  assert.doesNotMatch(local, /genlab-demo/);

  const changed = startBanner({ url: "http://localhost:3000", host: "127.0.0.1", port: 3000, embedded: true, demo: { ...demo, passwordWorks: false } });
  assert.doesNotMatch(changed, /kq7m/);
  assert.match(changed, /changed since it was set \(not shown\)/);

  const hall = startBanner({ url: "http://localhost:3000", host: "0.0.0.0", port: 3000, embedded: true, demo });
  assert.match(hall, /GENLAB_URL is http:\/\/localhost:3000: join links and QR codes will point/);

  const served = startBanner({ url: "http://192.168.1.20:3000", host: "0.0.0.0", port: 3000, embedded: false, demo: null });
  assert.match(served, /students open http:\/\/192\.168\.1\.20:3000/);
  assert.doesNotMatch(served, /Demo/);
});
