import { Tex } from "@/app/_components/Tex";
import { LearningParadigms } from "@/app/_components/widgets/LearningParadigms";
import type { ModuleContent } from "./index";

/*
 * Module text: the three learning paradigms (lecture Part 1, "Machine learning systems",
 * "Supervised learning", "Unsupervised learning").
 * References: C. M. Bishop, "Pattern Recognition and Machine Learning" (2006), ch. 1;
 * K. P. Murphy, "Probabilistic Machine Learning: An Introduction" (2022), ch. 1;
 * R. S. Sutton and A. G. Barto, "Reinforcement Learning: An Introduction", 2nd ed. (2018), ch. 1–3 (ch. 2: the
 * ε-greedy bandit agent of the widget). Widget data: the Palmer penguins (Gorman, Williams & Fraser 2014); its
 * clustering view runs EM (Dempster, Laird & Rubin 1977).
 */

function LearningParadigmsBody() {
  return (
    <div className="prose-genlab">
      <p>
        Machine-learning systems are usually sorted by <em>what the learner is told</em> while it learns. If every training input comes with the answer we want,
        the setting is <strong>supervised</strong>. If the data carry no answers at all, it is <strong>unsupervised</strong>. If the learner acts in an
        environment and is told only how good the outcome was, it is <strong>reinforcement learning</strong>. Generative models, the subject of this course, sit
        mostly in the second group — but they borrow from all three.
      </p>

      <h2 id="supervised">Supervised learning</h2>
      <p>The training set is a collection of labelled pairs</p>
      <Tex display>{String.raw`S = \{(x_k, y_k)\}_{k=1}^{N}, \qquad x_k \in \mathbb{R}^d,\; y_k \in \mathbb{R}^p .`}</Tex>
      <p>
        Each target <Tex>{String.raw`y_k`}</Tex> acts as a teacher: the model <Tex>{String.raw`f_\theta`}</Tex> is pushed to reproduce it from{" "}
        <Tex>{String.raw`x_k`}</Tex>. Training chooses the parameters that make the average loss on the training set small,
      </p>
      <Tex display>{String.raw`\theta^* = \arg\min_\theta \frac{1}{N}\sum_{k=1}^{N} \ell\big(f_\theta(x_k),\, y_k\big),`}</Tex>
      <p>
        for example the squared error for real-valued targets (<strong>regression</strong>) or the cross-entropy for class labels (
        <strong>classification</strong>). The real test is not the training loss but the error on new inputs drawn from the same source — generalisation.
      </p>
      <ul>
        <li>Regression: predict the price of a house from its area, location and age.</li>
        <li>Classification: decide whether an e-mail is spam, or which digit an image shows.</li>
        <li>Structured outputs: translate a sentence, where the target is itself a sequence.</li>
      </ul>
      <p>
        Labels are expensive. Someone has to draw every bounding box and transcribe every recording, and that cost is the main limit of the supervised paradigm.
      </p>

      <h2 id="unsupervised">Unsupervised learning</h2>
      <p>Here the data set holds inputs only:</p>
      <Tex display>{String.raw`S = \{x_k\}_{k=1}^{N}.`}</Tex>
      <p>There is nothing to predict and no class to separate. The model has to find regularities that are already in the data. Three tasks are typical:</p>
      <ul>
        <li>
          <strong>Pattern discovery</strong> — group similar objects into homogeneous clusters (k-means, hierarchical clustering), e.g. customer segments from
          purchase records.
        </li>
        <li>
          <strong>Structure learning</strong> — find how variables depend on each other: low-dimensional directions (PCA), or the graph of a probabilistic
          graphical model.
        </li>
        <li>
          <strong>Density estimation</strong> — learn the probability distribution <Tex>{String.raw`p(x)`}</Tex> that generated the data, either directly or
          through hidden (latent) variables. This is generative modelling, and it is the thread of the whole course.
        </li>
      </ul>
      <p>
        Unlabelled data are cheap and plentiful, which is why modern systems are pre-trained on huge unlabelled corpora with tasks the data supply themselves —
        predicting a hidden word, say. This <em>self-supervised</em> learning is unsupervised in its data but supervised in its mechanics; a later module
        returns to it.
      </p>

      <h2 id="reinforcement">Reinforcement learning</h2>
      <p>
        An <strong>agent</strong> interacts with an <strong>environment</strong>. At each step <Tex>{"t"}</Tex> it sees a state <Tex>{String.raw`s_t`}</Tex>,
        picks an action <Tex>{String.raw`a_t`}</Tex> from the actions available, receives a scalar reward <Tex>{String.raw`r_{t+1}`}</Tex> and moves to a new
        state. The agent&apos;s behaviour is a <strong>policy</strong> <Tex>{String.raw`\pi(a \mid s)`}</Tex>, and learning means improving the policy so that
        the expected discounted return
      </p>
      <Tex display>{String.raw`G_t = \sum_{i=0}^{\infty} \gamma^{i}\, r_{t+i+1}, \qquad 0 \le \gamma < 1,`}</Tex>
      <p>
        is as large as possible. Nobody says which action was right; the reward may come long after the action that earned it, so the agent must also work out
        which of its decisions deserve the credit, and balance trying new actions (exploration) against repeating good ones (exploitation). Examples:
        game-playing agents such as AlphaGo, robot control, and the fine-tuning of chat models from human preference scores (RLHF).
      </p>

      <h2 id="compare">Side by side</h2>
      <ul>
        <li>
          <strong>Supervised:</strong> data are pairs <Tex>{"(x, y)"}</Tex>; the feedback is the correct answer for every example; the goal is a mapping{" "}
          <Tex>{String.raw`x \mapsto y`}</Tex>.
        </li>
        <li>
          <strong>Unsupervised:</strong> data are inputs <Tex>{"x"}</Tex>; there is no feedback; the goal is structure in, or the distribution of,{" "}
          <Tex>{"x"}</Tex>.
        </li>
        <li>
          <strong>Reinforcement:</strong> data are generated by the agent&apos;s own actions; the feedback is a reward, often delayed; the goal is a policy that
          maximises long-run reward.
        </li>
      </ul>
      <p>
        The widget below shows one small data set — Adélie and Gentoo penguins, measured by beak and flipper length — to each kind of learner in turn, and says
        above each view what signal that learner gets: a label for every penguin, nothing at all, or a reward after each action (for the last, three slot
        machines stand in for an environment).
      </p>
      <LearningParadigms />
      <p>
        The boundaries are porous. A generative model can serve a supervised task (the next module shows how), a language model pre-trained without labels can
        be fine-tuned with labels and then with rewards, and semi-supervised methods mix a few labelled examples with many unlabelled ones.
      </p>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>C. M. Bishop. Pattern Recognition and Machine Learning. Springer, 2006, ch. 1.</li>
        <li>K. P. Murphy. Probabilistic Machine Learning: An Introduction. MIT Press, 2022, ch. 1.</li>
        <li>R. S. Sutton, A. G. Barto. Reinforcement Learning: An Introduction, 2nd ed. MIT Press, 2018, ch. 1–3.</li>
        <li>A. P. Dempster, N. M. Laird, D. B. Rubin. “Maximum Likelihood from Incomplete Data via the EM Algorithm.” J. Royal Statistical Society B, 1977.</li>
        <li>
          K. B. Gorman, T. D. Williams, W. R. Fraser. “Ecological Sexual Dimorphism and Environmental Variability within a Community of Antarctic Penguins
          (Genus Pygoscelis).” PLoS ONE 9(3), 2014.
        </li>
      </ul>
    </div>
  );
}

export const learningParadigmsModule: ModuleContent = { slug: "learning-paradigms", minutes: 6, Body: LearningParadigmsBody };
