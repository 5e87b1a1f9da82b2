import { Arrow, Diagram, Label, type Point } from "./primitives";
import { Axes, Dot, polyline } from "./plot";

/*
 * The fast gradient sign method (Goodfellow, Shlens & Szegedy 2015) in a 2-D input space, in the notation of
 * the adversarial-examples module: x′ = x + ε · sign(∇ₓL), a corner of the L∞ ball ‖δ‖∞ ≤ ε around x. The
 * classifier is linear, so the loss gradient at x is normal to its decision boundary; the geometry below is
 * computed from w, x, ε and the distance to the boundary.
 */

/** Data units to user units: 70 per unit, origin at (30, 330), the second coordinate growing upwards. */
const UNIT = 70;
const at = ([a, b]: Point): Point => [30 + UNIT * a, 330 - UNIT * b];

/** A 2-D input x of class A, the L∞ budget ε, and a linear classifier w · x = c with class B on the side w points to. */
export function AdversarialPerturbationDiagram() {
  const id = "fgsm-diagram";
  const x: Point = [3.4, 2.1];
  const eps = 1.2;
  const norm = Math.hypot(2, 1);
  const w: Point = [2 / norm, 1 / norm];
  // The corner step gains ε‖w‖₁ ≈ 1.34ε towards the boundary: x lies at distance ε, so the corner crosses by a visible margin.
  const distance = eps;
  const c = w[0] * x[0] + w[1] * x[1] + distance;
  const [xMax, yMax] = [8.2, 4.4];
  /** The boundary's first coordinate at height b. */
  const cross = (b: number) => (c - w[1] * b) / w[0];
  const sign = w.map(Math.sign) as unknown as Point;
  const adv: Point = [x[0] + eps * sign[0], x[1] + eps * sign[1]];
  // The gradient's direction, drawn shorter than the distance to the boundary.
  const gradTip: Point = [x[0] + 0.8 * w[0], x[1] + 0.8 * w[1]];
  /** `p` moved `d` units towards `from`: an arrow that stops at a dot's rim. */
  const pullBack = (p: Point, from: Point, d: number): Point => {
    const len = Math.hypot(p[0] - from[0], p[1] - from[1]);
    return [p[0] + ((from[0] - p[0]) * d) / len, p[1] + ((from[1] - p[1]) * d) / len];
  };
  const region = (pts: Point[]) => `${polyline(pts.map(at))} Z`;
  const square = [
    [x[0] - eps, x[1] - eps],
    [x[0] + eps, x[1] - eps],
    [x[0] + eps, x[1] + eps],
    [x[0] - eps, x[1] + eps],
  ] as Point[];
  const [px, py] = at(x);
  const [ax, ay] = at(adv);
  const [gx, gy] = at(gradTip);
  return (
    <Diagram
      id={id}
      width={640}
      height={356}
      title="Diagram of the fast gradient sign method"
      desc="A two-dimensional input space with axes x1 and x2, split by a straight decision boundary into class A, on the left, and class B, on the right. A point x of class A lies near the boundary. An arrow from x shows the gradient of the loss, pointing towards the boundary, up and to the right but more right than up. A dashed square centred on x, with half-side ε, is the L-infinity ball of perturbations no larger than ε in any coordinate. The adversarial point x′ = x + ε · sign(gradient) sits at the square's top-right corner, the corner on the gradient's side in both coordinates, and that corner lies just across the boundary, in class B."
      caption="The fast gradient sign method in two dimensions. Every perturbation in the square $‖δ‖_∞ ≤ ε$ changes each coordinate of $x$ by at most $ε$. The step $ε · sign(∇_x L)$ moves every coordinate by the full $ε$ in the direction that raises the loss, which lands on a corner of the square: for a linear classifier, the point of the square that goes furthest across the boundary. Here that corner crosses into class B."
    >
      <path
        d={region([
          [0, yMax],
          [cross(yMax), yMax],
          [cross(0), 0],
          [0, 0],
        ])}
        className="fill-sky-50 stroke-none"
      />
      <path
        d={region([
          [cross(yMax), yMax],
          [xMax, yMax],
          [xMax, 0],
          [cross(0), 0],
        ])}
        className="fill-orange-50 stroke-none"
      />
      <path d={polyline([at([cross(yMax), yMax]), at([cross(0), 0])])} className="fill-none stroke-slate-700" strokeWidth={2.5} />
      <Axes diagram={id} origin={at([0, 0])} right={at([xMax, 0])[0]} top={at([0, yMax])[1] - 4} xLabel="x_1" yLabel="x_2" />
      <Label x={at([1.2, 0])[0]} y={at([0, 3.8])[1]} text="class A" bold tone="strong" />
      <Label x={at([7.1, 0])[0]} y={at([0, 0.7])[1]} text="class B" bold tone="strong" />
      <Label x={at([cross(4.1), 0])[0] + 10} y={at([0, 4.1])[1]} text="decision boundary" size={15} tone="muted" anchor="start" />

      <path d={`${polyline(square.map(at))} Z`} className="fill-none stroke-slate-600" strokeWidth={2} strokeDasharray="6 4" />
      <Label x={px} y={at([0, x[1] - eps])[1] + 18} math="‖δ‖_∞ ≤ ε" size={17} />
      <Arrow diagram={id} from={[px - 8, py]} to={at([x[0] - eps, x[1]])} />
      <Label x={(px + at([x[0] - eps, 0])[0]) / 2} y={py - 14} math="ε" />
      <Arrow diagram={id} from={[px, py]} to={[gx, gy]} />
      <Label x={px + 12} y={py + 22} math="∇_x L" size={17} anchor="start" />
      <Arrow diagram={id} from={[px, py]} to={pullBack([ax, ay], [px, py], 8)} dashed />
      <Dot at={[px, py]} tone="a" r={7} />
      <Label x={px - 10} y={py + 20} math="x" anchor="end" />
      <Dot at={[ax, ay]} tone="b" r={7} />
      <Label x={ax + 12} y={ay - 14} math="x′ = x + ε · sign(∇_x L)" anchor="start" />
    </Diagram>
  );
}
