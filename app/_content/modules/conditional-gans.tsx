import { ConditionalGanDiagram } from "@/app/_components/diagrams/adversarial";
import { Tex } from "@/app/_components/Tex";
import type { ModuleContent } from "./index";

/*
 * Module text: conditional GANs.
 * References: Mirza & Osindero 2014, "Conditional generative adversarial nets" (G(z, y), D(x, y),
 * the conditional value function, the MNIST experiment); Goodfellow et al. 2014 (the optimal
 * discriminator and the JSD, here applied to the joint distribution of image and label); Miyato &
 * Koyama 2018, "cGANs with projection discriminator"; de Vries et al. 2017 (conditional batch
 * normalisation); Odena, Olah & Shlens 2017, "Conditional image synthesis with auxiliary
 * classifier GANs"; Gong et al. 2019, "Twin auxiliary classifiers GAN" (AC-GAN's bias towards
 * easily classified samples). The exercise: exercises/cgan-digits (its page is gan-digits').
 */

function CganBody() {
  return (
    <div className="prose-genlab">
      <p>
        A GAN trained on digits draws digits, but you cannot ask it for a 7. The lecture lists class information as one way of mitigating mode collapse. A{" "}
        <strong>conditional GAN</strong> (Mirza and Osindero, 2014) does both jobs at once: it gives the label to the generator, so that you can choose what it
        draws, and to the discriminator, so that it judges image and label together.
      </p>

      <h2 id="conditioning">Conditioning both players</h2>
      <ConditionalGanDiagram />
      <p>
        Each training example is now a pair <Tex>{String.raw`(x, y)`}</Tex>: an image and its class. The generator takes noise and a label,{" "}
        <Tex>{String.raw`G(z, y)`}</Tex>; the discriminator takes an image and a label, <Tex>{String.raw`D(x, y)`}</Tex>, and outputs the probability that the{" "}
        <em>pair</em> came from the data. The value function is the GAN&apos;s with the label added everywhere:
      </p>
      <Tex
        display
      >{String.raw`\min_G \max_D V(D, G) = \mathbb{E}_{(x, y) \sim p_{\text{data}}}\big[\log D(x, y)\big] + \mathbb{E}_{z \sim p_z,\; y \sim p(y)}\big[\log\big(1 - D(G(z, y), y)\big)\big].`}</Tex>
      <p>
        Mirza and Osindero write the same thing as <Tex>{String.raw`D(x \mid y)`}</Tex> and <Tex>{String.raw`G(z \mid y)`}</Tex>. The labels fed to the
        generator are drawn by us, usually with the class frequencies of the data, <Tex>{String.raw`p(y) = p_{\text{data}}(y)`}</Tex>. Training is Algorithm 1
        of the GAN module unchanged, with a label attached to every real and every generated example, and the generator is usually trained with the
        non-saturating loss <Tex>{String.raw`-\log D(G(z, y), y)`}</Tex>.
      </p>

      <h2 id="optimum">What the game converges to</h2>
      <p>
        Treat the pair as one variable and the GAN module&apos;s argument goes through. The generator defines the joint distribution{" "}
        <Tex>{String.raw`p_g(x, y) = p(y)\, p_g(x \mid y)`}</Tex>, the best discriminator is
      </p>
      <Tex display>{String.raw`D^*(x, y) = \frac{p_{\text{data}}(x, y)}{p_{\text{data}}(x, y) + p_g(x, y)},`}</Tex>
      <p>
        and against it the generator minimises <Tex>{String.raw`-\log 4 + 2\,\mathrm{JSD}\big(p_{\text{data}}(x, y)\,\Vert\,p_g(x, y)\big)`}</Tex>. With labels
        drawn from the data&apos;s frequencies, both joint distributions have the same label marginal, so they are equal exactly when{" "}
        <Tex>{String.raw`p_g(x \mid y) = p_{\text{data}}(x \mid y)`}</Tex> for every label with <Tex>{String.raw`p(y) > 0`}</Tex>: at the optimum, asking for a
        7 gives a draw from the real distribution of 7s.
      </p>

      <h2 id="label-input">How the label enters</h2>
      <ul>
        <li>
          <strong>Concatenation.</strong> The simplest choice, and the original one: append the one-hot vector of <Tex>{String.raw`y`}</Tex> to the input of
          each network (Mirza and Osindero first pass <Tex>{String.raw`z`}</Tex> and <Tex>{String.raw`y`}</Tex> through a layer each, then join them). For a
          convolutional network the one-hot vector can be tiled into extra input channels.
        </li>
        <li>
          <strong>Embeddings.</strong> Replace the one-hot vector by a learnt vector <Tex>{String.raw`e_y`}</Tex> per class, concatenated or added to a hidden
          layer. In large generators the label usually sets the scale and shift of each normalisation layer instead (conditional batch normalisation; de Vries
          et al., 2017).
        </li>
        <li>
          <strong>Projection discriminator</strong> (Miyato and Koyama, 2018). The logit of the optimal discriminator splits into two log-ratios:
          <Tex
            display
          >{String.raw`\log \frac{p_{\text{data}}(x, y)}{p_g(x, y)} = \log \frac{p_{\text{data}}(y \mid x)}{p_g(y \mid x)} + \log \frac{p_{\text{data}}(x)}{p_g(x)}.`}</Tex>
          If both class posteriors are softmax functions of shared features <Tex>{String.raw`\phi(x)`}</Tex>, the first term is linear in{" "}
          <Tex>{String.raw`\phi(x)`}</Tex> up to a term that does not depend on <Tex>{String.raw`y`}</Tex>, which suggests the discriminator
          <Tex display>{String.raw`D(x, y) = \sigma\big(v_y^{\top} \phi(x) + \psi(\phi(x))\big),`}</Tex>
          an unconditional score <Tex>{String.raw`\psi`}</Tex> plus the inner product of the features with a learnt embedding <Tex>{String.raw`v_y`}</Tex> of
          the class. On ImageNet&apos;s thousand classes it did better than concatenating the label or adding an auxiliary classifier.
        </li>
        <li>
          <strong>Auxiliary classifier GAN</strong> (AC-GAN; Odena et al., 2017). Here the discriminator does <em>not</em> receive the label. It has two outputs
          on the image alone: the probability that it is real, and a distribution over classes. With <Tex>{String.raw`x_{\text{fake}} = G(z, c)`}</Tex>,
          <Tex
            display
          >{String.raw`L_S = \mathbb{E}\big[\log P(S = \text{real} \mid x_{\text{real}})\big] + \mathbb{E}\big[\log P(S = \text{fake} \mid x_{\text{fake}})\big], \quad L_C = \mathbb{E}\big[\log P(C = c \mid x_{\text{real}})\big] + \mathbb{E}\big[\log P(C = c \mid x_{\text{fake}})\big].`}</Tex>
          The discriminator maximises <Tex>{String.raw`L_S + L_C`}</Tex>, the generator <Tex>{String.raw`L_C - L_S`}</Tex>: its images should look real and be
          classified as the class it was asked for. The classification term rewards samples that are <em>easy</em> to classify, which pulls them away from class
          boundaries and can reduce the variety within a class (Gong et al., 2019).
        </li>
      </ul>

      <h2 id="mode-collapse">Why labels ease mode collapse — and what they leave open</h2>
      <p>
        The data distribution is a mixture over classes, <Tex>{String.raw`p_{\text{data}}(x) = \sum_y p(y)\, p_{\text{data}}(x \mid y)`}</Tex>. Conditioning
        changes the problem in three ways.
      </p>
      <ol>
        <li>
          <strong>Fewer modes per conditional.</strong> For a given label the generator has to cover only <Tex>{String.raw`p_{\text{data}}(x \mid y)`}</Tex>,
          which has far fewer separate clusters than the whole mixture — one family of 7s instead of ten families of digits.
        </li>
        <li>
          <strong>The class proportions are not the generator&apos;s to choose.</strong> An unconditional generator can stop drawing 1s altogether. A
          conditional one is <em>asked</em> for 1s a tenth of the time, because we draw <Tex>{String.raw`y \sim p(y)`}</Tex>, and must then produce something
          the discriminator accepts <em>with the label 1</em>.
        </li>
        <li>
          <strong>The discriminator checks the pairing.</strong> A real pair never shows a 7 with the label 1, so <Tex>{String.raw`D^*(x, 1) = 0`}</Tex> for a
          clear 7. A generator that answers every request with its favourite digit is rejected by an optimal discriminator on nine requests out of ten, whereas
          an unconditional discriminator sees only a plausible digit.
        </li>
      </ol>
      <p>
        So a class the generator is asked for cannot simply be dropped — provided the discriminator really uses the label. What conditioning does <em>not</em>{" "}
        rule out is collapse <em>within</em> a class. Nothing stops <Tex>{String.raw`G(z, 7)`}</Tex> from ignoring <Tex>{String.raw`z`}</Tex> and drawing the
        same convincing 7 for every noise vector; the equilibrium forbids it, but alternating gradient steps need not reach the equilibrium. When this
        course&apos;s digit GAN was tuned, a very strong label gave digits that were always the requested class but only one per class: the generator had
        stopped using the noise. Classes can also be multimodal themselves — a 7 with or without a crossbar — and their modes can still be lost. Labels turn one
        hard problem into ten easier ones; they do not change the game&apos;s dynamics, and they require labelled data.
      </p>

      <h2 id="exercise">The exercise: digits on demand</h2>
      <p>
        The exercise for this module trains a conditional GAN on the digits in your browser. Both networks are small multilayer perceptrons, the same as in the
        digit exercise of the GAN module, with the label appended to their inputs as a one-hot vector: <Tex>{String.raw`G`}</Tex> sees{" "}
        <Tex>{String.raw`(z, y)`}</Tex> and <Tex>{String.raw`D`}</Tex> sees <Tex>{String.raw`(x, y)`}</Tex>. One setting is new, the{" "}
        <strong>label strength</strong>: the value of the one-hot vector&apos;s hot entry. A digit image has a norm of about 9 and the default 64-dimensional
        noise about 8, so a hot entry of 1 is a tiny part of the first layer&apos;s input, which both networks then ignore for thousands of steps; the default
        is 5. The sample grid shows one row per noise vector and one column per label, so you can check at a glance both that column <Tex>{String.raw`c`}</Tex>{" "}
        shows the digit <Tex>{String.raw`c`}</Tex> and that the rows differ.
      </p>
      <p>You submit 1,000 digits, 100 for each label, with the labels you asked for. The server scores them with the course&apos;s digit evaluator, a CNN:</p>
      <ul>
        <li>
          <strong>Intra-class FID</strong> (as in Miyato and Koyama, 2018), which ranks the submissions: for each digit, the FID between the evaluator&apos;s
          features of your images labelled with it and those of hidden test digits of that digit, averaged over the ten digits. It needs the right class{" "}
          <em>and</em> the right variety within the class.
        </li>
        <li>
          <strong>Conditional accuracy</strong>: the share of your images that the evaluator reads as the label you asked for. It only breaks ties, since noise
          labelled with the evaluator&apos;s own predictions would score perfectly.
        </li>
        <li>The ordinary FID of all 1,000 images, and a check for copies: a submission with more than 5 % copies of real digits is flagged.</li>
      </ul>

      <h2 id="related">How this connects</h2>
      <p>
        The value function, the optimal discriminator and the 8-Gaussian ring on which mode collapse is easy to see come from the module on generative
        adversarial networks; this module conditions that game. The previous module, on adversarial auto-encoders, gave labels to the discriminator on the
        latent code in the same way. The next, on image-to-image translation, keeps the conditional discriminator but makes the condition a whole image. FID was
        introduced in the module on adversarial auto-encoders; intra-class FID is the same distance computed one class at a time.
      </p>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>M. Mirza, S. Osindero. “Conditional Generative Adversarial Nets.” arXiv:1411.1784, 2014.</li>
        <li>I. Goodfellow et al. “Generative Adversarial Nets.” NeurIPS 2014.</li>
        <li>T. Miyato, M. Koyama. “cGANs with Projection Discriminator.” ICLR 2018.</li>
        <li>A. Odena, C. Olah, J. Shlens. “Conditional Image Synthesis with Auxiliary Classifier GANs.” ICML 2017.</li>
        <li>H. de Vries, F. Strub, J. Mary, H. Larochelle, O. Pietquin, A. Courville. “Modulating Early Visual Processing by Language.” NeurIPS 2017.</li>
        <li>M. Gong, Y. Xu, C. Li, K. Zhang, K. Batmanghelich. “Twin Auxiliary Classifiers GAN.” NeurIPS 2019.</li>
      </ul>
    </div>
  );
}

export const conditionalGansModule: ModuleContent = { slug: "conditional-gans", minutes: 11, Body: CganBody };
