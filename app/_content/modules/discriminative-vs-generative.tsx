import { GenerativeVsDiscriminative } from "@/app/_components/widgets/GenerativeVsDiscriminative";
import { Tex } from "@/app/_components/Tex";
import type { ModuleContent } from "./index";

/*
 * Module text: discriminative vs generative models (lecture Part 1, "Supervised learning"), with
 * errata 1 applied: discriminative models learn P(y|x); generative models learn P(x, y) = P(x|y)P(y).
 * References: C. M. Bishop, "Pattern Recognition and Machine Learning" (2006), §4.2–4.3;
 * A. Y. Ng and M. I. Jordan, "On Discriminative vs. Generative Classifiers: A comparison of logistic
 * regression and naive Bayes", NeurIPS 2001; K. P. Murphy, "Probabilistic Machine Learning: An
 * Introduction" (2022), §9.4.
 */

function DiscriminativeVsGenerativeBody() {
  return (
    <div className="prose-genlab">
      <p>
        Take a supervised problem: inputs <Tex>{"x"}</Tex>, labels <Tex>{"y"}</Tex>, and the wish to predict <Tex>{"y"}</Tex> for a new <Tex>{"x"}</Tex>.
        Everything a probabilistic classifier needs is the posterior <Tex>{String.raw`P(y \mid x)`}</Tex>. There are two ways to get it, and they give the two
        families of models.
      </p>

      <h2 id="discriminative">Discriminative models: learn P(y | x) directly</h2>
      <p>
        A <strong>discriminative</strong> model parameterises the conditional distribution itself and fits it to the labelled pairs by maximising the
        conditional log-likelihood
      </p>
      <Tex display>{String.raw`\max_\theta \sum_{k=1}^{N} \log P_\theta(y_k \mid x_k).`}</Tex>
      <p>
        It never says how the inputs are distributed; it only describes how the label depends on them — in effect, where the decision boundary lies. Logistic
        regression, decision trees, multilayer perceptrons, CNNs, RNNs and transformer classifiers all belong here (linear regression is the same idea for a
        real-valued target).
      </p>

      <h2 id="generative">Generative models: learn P(x, y), then apply Bayes&apos; rule</h2>
      <p>
        A <strong>generative</strong> classifier models how the data are produced: first a class is drawn with probability <Tex>{String.raw`P(y)`}</Tex>, then
        an input from the class-conditional density <Tex>{String.raw`P(x \mid y)`}</Tex>. Together they give the joint distribution
      </p>
      <Tex display>{String.raw`P(x, y) = P(x \mid y)\, P(y),`}</Tex>
      <p>and the posterior needed for prediction follows from Bayes&apos; rule:</p>
      <Tex display>{String.raw`P(y \mid x) = \frac{P(x \mid y)\,P(y)}{P(x)} = \frac{P(x \mid y)\,P(y)}{\sum_{y'} P(x \mid y')\,P(y')}.`}</Tex>
      <p>Naive Bayes, linear discriminant analysis (LDA) and quadratic discriminant analysis (QDA) are the classic examples.</p>
      <aside className="my-5 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950" aria-label="Note on the lecture slide">
        <strong>Careful with the slide.</strong> The lecture&apos;s “Supervised learning” slide swaps the two descriptions. The correct statement is:
        discriminative models learn <Tex>{String.raw`P(y \mid x)`}</Tex> directly, without modelling the inputs; generative models learn the joint{" "}
        <Tex>{String.raw`P(x, y) = P(x \mid y)P(y)`}</Tex> and obtain <Tex>{String.raw`P(y \mid x)`}</Tex> only through Bayes&apos; rule.
      </aside>

      <h2 id="worked-example">A worked example</h2>
      <p>
        Two classes with prior <Tex>{String.raw`P(y{=}1) = 0.3`}</Tex>. For some input the class-conditional densities are{" "}
        <Tex>{String.raw`p(x \mid y{=}1) = 0.6`}</Tex> and <Tex>{String.raw`p(x \mid y{=}0) = 0.2`}</Tex>. Then
      </p>
      <Tex display>{String.raw`P(y{=}1 \mid x) = \frac{0.6 \cdot 0.3}{0.6 \cdot 0.3 + 0.2 \cdot 0.7} = \frac{0.18}{0.32} = 0.5625.`}</Tex>
      <p>The input is three times as likely under class 1, but class 1 is rarer, so the posterior is only a little above one half.</p>

      <h2 id="naive-bayes">Naive Bayes</h2>
      <p>
        For high-dimensional <Tex>{String.raw`x = (x_1, \dots, x_d)`}</Tex>, modelling <Tex>{String.raw`P(x \mid y)`}</Tex> in full is hopeless. Naive Bayes
        assumes the features are independent <em>given the class</em>:
      </p>
      <Tex display>{String.raw`P(x \mid y) = \prod_{j=1}^{d} P(x_j \mid y).`}</Tex>
      <p>
        Each factor is a one-dimensional distribution (a Bernoulli for word presence in spam filtering, a Gaussian for a real feature) estimated by counting or
        averaging. The assumption is rarely true, yet the resulting classifier is fast, needs little data and often works well.
      </p>

      <h2 id="gaussian-vs-logistic">Gaussian class-conditionals meet logistic regression</h2>
      <p>
        Let each class be Gaussian with its own mean and a <em>shared</em> covariance,{" "}
        <Tex>{String.raw`p(x \mid y{=}c) = \mathcal{N}(x \mid \mu_c, \Sigma)`}</Tex>, with priors <Tex>{String.raw`\pi_0, \pi_1`}</Tex>. The quadratic terms in{" "}
        <Tex>{"x"}</Tex> cancel in the log-odds, and the posterior becomes
      </p>
      <Tex display>{String.raw`P(y{=}1 \mid x) = \sigma\big(w^\top x + w_0\big), \qquad w = \Sigma^{-1}(\mu_1 - \mu_0),`}</Tex>
      <Tex display>{String.raw`w_0 = -\tfrac12 \mu_1^\top \Sigma^{-1}\mu_1 + \tfrac12 \mu_0^\top \Sigma^{-1}\mu_0 + \ln\frac{\pi_1}{\pi_0},`}</Tex>
      <p>
        where <Tex>{String.raw`\sigma(a) = 1/(1 + e^{-a})`}</Tex>. That is exactly the form of logistic regression. The two models share a hypothesis class but
        are fitted differently:
      </p>
      <ul>
        <li>
          <strong>LDA (generative)</strong> estimates <Tex>{String.raw`\mu_0, \mu_1, \Sigma, \pi_1`}</Tex> from the data —{" "}
          <Tex>{String.raw`2d + d(d+1)/2 + 1`}</Tex> numbers — and reads <Tex>{String.raw`w, w_0`}</Tex> off them.
        </li>
        <li>
          <strong>Logistic regression (discriminative)</strong> fits the <Tex>{String.raw`d + 1`}</Tex> numbers <Tex>{String.raw`w, w_0`}</Tex> directly, by
          maximising <Tex>{String.raw`\sum_k \log P(y_k \mid x_k)`}</Tex>.
        </li>
      </ul>
      <p>If the classes have different covariances, the quadratic terms survive and the boundary becomes quadratic: QDA.</p>

      <GenerativeVsDiscriminative />

      <h2 id="pros-cons">Pros and cons</h2>
      <ul>
        <li>
          <strong>Data efficiency.</strong> When its assumptions hold, a generative classifier approaches its best error with fewer examples (Ng and Jordan
          compared naive Bayes and logistic regression and found exactly this).
        </li>
        <li>
          <strong>Robustness to wrong assumptions.</strong> A discriminative model makes no claim about <Tex>{String.raw`P(x)`}</Tex>, so it is not hurt when
          that claim would be false; with enough data it usually reaches a lower error.
        </li>
        <li>
          <strong>What else you get.</strong> A generative model can also sample new inputs, score how typical an input is (outlier detection), cope with
          missing features by marginalising them, and use unlabelled data.
        </li>
        <li>
          <strong>Cost.</strong> Modelling <Tex>{String.raw`P(x \mid y)`}</Tex> for images or text is far harder than drawing a boundary — that difficulty is
          what the rest of this course is about.
        </li>
      </ul>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>C. M. Bishop. Pattern Recognition and Machine Learning. Springer, 2006, §4.2–4.3.</li>
        <li>A. Y. Ng, M. I. Jordan. “On Discriminative vs. Generative Classifiers: A comparison of logistic regression and naive Bayes.” NeurIPS 2001.</li>
      </ul>
    </div>
  );
}

export const discriminativeVsGenerativeModule: ModuleContent = {
  slug: "discriminative-vs-generative",
  minutes: 8,
  Body: DiscriminativeVsGenerativeBody,
};
