import { Tex } from "@/app/_components/Tex";
import { GanDiagram } from "@/app/_components/diagrams/adversarial";
import { M, pData, pG, pZ } from "../math";
import type { ModuleContent } from "./index";

/*
 * Module text: generative adversarial networks.
 * References: Goodfellow et al. 2014, "Generative Adversarial Nets" (the game, Algorithm 1,
 * the optimal discriminator, the non-saturating loss); Metz et al. 2017, "Unrolled GANs", and
 * Srivastava et al. 2017, "VEEGAN" (the 8-Gaussian ring as a mode-collapse benchmark).
 */

const DG = (
  <>
    <var>D</var>(<var>G</var>(<var>z</var>))
  </>
);

function GanBody() {
  return (
    <div className="prose-genlab">
      <p>
        Most generative models write down a probability density and maximise the likelihood of the data under it. A{" "}
        <strong>generative adversarial network</strong> (GAN) does not. It learns to <em>sample</em> — to turn random noise into points that look like the data
        — by training two neural networks against each other.
      </p>

      <h2 id="game">The two-player game</h2>
      <ul>
        <li>
          The <strong>generator</strong> <M>G</M> takes a noise vector <M>z</M> drawn from a simple prior <M>{pZ}</M> (for example a standard Gaussian) and
          outputs a point <M>G(z)</M> in data space. The distribution of these outputs is the model distribution, written <M>{pG}</M> after Goodfellow et al.
          (the{" "}
          <M>
            p<sub>θ</sub>
          </M>{" "}
          of the other modules). <M>G</M> goes the generative way, from latent to data, like a flow&apos;s <M>g</M> — but it need not be invertible, and{" "}
          <M>{pG}</M> need not even have a density.
        </li>
        <li>
          The <strong>discriminator</strong> <M>D</M> takes a point <M>x</M> and outputs a number <M>D(x)</M> between 0 and 1: its estimate of the probability
          that <M>x</M> came from the real data rather than from <M>G</M>.
        </li>
      </ul>
      <GanDiagram />
      <p>
        The discriminator is a binary classifier that wants to be right; the generator wants it to be wrong. Think of a forger and an art expert: each improves
        because the other does. If the game ends in balance, the forger&apos;s paintings are indistinguishable from the real ones — <M>{pG}</M> equals{" "}
        <M>{pData}</M>.
      </p>

      <h2 id="value-function">The value function</h2>
      <p>Goodfellow et al. (2014) write the game as one minimax problem:</p>
      <Tex
        display
      >{String.raw`\min_G \max_D V(D, G) = \mathbb{E}_{x \sim p_{\text{data}}}\big[\log D(x)\big] + \mathbb{E}_{z \sim p_z}\big[\log\big(1 - D(G(z))\big)\big]`}</Tex>
      <p>
        Read it from the discriminator&apos;s side. The first term rewards <M>D</M> for giving real points a high probability; the second rewards it for giving
        generated points a low one. Together they are exactly the log-likelihood of a binary classifier that labels data 1 and fakes 0 — the negative of the
        usual binary cross-entropy. <M>D</M> maximises it. The generator only appears in the second term, and minimises it by making <M>{DG}</M> large.
      </p>
      <aside className="my-5 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950" aria-label="Note on a typo">
        <strong>Watch the second term.</strong> It is <M>log(1 − {DG})</M>: the logarithm of <em>one minus</em> the discriminator&apos;s output. If you have
        seen it written as <M>1 − log {DG}</M> (as on one lecture slide), that is a typo — that expression is not a classifier&apos;s log-likelihood.
      </aside>
      <p>Why is this a sensible objective? For a fixed generator, the best discriminator is</p>
      <Tex display>{String.raw`D^*(x) = \frac{p_{\text{data}}(x)}{p_{\text{data}}(x) + p_g(x)}`}</Tex>
      <p>
        Substituting it back gives{" "}
        <M>
          V(D*, G) = −log 4 + 2 · JSD({pData} ‖ {pG})
        </M>
        , where JSD is the Jensen–Shannon divergence. It is smallest exactly when{" "}
        <M>
          {pG} = {pData}
        </M>
        ; there <M>D* = ½</M> everywhere — the discriminator can do no better than a coin flip.
      </p>

      <h2 id="algorithm">Training: Algorithm 1</h2>
      <p>In practice nobody solves the inner maximisation exactly. The original paper alternates minibatch stochastic gradient steps on the two networks:</p>
      <div className="my-5 rounded-lg border border-line bg-white px-4 py-4 text-sm leading-6">
        <p className="!my-0 font-semibold">Algorithm 1 — minibatch stochastic gradient training of a GAN</p>
        <ol className="!mt-2 !mb-0">
          <li>
            Repeat for each training iteration:
            <ol className="!my-1 list-[lower-alpha]">
              <li>
                Repeat <M>k</M> times (discriminator steps):
                <ul className="!my-1">
                  <li>
                    sample a minibatch of <M>m</M> noise vectors <M>z⁽¹⁾, …, z⁽ᵐ⁾ ∼ {pZ}</M> and <M>m</M> data points <M>x⁽¹⁾, …, x⁽ᵐ⁾ ∼ {pData}</M>;
                  </li>
                  <li>
                    update <M>D</M> by <strong>ascending</strong> its stochastic gradient{" "}
                    <M>
                      ∇
                      <sub>
                        θ<sub>d</sub>
                      </sub>{" "}
                      (1/m) Σ<sub>i</sub> [ log D(x⁽ⁱ⁾) + log(1 − D(G(z⁽ⁱ⁾))) ]
                    </M>
                    .
                  </li>
                </ul>
              </li>
              <li>
                Once (generator step): sample a fresh minibatch of <M>m</M> noise vectors and update <M>G</M> by <strong>descending</strong>{" "}
                <M>
                  ∇
                  <sub>
                    θ<sub>g</sub>
                  </sub>{" "}
                  (1/m) Σ<sub>i</sub> log(1 − D(G(z⁽ⁱ⁾)))
                </M>
                .
              </li>
            </ol>
          </li>
        </ol>
      </div>
      <p>
        <M>k</M> is the number of discriminator steps per generator step. The paper used <M>k = 1</M>, the cheapest choice. A larger <M>k</M> keeps <M>D</M>{" "}
        closer to its optimum, so the generator&apos;s gradient says more about the true divergence — but a discriminator that wins too easily can starve the
        generator of gradient, as the next section shows. Any gradient-based optimiser can take the steps; the paper used momentum, and Adam is the common
        choice today. Optimising <M>D</M> to completion inside the loop would be both slow and, on a finite dataset, a recipe for overfitting.
      </p>

      <h2 id="non-saturating">The non-saturating generator loss</h2>
      <p>
        Early in training the generator is poor, and the discriminator rejects its samples confidently: <M>{DG} ≈ 0</M>. That is exactly where{" "}
        <M>log(1 − {DG})</M> is flat. If <M>D(x) = σ(ℓ(x))</M> with logit <M>ℓ</M>, the derivative of <M>log(1 − σ(ℓ))</M> with respect to <M>ℓ</M> is{" "}
        <M>−σ(ℓ)</M>, which goes to 0 as <M>D</M> goes to 0: the loss <em>saturates</em>, and the generator learns almost nothing just when it most needs to.
      </p>
      <p>
        The fix, also from the original paper, is to let the generator <strong>maximise</strong> <M>log {DG}</M> (equivalently, minimise <M>−log {DG}</M>)
        instead. Its derivative with respect to the logit is <M>1 − σ(ℓ)</M>, close to 1 when the generator is losing. Both objectives push <M>{DG}</M> up and
        share the same fixed point, but this one gives strong gradients early. In code it is simply the binary cross-entropy of the discriminator&apos;s output
        on generated samples with the label “real”. Most GAN implementations use this form.
      </p>

      <h2 id="mode-collapse">Mode collapse</h2>
      <p>
        Real data usually has several separate <strong>modes</strong> — clusters such as different digits, faces or objects. A collapsed generator sends most of
        its noise to one or a few of them and ignores the rest. Its samples can each look perfect while the set of samples is badly wrong.
      </p>
      <p>
        Nothing in the generator&apos;s step forbids this. <M>G</M> is rewarded for samples that the <em>current</em> <M>D</M> rates as real, not for variety:
        against a fixed discriminator, its best response is to put all its mass wherever <M>D</M> is highest. The discriminator then learns to reject that spot,
        the generator moves everything to another one, and the pair can chase each other around the modes instead of converging. Alternating gradient steps do
        not solve the min–max problem as written; they can behave more like a max–min, whose solution is a collapsed generator.
      </p>
      <h3 id="ring">Why the 8-Gaussian ring exposes it</h3>
      <p>
        This module&apos;s exercise uses a standard test (Metz et al., 2017; Srivastava et al., 2017): a mixture of eight Gaussians with centres on a circle of
        radius 2, at angles <M>2πk/8</M>, each with a tiny standard deviation <M>σ = 0.02</M>. Neighbouring centres are about 1.53 apart — more than 75 standard
        deviations — so there is essentially no data between the modes.
      </p>
      <ul>
        <li>
          Coverage is visible at a glance: plot 2,000 samples and count the clusters. A collapsed generator shows one or a few tight blobs, or — watched over
          training — a blob that hops around the ring.
        </li>
        <li>A generator cannot hide collapse behind blur: samples smeared between modes land far from every centre and count as low quality.</li>
        <li>It is cheap: two dimensions and small networks train in seconds in a browser, so you can try many settings.</li>
      </ul>
      <p>
        The exercise turns this into numbers: how many of the 8 modes your samples cover, what fraction of samples lie within 3σ of a centre, and how far the
        spread over modes is from uniform (a KL divergence). Try changing <M>k</M>, the learning rates, or the loss, and watch how coverage responds.
      </p>
      <p>
        One remedy the lecture names — giving both networks the class label — has a module of its own, on conditional GANs, two modules later; its exercise
        trains a conditional GAN on the digits.
      </p>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>I. Goodfellow et al. “Generative Adversarial Nets.” NeurIPS 2014.</li>
        <li>L. Metz, B. Poole, D. Pfau, J. Sohl-Dickstein. “Unrolled Generative Adversarial Networks.” ICLR 2017.</li>
        <li>A. Srivastava et al. “VEEGAN: Reducing Mode Collapse in GANs using Implicit Variational Learning.” NeurIPS 2017.</li>
      </ul>
    </div>
  );
}

export const ganModule: ModuleContent = { slug: "gan", minutes: 10, Body: GanBody };
