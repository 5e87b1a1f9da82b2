import { Tex } from "@/app/_components/Tex";
import { AdversarialPerturbationDiagram } from "@/app/_components/diagrams/adversarial-examples";
import type { ModuleContent } from "./index";

/*
 * Module text: adversarial examples and machine-learning security.
 * References: Szegedy et al. 2014, "Intriguing properties of neural networks"; Goodfellow, Shlens &
 * Szegedy 2015, "Explaining and harnessing adversarial examples" (FGSM, the panda → gibbon figure,
 * the linearity argument); Madry et al. 2018, "Towards deep learning models resistant to adversarial
 * attacks" (PGD, adversarial training); Papernot et al. 2017 (black-box transfer attacks);
 * Athalye, Carlini & Wagner 2018 (obfuscated gradients); Biggio & Roli 2018, "Wild patterns".
 */

function AdversarialBody() {
  return (
    <div className="prose-genlab">
      <p>
        Image classifiers reach human-level accuracy on benchmarks. Do they see the way we do? One way to ask is to search for inputs that a person classifies
        without hesitation but the model gets wrong. Such inputs exist, they are easy to find, and they look almost exactly like ordinary images:{" "}
        <strong>adversarial examples</strong>. They are also the origin of the word “adversarial” that GANs, in the next module, turn into a training method.
      </p>

      <h2 id="panda">The panda that became a gibbon</h2>
      <p>
        Szegedy et al. (2014) first showed that tiny, carefully chosen perturbations flip the predictions of deep networks. The best-known picture comes from
        Goodfellow, Shlens and Szegedy (2015): a photo of a panda, classified as “panda” with 57.7% confidence, plus a noise pattern scaled by{" "}
        <Tex>{String.raw`0.007`}</Tex> — invisible to a human — is classified as “gibbon” with 99.3% confidence. The perturbation is not random noise: random
        noise of the same size barely changes the output. It is aimed, using the model&apos;s own gradient.
      </p>

      <h2 id="fgsm">The fast gradient sign method</h2>
      <p>
        Let <Tex>{String.raw`L(\theta, x, y)`}</Tex> be the training loss of a classifier with parameters <Tex>{String.raw`\theta`}</Tex> on input{" "}
        <Tex>{String.raw`x`}</Tex> with true label <Tex>{String.raw`y`}</Tex>. Training moves <Tex>{String.raw`\theta`}</Tex> to decrease the loss; an attacker
        moves <Tex>{String.raw`x`}</Tex> to increase it. The <strong>fast gradient sign method</strong> (FGSM) takes one step:
      </p>
      <Tex display>{String.raw`x' = x + \varepsilon \cdot \operatorname{sign}\big(\nabla_x L(\theta, x, y)\big).`}</Tex>
      <p>
        Every input component moves by exactly <Tex>{String.raw`\pm\varepsilon`}</Tex> (or stays put where the gradient is zero), in the direction that raises
        the loss. Pixel values are then usually clipped back to their valid range. It costs one backward pass. For example, with{" "}
        <Tex>{String.raw`x = (0.2, 0.5, 0.9)`}</Tex>, gradient <Tex>{String.raw`(0.3, -2, 0)`}</Tex> and <Tex>{String.raw`\varepsilon = 0.1`}</Tex>, FGSM gives{" "}
        <Tex>{String.raw`x' = (0.3, 0.4, 0.9)`}</Tex>: only the signs of the gradient matter, not their sizes.
      </p>

      <h2 id="budget">Why the sign: the L∞ budget</h2>
      <p>
        “Imperceptible” is formalised as a budget on the perturbation <Tex>{String.raw`\delta = x' - x`}</Tex>. The most common is the{" "}
        <Tex>{String.raw`L_\infty`}</Tex> ball: no single component may change by more than <Tex>{String.raw`\varepsilon`}</Tex>,
      </p>
      <Tex display>{String.raw`\lVert \delta \rVert_\infty = \max_i |\delta_i| \le \varepsilon,`}</Tex>
      <p>
        for instance <Tex>{String.raw`\varepsilon = 8/255`}</Tex> for images with pixels in [0, 1]. Linearise the loss around <Tex>{String.raw`x`}</Tex>:{" "}
        <Tex>{String.raw`L(x + \delta) \approx L(x) + \delta^\top g`}</Tex> with <Tex>{String.raw`g = \nabla_x L`}</Tex>. Over the{" "}
        <Tex>{String.raw`L_\infty`}</Tex> ball, <Tex>{String.raw`\delta^\top g`}</Tex> is maximised by{" "}
        <Tex>{String.raw`\delta = \varepsilon\,\operatorname{sign}(g)`}</Tex>, reaching <Tex>{String.raw`\varepsilon\lVert g\rVert_1`}</Tex>. FGSM is the exact
        optimum of this linear approximation. Other budgets give other attacks: an <Tex>{String.raw`L_2`}</Tex> ball gives a step along{" "}
        <Tex>{String.raw`g/\lVert g\rVert_2`}</Tex>; an <Tex>{String.raw`L_0`}</Tex> budget changes only a few pixels.
      </p>
      <p>
        The same computation explains why the attacks work so well (Goodfellow et al., 2015). For a linear score <Tex>{String.raw`w^\top x`}</Tex>, the
        perturbation <Tex>{String.raw`\varepsilon\,\operatorname{sign}(w)`}</Tex> changes the score by <Tex>{String.raw`\varepsilon\lVert w\rVert_1`}</Tex>,
        which grows with the dimension <Tex>{String.raw`n`}</Tex>: 1,000 weights of magnitude 0.1 and <Tex>{String.raw`\varepsilon = 0.01`}</Tex> already shift
        the score by 1. Many tiny changes add up. Deep networks built from ReLUs are close to piecewise linear, so high-dimensional inputs make them vulnerable
        — overfitting or “nonlinearity” is not needed.
      </p>
      <p>
        Stronger attacks iterate: <strong>projected gradient descent</strong> (PGD, Madry et al., 2018) repeats small signed steps and projects back into the
        ball after each one. FGSM is PGD with one step of size <Tex>{String.raw`\varepsilon`}</Tex>.
      </p>
      <AdversarialPerturbationDiagram />

      <h2 id="threat-models">Threat models</h2>
      <p>
        A claim that a model is “robust” means nothing without a <strong>threat model</strong>: what the attacker wants, knows and may change.
      </p>
      <ul>
        <li>
          <strong>Goal</strong> — <em>untargeted</em> (any wrong label) or <em>targeted</em> (a chosen label, e.g. “gibbon”; then one descends the loss of the
          target class).
        </li>
        <li>
          <strong>Knowledge</strong> — <em>white-box</em> (architecture, weights and gradients known, as FGSM assumes) or <em>black-box</em> (only queries, or
          nothing at all). Adversarial examples <em>transfer</em>: those crafted on one model often fool another trained on similar data, so a substitute model
          enables black-box attacks.
        </li>
        <li>
          <strong>Capability</strong> — the perturbation set (an <Tex>{String.raw`L_p`}</Tex> ball, a patch, a rotation) and whether it must survive the
          physical world (printed stickers, camera noise).
        </li>
      </ul>

      <h2 id="security">Machine-learning security more broadly</h2>
      <p>Evasion at test time is one of several attack surfaces of a learned system:</p>
      <ul>
        <li>
          <strong>Poisoning</strong> and <strong>backdoors</strong> — the attacker edits training data so the model fails, or obeys a hidden trigger.
        </li>
        <li>
          <strong>Privacy attacks</strong> — membership inference (was this record in the training set?) and model inversion or training-data extraction, a real
          concern for large generative models that memorise.
        </li>
        <li>
          <strong>Model stealing</strong> — reconstructing a model from its query answers.
        </li>
        <li>
          For language models: <strong>prompt injection</strong> and <strong>jailbreaks</strong>, adversarial inputs in text form.
        </li>
      </ul>
      <p>
        The most reliable defence against evasion is <strong>adversarial training</strong>, a min–max problem:{" "}
        <Tex>{String.raw`\min_\theta \mathbb{E}_{(x,y)}\big[\max_{\lVert\delta\rVert_\infty \le \varepsilon} L(\theta, x + \delta, y)\big]`}</Tex>, with the
        inner maximum approximated by PGD. It costs extra compute and some clean accuracy. Many proposed defences merely hid the gradient and fell to adapted
        attacks (Athalye et al., 2018): evaluate defences against an attacker who knows them.
      </p>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>C. Szegedy et al. “Intriguing Properties of Neural Networks.” ICLR 2014.</li>
        <li>I. Goodfellow, J. Shlens, C. Szegedy. “Explaining and Harnessing Adversarial Examples.” ICLR 2015.</li>
        <li>A. Madry et al. “Towards Deep Learning Models Resistant to Adversarial Attacks.” ICLR 2018.</li>
        <li>N. Papernot et al. “Practical Black-Box Attacks against Machine Learning.” AsiaCCS 2017.</li>
        <li>A. Athalye, N. Carlini, D. Wagner. “Obfuscated Gradients Give a False Sense of Security.” ICML 2018.</li>
        <li>B. Biggio, F. Roli. “Wild Patterns: Ten Years after the Rise of Adversarial Machine Learning.” Pattern Recognition, 2018.</li>
      </ul>
    </div>
  );
}

export const adversarialExamplesModule: ModuleContent = { slug: "adversarial-examples", minutes: 10, Body: AdversarialBody };
