import { CouplingLayerDiagram } from "@/app/_components/diagrams/flows-diffusion";
import { Tex } from "@/app/_components/Tex";
import type { ModuleContent } from "./index";

/*
 * Module text: normalizing flows.
 * References: Tabak & Turner 2013; Rezende & Mohamed 2015, "Variational inference with normalizing
 * flows"; Dinh, Krueger & Bengio 2015, "NICE"; Dinh, Sohl-Dickstein & Bengio 2017, "Density
 * estimation using Real NVP"; Kingma & Dhariwal 2018, "Glow"; Papamakarios et al. 2017, "Masked
 * autoregressive flow"; Papamakarios et al. 2021, "Normalizing flows for probabilistic modeling and
 * inference" (review); Chen et al. 2018, "Neural ODEs".
 */

function FlowsBody() {
  return (
    <div className="prose-genlab">
      <p>
        GANs sample well but give no likelihood; VAEs give only a bound; autoregressive models give an exact likelihood but sample one element at a time.{" "}
        <strong>Normalizing flows</strong> aim for both exact likelihood and fast sampling. The price is a strong architectural constraint: the network must be{" "}
        <em>invertible</em>.
      </p>

      <h2 id="idea">The idea</h2>
      <p>
        Like a VAE or GAN, a flow starts from a simple base distribution, usually <Tex>{String.raw`p(z) = \mathcal{N}(0, I)`}</Tex>, and a map between{" "}
        <Tex>{String.raw`z`}</Tex> and data <Tex>{String.raw`x`}</Tex>. Unlike them, the map is a bijection <Tex>{String.raw`f_\theta : x \mapsto z`}</Tex> with{" "}
        <Tex>{String.raw`z`}</Tex> of the <em>same</em> dimension as <Tex>{String.raw`x`}</Tex>. The <em>normalizing</em> direction{" "}
        <Tex>{String.raw`f_\theta`}</Tex> turns data into Gaussian noise; its inverse <Tex>{String.raw`g_\theta = f_\theta^{-1} : z \mapsto x`}</Tex> turns
        noise into data — the generative direction, the one a VAE&apos;s decoder or a GAN&apos;s generator takes. The course keeps these letters throughout:{" "}
        <Tex>{String.raw`f`}</Tex> from data to latent, <Tex>{String.raw`g`}</Tex> from latent to data. Below, <Tex>{String.raw`f`}</Tex> is short for{" "}
        <Tex>{String.raw`f_\theta`}</Tex>.
      </p>

      <h2 id="change-of-variables">Change of variables</h2>
      <p>
        Probability mass is conserved under a bijection, but density is not: where <Tex>{String.raw`f`}</Tex> stretches space, density thins out, and where it
        compresses, density piles up. The local volume change is the absolute Jacobian determinant, so
      </p>
      <Tex
        display
      >{String.raw`p_X(x) = p_Z\big(f(x)\big)\,\Big|\det \frac{\partial f(x)}{\partial x}\Big| \quad\Longleftrightarrow\quad \log p(x) = \log p(z) + \log\Big|\det \frac{\partial z}{\partial x}\Big|, \quad z = f(x).`}</Tex>
      <p>
        A one-dimensional check: if <Tex>{String.raw`z \sim \mathcal{N}(0, 1)`}</Tex> and <Tex>{String.raw`x = 2z + 1`}</Tex>, then{" "}
        <Tex>{String.raw`z = (x - 1)/2`}</Tex>, <Tex>{String.raw`\partial z/\partial x = 1/2`}</Tex>, and{" "}
        <Tex>{String.raw`p(x = 1) = \mathcal{N}(0; 0, 1) \cdot \tfrac12 \approx 0.3989/2 \approx 0.1995`}</Tex> — exactly the density of{" "}
        <Tex>{String.raw`\mathcal{N}(1, 4)`}</Tex> at its mean.
      </p>
      <p>
        One bijection is not expressive enough, but bijections compose. With <Tex>{String.raw`f = f_K \circ \dots \circ f_1`}</Tex> and intermediate values{" "}
        <Tex>{String.raw`h_0 = x,\ h_k = f_k(h_{k-1}),\ z = h_K`}</Tex>,
      </p>
      <Tex display>{String.raw`\log p(x) = \log p(z) + \sum_{k=1}^{K} \log\Big|\det \frac{\partial h_k}{\partial h_{k-1}}\Big|.`}</Tex>
      <p>
        Training maximises this exact log-likelihood by gradient ascent. Two things must be cheap for every layer: the inverse (for sampling) and the
        log-determinant. A general <Tex>{String.raw`d \times d`}</Tex> Jacobian costs <Tex>{String.raw`O(d^3)`}</Tex> to factor — hopeless for images — so flow
        layers are designed so that their Jacobians are triangular.
      </p>

      <h2 id="coupling">Coupling layers (RealNVP)</h2>
      <p>
        Split the input into two parts, <Tex>{String.raw`x = (x_a, x_b)`}</Tex>. An <strong>affine coupling layer</strong> (Dinh et al., 2017) leaves the first
        part unchanged and transforms the second with a scale and shift computed from the first:
      </p>
      <Tex display>{String.raw`y_a = x_a, \qquad y_b = x_b \odot \exp\big(s(x_a)\big) + t(x_a).`}</Tex>
      <p>
        Here <Tex>{String.raw`s`}</Tex> and <Tex>{String.raw`t`}</Tex> are arbitrary neural networks — they never need to be inverted. The inverse is immediate,
        because <Tex>{String.raw`x_a = y_a`}</Tex> is known:
      </p>
      <Tex display>{String.raw`x_a = y_a, \qquad x_b = \big(y_b - t(y_a)\big) \odot \exp\big(-s(y_a)\big).`}</Tex>
      <p>The Jacobian is block lower-triangular,</p>
      <Tex
        display
      >{String.raw`\frac{\partial y}{\partial x} = \begin{pmatrix} I & 0 \\ \dfrac{\partial y_b}{\partial x_a} & \operatorname{diag}\big(\exp(s(x_a))\big) \end{pmatrix}, \qquad \log\Big|\det\frac{\partial y}{\partial x}\Big| = \sum_j s_j(x_a),`}</Tex>
      <p>
        so its log-determinant is just the sum of the scales: for <Tex>{String.raw`s(x_a) = (0.5, -0.2, 0.1)`}</Tex> it is <Tex>{String.raw`0.4`}</Tex>. With{" "}
        <Tex>{String.raw`s = 0`}</Tex> the layer is volume-preserving, as in the earlier NICE model. Since one layer leaves <Tex>{String.raw`x_a`}</Tex>{" "}
        untouched, successive layers alternate which half is transformed (checkerboard and channel masks in RealNVP); Glow (Kingma and Dhariwal, 2018) mixes
        channels with learnt invertible 1×1 convolutions.
      </p>

      <CouplingLayerDiagram />

      <h2 id="sampling">Exact likelihood and one-pass sampling</h2>
      <ul>
        <li>
          <strong>Density</strong>: run <Tex>{String.raw`f`}</Tex> on <Tex>{String.raw`x`}</Tex>, add up the layers&apos; log-determinants and{" "}
          <Tex>{String.raw`\log p(z)`}</Tex>. Exact, one pass.
        </li>
        <li>
          <strong>Sampling</strong>: draw <Tex>{String.raw`z \sim \mathcal{N}(0, I)`}</Tex> and apply <Tex>{String.raw`g = f^{-1}`}</Tex>, layer by layer in
          reverse. Also one pass — all dimensions in parallel.
        </li>
        <li>
          <strong>Inference</strong>: <Tex>{String.raw`z = f(x)`}</Tex> is an exact, deterministic encoding, useful for interpolation and manipulation in latent
          space.
        </li>
      </ul>
      <p>
        The limitations follow from invertibility. <Tex>{String.raw`z`}</Tex> cannot be smaller than <Tex>{String.raw`x`}</Tex>, so there is no compression; a
        smooth bijection cannot change topology (it struggles to split one Gaussian blob into well-separated modes); and the constrained layers need many
        parameters to match the sample quality of GANs or diffusion models.
      </p>

      <h2 id="relatives">Relatives</h2>
      <p>
        <strong>Autoregressive flows</strong> use an autoregressive network as the transformation:{" "}
        <Tex>{String.raw`z_i = (x_i - \mu_i(x_{<i}))\exp(-\alpha_i(x_{<i}))`}</Tex>, again with a triangular Jacobian. MAF makes density evaluation parallel and
        sampling sequential; IAF does the opposite. Coupling layers are the special case with two blocks. <strong>Continuous flows</strong> (neural ODEs) let
        the transformation be the solution of a differential equation, with the log-determinant replaced by an integral of the trace of the Jacobian — a link to
        the probability-flow view of diffusion models.
      </p>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>D. J. Rezende, S. Mohamed. “Variational Inference with Normalizing Flows.” ICML 2015.</li>
        <li>L. Dinh, D. Krueger, Y. Bengio. “NICE: Non-linear Independent Components Estimation.” ICLR workshop 2015.</li>
        <li>L. Dinh, J. Sohl-Dickstein, S. Bengio. “Density Estimation using Real NVP.” ICLR 2017.</li>
        <li>D. P. Kingma, P. Dhariwal. “Glow: Generative Flow with Invertible 1×1 Convolutions.” NeurIPS 2018.</li>
        <li>G. Papamakarios, T. Pavlakou, I. Murray. “Masked Autoregressive Flow for Density Estimation.” NeurIPS 2017.</li>
        <li>G. Papamakarios et al. “Normalizing Flows for Probabilistic Modeling and Inference.” JMLR 2021.</li>
      </ul>
    </div>
  );
}

export const normalizingFlowsModule: ModuleContent = { slug: "normalizing-flows", minutes: 10, Body: FlowsBody };
