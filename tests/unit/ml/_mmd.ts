import { sampleRing } from "../../../lib/ml/datasets/ring";
import { scoreRingSamples } from "../../../lib/ml/metrics/ring";
import { mulberry32 } from "../../../lib/ml/random";
const p = sampleRing(2000, mulberry32(99));
scoreRingSamples(p);
for (let r = 0; r < 3; r++) { const t0 = performance.now(); scoreRingSamples(p); console.log((performance.now() - t0).toFixed(1), "ms"); }
// raw loop
const a = new Float64Array(p);
let t0 = performance.now(); let tot = 0;
for (let i = 0; i < 2000; i++) for (let j = 0; j < 2000; j++) { const dx = a[2*i]-a[2*j], dy = a[2*i+1]-a[2*j+1]; const d2 = dx*dx+dy*dy; let e = Math.exp(-0.125*d2); tot += e; e*=e;e*=e;e*=e;e*=e; tot+=e; e*=e;e*=e;e*=e;e*=e; tot+=e; }
console.log("raw 4M pairs", (performance.now() - t0).toFixed(1), "ms", tot);
t0 = performance.now(); tot = 0;
for (let i = 0; i < 2000; i++) for (let j = 0; j < 2000; j++) { const dx = a[2*i]-a[2*j], dy = a[2*i+1]-a[2*j+1]; const d2 = dx*dx+dy*dy; tot += d2; }
console.log("raw d2 only", (performance.now() - t0).toFixed(1), "ms", tot);
