import { Tex } from "@/app/_components/Tex";
import { GibbsTrace } from "@/app/_components/widgets/GibbsTrace";
import type { ModuleContent } from "./index";

/*
 * Module text: Gibbs sampling.
 * References: the lecture (Part 3, "Gibbs sampling" and its pseudo-code); S. Geman & D. Geman,
 * "Stochastic Relaxation, Gibbs Distributions, and the Bayesian Restoration of Images", IEEE PAMI 1984;
 * A. Gelfand & A. Smith, JASA 1990; C. M. Bishop, "Pattern Recognition and Machine Learning" (2006), §11.3.
 */

function GibbsBody() {
  return (
    <div className="prose-genlab">
      <p>
        Gibbs sampling is the MCMC method that needs no proposal distribution and no step size. It builds a Markov chain whose stationary distribution is the
        target <Tex>{String.raw`p(\mathbf{x})`}</Tex>, for a vector <Tex>{String.raw`\mathbf{x} = (x_1, \dots, x_d)`}</Tex>, by changing one coordinate at a
        time — and each coordinate is drawn exactly from its distribution given all the others.
      </p>

      <h2 id="full-conditionals">Full conditionals</h2>
      <p>
        Write <Tex>{String.raw`\mathbf{x}_{-i}`}</Tex> for all variables except <Tex>{String.raw`x_i`}</Tex>. The <strong>full conditional</strong> of{" "}
        <Tex>{String.raw`x_i`}</Tex> is
      </p>
      <Tex
        display
      >{String.raw`p(x_i \mid \mathbf{x}_{-i}) = \frac{p(x_i, \mathbf{x}_{-i})}{\int p(x_i', \mathbf{x}_{-i})\, dx_i'} \;\propto\; p(\mathbf{x}) .`}</Tex>
      <p>
        It is a one-dimensional distribution, and often a simple one even when the joint is complicated. Because it is proportional to the joint, any
        normalising constant of <Tex>{String.raw`p(\mathbf{x})`}</Tex> drops out; and in a graphical model only the variables adjacent to{" "}
        <Tex>{String.raw`x_i`}</Tex> matter.
      </p>

      <h2 id="algorithm">The algorithm</h2>
      <p>
        Fix an order of the variables and start from any <Tex>{String.raw`\mathbf{x}^{0}`}</Tex>. For <Tex>{String.raw`t = 1, 2, \dots`}</Tex>:
      </p>
      <ol>
        <li>
          set <Tex>{String.raw`\mathbf{x} \leftarrow \mathbf{x}^{t-1}`}</Tex>;
        </li>
        <li>
          for each <Tex>{String.raw`i = 1, \dots, d`}</Tex> in that order, draw <Tex>{String.raw`x_i' \sim p(x_i \mid \mathbf{x}_{-i})`}</Tex> and replace{" "}
          <Tex>{String.raw`x_i`}</Tex> by <Tex>{String.raw`x_i'`}</Tex> <em>immediately</em>, so later coordinates condition on the new value;
        </li>
        <li>
          set <Tex>{String.raw`\mathbf{x}^{t} \leftarrow \mathbf{x}`}</Tex>.
        </li>
      </ol>
      <p>
        One pass over all coordinates is a <strong>sweep</strong>. Visiting coordinates in random order (random scan) works as well. As with any MCMC method,
        the first sweeps are discarded as burn-in and the rest are correlated samples.
      </p>

      <h2 id="why">Why it samples the right distribution</h2>
      <p>
        A single coordinate update is a Metropolis–Hastings step whose proposal is the full conditional itself. Plug{" "}
        <Tex>{String.raw`q(\mathbf{x}' \mid \mathbf{x}) = p(x_i' \mid \mathbf{x}_{-i})`}</Tex> into the acceptance ratio and write{" "}
        <Tex>{String.raw`p(\mathbf{x}) = p(x_i \mid \mathbf{x}_{-i})\,p(\mathbf{x}_{-i})`}</Tex>:
      </p>
      <Tex
        display
      >{String.raw`\frac{p(\mathbf{x}')\,q(\mathbf{x} \mid \mathbf{x}')}{p(\mathbf{x})\,q(\mathbf{x}' \mid \mathbf{x})} = \frac{p(x_i' \mid \mathbf{x}_{-i})\,p(\mathbf{x}_{-i})\;p(x_i \mid \mathbf{x}_{-i})}{p(x_i \mid \mathbf{x}_{-i})\,p(\mathbf{x}_{-i})\;p(x_i' \mid \mathbf{x}_{-i})} = 1 .`}</Tex>
      <p>
        Every proposal is accepted, and each update leaves <Tex>{String.raw`p`}</Tex> invariant; so does their composition, the sweep. If the resulting chain
        can reach every region (it fails, for example, when the support splits into pieces that no axis-aligned move connects), it converges to{" "}
        <Tex>{String.raw`p`}</Tex>.
      </p>

      <h2 id="gaussian-example">Example: a correlated 2-D Gaussian</h2>
      <p>
        Take <Tex>{String.raw`(x, y)`}</Tex> Gaussian with zero means, unit variances and correlation <Tex>{String.raw`\rho`}</Tex>:
      </p>
      <Tex
        display
      >{String.raw`\begin{pmatrix} x \\ y \end{pmatrix} \sim \mathcal{N}\!\left(\begin{pmatrix} 0 \\ 0 \end{pmatrix}, \begin{pmatrix} 1 & \rho \\ \rho & 1 \end{pmatrix}\right).`}</Tex>
      <p>The standard formula for Gaussian conditionals gives two one-dimensional Gaussians:</p>
      <Tex
        display
      >{String.raw`\begin{gathered} x \mid y \sim \mathcal{N}(\rho\, y,\; 1 - \rho^2), \\[6pt] y \mid x \sim \mathcal{N}(\rho\, x,\; 1 - \rho^2). \end{gathered}`}</Tex>
      <p>
        So a sweep is: <Tex>{String.raw`x \leftarrow \rho y + \sqrt{1-\rho^2}\,\varepsilon_1`}</Tex>, then{" "}
        <Tex>{String.raw`y \leftarrow \rho x + \sqrt{1-\rho^2}\,\varepsilon_2`}</Tex>, with fresh standard normal <Tex>{String.raw`\varepsilon`}</Tex>&apos;s.
        Drawn in the plane, the path is a staircase of horizontal and vertical moves.
      </p>
      <p>
        Substituting one update into the other shows that, from sweep to sweep, <Tex>{String.raw`x_{t+1} = \rho^2 x_t + \text{noise}`}</Tex>: the chain of{" "}
        <Tex>{String.raw`x`}</Tex> values has lag-one autocorrelation <Tex>{String.raw`\rho^2`}</Tex>. With <Tex>{String.raw`\rho = 0.5`}</Tex> that is 0.25 and
        the samples are nearly independent. With <Tex>{String.raw`\rho = 0.99`}</Tex> it is 0.98: each move has standard deviation only{" "}
        <Tex>{String.raw`\sqrt{1 - 0.99^2} \approx 0.14`}</Tex> across a long, thin ellipse, and it takes on the order of a hundred sweeps to produce one
        effectively independent sample.
      </p>
      <GibbsTrace />

      <h2 id="in-practice">In practice</h2>
      <ul>
        <li>
          Gibbs sampling shines when every full conditional is easy to sample: conjugate Bayesian models, mixture models given their assignments, and Boltzmann
          machines, where each binary unit is on with a probability given by a logistic function of its neighbours.
        </li>
        <li>
          In a restricted Boltzmann machine the hidden units are independent given the visible ones and vice versa, so whole layers are updated at once (
          <em>block</em> Gibbs).
        </li>
        <li>
          Strong dependence between variables slows mixing, as the Gaussian example shows. Updating correlated variables jointly in blocks, or reparametrising,
          is the usual remedy.
        </li>
      </ul>
    </div>
  );
}

export const gibbsSamplingModule: ModuleContent = { slug: "gibbs-sampling", minutes: 8, Body: GibbsBody };
